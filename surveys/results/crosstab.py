"""One choice question counted against another, in one query."""

from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q
from django.utils.translation import gettext as _

from .. import charts
from ..questions import CHOICE_KINDS
from .numbers import Bar, share
from .summary import responses_for


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
