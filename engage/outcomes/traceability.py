"""From a piece of feedback to the outcomes it led to, and from an outcome back to its
feedback.

Merges do not break the trail. An idea merged into another lives on in it, and a report
closed as a duplicate is the same problem as the one it repeats: the outcomes of one are
the outcomes of all the ideas (or reports) merged together, whichever of them staff
linked. Surveys are pages, so a survey is the same survey in every language.

An outcome is a translated page: each item shows the outcome in the visitor's language
when it has been translated, else in the language it was written in.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.reports.listing import CategoryNames
from engage.reports.models import ServiceReport
from ideas.models import Idea
from liaisons.models import VolunteerEvent
from surveys.models import SurveyPage
from surveys.results.summary import Builder
from youth.models import Program

from .models import OutcomeLink, OutcomePage
from .rules import SHOWN_QUESTION_KINDS

# What ``VolunteerEvent.objects.public()`` shows, checked on a row already read.
PUBLIC_EVENT_STATUSES = (VolunteerEvent.Status.PUBLISHED, VolunteerEvent.Status.CANCELLED)

# Merges rarely go more than two deep; the bound only stops a corrupt cycle.
MAX_MERGE_DEPTH = 20


def merge_family(model, pk, parent_field):
    """The primary keys of everything merged together with ``pk`` through ``parent_field``
    (``merged_into`` of ideas, ``duplicate_of`` of reports), in both directions and through
    chains: what it was merged into, what was merged into it, and their own merges."""
    family = {pk}
    frontier = {pk}
    for _depth in range(MAX_MERGE_DEPTH):
        rows = model.objects.filter(
            Q(pk__in=frontier) | Q(**{f"{parent_field}__in": frontier})
        ).values_list("pk", parent_field)
        found = set()
        for row_pk, parent_pk in rows:
            found.add(row_pk)
            if parent_pk is not None:
                found.add(parent_pk)
        frontier = found - family
        if not frontier:
            break
        family |= frontier
    return family


def links_of(obj):
    """The ``OutcomeLink`` rows naming ``obj`` or anything merged with it, or None when
    ``obj`` is not something an outcome can answer."""
    if isinstance(obj, Idea):
        return OutcomeLink.objects.filter(idea_id__in=merge_family(Idea, obj.pk, "merged_into"))
    if isinstance(obj, ServiceReport):
        return OutcomeLink.objects.filter(
            report_id__in=merge_family(ServiceReport, obj.pk, "duplicate_of")
        )
    if isinstance(obj, SurveyPage):
        return OutcomeLink.objects.filter(survey__translation_key=obj.translation_key)
    if isinstance(obj, VolunteerEvent):
        return OutcomeLink.objects.filter(event_id=obj.pk)
    if isinstance(obj, Program):
        return OutcomeLink.objects.filter(program_id=obj.pk)
    return None


def _locale_ids():
    try:
        active = Locale.get_active().pk
    except Locale.DoesNotExist:
        active = None
    try:
        default = Locale.get_default().pk
    except Locale.DoesNotExist:
        default = None
    return active, default


def in_visitor_language(pages):
    """One page per translation: the visitor's language first, then the default one, then
    whichever there is."""
    active, default = _locale_ids()

    def rank(page):
        return (page.locale_id != active, page.locale_id != default, page.pk)

    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or rank(page) < rank(current):
            chosen[page.translation_key] = page
    return list(chosen.values())


def outcomes_for(obj):
    """The live, public outcomes ``obj`` led to (through its merges), newest first, each
    once and in the visitor's language where translated."""
    links = links_of(obj)
    if links is None:
        return []
    visible = OutcomePage.objects.live().public()
    keys = visible.filter(pk__in=links.values("page_id")).values("translation_key")
    pages = in_visitor_language(visible.filter(translation_key__in=keys))
    return sorted(
        pages, key=lambda page: (page.first_published_at is not None, page.first_published_at)
    )[::-1]


# From an outcome to its feedback ------------------------------------------------------------


