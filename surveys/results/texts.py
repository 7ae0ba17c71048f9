"""Typed answers (short and long texts, the texts of "Other"): the only answers read row
by row, a page at a time, newest first, with a search.

Newest first means by the date the response was given, not by when it was stored: a paper
form typed in today may be weeks old, and the demo's responses are stored in no order.
Each answer keeps its response's date, and the typed answers have their own index in
this order (``surveys_answer_texts``: survey, question, option, date, id, on the rows
with a text), so a page is a walk down that index, however many answers there are, on
SQLite and on PostgreSQL alike. Ordered through the response instead, PostgreSQL's
planner, which takes question, option and text to be independent, expected a handful of
"Other" texts where there were ten thousand, and read the whole table of answers to sort
them (250 ms at 200,000 responses). A filter's days narrow the same index; its
neighborhood or segment is checked on each answer's response on the way down. An
anonymous survey's responses keep only their day, so within a day its texts are in no
particular order, and they are shown with no date at all (``dated``)."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict

from engage.core.filters import clean_param

TEXTS_PER_PAGE = 20

MAX_SEARCH_LENGTH = 100


class CountedPaginator(Paginator):
    """A paginator told its count (from the tallies) instead of asking the database."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


@dataclass
class Texts:
    """A page of typed answers (newest first), with a search, for one question."""

    page: object  # a django.core.paginator Page of Answer rows
    search: str
    search_param: str
    page_param: str
    hidden: list  # (name, value) of the other query parameters, kept by the search form
    params: QueryDict
    anchor: str  # the id of the answers' block on the page, where the page links land
    dated: bool = True  # show each answer's date (never for an anonymous survey)

    @property
    def answers(self):
        return self.page.object_list

    @property
    def total(self):
        return self.page.paginator.count

    def _link(self, number):
        params = self.params.copy()
        params[self.page_param] = number
        return f"?{params.urlencode()}#{self.anchor}"

    @property
    def previous_link(self):
        return self._link(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_link(self):
        return self._link(self.page.next_page_number()) if self.page.has_next() else ""


def text_page(answers, question, *, option, params, per_page, count, dated=True):
    """A page of the typed ``answers`` to ``question`` (or its "Other" texts), newest
    first, searched with ``search-<number>`` and paged with ``page-<number>``; ``count``
    is how many there are unsearched (from the tallies). ``answers`` name their survey
    on the answer itself (``survey``), which the texts' index begins with."""
    search_param, page_param = f"search-{question.number}", f"page-{question.number}"
    search = clean_param(params.get(search_param))[:MAX_SEARCH_LENGTH]
    # Texts are stored with no option, the "Other" texts with theirs.
    answers = answers.filter(option=option or "").exclude(text="")
    if search:
        answers = answers.filter(text__icontains=search)
    # The date, then the answer's id for the answers given at the same moment (an
    # anonymous survey's day): the order of the texts' index, read backwards.
    answers = answers.only("text", "submitted_at").order_by("-submitted_at", "-pk")
    if search:
        paginator = Paginator(answers, per_page)
    else:
        paginator = CountedPaginator(answers, per_page, count=count)
    page = paginator.get_page(params.get(page_param))
    params = params.copy()
    params.pop(page_param, None)
    hidden = [
        (name, value) for name, values in params.lists() if name != search_param for value in values
    ]
    anchor = f"texts-{question.number}"
    return Texts(page, search, search_param, page_param, hidden, params, anchor, dated)
