"""From a piece of feedback to the outcomes it led to (the way back, from an outcome to its
feedback, is ``feedback``).

Merges do not break the trail. An idea merged into another lives on in it, and a report
closed as a duplicate is the same problem as the one it repeats: the outcomes of one are
the outcomes of all the ideas (or reports) merged together, whichever of them staff
linked. Surveys are pages, so a survey is the same survey in every language.

An outcome is a translated page: each item shows the outcome in the visitor's language
when it has been translated, else in the language it was written in.
"""

from django.db.models import Q
from wagtail.models import Locale

from engage.reports.models import ServiceReport
from ideas.models import Idea
from liaisons.models import VolunteerEvent
from surveys.models import SurveyPage
from youth.models import Program

from .models import OutcomeLink, OutcomePage

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
    # Most items have no outcome yet: their page pays one small query for knowing it.
    if links is None or not links.exists():
        return []
    visible = OutcomePage.objects.live().public()
    keys = visible.filter(pk__in=links.values("page_id")).values("translation_key")
    pages = in_visitor_language(visible.filter(translation_key__in=keys))
    return sorted(
        pages, key=lambda page: (page.first_published_at is not None, page.first_published_at)
    )[::-1]
