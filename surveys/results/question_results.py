"""The results of one question, by kind: what the page, the PDF and the charts show."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import charts
from .numbers import format_number
from .texts import Texts


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
