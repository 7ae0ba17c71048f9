"""A survey's results, counted by the database and shaped for the page, the PDF and charts.

Everything a result shows comes from one ``Counter`` of keys (see ``surveys.tallies``):
the stored tallies when no filter is set (a few hundred rows, however many responses), or
the same keys computed by the database for the filtered responses. Means and medians are
worked out exactly from the counts by value; nothing loads the answers into Python. Only
texts (short and long answers, the texts of "Other") are read row by row, a page at a time.

``ResultsFilterForm`` reads the filters from the query string (a bad value is named and
ignored, never an error page); ``survey_results`` builds the results; ``cross_tab`` counts
one choice question against another in one query; ``compare`` sets a pre survey beside
its post survey.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, FilteredRelation, Q
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, tallies
from .filters import clean_param
from .models import Answer, Response
from .questions import CHOICE_KINDS, OTHER

TEXT_KINDS = {"short_text", "long_text"}
SCALE_KINDS = {"rating", "number"}
TEXTS_PER_PAGE = 20
# A number question with more different values than this is shown in ranges.
MAX_DISTINCT_VALUES = 15
NUMBER_BINS = 10
MAX_SEARCH_LENGTH = 100


def share(count, total):
    """``count`` as a percentage of ``total`` (0 when there is nothing to share)."""
    return 100.0 * count / total if total else 0.0


def format_number(value, places=2):
    """A number as people read it: no ".0" on whole numbers, localised decimals."""
    if value is None:
        return ""
    value = round(float(value), places)
    if value.is_integer():
        return formats.number_format(int(value))
    # Not whole after rounding, so there are decimals: drop their trailing zeros.
    return formats.number_format(value, places).rstrip("0")


def responses_for(survey, filters):
    return Response.objects.filter(survey=survey).filtered(**filters)


def counts_for(survey, filters):
    """The tallies when nothing is filtered, else the same keys counted for the filter."""
    if not filters:
        return tallies.stored_counts(survey.pk)
    return tallies.computed_counts(survey.pk, responses_for(survey, filters))


# Results of one question -------------------------------------------------------------------


@dataclass
class Bar:
    """One line of a count table and its bar in a chart."""

    label: str
    count: int
    share: float = 0.0
    key: str = ""

    @property
    def share_text(self):
        return format_number(self.share, 1) + "\u00a0%"


class CountedPaginator(Paginator):
    """A paginator told its count (from the tallies) instead of asking the database."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


@dataclass
class Texts:
    """A page of typed answers (newest stored first), with a search, for one question."""

    page: object  # a django.core.paginator Page of Answer rows
    search: str
    search_param: str
    page_param: str
    hidden: list  # (name, value) of the other query parameters, kept by the search form
    params: QueryDict
    anchor: str  # the id of the answers' block on the page, where the page links land

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


@dataclass
class QuestionResult:
    question: object
    answered: int
    responses: int

    template = ""

    @property
    def kind(self):
        return self.question.kind

    @property
    def skipped(self):
        return max(self.responses - self.answered, 0)


@dataclass
class ChoiceResult(QuestionResult):
    """Single and multiple choice: how many chose each option, and their share of the
    people who answered the question (several choices each can add up past 100 %)."""

    bars: list = field(default_factory=list)
    others: Texts | None = None

    template = "surveys/includes/result_choice.html"

    @property
    def multiple(self):
        return self.question.kind == "multiple_choice"

    @property
    def chart(self):
        return charts.bar_chart(
            f"chart-q{self.question.number}",
            chart_title(self.question),
            [(bar.label, bar.share / 100, f"{bar.count} ({bar.share_text})") for bar in self.bars],
        )


