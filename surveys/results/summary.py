"""The results of every question of a survey, from one ``Counter`` of keys (see
``surveys.tallies``): the stored tallies when no filter is set (a few hundred rows, however
many responses), or the daily tallies of the filtered days, neighborhood and segment added
up by the database."""

from collections import Counter

from django.http import QueryDict

from .. import tallies
from ..models import Answer, Response
from ..questions import CHOICE_KINDS, OTHER
from .numbers import (
    Bar,
    format_number,
    mean_from_counts,
    median_from_counts,
    number_ranges,
    share,
)
from .question_results import (
    ChoiceResult,
    DateResult,
    MatrixResult,
    MatrixRow,
    RankedOption,
    RankingResult,
    ScaleResult,
    TextResult,
)
from .texts import TEXTS_PER_PAGE, text_page

TEXT_KINDS = {"short_text", "long_text"}
SCALE_KINDS = {"rating", "number"}

# A number question with more different values than this is shown in ranges.
MAX_DISTINCT_VALUES = 15


def responses_for(survey, filters):
    return Response.objects.filter(survey=survey).filtered(**filters)


def counts_for(survey, filters, question_ids=None):
    """The tallies when nothing is filtered, else the daily tallies of the filter's days,
    neighborhood and segment added up (the same keys the database would count over the
    matching answers, from a few hundred rows a day)."""
    if not filters:
        return tallies.stored_counts(survey.pk)
    return tallies.rolled_up_counts(survey.pk, filters, question_ids)


class Builder:
    """Builds the results of every question of ``page`` (labels in its language) from the
    responses of its source survey that match ``filters``."""

    def __init__(
        self, page, filters=None, *, params=None, texts_per_page=TEXTS_PER_PAGE, texts=True
    ):
        self.page = page
        self.show_texts = texts
        self.survey = page.source
        self.filters = filters or {}
        self.params = params if params is not None else QueryDict()
        self.texts_per_page = texts_per_page
        self.counts = counts_for(
            self.survey, self.filters, [question.id for question in page.structure.questions]
        )
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
            return TextResult(**base, texts=self.texts(question) if self.show_texts else None)
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
        if question.allow_other and self.show_texts:
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
            bars = [Bar(label, count, share(count, n)) for label, count in number_ranges(values)]
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
        # The filter's days on the answers' own date, so that their indexes narrow to them.
        answers = Answer.objects.filter(survey=self.survey, question=question.id)
        return answers.filtered(**self.filters)

    def texts(self, question, *, option=None):
        # Every stored text and "Other" has a text, so the counts already say how many.
        count = self.counts[(question.id, OTHER if option else tallies.ANSWERED, "", 0.0)]
        return text_page(
            self.answers(question),
            question,
            option=option,
            params=self.params,
            per_page=self.texts_per_page,
            count=count,
            dated=not self.survey.anonymous,
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


def survey_results(page, filters=None, *, params=None, texts_per_page=TEXTS_PER_PAGE, texts=True):
    """``(number of responses, [result per question])`` for ``page`` under ``filters``;
    ``texts``: whether the typed answers themselves are read (else only their counts)."""
    builder = Builder(page, filters, params=params, texts_per_page=texts_per_page, texts=texts)
    return builder.responses, builder.results()
