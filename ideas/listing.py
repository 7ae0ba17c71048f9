"""Finding ideas: filtering, search, sorting and paging of the Ideas pages.

``IdeasIndexPage`` and ``IdeaCampaignPage`` call ``list_context`` (through ``ideas.routes``)
with the ideas they may show (already visible; the campaign page's are in its campaign).
The filter form above the list is ``ideas.filters.IdeaFilterForm``.

Sorting is ``IdeaQuerySet.sorted_by`` (trending, most votes, newest, most discussed; see
docs/ideas.md for the trending formula). Unknown filter values are left out and listed
above the results, as on the list of reported problems; nothing here ever fails a page.

Search goes through Wagtail search (the database backend: PostgreSQL full-text search
on PostgreSQL, FTS5 on SQLite). Wagtail only lets a search filter and sort on the fields
the model declares as ``index.FilterField``; the list also filters by tag and sorts by
counters that are not in the index. So the search runs first, on the indexed filters
(status, campaign, neighborhood), and gives the ids of at most ``MAX_SEARCH_RESULTS``
matches, best first; the list then applies the tag filter and the chosen sort to those
with the ORM, exactly as without a search. With no sort chosen, matches keep their
relevance order where the database ranks well (PostgreSQL). SQLite ranks with one bm25()
subquery per match, which grows with the square of the matches, so there, as in the site
search (``engage.core.views.search``), matches are not ranked and are shown trending.

Queries per page do not depend on the number of ideas: ideas come with their campaign,
neighborhood and author (``select_related``) and their tags in one more query; campaign
titles in the visitor's language are looked up in one query for the whole page.
"""

import re

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from engage.neighborhoods.models import Neighborhood

from .filters import DEFAULT_SORT, GENERAL_BOX, SORT_LABELS, IdeaFilterForm
from .models import IdeaCampaignPage

PAGE_SIZE = 20
# A search keeps this many matches, best first where the database ranks them.
MAX_SEARCH_RESULTS = 500
RELEVANCE = "relevance"


# Campaign titles in the visitor's language ------------------------------------------------


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def localized_campaigns(campaigns):
    """{canonical campaign pk: the campaign page in the active language, or itself}.

    One query for all of them, whatever their number.
    """
    campaigns = {campaign.pk: campaign for campaign in campaigns if campaign is not None}
    locale = _active_locale()
    if not campaigns or locale is None:
        return campaigns
    translations = {
        page.translation_key: page
        for page in IdeaCampaignPage.objects.live().filter(
            translation_key__in={c.translation_key for c in campaigns.values()},
            locale=locale,
        )
    }
    return {pk: translations.get(c.translation_key, c) for pk, c in campaigns.items()}


def with_localized_campaigns(ideas):
    """Give each idea ``campaign_page``: its campaign in the visitor's language (or None)."""
    pages = localized_campaigns(idea.campaign for idea in ideas)
    for idea in ideas:
        idea.campaign_page = pages.get(idea.campaign_id)
    return ideas


OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"


def campaign_overview(now=None):
    """Every published campaign, open ones first, then those to come, then closed ones.

    Each entry has ``page`` (in the visitor's language when translated: title, question,
    address) and ``campaign`` (the default-language page, whose dates and rules count),
    and ``state``. Two queries, however many campaigns there are.
    """
    now = now or timezone.now()
    canonical = list(
        IdeaCampaignPage.objects.live()
        .public()
        .filter(locale=Locale.get_default())
        .order_by("-opens_at", "pk")
    )
    pages = localized_campaigns(canonical)
    order = {OPEN: 0, UPCOMING: 1, CLOSED: 2}
    entries = []
    for campaign in canonical:
        if campaign.is_open(now):
            state = OPEN
        elif campaign.has_closed(now):
            state = CLOSED
        else:
            state = UPCOMING
        entries.append({"page": pages[campaign.pk], "campaign": campaign, "state": state})
    return sorted(entries, key=lambda entry: order[entry["state"]])


# Filtering, searching and sorting -----------------------------------------------------------


