"""The departments' queues in the Wagtail admin: every department's open work at a glance,
and one department's queue by tab (new, assigned, in progress, overdue) where reports are
given to its crews, ticked in bulk or one by one.

Staff see every department (their own first); other admin users see the departments they
are a member of. The counts come from one grouped query and a page of the queue from a
fixed number of queries, however long the queue is.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Department, ServiceReport
from .forms import AssignCrewForm
from .services import CrewRefused, assign_to_crew, can_work_queue, departments_for, queue_filter

QUEUE_PAGE_SIZE = 50
TABS = (
    ("new", _("New")),
    ("assigned", _("Assigned")),
    ("in_progress", _("In progress")),
    ("overdue", _("Overdue")),
)


class QueuesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/crews/admin/queues.html"
    page_title = _("Department queues")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        opened = Q(reports__status__in=ServiceReport.OPEN_STATUSES)
        departments = (
            departments_for(user)
            .annotate(
                # A subquery, not a join: a join with the members would count each report
                # once per member.
                mine=Exists(
                    Department.members.through.objects.filter(
                        department=OuterRef("pk"), user=user.pk
                    )
                )
            )
            .annotate(
                new_count=Count("reports", filter=opened & Q(reports__crew__isnull=True)),
                assigned_count=Count(
                    "reports",
                    filter=opened
                    & Q(reports__crew__isnull=False)
                    & ~Q(reports__status=ServiceReport.Status.IN_PROGRESS),
                ),
                in_progress_count=Count(
                    "reports", filter=Q(reports__status=ServiceReport.Status.IN_PROGRESS)
                ),
                overdue_count=Count("reports", filter=opened & Q(reports__due_at__lt=now)),
            )
            .order_by(F("mine").desc(), "name")
        )
        return {**super().get_context_data(**kwargs), "departments": departments}

    def dispatch(self, request, *args, **kwargs):
        if not departments_for(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DepartmentQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/crews/admin/department_queue.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.department = get_object_or_404(Department, pk=kwargs["pk"])
        tab = request.GET.get("tab", "new")
        self.tab = tab if tab in dict(TABS) else "new"

    def dispatch(self, request, *args, **kwargs):
        if not can_work_queue(request.user, self.department):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Queue of %(department)s") % {"department": self.department}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reports_queues"), "label": _("Department queues")},
            {"url": "", "label": str(self.department)},
        ]

    def queue(self):
        return (
            ServiceReport.objects.open()
            .filter(department=self.department)
            .filter(queue_filter(self.tab))
            .select_related("category", "crew", "neighborhood")
            .order_by("due_at", "submitted_at", "pk")
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.queue(), QUEUE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        crews = list(self.department.crews.filter(active=True))
        context.update(
            {
                "department": self.department,
                "tabs": TABS,
                "tab": self.tab,
                "page_obj": page,
                "reports": page.object_list,
                "crews": crews,
                "form": form or AssignCrewForm(department=self.department),
                "now": timezone.now(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        one = request.POST.get("assign_one", "")
        if one:
            # The button of one row: its own crew choice, that report only.
            data = {"crew": request.POST.get(f"crew-{one}", ""), "reports": [one]}
        else:
            data = request.POST
        form = AssignCrewForm(data, department=self.department)
        if not form.is_valid():
            messages.validation_error(
                request, _("The reports could not be assigned. Please check the form."), form
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        crew = form.cleaned_data["crew"]
        try:
            moved = assign_to_crew(form.cleaned_data["reports"], crew, actor=request.user)
        except CrewRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d report assigned to %(crew)s.",
                    "%(count)d reports assigned to %(crew)s.",
                    moved,
                )
                % {"count": moved, "crew": crew.name},
            )
        return redirect(request.get_full_path())
