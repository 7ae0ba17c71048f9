"""The knowledge base's admin screen: the answers due for review. Registered by
engage.reports.wagtail_hooks (Wagtail loads only the app's own module).

The answers themselves are Wagtail pages, edited in the page explorer.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import AnswersReviewView
from .rules import can_review_answers


@hooks.register("register_admin_urls")
def register_answers_review_urls():
    return [
        path("knowledge/review/", AnswersReviewView.as_view(), name="reports_answers_review"),
    ]


class ReviewMenuItem(MenuItem):
    """Shown to staff and to the members of a department (who review their answers)."""

    def is_shown(self, request):
        return can_review_answers(request.user)


@hooks.register("register_admin_menu_item")
def register_answers_review_menu_item():
    return ReviewMenuItem(
        _("Answers to review"),
        reverse("reports_answers_review"),
        icon_name="doc-full",
        order=260,
    )
