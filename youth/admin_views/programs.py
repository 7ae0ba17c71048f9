"""Staff screens of youth programs (registered in ``youth/wagtail_hooks.py``).

Staff see every program, session, participant, field report and purge here, but the
changes that have rules go through the educator area, which staff may use for any
program: a program or session changed there keeps its session's survey code in step
(``youth.services``), a participant's consent keeps who recorded it, a field report is
released through the review. So the admin's "edit" of those records opens the educator
area's page, and its "add" the place where they are made; partner organisations, which
have no rules, are edited here.
"""

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button

from engage.accounts.naming import staff_name

from ..listing.programs import count_of
from ..models import (
    FieldReport,
    GuardianConsent,
    Participant,
    Program,
    Session,
)

# --- shared pieces ---------------------------------------------------------------------


class EducatorAreaRedirectView(View):
    """An admin "edit" URL that opens the record's page in the educator area."""

    model = None
    url_name = None

    def dispatch(self, request, *args, **kwargs):
        return redirect(self.url_name, quote(kwargs["pk"]))


class NotAvailableView(View):
    """For the admin URLs these records do not have (editing a purge, deleting a
    participant): the admin turns the refusal into a message."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class MadeByCommandView(View):
    """The "add" URL of the purge log: purges are runs of ``purge_youth_data``."""

    model = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        messages.info(
            request,
            _("Purges are made by the daily command manage.py purge_youth_data, not by hand."),
        )
        return redirect(self.index_url_name)


def _programs(request):
    return Program.objects.order_by("name")


def educator_names(program):
    return ", ".join(staff_name(user) for user in program.educators.all())


# --- programs --------------------------------------------------------------------------


class ProgramFilterSet(WagtailFilterSet):
    current = django_filters.BooleanFilter(
        label=_("Running or coming up"), method="filter_current", widget=BooleanRadioSelect
    )

    class Meta:
        model = Program
        fields = ["neighborhood"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        running = Q(ends_on__gte=timezone.localdate())
        return queryset.filter(running) if value else queryset.exclude(running)


class ProgramIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related("educators")
            .annotate(
                session_count=count_of(Session.objects.all(), "program"),
                participant_count=count_of(
                    Participant.objects.filter(purged_at__isnull=True), "program"
                ),
            )
        )

    def get_list_more_buttons(self, instance):
        return [
            Button(
                _("Open in the educator area"),
                url=reverse("youth:program", args=[instance.pk]),
                icon_name="view",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


PROGRAM_LIST_DISPLAY = [
    "name",
    Column("site", label=_("Site")),
    DateColumn("starts_on", label=_("First day"), sort_key="starts_on"),
    DateColumn("ends_on", label=_("Last day"), sort_key="ends_on"),
    Column("educators", label=_("Educators"), accessor=educator_names),
    Column("session_count", label=_("Sessions"), sort_key="session_count"),
    Column("participant_count", label=_("Participants"), sort_key="participant_count"),
]
PROGRAM_INSPECT_FIELDS = [
    "name",
    "description",
    "site",
    "neighborhood",
    "starts_on",
    "ends_on",
    "educators",
    "partners",
    "curriculum",
    "pre_survey",
    "post_survey",
    "allow_anonymous",
    "school_consent_by",
    "school_consent_on",
    "created_at",
    "personal_data_purged_at",
]


# --- sessions --------------------------------------------------------------------------


class SessionFilterSet(WagtailFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=_programs, empty_label=_("All")
    )
    open_now = django_filters.BooleanFilter(
        label=_("Open now"), method="filter_open_now", widget=BooleanRadioSelect
    )

    class Meta:
        model = Session
        fields = ["survey"]

    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        open_now = Q(open_until__gt=timezone.now())
        return queryset.filter(open_now) if value else queryset.exclude(open_now)


class OpenColumn(BooleanColumn):
    def get_value(self, instance):
        return instance.is_open()


class SessionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("program")

    def get_list_more_buttons(self, instance):
        return [
            Button(
                _("Open in the educator area"),
                url=reverse("youth:session", args=[instance.pk]),
                icon_name="view",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


SESSION_LIST_DISPLAY = [
    "title",
    Column("program", label=_("Program"), accessor=lambda session: session.program.name),
    DateColumn("starts_at", label=_("Starts"), sort_key="starts_at"),
    Column("survey", label=_("Survey"), accessor="get_survey_display"),
    OpenColumn("open", label=_("Open now")),
]
SESSION_INSPECT_FIELDS = [
    "program",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "neighborhood",
    "lesson",
    "partners",
    "presenters",
    "survey",
    "opened_at",
    "open_until",
    "survey_segment",
]


# --- participants (read-mostly: names are for the program's educators and staff) ----------


class ParticipantFilterSet(WagtailFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=_programs, empty_label=_("All")
    )
    consent = django_filters.BooleanFilter(
        label=_("Consent on record"), field_name="has_consent", widget=BooleanRadioSelect
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=Participant.AgeBand.choices, empty_label=_("All")
    )

    class Meta:
        model = Participant
        fields = []


class ConsentColumn(BooleanColumn):
    def get_value(self, instance):
        return instance.has_consent


class ParticipantIndexView(IndexView):
    def get_base_queryset(self):
        in_force = GuardianConsent.objects.in_force().filter(participant=OuterRef("pk"))
        school = Q(program__school_consent_on__isnull=False)
        return (
            super()
            .get_base_queryset()
            .select_related("program")
            .annotate(
                has_consent=ExpressionWrapper(
                    Q(Exists(in_force)) | school, output_field=BooleanField()
                )
            )
        )

    def get_delete_url(self, instance):
        return None


class ParticipantInspectView(InspectView):
    def get_edit_url(self):
        return reverse("youth:participant_edit", args=[quote(self.object.pk)])

    def get_delete_url(self):
        return None


PARTICIPANT_LIST_DISPLAY = [
    "display_name",
    Column("program", label=_("Program"), accessor=lambda person: person.program.name),
    Column("age_band", label=_("Age"), accessor="get_age_band_display"),
    ConsentColumn("has_consent", label=_("Consent")),
    DateColumn("created_at", label=_("Added"), sort_key="created_at"),
    DateColumn("purged_at", label=_("Personal data removed"), sort_key="purged_at"),
]
# Not the handout code: it pairs survey answers, and staff have no use for it here.
PARTICIPANT_INSPECT_FIELDS = [
    "program",
    "first_name",
    "last_initial",
    "age_band",
    "school",
    "grade",
    "created_at",
    "purged_at",
]


# --- field reports (a list: each is reviewed on its session's review queue) ---------------


class FieldReportFilterSet(WagtailFilterSet):
    review = django_filters.ChoiceFilter(
        label=_("Review"), choices=FieldReport.Review.choices, empty_label=_("All")
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        field_name="session__program",
        queryset=_programs,
        empty_label=_("All"),
    )

    class Meta:
        model = FieldReport
        fields = []


class FieldReportIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("session", "session__program", "category", "report")
        )

    def get_delete_url(self, instance):
        return None


FIELD_REPORT_LIST_DISPLAY = [
    Column(
        "session",
        label=_("Session"),
        accessor=lambda report: f"{report.session.program.name} · {report.session.title}",
    ),
    Column("category", label=_("Category"), accessor=lambda report: report.category.name),
    Column("review", label=_("Review"), accessor="get_review_display"),
    DateColumn("filed_at", label=_("Filed"), sort_key="filed_at"),
    Column(
        "report",
        label=_("Service report"),
        accessor=lambda report: report.report.reference if report.report else "",
    ),
]


# --- purge log -------------------------------------------------------------------------


class PurgeLogIndexView(IndexView):
    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


PURGE_LIST_DISPLAY = [
    DateColumn("ran_at", label=_("Ran"), sort_key="ran_at"),
    Column("programs", label=_("Programs")),
    Column("participants", label=_("Participants")),
    Column("consents", label=_("Consents")),
    Column("field_reports", label=_("Field reports")),
    Column("photos", label=_("Photos")),
]
