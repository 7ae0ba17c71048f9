"""The liaisons part in the Wagtail admin: one "Volunteering" menu.

Each job's screens are built in ``liaisons/admin_views/<job>.py`` and listed in
``VolunteeringGroup.items``; who sees what is decided by permissions
(``liaisons.rules.ROLE_PERMISSIONS``).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from engage.accounts.naming import staff_name
from engage.core.admin_views import UsesPublicForm

from .admin_views import network as network_admin
from .admin_views.events import EventKindViewSet, EventReviewViewSet, VolunteerEventViewSet
from .admin_views.figures import FiguresExportView, FiguresView
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
from .filters.network import ApplicationFilterSet, LiaisonFilterSet, MessageFilterSet
from .models import Adoption, Liaison, LiaisonApplication, LiaisonContactMessage, Volunteer, Waiver
from .rules import can_see_figures

# --- network: applications and liaisons' terms.


class _NetworkViewSetMixin:
    """The record's page (its "edit" URL) is a detail page with the actions; no deleting."""

    detail_view_class = None

    @property
    def edit_view(self):
        return self.construct_view(self.detail_view_class)

    @property
    def delete_view(self):
        return self.construct_view(network_admin.NotAvailableView)


class LiaisonApplicationViewSet(_NetworkViewSetMixin, UsesPublicForm, ModelViewSet):
    """Residents apply on the public site; staff decide on each application's page."""

    model = LiaisonApplication
    name = network_admin.APPLICATIONS
    url_prefix = "volunteering/liaison-applications"
    icon = "form"
    menu_label = _("Liaison applications")
    menu_order = 100
    index_view_class = network_admin.ApplicationIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = ApplicationFilterSet
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    public_form_url_name = "liaisons:apply"
    public_form_message = _("Residents apply to be a liaison through the public form.")
    detail_view_class = network_admin.ApplicationDetailView
    list_display = [
        TitleColumn(
            "display_name",
            label=_("Public name"),
            url_name=f"{network_admin.APPLICATIONS}:edit",
        ),
        Column("applicant", label=_("Applicant"), accessor=lambda a: a.applicant.email),
        Column(
            "neighborhoods", label=_("Neighborhoods"), accessor=network_admin.neighborhood_names
        ),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        DateColumn("created_at", label=_("Applied"), sort_key="created_at"),
        Column("decided_by", label=_("Decided by"), accessor=lambda a: staff_name(a.decided_by)),
    ]
    search_fields = ["display_name", "applicant__email"]
    search_backend_name = None


class LiaisonViewSet(_NetworkViewSetMixin, UsesPublicForm, ModelViewSet):
    """Every term, active and past: the program's history. Terms start by approving an
    application; staff change an active term's neighborhoods or remove the liaison."""

    model = Liaison
    name = network_admin.LIAISONS
    url_prefix = "volunteering/liaisons"
    icon = "group"
    menu_label = _("Liaisons")
    menu_order = 110
    index_view_class = network_admin.LiaisonIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = LiaisonFilterSet
    ordering = ["display_name", "pk"]
    list_per_page = 50
    public_form_url_name = f"{network_admin.APPLICATIONS}:index"
    public_form_message = _("A liaison's term starts when staff approve their application.")
    detail_view_class = network_admin.LiaisonDetailView
    list_display = [
        TitleColumn(
            "display_name",
            label=_("Public name"),
            url_name=f"{network_admin.LIAISONS}:edit",
        ),
        Column("user", label=_("Person"), accessor=lambda term: term.user.email),
        Column(
            "neighborhoods", label=_("Neighborhoods"), accessor=network_admin.neighborhood_names
        ),
        DateColumn("started_at", label=_("Started"), sort_key="started_at"),
        DateColumn("ended_at", label=_("Ended"), sort_key="ended_at"),
        Column("get_ending_display", label=_("How it ended"), sort_key="ending"),
    ]
    search_fields = ["display_name", "user__email"]
    search_backend_name = None

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "remove/<int:pk>/",
                self.construct_view(network_admin.RemoveLiaisonView),
                name="remove",
            ),
        ]


class LiaisonMessageViewSet(UsesPublicForm, ModelViewSet):
    """Residents' messages to liaisons, read-only: what was sent, by whom, to whom."""

    model = LiaisonContactMessage
    name = network_admin.MESSAGES
    url_prefix = "volunteering/liaison-messages"
    icon = "mail"
    menu_label = _("Messages to liaisons")
    menu_order = 120
    index_view_class = network_admin.MessageIndexView
    inspect_view_class = network_admin.MessageInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["liaison", "sender_name", "sender_email", "sender", "created_at", "body"]
    copy_view_enabled = False
    add_to_reference_index = False
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    public_form_url_name = "liaisons:directory"
    public_form_message = _("Residents write to liaisons from the liaison directory.")
    filterset_class = MessageFilterSet
    list_display = [
        TitleColumn(
            "liaison",
            label=_("Liaison"),
            url_name=f"{network_admin.MESSAGES}:inspect",
        ),
        Column("sender_name", label=_("Sender's name")),
        Column("sender_email", label=_("Sender's e-mail address")),
        DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
    ]
    search_fields = ["sender_name", "sender_email", "liaison__display_name"]
    search_backend_name = None

    @property
    def edit_view(self):
        return self.construct_view(network_admin.MessageEditRedirectView)

    @property
    def delete_view(self):
        return self.construct_view(network_admin.NotAvailableView)


NETWORK_VIEWSETS = (LiaisonApplicationViewSet, LiaisonViewSet, LiaisonMessageViewSet)


# --- Volunteers: registering, the waiver, consent, adopted blocks


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


VOLUNTEERING_MENU_HOOK = "register_volunteering_menu_item"


# --- dashboard: the program's figures and exports


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_figures(request.user)


@hooks.register(VOLUNTEERING_MENU_HOOK)
def register_figures_menu_item():
    return StaffMenuItem(
        _("Figures and exports"),
        reverse("liaisons_figures"),
        name="volunteering-figures",
        icon_name="table",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_figures_urls():
    return [
        path("volunteering/figures/", FiguresView.as_view(), name="liaisons_figures"),
        path(
            "volunteering/figures/<slug:kind>.csv",
            FiguresExportView.as_view(),
            name="liaisons_figures_export",
        ),
    ]


class VolunteeringGroup(SnippetViewSetGroup):
    menu_label = _("Volunteering")
    menu_icon = "group"
    menu_order = 250
    # Screens that are not viewsets (the figures) join the menu through this hook.
    submenu_hook = VOLUNTEERING_MENU_HOOK
    items = (
        *NETWORK_VIEWSETS,
        VolunteerEventViewSet,
        EventReviewViewSet,
        EventKindViewSet,
        VolunteerViewSet,
        WaiverViewSet,
        AdoptionViewSet,
    )


# A group with snippets in it registers as one: the snippets get their screens under it.
register_snippet(VolunteeringGroup)
