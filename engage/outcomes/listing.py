"""The public list of outcomes: filters, paging, the data a card needs, and the map.

``OutcomeIndexPage`` shows the live, public outcomes under it (children of parent outcomes
included, each card naming its parent), in the page's language, newest first. The filters
are ``outcomes.filters.OutcomeFilterForm``; unknown values are left out and named.

Queries per page do not depend on the number of outcomes: the cards' departments come with
them, their neighborhoods and topics in one query each, and every card's progress and
parent from one query of all outcomes under the index (``tree_rows``), computed the same
way as ``OutcomePage.overall_progress`` (a parent's is its live children's, weighted).
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from wagtail.models import Page

from engage.neighborhoods.maps import browse_map_config, default_bbox, neighborhoods_geojson

from .filters import OutcomeFilterForm
from .models import OutcomePage

PAGE_SIZE = 12
# The map shows at most this many outcomes (the newest); the list pages through all.
MAP_LIMIT = 500
# Each status's colour on the map and in its legend: the swatches of static/css/maps.css
# whose meaning is closest (waiting, under way, done, stopped).
STATUS_SWATCHES = {
    OutcomePage.Status.PLANNED: "submitted",
    OutcomePage.Status.IN_PROGRESS: "in_progress",
    OutcomePage.Status.COMPLETED: "resolved",
    OutcomePage.Status.CANCELLED: "closed",
}


def outcomes_under(index):
    """Every outcome a visitor may see under ``index``: live, public, in its language."""
    return OutcomePage.objects.live().public().descendant_of(index)


def filter_outcomes(outcomes, filters):
    if neighborhood := filters.get("neighborhood"):
        outcomes = outcomes.filter(neighborhoods=neighborhood)
    if department := filters.get("department"):
        outcomes = outcomes.filter(department=department)
    if topic := filters.get("topic"):
        outcomes = outcomes.filter(tagged_items__tag=topic)
    if status := filters.get("status"):
        outcomes = outcomes.filter(status=status)
    return outcomes


def newest_first(outcomes):
    return outcomes.order_by("-first_published_at", "-pk")


# Progress and parents, for the whole tree at once ----------------------------------------


@dataclass
class _Row:
    pk: int
    path: str
    title: str
    progress: int
    weight: int
    children: list = field(default_factory=list)


def tree_rows(index):
    """{path: row} of every live outcome under ``index``, each with its live children."""
    rows = {
        values["path"]: _Row(**values)
        for values in OutcomePage.objects.live()
        .descendant_of(index)
        .values("pk", "path", "title", "progress", "weight")
    }
    for row in rows.values():
        parent = rows.get(row.path[: -Page.steplen])
        if parent is not None:
            parent.children.append(row)
    return rows


def _overall(row):
    total = sum(child.weight for child in row.children)
    if not total:
        return row.progress
    return round(sum(_overall(child) * child.weight for child in row.children) / total)


def with_card_data(outcomes, rows):
    """Give each outcome ``card_progress`` (its overall progress) and ``parent_title``
    (its parent outcome's title, or "")."""
    for outcome in outcomes:
        row = rows.get(outcome.path)
        outcome.card_progress = _overall(row) if row else outcome.progress
        parent = rows.get(outcome.path[: -Page.steplen])
        outcome.parent_title = parent.title if parent else ""
    return outcomes


# The map ---------------------------------------------------------------------------------


def _centre(neighborhood):
    return [
        (neighborhood.min_lat + neighborhood.max_lat) / 2,
        (neighborhood.min_lng + neighborhood.max_lng) / 2,
    ]


def _box(points):
    lats = [lat for lat, _lng in points]
    lngs = [lng for _lat, lng in points]
    return (min(lngs), min(lats), max(lngs), max(lats))


def map_config(outcomes, request):
    """The map of ``outcomes`` (the list beside it says the same), or None when none has a
    place. An outcome without a point of its own shows at the middle of its first
    neighborhood."""
    outcomes = newest_first(outcomes).prefetch_related("neighborhoods")[:MAP_LIMIT]
    markers, shown = [], {}
    for outcome in outcomes:
        neighborhoods = list(outcome.neighborhoods.all())
        if outcome.lat is not None and outcome.lng is not None:
            point = [outcome.lat, outcome.lng]
        elif neighborhoods:
            point = _centre(neighborhoods[0])
        else:
            continue
        shown.update({n.pk: n for n in neighborhoods})
        markers.append(
            {
                "point": point,
                "title": outcome.title,
                "url": outcome.get_url(request),
                "status": STATUS_SWATCHES[outcome.status],
                "statusLabel": str(outcome.get_status_display()),
            }
        )
    if not markers:
        return None
    return browse_map_config(
        _box([marker["point"] for marker in markers]) if len(markers) > 1 else default_bbox(),
        neighborhoods=neighborhoods_geojson(list(shown.values())),
        outcomes=markers,
    )


def legend():
    """(swatch, label) of each status, for the map's legend."""
    return [(STATUS_SWATCHES[value], label) for value, label in OutcomePage.Status.choices]


# The page --------------------------------------------------------------------------------


def query_string(filters):
    """The filters as a query string for the page links (slugs and numbers only)."""
    pairs = []
    for name, value in filters.items():
        value = getattr(value, "slug", None) or getattr(value, "pk", None) or value
        pairs.append(f"{name}={value}")
    return "&".join(pairs)


def list_context(request, index):
    """The filter form, one page of outcomes and the map of every outcome that matches."""
    visible = outcomes_under(index)
    form = OutcomeFilterForm(OutcomeFilterForm.own_params(request.GET) or None, outcomes=visible)
    filters = form.filters()
    matching = filter_outcomes(visible, filters)
    cards = (
        newest_first(matching)
        .select_related("department")
        .prefetch_related("neighborhoods", "tagged_items__tag")
    )
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_card_data(list(page.object_list), tree_rows(index))
    return {
        "filter_form": form,
        "active_filters": filters,
        "ignored_filters": form.ignored(),
        "filter_query": query_string(filters),
        "page_obj": page,
        "outcomes": page.object_list,
        "map_config": map_config(matching, request),
        "map_legend": legend(),
    }
