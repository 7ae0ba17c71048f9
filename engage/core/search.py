"""One search for everything: each part declares what people may find in it.

A part's AppConfig sets ``search_sources``: dotted paths of :class:`SearchSource`
subclasses, usually in the part's ``search.py``. The core asks each source for its
matches and groups them by kind (pages, surveys, ideas, reports, and events and outcomes
when those parts arrive): a count per kind, the first few of each, and one kind at a
time, paginated (``/<lang>/search/?q=…&kind=ideas``). The core never names a part.

What a visitor may find is each source's business (:meth:`SearchSource.searchable`): only
live, public pages in the visitor's language, only published ideas, only public reports
and only what their public pages show. A source searches Wagtail's index
(``index.Indexed`` models and pages), so stemming is the index's: PostgreSQL full-text
search on PostgreSQL, FTS5 with the Porter tokenizer on SQLite (core migration 0003).
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.core.paginator import Paginator
from django.db import connection
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .parts import declared

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Results of each kind shown when searching everything; the rest are a click away.
PREVIEW_SIZE = 3


def ranks_well():
    """Whether to ask the database for results best first.

    SQLite ranks with one bm25() subquery per match, which grows with the square of the
    matches (see bench/README.md, "search"), so there results come newest first.
    """
    return connection.vendor != "sqlite"


def search_words(query):
    """The words of a search. Full-text search splits text at punctuation anyway, but a
    stray ``"``, ``*`` or ``:`` in the query itself is syntax to FTS5 and tsquery."""
    return " ".join(re.findall(r"\w+", query))


class SearchSource:
    """One kind of thing the site search finds. Subclass it in a part's ``search.py``."""

    kind = ""  # in addresses: ?kind=<kind>; a slug, unique across the site
    label = ""  # the kind's name, plural and translated: "Ideas"
    template = ""  # renders one result, given ``result``
    order = 100  # where the kind's group comes on the results page, smallest first
    # Page models this source finds itself ("app_label.Model"), which the "Pages" kind
    # then leaves out.
    page_models = ()

    def page_model_classes(self):
        return [apps.get_model(name) for name in self.page_models]

    def searchable(self, request):
        """Everything ``request``'s visitor may find of this kind: a QuerySet of an
        ``index.Indexed`` model, filtered only on its ``index.FilterField``\\ s."""
        raise NotImplementedError

    def search(self, words, request):
        """The matches: a lazy result set that counts and slices in the database."""
        return get_search_backend().search(
            words, self.searchable(request), order_by_relevance=ranks_well()
        )

    def prepare(self, results, request):
        """One page of results, given what their template shows, in a fixed number of
        queries however many there are. Returns a list."""
        return list(results)


class PageSource(SearchSource):
    """Live, public pages in the visitor's language, but those another source finds."""

    kind = "pages"
    label = _("Pages")
    template = "core/includes/search_result_page.html"
    order = 10

    def searchable(self, request):
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        claimed = [model for source in sources() for model in source.page_model_classes()]
        return pages.not_type(*claimed) if claimed else pages


@cache
def _declared_sources():
    found = []
    for _app_config, paths in declared("search_sources"):
        found += [import_string(path)() for path in paths]
    kinds = [source.kind for source in found]
    duplicates = {kind for kind in kinds if kinds.count(kind) > 1}
    if duplicates:
        raise ValueError(f"Two search sources declare the kind {sorted(duplicates)}.")
    return tuple(sorted(found, key=lambda source: (source.order, source.kind)))


def sources():
    """Every declared source, in the order their groups show."""
    return _declared_sources()


@dataclass
class Group:
    """One kind's matches: how many, and the ones shown."""

    source: SearchSource
    count: int
    results: list = field(default_factory=list)
    page: object = None  # the Paginator page, when one kind is shown

    @property
    def kind(self):
        return self.source.kind

    @property
    def label(self):
        return self.source.label

    @property
    def template(self):
        return self.source.template

    @property
    def has_more(self):
        return self.count > len(self.results)


def search_everything(query, request, *, kind=None, page_number=None):
    """The groups of a search: every kind with its count and first few results, or, with
    ``kind``, that kind's page ``page_number`` (its ``page`` set) and the others' counts.

    Returns ``(groups, shown)``: ``shown`` is the group whose page is shown, or None.
    """
    words = search_words(query)
    groups, shown = [], None
    for source in sources():
        results = source.search(words, request) if words else []
        if words and source.kind == kind:
            page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
            page.object_list = source.prepare(page.object_list, request)
            shown = Group(source, page.paginator.count, page.object_list, page)
            groups.append(shown)
        elif words:
            count = results.count()
            preview = source.prepare(results[:PREVIEW_SIZE], request) if count and not kind else []
            groups.append(Group(source, count, preview))
        else:
            groups.append(Group(source, 0))
    return groups, shown


def kinds():
    """``{kind: label}`` of every source: what ``?kind=`` may say."""
    return {source.kind: source.label for source in sources()}
