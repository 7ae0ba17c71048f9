"""Surveys in the Wagtail admin: one "Surveys" menu with the surveys (and their paper-entry
forms), the responses and the access codes.

Surveys themselves are pages, built in the page explorer; this menu is for what happens
to them afterwards. Who sees what is decided by permissions (``surveys.rules``, granted to
the Staff role in ``engage/accounts/roles.py``): moderators, residents, liaisons and
educators see none of it. Responses are never added or edited here, only read and
deleted (``services.delete_response`` keeps the tallies exact); paper forms are typed in
from the list of surveys.
"""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from engage.core.admin_views import UsesPublicForm

from . import admin_views, rules
from .admin_forms import AccessCodeForm
from .filters import AccessCodeFilterSet, ResponseFilterSet
from .models import AccessCode, Response, SurveyPage
from .versioning import NEW_VERSION_HINT


class _StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_manage(request.user)


class SurveyAdminViewSet(ViewSet):
    """The list of surveys and, for each, the form to type in a paper response."""

    name = admin_views.SURVEYS
    url_prefix = "surveys"
    icon = "form"
    menu_label = _("Surveys")
    menu_order = 100
    menu_item_class = _StaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.SurveyListView.as_view(), name="index"),
            path("<int:pk>/paper/", admin_views.PaperEntryView.as_view(), name="paper"),
        ]


class ResponseViewSet(UsesPublicForm, ModelViewSet):
    """Responses come from the survey itself, or from a survey's paper-entry form, which
    staff open from the list of surveys."""

    model = Response
    name = admin_views.RESPONSES
    url_prefix = "surveys/responses"
    icon = "list-ul"
    menu_label = _("Responses")
    menu_order = 200
    index_view_class = admin_views.ResponseIndexView
    inspect_view_class = admin_views.ResponseInspectView
    delete_view_class = admin_views.ResponseDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = ResponseFilterSet
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50
    public_form_url_name = f"{admin_views.SURVEYS}:index"
    public_form_message = _("Choose a survey to enter a paper response.")
    list_display = [
        "__str__",
        Column("survey", label=_("Survey"), sort_key="survey__title"),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
        Column("get_channel_display", label=_("Channel"), sort_key="channel"),
        Column("neighborhood", label=_("Neighborhood"), sort_key="neighborhood__name"),
        Column("segment", label=_("Segment"), sort_key="segment"),
    ]
    inspect_view_fields = [
        "survey",
        "submitted_at",
        "channel",
        "language",
        "neighborhood",
        "segment",
        "entered_by",
    ]

    @property
    def edit_view(self):
        return self.construct_view(admin_views.InspectResponseRedirectView)


class AccessCodeViewSet(ModelViewSet):
    """Codes that open a survey whose audience is "people with an access code"."""

    model = AccessCode
    name = admin_views.CODES
    url_prefix = "surveys/access-codes"
    icon = "key"
    menu_label = _("Access codes")
    menu_order = 300
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = AccessCodeFilterSet
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    list_display = [
        "code",
        Column("survey", label=_("Survey"), sort_key="survey__title"),
        Column("segment", label=_("Segment"), sort_key="segment"),
        DateColumn("valid_until", label=_("Valid until"), sort_key="valid_until"),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    search_fields = ["code", "segment"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return AccessCodeForm


class SurveysGroup(ViewSetGroup):
    menu_label = _("Surveys")
    menu_icon = "form"
    menu_order = 270
    items = (SurveyAdminViewSet, ResponseViewSet, AccessCodeViewSet)


@hooks.register("register_admin_viewset")
def register_surveys_admin():
    return SurveysGroup()


@hooks.register("before_edit_page")
def warn_before_editing_answered_survey(request, page):
    """Say before any edit, not only when saving fails, what responses rule out."""
    if request.method != "GET" or not isinstance(page, SurveyPage):
        return
    count = Response.objects.filter(survey=page.source).count()
    if count:
        warning = ngettext(
            "This survey has %(count)s response. You can reword, reorder and add questions "
            "and options, but not remove those that have answers or change a question's type.",
            "This survey has %(count)s responses. You can reword, reorder and add questions "
            "and options, but not remove those that have answers or change a question's type.",
            count,
        ) % {"count": count}
        messages.warning(request, f"{warning} {NEW_VERSION_HINT}")
