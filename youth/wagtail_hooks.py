"""Youth programs in the Wagtail admin: one "Youth programs" menu for staff.

Programs, sessions, participants, field reports and purges are listed and inspected here;
their changes go through the educator area and its rules (see
``youth/admin_views/programs.py``). Who sees what is decided by permissions
(``youth.rules.ROLE_PERMISSIONS``): educators hold none, they work in the educator area.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from engage.core.admin_views import UsesPublicForm

from .admin_views import programs as programs_admin
from .models import FieldReport, Participant, Partner, Program, PurgeLog, Session

# --- programs: programs, partners, sessions, participants, field reports, purges.


class _EditInEducatorArea:
    """The admin's "edit" opens the record's page in the educator area (``edit_url_name``)."""

    edit_url_name = None

    @property
    def edit_view(self):
        return self.construct_view(
            programs_admin.EducatorAreaRedirectView, url_name=self.edit_url_name
        )


class ProgramViewSet(_EditInEducatorArea, UsesPublicForm, ModelViewSet):
    model = Program
    name = "youth_programs"
    url_prefix = "youth/programs"
    icon = "group"
    menu_label = _("Programs")
    menu_order = 100
    index_view_class = programs_admin.ProgramIndexView
    inspect_view_enabled = True
    inspect_view_fields = programs_admin.PROGRAM_INSPECT_FIELDS
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = programs_admin.ProgramFilterSet
    list_display = programs_admin.PROGRAM_LIST_DISPLAY
    search_fields = ["name", "site"]
    search_backend_name = None
    ordering = ["-starts_on", "name"]
    list_per_page = 50
    public_form_url_name = "youth:program_new"
    public_form_message = _("Programs are created in the educator area, where staff see all.")
    edit_url_name = "youth:program_edit"


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "site"
    menu_label = _("Partners")
    menu_order = 110
    copy_view_enabled = False
    list_display = ["name", "description", "website"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]


class SessionViewSet(_EditInEducatorArea, UsesPublicForm, ModelViewSet):
    model = Session
    name = "youth_sessions"
    url_prefix = "youth/sessions"
    icon = "date"
    menu_label = _("Sessions")
    menu_order = 120
    index_view_class = programs_admin.SessionIndexView
    inspect_view_enabled = True
    inspect_view_fields = programs_admin.SESSION_INSPECT_FIELDS
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = programs_admin.SessionFilterSet
    list_display = programs_admin.SESSION_LIST_DISPLAY
    search_fields = ["title", "program__name"]
    search_backend_name = None
    ordering = ["-starts_at", "pk"]
    list_per_page = 50
    public_form_url_name = "youth:educator"
    public_form_message = _("Sessions are added on their program's page in the educator area.")
    edit_url_name = "youth:session_edit"


class ParticipantViewSet(_EditInEducatorArea, UsesPublicForm, ModelViewSet):
    model = Participant
    name = "youth_participants"
    url_prefix = "youth/participants"
    icon = "user"
    menu_label = _("Participants")
    menu_order = 130
    index_view_class = programs_admin.ParticipantIndexView
    inspect_view_enabled = True
    inspect_view_class = programs_admin.ParticipantInspectView
    inspect_view_fields = programs_admin.PARTICIPANT_INSPECT_FIELDS
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = programs_admin.ParticipantFilterSet
    list_display = programs_admin.PARTICIPANT_LIST_DISPLAY
    search_fields = ["first_name", "program__name"]
    search_backend_name = None
    ordering = ["program", "first_name", "last_initial", "pk"]
    list_per_page = 50
    public_form_url_name = "youth:educator"
    public_form_message = _("Participants are added on their program's roster.")
    edit_url_name = "youth:participant_edit"

    @property
    def delete_view(self):
        return self.construct_view(programs_admin.NotAvailableView)


class FieldReportViewSet(_EditInEducatorArea, UsesPublicForm, ModelViewSet):
    model = FieldReport
    name = "youth_field_reports"
    url_prefix = "youth/field-reports"
    icon = "warning"
    menu_label = _("Field reports")
    menu_order = 140
    index_view_class = programs_admin.FieldReportIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = programs_admin.FieldReportFilterSet
    list_display = programs_admin.FIELD_REPORT_LIST_DISPLAY
    search_fields = ["session__title", "session__program__name"]
    search_backend_name = None
    ordering = ["-filed_at", "-pk"]
    list_per_page = 50
    public_form_url_name = "youth:educator"
    public_form_message = _("Participants file field reports during a session, with its code.")
    edit_url_name = "youth:field_report"

    @property
    def delete_view(self):
        return self.construct_view(programs_admin.NotAvailableView)


class PurgeLogViewSet(ModelViewSet):
    model = PurgeLog
    name = "youth_purges"
    url_prefix = "youth/purges"
    icon = "bin"
    menu_label = _("Purge log")
    menu_order = 150
    index_view_class = programs_admin.PurgeLogIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = programs_admin.PURGE_LIST_DISPLAY
    ordering = ["-ran_at"]
    list_per_page = 50

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(add_url_name=None, **kwargs)

    @property
    def add_view(self):
        return self.construct_view(
            programs_admin.MadeByCommandView, index_url_name=self.get_url_name("index")
        )

    @property
    def edit_view(self):
        return self.construct_view(programs_admin.NotAvailableView)

    @property
    def delete_view(self):
        return self.construct_view(programs_admin.NotAvailableView)


class YouthProgramsGroup(SnippetViewSetGroup):
    menu_label = _("Youth programs")
    menu_icon = "group"
    menu_order = 260
    items = (
        ProgramViewSet,
        PartnerViewSet,
        SessionViewSet,
        ParticipantViewSet,
        FieldReportViewSet,
        PurgeLogViewSet,
    )


# A group with a snippet in it registers as one: the snippets get their screens under it.
register_snippet(YouthProgramsGroup)

# --- /programs