@dataclass
class ScaleResult(QuestionResult):
    """Rating and number: the distribution, the mean and the median."""

    values: list = field(default_factory=list)  # [(value, count)] sorted by value
    bars: list = field(default_factory=list)  # the distribution as shown (ranges if many)
    mean: float | None = None
    median: float | None = None
    in_ranges: bool = False

    template = "surveys/includes/result_scale.html"

    @property
    def n(self):
        return sum(count for _value, count in self.values)

    @property
    def mean_text(self):
        return format_number(self.mean)

    @property
    def median_text(self):
        return format_number(self.median)

    @property
    def chart(self):
        return charts.bar_chart(
            f"chart-q{self.question.number}",
            chart_title(self.question),
            [(bar.label, bar.share / 100, f"{bar.count} ({bar.share_text})") for bar in self.bars],
        )


@dataclass
class RankedOption:
    label: str
    mean_place: float | None
    first_places: int
    ranked: int
    places: list  # count per place, 1 first

    @property
    def mean_place_text(self):
        return format_number(self.mean_place)


@dataclass
class RankingResult(QuestionResult):
    """Ranking: each option's mean place (1 is best) and how often it was put first."""

    options: list = field(default_factory=list)  # RankedOption, best mean place first

    template = "surveys/includes/result_ranking.html"

    @property
    def places(self):
        return list(range(1, len(self.question.options) + 1))

    @property
    def chart(self):
        series = [_("Place %(place)s") % {"place": place} for place in self.places]
        rows = []
        for option in self.options:
            fractions = [count / option.ranked if option.ranked else 0 for count in option.places]
            texts = [format_number(100 * f, 0) + "\u00a0%" for f in fractions]
            rows.append((option.label, fractions, texts, f"n={option.ranked}"))
        return charts.stacked_chart(
            f"chart-q{self.question.number}", chart_title(self.question), series, rows
        )


@dataclass
class MatrixRow:
    label: str
    cells: list  # Bar per column (share of the people who answered this row)
    answered: int


@dataclass
class MatrixResult(QuestionResult):
    """Matrix: for each row, how many chose each column."""

    rows: list = field(default_factory=list)

    template = "surveys/includes/result_matrix.html"

    @property
    def columns(self):
        return [option.label for option in self.question.options]

    @property
    def chart(self):
        rows = [
            (
                row.label,
                [cell.share / 100 for cell in row.cells],
                [format_number(cell.share, 0) + "\u00a0%" for cell in row.cells],
                f"n={row.answered}",
            )
            for row in self.rows
        ]
        return charts.stacked_chart(
            f"chart-q{self.question.number}", chart_title(self.question), self.columns, rows
        )


@dataclass
class TextResult(QuestionResult):
    texts: Texts | None = None

    template = "surveys/includes/result_text.html"


@dataclass
class DateResult(QuestionResult):
    earliest: object = None
    latest: object = None

    template = "surveys/includes/result_date.html"


def chart_title(question):
    return _("Answers to question %(number)s: %(label)s") % {
        "number": question.number,
        "label": question.label,
    }


