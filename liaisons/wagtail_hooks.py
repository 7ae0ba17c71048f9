"""The liaisons part in the Wagtail admin: one "Volunteering" menu.

Each job's screens are built in ``liaisons/admin_views/<job>.py`` and listed in
``VolunteeringGroup.items``; who sees what is decided by permissions
(``liaisons.rules.ROLE_PERMISSIONS``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from engage.core.admin_views import UsesPublicForm

from .admin_views.events import EventKindViewSet, EventReviewViewSet
from .admin_views.volunteers import (
    ADOPTION_LIST_DISPLAY,
    ADOPTION_PANELS,
    VOLUNTEER_INSPECT_FIELDS,
    VOLUNTEER_LIST_DISPLAY,
    VOLUNTEER_PANELS,
    WAIVER_LIST_DISPLAY,
    WAIVER_PANELS,
    AdoptionFilterSet,
    VolunteerFilterSet,
    VolunteerIndexView,
    WaiverEditView,
    WaiverIndexView,
)
from .models import Adoption, Volunteer, Waiver

# --- volunteers


class VolunteerViewSet(UsesPublicForm, SnippetViewSet):
    model = Volunteer
    icon = "group"
    menu_label = _("Volunteers")
    menu_order = 300
    index_view_class = VolunteerIndexView
    inspect_view_enabled = True
    inspect_view_fields = VOLUNTEER_INSPECT_FIELDS
    copy_view_enabled = False
    list_display = VOLUNTEER_LIST_DISPLAY
    filterset_class = VolunteerFilterSet
    list_per_page = 50
    search_fields = ["display_name", "skills", "user__email"]
    search_backend_name = None
    ordering = ["display_name"]
    export_filename = "volunteers"
    list_export = ["display_name", "age_band", "skills", "availability", "created_at"]
    panels = VOLUNTEER_PANELS
    public_form_url_name = "liaisons:volunteer_register"
    public_form_message = _(
        "Volunteers register themselves on the public site, logged in to their own account."
    )


class WaiverViewSet(SnippetViewSet):
    model = Waiver
    icon = "doc-full"
    menu_label = _("Waiver")
    menu_order = 310
    index_view_class = WaiverIndexView
    edit_view_class = WaiverEditView
    copy_view_enabled = False
    list_display = WAIVER_LIST_DISPLAY
    ordering = ["-version"]
    panels = WAIVER_PANELS


class AdoptionViewSet(UsesPublicForm, SnippetViewSet):
    model = Adoption
    icon = "site"
    menu_label = _("Adopted blocks")
    menu_order = 320
    copy_view_enabled = False
    list_display = ADOPTION_LIST_DISPLAY
    filterset_class = AdoptionFilterSet
    search_fields = ["name", "group_name", "volunteer__display_name"]
    search_backend_name = None
    ordering = ["-created_at"]
    panels = ADOPTION_PANELS
    public_form_url_name = "liaisons:adopt"
    public_form_message = _("Volunteers adopt a block on the public site, drawing it on a map.")


class VolunteeringGroup(SnippetViewSetGroup):
    menu_label = _("Volunteering")
    menu_icon = "group"
    menu_order = 250
    items = (
        EventReviewViewSet,
        EventKindViewSet,
        VolunteerViewSet,
        WaiverViewSet,
        AdoptionViewSet,
    )


register_snippet(VolunteeringGroup)
