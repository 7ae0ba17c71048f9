"""The answers due for review, by owner department (``reports_answers_review``)."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Department
from .rules import review_departments
from .services import answers_due_for_review


class AnswersReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/knowledge/admin/answers_review.html"
    page_title = _("Answers due for review")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.departments = review_departments(request.user)
        if self.departments is not None and not self.departments.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        due = answers_due_for_review(today, departments=self.departments)
        by_department = sorted(
            due, key=lambda a: (a.owner_department.name if a.owner_department else "", a.pk)
        )
        context |= {
            "today": today,
            "due_count": len(due),
            "groups": [
                (department, sorted(answers, key=lambda a: (a.review_due, a.pk)))
                for department, answers in groupby(by_department, key=lambda a: a.owner_department)
            ],
            "departments": (
                Department.objects.all() if self.departments is None else self.departments
            ),
        }
        return context