def filter_indexed(ideas, filters):
    """The filters that Wagtail search can apply too: only its ``FilterField`` columns."""
    if status := filters.get("status"):
        ideas = ideas.filter(status=status)
    if neighborhood := filters.get("neighborhood"):
        ideas = ideas.filter(neighborhood_id=neighborhood.pk)
    if campaign := filters.get("campaign"):
        ideas = ideas.filter(campaign_id=None if campaign == GENERAL_BOX else campaign)
    return ideas


def filter_ideas(ideas, filters):
    ideas = filter_indexed(ideas, filters)
    if tag := filters.get("tag"):
        ideas = ideas.filter(tags__slug=tag)
    return ideas


def search_words(query):
    """The words of a search. Full-text search splits text at punctuation anyway, but a
    stray ``&`` or ``"`` in the query itself can make the backend find nothing."""
    return " ".join(re.findall(r"\w+", query))


def search_ids(ideas, query, *, ranked):
    """Ids of the ideas matching ``query``: best first when ``ranked``, at most one more
    than ``MAX_SEARCH_RESULTS`` (so the caller can tell the list was cut)."""
    words = search_words(query)
    if not words:
        return []
    results = get_search_backend().search(
        words, ideas.order_by().only("pk"), order_by_relevance=ranked
    )
    return [idea.pk for idea in results[: MAX_SEARCH_RESULTS + 1]]


def in_order(ideas, ids):
    """``ideas`` among ``ids``, in the order of ``ids``."""
    position = Case(
        *[When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return ideas.filter(pk__in=ids).order_by(position, "-pk")


def with_card_data(ideas):
    """What a card shows, in a fixed number of queries however many ideas there are."""
    return ideas.select_related("campaign", "neighborhood", "author").prefetch_related("tags")


def query_string(filters):
    """``name=value&…`` of the filters, for the page links of ``includes/pagination.html``.

    That include percent-encodes the string itself, but keeps ``&`` and ``=``: they are
    taken out of the search words, which the search ignores anyway (``search_words``).
    """
    pairs = []
    for name, value in filters.items():
        if isinstance(value, Neighborhood):
            value = value.slug
        value = str(value)
        if name == "q":
            value = " ".join(value.replace("&", " ").replace("=", " ").split())
        pairs.append(f"{name}={value}")
    return "&".join(pairs)


def list_context(request, queryset, *, with_campaign_filter=True):
    """The filter form and one page of ``queryset`` (visible ideas), for a template."""
    campaigns = campaign_overview() if with_campaign_filter else None
    form = IdeaFilterForm(request.GET or None, ideas=queryset, campaigns=campaigns)
    filters = form.filters()
    query = filters.get("q", "")
    chosen = filters.get("sort", DEFAULT_SORT)
    ideas = with_card_data(filter_ideas(queryset, filters))
    search_limited = False
    if query:
        ranked = form.ranks and chosen == DEFAULT_SORT
        ids = search_ids(filter_indexed(queryset, filters), query, ranked=ranked)
        search_limited = len(ids) > MAX_SEARCH_RESULTS
        ids = ids[:MAX_SEARCH_RESULTS]
        if ranked:
            sort = RELEVANCE
            ideas = in_order(ideas, ids)
        else:
            sort = chosen or "trending"
            ideas = ideas.filter(pk__in=ids).sorted_by(sort)
    else:
        sort = chosen or "trending"
        ideas = ideas.sorted_by(sort)
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_localized_campaigns(list(page.object_list))
    return {
        "filter_form": form,
        "campaign_overview": form.campaigns,
        "active_filters": filters,
        "ignored_filters": form.ignored(),
        "search_query": query,
        "search_limited": search_limited,
        "max_search_results": MAX_SEARCH_RESULTS,
        "sort": sort,
        "sort_label": _("Best match") if sort == RELEVANCE else SORT_LABELS[sort],
        "page_obj": page,
        "ideas": page.object_list,
        "filter_query": query_string(filters),
    }
