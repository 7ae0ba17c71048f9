"""Registered by engage.reports.wagtail_hooks (Wagtail loads only the app's own module):
the "Contact center" menu item for staff and the intake screen's URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import CallView, FiledView, IntakeView, NewPersonView
from .rules import can_take_calls


class AgentMenuItem(MenuItem):
    def is_shown(self, request):
        return can_take_calls(request.user)


@hooks.register("register_admin_menu_item")
def register_contact_center_menu_item():
    return AgentMenuItem(
        _("Contact center"),
        reverse("reports_intake"),
        name="contact-center",
        icon_name="mail",
        order=240,
    )


@hooks.register("register_admin_urls")
def register_intake_urls():
    return [
        path("contact-center/", IntakeView.as_view(), name="reports_intake"),
        path(
            "contact-center/people/new/", NewPersonView.as_view(), name="reports_intake_new_person"
        ),
        path(
            "contact-center/people/<int:pk>/call/",
            CallView.as_view(),
            name="reports_intake_person",
        ),
        path("contact-center/anonymous/", CallView.as_view(), name="reports_intake_anonymous"),
        path(
            "contact-center/filed/<str:reference>/",
            FiledView.as_view(),
            name="reports_intake_filed",
        ),
    ]
