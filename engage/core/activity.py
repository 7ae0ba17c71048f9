"""“My activity”: what a signed-in person has done on the site, one section per kind.

The core renders the page; each part supplies its own sections by declaring
``activity_sections`` on its AppConfig (see ``engage.core.parts``): the dotted path of a
function ``sections(user)`` that returns ``ActivitySection``\\ s. So the core never names a
part, and a part that arrives later (liaisons' sign-ups, youth) adds its section by
declaring it.

Each section is paginated on its own (``?<key>=<page>``), so the page costs two queries
a section (a count and one page of rows) plus what ``prepare`` batches for that page:
never one query per row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from .parts import declared

PER_PAGE = 10


@dataclass
class ActivitySection:
    """One kind of thing a person did, such as "My reports".

    ``items`` is the person's rows, ordered, with what the item template reads already
    joined (``select_related``). ``template`` renders one row (``item`` in its context).
    ``prepare``, when given, is called with the rows of the page shown and may set
    attributes on them in a few batched queries (a translated page's address, say).
    ``order`` places the section among the others (smaller first).
    """

    key: str
    title: str
    items: QuerySet
    template: str
    empty: str
    order: int = 100
    prepare: Callable | None = None
    # Filled by ``paginate``: the page shown.
    page: object = field(default=None, init=False)

    def paginate(self, number):
        self.page = Paginator(self.items, PER_PAGE).get_page(number)
        rows = list(self.page.object_list)
        if self.prepare is not None and rows:
            self.prepare(rows)
        self.page.object_list = rows
        return self

    @property
    def count(self):
        return self.page.paginator.count if self.page is not None else 0


def activity_sections(user):
    """Every part's sections for ``user``, in order (not yet paginated)."""
    sections = []
    for _config, path in declared("activity_sections"):
        sections.extend(import_string(path)(user))
    return sorted(sections, key=lambda section: section.order)


def page_links(query, key, page):
    """The query strings of a section's previous and next pages, other sections' pages kept."""
    links = {}
    for name, number in (
        ("previous_url", page.previous_page_number() if page.has_previous() else None),
        ("next_url", page.next_page_number() if page.has_next() else None),
    ):
        if number is not None:
            changed = query.copy()
            changed[key] = number
            links[name] = f"?{changed.urlencode()}#activity-{key}"
    return links