def median_from_counts(values):
    """The exact median of the values ``[(value, count)]`` sorted by value: the middle value
    for an odd number of answers, the mean of the two middle ones for an even number."""
    n = sum(count for _value, count in values)
    if not n:
        return None
    wanted = [(n + 1) // 2, n // 2 + 1] if n % 2 == 0 else [(n + 1) // 2]
    found, seen = [], 0
    for value, count in values:
        seen += count
        while wanted and wanted[0] <= seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return sum(found) / len(found)


def mean_from_counts(values):
    n = sum(count for _value, count in values)
    return sum(value * count for value, count in values) / n if n else None


def _ranges(values):
    """The values ``[(value, count)]`` grouped in at most ``NUMBER_BINS`` equal ranges."""
    low, high = values[0][0], values[-1][0]
    whole = all(float(value).is_integer() for value, _count in values)
    if whole:
        width = max(math.ceil((high - low + 1) / NUMBER_BINS), 1)
        edges = [low + i * width for i in range(NUMBER_BINS + 1) if low + i * width <= high]
    else:
        width = (high - low) / NUMBER_BINS
        edges = [low + i * width for i in range(NUMBER_BINS)]
    counts = [0] * len(edges)
    for value, count in values:
        index = min(int((value - low) // width), len(edges) - 1)
        counts[index] += count
    labels = []
    for index, start in enumerate(edges):
        if whole:
            end = min(start + width - 1, high)
            labels.append(
                format_number(start)
                if end == start
                else _("%(low)s to %(high)s")
                % {"low": format_number(start), "high": format_number(end)}
            )
        elif index == len(edges) - 1:
            labels.append(
                _("%(low)s to %(high)s")
                % {"low": format_number(start), "high": format_number(high)}
            )
        else:
            labels.append(
                _("%(low)s to under %(high)s")
                % {"low": format_number(start), "high": format_number(start + width)}
            )
    return list(zip(labels, counts, strict=True))


class Builder:
    """Builds the results of every question of ``page`` (labels in its language) from the
    responses of its source survey that match ``filters``."""

    def __init__(self, page, filters=None, *, params=None, texts_per_page=TEXTS_PER_PAGE):
        self.page = page
        self.survey = page.source
        self.filters = filters or {}
        self.params = params if params is not None else QueryDict()
        self.texts_per_page = texts_per_page
        self.counts = counts_for(self.survey, self.filters)
        self.responses = self.counts[tallies.RESPONSES]
        self._dates = None

    def answered(self, question):
        return self.counts[(question.id, tallies.ANSWERED, "", 0.0)]

    def by_question(self):
        """{question id: {(option, row, number): count}} from the one Counter."""
        grouped = {}
        for (qid, option, row, number), count in self.counts.items():
            if option != tallies.ANSWERED:
                grouped.setdefault(qid, {})[(option, row, number)] = count
        return grouped

    def results(self):
        grouped = self.by_question()
        return [
            self.result(question, grouped.get(question.id, {}))
            for question in self.page.structure.questions
        ]

    def result(self, question, counts):
        kind = question.kind
        base = {"question": question, "answered": self.answered(question)}
        base["responses"] = self.responses
        if kind in CHOICE_KINDS:
            return self.choice(question, counts, base)
        if kind in SCALE_KINDS:
            return self.scale(question, counts, base)
        if kind == "ranking":
            return self.ranking(question, counts, base)
        if kind == "matrix":
            return self.matrix(question, counts, base)
        if kind in TEXT_KINDS:
            return TextResult(**base, texts=self.texts(question))
        if kind == "date":
            earliest, latest = self.dates().get(question.id, (None, None))
            return DateResult(**base, earliest=earliest, latest=latest)
        raise ValueError(kind)

    def choice(self, question, counts, base):
        answered = base["answered"]
        bars = [
            Bar(
                option.label,
                counts.get((option.id, "", 0.0), 0),
                share(counts.get((option.id, "", 0.0), 0), answered),
                option.id,
            )
            for option in question.all_options
        ]
        others = None
        if question.allow_other:
            others = self.texts(question, option=OTHER)
        return ChoiceResult(**base, bars=bars, others=others)

    def scale(self, question, counts, base):
        found = Counter()
        for (option, row, number), count in counts.items():
            if not option and not row:
                found[number] += count
        if question.kind == "rating":
            for value in question.scale:
                found.setdefault(float(value), 0)
        values = sorted(found.items())
        n = sum(count for _value, count in values)
        in_ranges = question.kind == "number" and len(values) > MAX_DISTINCT_VALUES
        if in_ranges:
            bars = [Bar(label, count, share(count, n)) for label, count in _ranges(values)]
        else:
            bars = [Bar(format_number(value), count, share(count, n)) for value, count in values]
        return ScaleResult(
            **base,
            values=values,
            bars=bars,
            mean=mean_from_counts(values),
            median=median_from_counts(values),
            in_ranges=in_ranges,
        )

    def ranking(self, question, counts, base):
        size = len(question.options)
        options = []
        for option in question.options:
            places = [counts.get((option.id, "", float(place)), 0) for place in range(1, size + 1)]
            ranked = sum(places)
            total = sum(place * count for place, count in enumerate(places, 1))
            options.append(
                RankedOption(
                    label=option.label,
                    mean_place=total / ranked if ranked else None,
                    first_places=places[0] if places else 0,
                    ranked=ranked,
                    places=places,
                )
            )
        options.sort(key=lambda o: (o.mean_place is None, o.mean_place or 0, -o.first_places))
        return RankingResult(**base, options=options)

    def matrix(self, question, counts, base):
        rows = []
        for row in question.rows:
            row_counts = [counts.get((option.id, row.id, 0.0), 0) for option in question.options]
            answered = sum(row_counts)
            cells = [
                Bar(option.label, count, share(count, answered), option.id)
                for option, count in zip(question.options, row_counts, strict=True)
            ]
            rows.append(MatrixRow(row.label, cells, answered))
        return MatrixResult(**base, rows=rows)

    # Rows read from the answers -----------------------------------------------------------

    def answers(self, question):
        answers = Answer.objects.filter(survey=self.survey, question=question.id)
        if self.filters:
            answers = answers.filter(response__in=responses_for(self.survey, self.filters))
        return answers

    def texts(self, question, *, option=None):
        """A page of the typed answers to ``question`` (or its "Other" texts), newest first,
        searched with ``search-<number>`` and paged with ``page-<number>``."""
        search_param, page_param = f"search-{question.number}", f"page-{question.number}"
        search = clean_param(self.params.get(search_param))[:MAX_SEARCH_LENGTH]
        # Texts are stored with no option, the "Other" texts with theirs: an equality on
        # the option lets the (survey, question, option, id) index give them in order.
        answers = self.answers(question).filter(option=option or "").exclude(text="")
        if search:
            answers = answers.filter(text__icontains=search)
        answers = answers.only("text", "response", "response__submitted_at").select_related(
            "response"
        )
        # Newest stored first: the id keeps the order of arrival without a sort (in an
        # anonymous survey, of the day only: its keys are random within the day).
        answers = answers.order_by("-pk")
        if search:
            paginator = Paginator(answers, self.texts_per_page)
        else:
            # Every stored text and "Other" has a text, so the counts already say how many.
            key = (question.id, OTHER if option else tallies.ANSWERED, "", 0.0)
            paginator = CountedPaginator(answers, self.texts_per_page, count=self.counts[key])
        page = paginator.get_page(self.params.get(page_param))
        params = self.params.copy()
        params.pop(page_param, None)
        hidden = [
            (name, value)
            for name, values in params.lists()
            if name != search_param
            for value in values
        ]
        return Texts(
            page, search, search_param, page_param, hidden, params, f"texts-{question.number}"
        )

    def dates(self):
        """{question id: (earliest, latest)} for every date question."""
        if self._dates is None:
            self._dates = {}
            for question in self.page.structure.questions:
                if question.kind != "date":
                    continue
                # Two index lookups: MIN and MAX grouped by question would read every date.
                dates = self.answers(question).exclude(date=None).values_list("date", flat=True)
                earliest = dates.order_by("date").first()
                if earliest is not None:
                    self._dates[question.id] = (earliest, dates.order_by("-date").first())
        return self._dates


def survey_results(page, filters=None, *, params=None, texts_per_page=TEXTS_PER_PAGE):
    """``(number of responses, [result per question])`` for ``page`` under ``filters``."""
    builder = Builder(page, filters, params=params, texts_per_page=texts_per_page)
    return builder.responses, builder.results()


# Cross-tabulation ---------------------------------------------------------------------------


@dataclass
class CrossTabRow:
    label: str
    total: int  # people who chose this row option and answered the column question
    cells: list  # Bar per column option: count and share of ``total``


@dataclass
class CrossTab:
    row_question: object
    column_question: object
    rows: list

    @property
    def columns(self):
        return [option.label for option in self.column_question.all_options]

    @property
    def chart(self):
        rows = []
        for row in self.rows:
            chosen = sum(cell.count for cell in row.cells)
            rows.append(
                (
                    row.label,
                    [cell.count / chosen if chosen else 0 for cell in row.cells],
                    [str(cell.count) for cell in row.cells],
                    f"n={row.total}",
                )
            )
        title = _("Question %(row)s by question %(column)s") % {
            "row": self.row_question.number,
            "column": self.column_question.number,
        }
        description = _(
            "Stacked bar chart: one bar per answer to question %(row)s, split by the answers "
            "to question %(column)s, with the number of people in each part. The same numbers "
            "are in the table that follows."
        ) % {"row": self.row_question.number, "column": self.column_question.number}
        return charts.stacked_chart(
            "chart-crosstab", title, self.columns, rows, description=description
        )


def choice_questions(page):
    return [q for q in page.structure.questions if q.kind in CHOICE_KINDS]


def cross_tab(page, row_question, column_question, filters=None):
    """How many people chose each (row option, column option) pair, in one query joining
    the two questions' answers on their response; shares are of each row's people."""
    columns = column_question.all_options
    cells = {
        f"c{index}": Count("col_answer", filter=Q(col_answer__option=option.id))
        for index, option in enumerate(columns)
    }
    rows = (
        responses_for(page.source, filters or {})
        .annotate(
            row_answer=FilteredRelation("answers", condition=Q(answers__question=row_question.id)),
            col_answer=FilteredRelation(
                "answers", condition=Q(answers__question=column_question.id)
            ),
        )
        .filter(row_answer__isnull=False, col_answer__isnull=False)
        .values("row_answer__option")
        .annotate(total=Count("pk", distinct=True), **cells)
        .order_by()
    )
    found = {row["row_answer__option"]: row for row in rows}
    table = []
    for option in row_question.all_options:
        row = found.get(option.id, {})
        total = row.get("total", 0)
        table.append(
            CrossTabRow(
                option.label,
                total,
                [
                    Bar(
                        column.label, row.get(f"c{index}", 0), share(row.get(f"c{index}", 0), total)
                    )
                    for index, column in enumerate(columns)
                ],
            )
        )
    return CrossTab(row_question, column_question, table)


class CrossTabForm(forms.Form):
    """Which choice question to set against which (``cross_row`` and ``cross_col``: their
    numbers)."""

    cross_row = forms.TypedChoiceField(
        label=gettext_lazy("Rows: question"), coerce=int, required=False
    )
    cross_col = forms.TypedChoiceField(
        label=gettext_lazy("Columns: question"), coerce=int, required=False
    )

    def __init__(self, data, *, page):
        data = {
            name: clean_param(data.get(name))
            for name in ("cross_row", "cross_col")
            if data.get(name)
        }
        super().__init__(data)
        self.page = page
        choices = [("", _("Choose a question"))] + [
            (q.number, f"{q.number}. {q.label}") for q in choice_questions(page)
        ]
        self.fields["cross_row"].choices = choices
        self.fields["cross_col"].choices = choices

    def clean(self):
        cleaned = super().clean()
        row, column = cleaned.get("cross_row"), cleaned.get("cross_col")
        if row and column and row == column:
            self.add_error("cross_col", _("Please choose two different questions."))
        elif bool(row) != bool(column) and not self.errors:
            missing = "cross_col" if row else "cross_row"
            self.add_error(
                missing, _("Please choose a question for the rows and one for the columns.")
            )
        return cleaned

    def questions(self):
        """(row question, column question), or None when no valid pair was chosen."""
        if not self.is_bound or not self.is_valid():
            return None
        row, column = self.cleaned_data.get("cross_row"), self.cleaned_data.get("cross_col")
        if not row or not column:
            return None
        by_number = self.page.structure.by_number
        return by_number[row], by_number[column]

    def ignored(self):
        if not self.is_bound:
            return []
        self.is_valid()
        return [
            (self.fields[name].label, self.data.get(name, ""), " ".join(messages))
            for name, messages in self.errors.items()
            if name in self.fields
        ]


# Pre/post comparison ---------------------------------------------------------------------------


@dataclass
class ComparedOption:
    label: str
    pre: float  # share in %
    post: float
    pre_count: int = 0
    post_count: int = 0

    @property
    def change(self):
        """The change in percentage points."""
        return self.post - self.pre

    @property
    def change_text(self):
        return signed(self.change, 1)


@dataclass
class ComparedMean:
    pre: float | None
    post: float | None
    pre_n: int = 0
    post_n: int = 0

    @property
    def change(self):
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre

    @property
    def change_text(self):
        return "" if self.change is None else signed(self.change, 2)

    @property
    def pre_text(self):
        return format_number(self.pre)

    @property
    def post_text(self):
        return format_number(self.post)


def signed(value, places):
    text = format_number(abs(value), places)
    if round(value, places) > 0:
        return "+" + text
    if round(value, places) < 0:
        return "\u2212" + text
    return text


@dataclass
class Comparison:
    """One matched pair of questions: overall and per segment."""

    pre_question: object
    post_question: object
    kind: str  # "choice", "mean" or "" (cannot be compared)
    overall: object = None  # [ComparedOption] or ComparedMean
    by_segment: list = field(default_factory=list)  # [(segment, [ComparedOption] | ComparedMean)]
    problem: str = ""
    pre_answered: int = 0
    post_answered: int = 0

    @property
    def chart(self):
        chart_id = f"chart-compare-{self.post_question.number}"
        title = _("Pre and post answers to question %(number)s: %(label)s") % {
            "number": self.post_question.number,
            "label": self.post_question.label,
        }
        if self.kind == "choice":
            rows = [
                (
                    option.label,
                    option.pre / 100,
                    option.post / 100,
                    format_number(option.pre, 1) + "\u00a0%",
                    format_number(option.post, 1) + "\u00a0%",
                )
                for option in self.overall
            ]
            return charts.paired_chart(chart_id, title, rows)
        if self.kind == "mean":
            mean = self.overall
            if self.post_question.kind == "rating":
                top = max(self.post_question.scale_max, self.pre_question.scale_max)
            else:
                top = max(abs(mean.pre or 0), abs(mean.post or 0))
            rows = [
                (
                    _("Mean"),
                    (mean.pre or 0) / top if top else 0,
                    (mean.post or 0) / top if top else 0,
                    mean.pre_text or "–",
                    mean.post_text or "–",
                )
            ]
            return charts.paired_chart(chart_id, title, rows)
        return ""


def _label_key(label):
    return " ".join(str(label).split()).casefold()


def _choice_shares(question, counts):
    """{label key: (count, share)} for a choice question over ``counts``."""
    answered = counts[(question.id, tallies.ANSWERED, "", 0.0)]
    return {
        _label_key(option.label): (
            counts[(question.id, option.id, "", 0.0)],
            share(counts[(question.id, option.id, "", 0.0)], answered),
        )
        for option in question.all_options
    }


def _mean(question, counts):
    values = sorted(
        (number, count)
        for (qid, option, row, number), count in counts.items()
        if qid == question.id and option == "" and row == ""
    )
    return mean_from_counts(values), sum(count for _value, count in values)


def compare_choice(pre_question, post_question, pre_counts, post_counts, labels):
    pre = _choice_shares(pre_question, pre_counts)
    post = _choice_shares(post_question, post_counts)
    compared = []
    for key, label in labels:
        pre_count, pre_share = pre.get(key, (0, 0.0))
        post_count, post_share = post.get(key, (0, 0.0))
        compared.append(ComparedOption(label, pre_share, post_share, pre_count, post_count))
    return compared


def compare_mean(pre_question, post_question, pre_counts, post_counts):
    pre_mean, pre_n = _mean(pre_question, pre_counts)
    post_mean, post_n = _mean(post_question, post_counts)
    return ComparedMean(pre_mean, post_mean, pre_n, post_n)


def _option_labels(pre_question, post_question, post_labels):
    """(label key, label shown) of every option in either question, post options first;
    options are the same when their labels are (ignoring case and spacing)."""
    labels, seen = [], set()
    for option in post_question.all_options:
        key = _label_key(option.label)
        if key not in seen:
            seen.add(key)
            labels.append((key, post_labels.get(option.id, option.label)))
    for option in pre_question.all_options:
        key = _label_key(option.label)
        if key not in seen:
            seen.add(key)
            labels.append((key, option.label))
    return labels


def counts_by_segment(survey, question_ids):
    """{segment: Counter of keys} for the named segments of ``survey``, limited to
    ``question_ids``, in three queries whatever the number of segments."""
    by_segment = {}
    responses = (
        Response.objects.filter(survey=survey)
        .exclude(segment="")
        .values("segment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in responses:
        by_segment.setdefault(row["segment"], Counter())[tallies.RESPONSES] = row["n"]
    answers = Answer.objects.filter(survey=survey, question__in=question_ids).exclude(
        response__segment=""
    )
    answered = (
        answers.values("response__segment", "question")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    for row in answered:
        counter = by_segment.setdefault(row["response__segment"], Counter())
        counter[(row["question"], tallies.ANSWERED, "", 0.0)] = row["n"]
    groups = (
        answers.values("response__segment", "question", "option", "row", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in groups:
        counter = by_segment.setdefault(row["response__segment"], Counter())
        number = float(row["number"]) if row["number"] is not None else 0.0
        counter[(row["question"], row["option"], row["row"], number)] += row["n"]
    return by_segment


def compare(pre_page, post_page, matches):
    """The comparisons of ``matches`` ([(pre number, post number)]) between the responses
    to ``pre_page`` and to ``post_page`` (labels in those pages' languages)."""
    pre_source, post_source = pre_page.source, post_page.source
    pre_structure, post_structure = pre_source.structure, post_source.structure
    pairs = []
    for pre_number, post_number in matches:
        pre_q = pre_structure.by_number.get(pre_number)
        post_q = post_structure.by_number.get(post_number)
        if pre_q is not None and post_q is not None:
            pairs.append((pre_q, post_q))
    pre_counts = tallies.stored_counts(pre_source.pk)
    post_counts = tallies.stored_counts(post_source.pk)
    pre_segments = counts_by_segment(pre_source, [pre_q.id for pre_q, _post_q in pairs])
    post_segments = counts_by_segment(post_source, [post_q.id for _pre_q, post_q in pairs])
    segments = sorted(set(pre_segments) | set(post_segments))
    shown_pre = pre_page.structure.by_id
    shown_post = post_page.structure.by_id
    comparisons = []
    for pre_q, post_q in pairs:
        shown_pre_q = shown_pre.get(pre_q.id, pre_q)
        shown_post_q = shown_post.get(post_q.id, post_q)
        comparison = Comparison(
            shown_pre_q,
            shown_post_q,
            "",
            pre_answered=pre_counts[(pre_q.id, tallies.ANSWERED, "", 0.0)],
            post_answered=post_counts[(post_q.id, tallies.ANSWERED, "", 0.0)],
        )
        if pre_q.kind in CHOICE_KINDS and post_q.kind in CHOICE_KINDS:
            post_labels = {option.id: option.label for option in shown_post_q.all_options}
            labels = _option_labels(pre_q, post_q, post_labels)
            comparison.kind = "choice"
            comparison.overall = compare_choice(pre_q, post_q, pre_counts, post_counts, labels)
            comparison.by_segment = [
                (
                    segment,
                    compare_choice(
                        pre_q,
                        post_q,
                        pre_segments.get(segment, Counter()),
                        post_segments.get(segment, Counter()),
                        labels,
                    ),
                )
                for segment in segments
            ]
        elif pre_q.kind in SCALE_KINDS and post_q.kind in SCALE_KINDS:
            comparison.kind = "mean"
            comparison.overall = compare_mean(pre_q, post_q, pre_counts, post_counts)
            comparison.by_segment = [
                (
                    segment,
                    compare_mean(
                        pre_q,
                        post_q,
                        pre_segments.get(segment, Counter()),
                        post_segments.get(segment, Counter()),
                    ),
                )
                for segment in segments
            ]
        else:
            comparison.problem = _(
                "These questions cannot be compared: only choice questions (shares of each "
                "option) and rating or number questions (means) can."
            )
        comparisons.append(comparison)
    return comparisons, segments, pre_counts[tallies.RESPONSES], post_counts[tallies.RESPONSES]