@dataclass
class LinkedItem:
    """One piece of feedback as an outcome page shows it."""

    kind: str
    kind_label: str
    title: str
    url: str = ""
    detail: str = ""
    status: str = ""
    when: object = None
    # Where a merged idea or a duplicate report lives on: (title, url).
    merged_into: tuple | None = None
    # The chosen survey questions' results (``surveys.results`` question results).
    results: list = field(default_factory=list)
    responses: int = 0


KIND_LABELS = {
    "idea": _("Idea"),
    "report": _("Service report"),
    "survey": _("Survey"),
    "event": _("Volunteer event"),
    "program": _("Youth program"),
}


def linked_feedback(page):
    """What ``page`` answers, as anyone may see it: hidden or unpublished ideas, private
    events and unpublished surveys are left out; a merged item says where it lives on."""
    links = list(
        page.links.select_related(
            "idea__merged_into",
            "report__category",
            "report__duplicate_of",
            "report__neighborhood",
            "survey",
            "event__neighborhood",
            "program",
        ).order_by("sort_order", "pk")
    )
    names = CategoryNames() if any(link.report_id for link in links) else None
    items = []
    for link in links:
        item = _ITEM_BUILDERS[link.kind](link, names)
        if item is not None:
            items.append(item)
    return items


def _idea_item(link, names):
    idea = link.idea
    if not idea.is_public:
        return None
    merged = idea.merged_into
    return LinkedItem(
        kind="idea",
        kind_label=KIND_LABELS["idea"],
        title=idea.title,
        url=idea.get_absolute_url(),
        detail=idea.summary,
        status=idea.get_status_display(),
        merged_into=(
            (merged.title, merged.get_absolute_url()) if merged and merged.is_public else None
        ),
    )


def _report_item(link, names):
    report = link.report
    original = report.duplicate_of
    category = names.name(report.category)
    where = report.neighborhood.name if report.neighborhood else ""
    return LinkedItem(
        kind="report",
        kind_label=KIND_LABELS["report"],
        title=_report_title(report),
        url=report.get_absolute_url(),
        detail=" · ".join(part for part in (category, where) if part),
        status=report.get_status_display(),
        merged_into=((_report_title(original), original.get_absolute_url()) if original else None),
    )


def _report_title(report):
    return _("Report %(reference)s") % {"reference": report.reference}


def _survey_item(link, names):
    survey = link.survey
    if not survey.live:
        return None
    shown = survey.localized
    item = LinkedItem(
        kind="survey", kind_label=KIND_LABELS["survey"], title=shown.title, url=shown.url or ""
    )
    if link.questions:
        item.responses, item.results = question_results(shown, link.questions)
    return item


def _event_item(link, names):
    event = link.event
    if event.status not in PUBLIC_EVENT_STATUSES:
        return None
    where = event.neighborhood.name if event.neighborhood else ""
    return LinkedItem(
        kind="event",
        kind_label=KIND_LABELS["event"],
        title=event.title,
        url=event.get_absolute_url(),
        detail=where,
        when=event.starts_at,
        # A published event needs no word; a cancelled one says so.
        status=event.get_status_display() if event.status != event.Status.PUBLISHED else "",
    )


def _program_item(link, names):
    # A program has no public page: its name and where it met say enough.
    program = link.program
    return LinkedItem(
        kind="program",
        kind_label=KIND_LABELS["program"],
        title=program.name,
        detail=program.site,
    )


_ITEM_BUILDERS = {
    "idea": _idea_item,
    "report": _report_item,
    "survey": _survey_item,
    "event": _event_item,
    "program": _program_item,
}


def question_results(survey, question_ids):
    """``(responses, [result])`` of the chosen questions of ``survey`` (in its language),
    from the survey's stored tallies: one query however many responses. A question since
    removed from the survey, or one whose answers are typed, is left out."""
    builder = Builder(survey, texts=False)
    grouped = builder.by_question()
    results = []
    for question_id in question_ids:
        question = survey.structure.by_id.get(question_id)
        if question is None or question.kind not in SHOWN_QUESTION_KINDS:
            continue
        results.append(builder.result(question, grouped.get(question_id, {})))
    return builder.responses, results
