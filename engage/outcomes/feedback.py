"""From an outcome back to the feedback behind it, as anyone may see it: each idea, report,
survey, event or program with a link to its own page, where a merged one lives on, and the
results of the survey questions staff chose.

It reads an outcome's links through the page (``page.links``) and imports no model of
this part, so the outcome page can use it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from engage.reports.listing import CategoryNames
from liaisons.models import VolunteerEvent
from surveys.results.summary import Builder

from .rules import SHOWN_QUESTION_KINDS

# What ``VolunteerEvent.objects.public()`` shows, checked on a row already read.
PUBLIC_EVENT_STATUSES = (VolunteerEvent.Status.PUBLISHED, VolunteerEvent.Status.CANCELLED)


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
