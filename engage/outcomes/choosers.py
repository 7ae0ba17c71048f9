"""Picking the feedback behind an outcome in the admin: a searchable chooser for ideas,
service reports, volunteer events and youth programs (surveys are pages: Wagtail's page
chooser), and the form of one link, which turns the survey question numbers staff type
into the questions' stable ids, refusing a number the survey does not have.

The choosers are for staff only (``outcomes.link_feedback``): a report's chooser lists
every report, duplicates included, which the public never sees together.
"""

import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from . import rules

# The chooser modal ---------------------------------------------------------------------------


class SearchFilterForm(BaseFilterForm):
    """The chooser's search box: every word must be found in one of ``lookups``
    (``icontains`` lookups), so "pothole main" finds a pothole on Main Street."""

    lookups = ()

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        for word in query.split()[:8]:
            condition = Q()
            for lookup in self.lookups:
                condition |= Q(**{lookup: word})
            objects = objects.filter(condition)
        self.is_searching = True
        self.search_query = query
        return objects


class StaffOnly:
    """Refuses the chooser to anyone who may not link feedback to outcomes."""

    def dispatch(self, request, *args, **kwargs):
        if not rules.can_link_feedback(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _when(moment):
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


class FeedbackChooserViewSet(ChooserViewSet):
    """A chooser of one kind of feedback: ``queryset()`` what may be linked, ``lookups``
    what the search box reads, ``detail_columns`` ``(name, label, accessor)`` shown beside
    each title so that staff tell two alike apart."""

    register_widget = False  # other parts' forms keep their own widgets
    per_page = 20
    lookups = ()
    detail_columns = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choose_view_class = self._list_view(chooser_views.ChooseView)
        self.choose_results_view_class = self._list_view(chooser_views.ChooseResultsView)
        self.chosen_view_class = type("ChosenView", (StaffOnly, chooser_views.ChosenView), {})
        self.chosen_multiple_view_class = type(
            "ChosenMultipleView", (StaffOnly, chooser_views.ChosenMultipleView), {}
        )

    def queryset(self, model):
        return model.objects.all()

    def _list_view(self, base):
        viewset = self
        filter_form = type("FilterForm", (SearchFilterForm,), {"lookups": viewset.lookups})

        class View(StaffOnly, base):
            filter_form_class = filter_form

            def get_object_list(self):
                return viewset.queryset(self.model_class)

            @property
            def columns(self):
                return [
                    *super().columns,
                    *(
                        Column(name, label=label, accessor=accessor)
                        for name, label, accessor in viewset.detail_columns
                    ),
                ]

        return View


class IdeaChooserViewSet(FeedbackChooserViewSet):
    model = "ideas.Idea"
    icon = "comment"
    choose_one_text = _("Choose an idea")
    choose_another_text = _("Choose another idea")
    lookups = ("title__icontains", "summary__icontains", "neighborhood__name__icontains")
    detail_columns = (
        ("status", _("Status"), lambda idea: idea.get_status_display()),
        ("published", _("Published"), lambda idea: _when(idea.published_at)),
    )

    def queryset(self, model):
        # Only ideas the public can see: an outcome names what it answers.
        return model.objects.visible().order_by("-published_at", "-pk")


class ReportChooserViewSet(FeedbackChooserViewSet):
    model = "reports.ServiceReport"
    icon = "warning"
    choose_one_text = _("Choose a service report")
    choose_another_text = _("Choose another service report")
    lookups = (
        "reference__icontains",
        "address__icontains",
        "category__name__icontains",
        "neighborhood__name__icontains",
        "description__icontains",
    )
    detail_columns = (
        ("address", _("Address"), lambda report: report.address),
        ("status", _("Status"), lambda report: report.get_status_display()),
        ("submitted", _("Submitted"), lambda report: _when(report.submitted_at)),
    )

    def queryset(self, model):
        return model.objects.select_related("category").order_by("-submitted_at", "-pk")


class EventChooserViewSet(FeedbackChooserViewSet):
    model = "liaisons.VolunteerEvent"
    icon = "group"
    choose_one_text = _("Choose a volunteer event")
    choose_another_text = _("Choose another volunteer event")
    lookups = ("title__icontains", "meeting_point__icontains", "neighborhood__name__icontains")
    detail_columns = (
        ("starts", _("Date"), lambda event: _when(event.starts_at)),
        ("neighborhood", _("Neighborhood"), lambda event: event.neighborhood.name),
    )

    def queryset(self, model):
        return model.objects.public().select_related("neighborhood").order_by("-starts_at")


class ProgramChooserViewSet(FeedbackChooserViewSet):
    model = "youth.Program"
    icon = "user"
    choose_one_text = _("Choose a youth program")
    choose_another_text = _("Choose another youth program")
    lookups = ("name__icontains", "site__icontains")
    detail_columns = (
        ("site", _("Site"), lambda program: program.site),
        ("starts", _("First day"), lambda program: formats.date_format(program.starts_on)),
    )

    def queryset(self, model):
        return model.objects.order_by("-starts_on", "name")


idea_chooser = IdeaChooserViewSet("outcome_idea_chooser", url_prefix="outcomes/choose/idea")
report_chooser = ReportChooserViewSet("outcome_report_chooser", url_prefix="outcomes/choose/report")
event_chooser = EventChooserViewSet("outcome_event_chooser", url_prefix="outcomes/choose/event")
program_chooser = ProgramChooserViewSet(
    "outcome_program_chooser", url_prefix="outcomes/choose/program"
)
VIEWSETS = (idea_chooser, report_chooser, event_chooser, program_chooser)


# One link's form --------------------------------------------------------------------------


def question_choices(survey):
    """``[(number, label)]`` of the questions of ``survey`` whose results an outcome may
    show."""
    return [
        (question.number, question.label)
        for question in survey.structure.questions
        if question.kind in rules.SHOWN_QUESTION_KINDS
    ]


class OutcomeLinkForm(WagtailAdminModelForm):
    """One piece of feedback behind an outcome. The survey's questions are given by their
    numbers (as the survey's results page shows them) and kept by their ids, which never
    change when questions are moved or reworded."""

    questions = forms.CharField(
        label=_("Survey questions to show"),
        required=False,
        max_length=200,
        help_text=_(
            "The numbers of the survey's questions whose results the outcome page shows, "
            "separated by commas, e.g. 2, 5. Questions people answer by typing cannot be shown."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored value is a list of ids; the field shows numbers, or nothing (never
        # the list itself, which would come back as text no survey has).
        if not self.is_bound:
            self.initial["questions"] = ""
        survey = self.instance.survey if self.instance.survey_id else None
        if survey is None:
            return
        numbers = {question.id: question.number for question in survey.structure.questions}
        if self.instance.questions and not self.is_bound:
            self.initial["questions"] = ", ".join(
                str(numbers[qid]) for qid in self.instance.questions if qid in numbers
            )
        choices = question_choices(survey)
        if choices:
            listed = "; ".join(f"{number}. {label}" for number, label in choices)
            self.fields["questions"].help_text = gettext(
                "The numbers of the questions whose results the outcome page shows, "
                "separated by commas. Questions of this survey you can show: %(questions)s."
            ) % {"questions": listed}

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("questions") or ""
        survey = cleaned.get("survey")
        cleaned["questions"] = self._question_ids(text, survey)
        return cleaned

    def _question_ids(self, text, survey):
        parts = [part for part in re.split(r"[\s,;]+", text) if part]
        if not parts:
            return []
        if survey is None:
            self.add_error("questions", _("Choose the survey first: questions are a survey's."))
            return []
        survey = survey.specific
        ids = []
        for part in parts:
            if not part.isdigit():
                self.add_error(
                    "questions",
                    _("“%(value)s” is not a question number: write numbers such as 2, 5.")
                    % {"value": part},
                )
                continue
            question = survey.structure.by_number.get(int(part))
            if question is None:
                self.add_error(
                    "questions",
                    _("The survey “%(survey)s” has no question %(number)s.")
                    % {"survey": survey.title, "number": part},
                )
            elif question.kind not in rules.SHOWN_QUESTION_KINDS:
                self.add_error(
                    "questions",
                    _(
                        "Question %(number)s is answered by typing: only questions with "
                        "counted answers can be shown."
                    )
                    % {"number": part},
                )
            elif question.id not in ids:
                ids.append(question.id)
        return ids


class OutcomeLinksPanel(InlinePanel):
    """The inline panel of an outcome's links, each edited with ``OutcomeLinkForm``."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = OutcomeLinkForm
        return options
