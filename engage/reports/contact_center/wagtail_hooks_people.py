"""People in the Wagtail admin: the People list, a person's record and the merge screen.

Registered by ``engage.reports.wagtail_hooks`` (Wagtail loads only the app's own module).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views_people import (
    PeopleListView,
    PersonMergeView,
    PersonRecordView,
    can_see_people,
)


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_people(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(
        _("People"), reverse("reports_people"), name="people", icon_name="group", order=260
    )


@hooks.register("register_admin_urls")
def register_people_urls():
    return [
        path("contact-center/people/", PeopleListView.as_view(), name="reports_people"),
        path("contact-center/people/<int:pk>/", PersonRecordView.as_view(), name="reports_person"),
        path(
            "contact-center/people/<int:pk>/merge/",
            PersonMergeView.as_view(),
            name="reports_person_merge",
        ),
    ]
