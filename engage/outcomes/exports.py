"""The performance figures as CSV, on ``engage.core.exports.CsvExport`` (formulas
neutralised there): every figure of a period in one file (``FiguresCsvExport``), and any
one table (``TableCsvExport``). The values are the raw numbers (a share from 0 to 1, days
with their decimals) so a spreadsheet can compute with them; the unit and the cases each
was drawn from are columns of their own.
"""

from django.utils.translation import gettext as _

from engage.core.exports import CsvExport

from .metrics import MINIMUM_SAMPLE
from .performance import row_too_few, table_header


def _stem(prefix, period, neighborhood):
    stem = f"{prefix}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    return f"{stem}-{neighborhood.slug}" if neighborhood else stem


def unit_name(unit):
    return {
        "count": _("count"),
        "share": _("share (0 to 1)"),
        "days": _("days"),
        "hours": _("hours"),
        "rating": _("rating (1 to 5)"),
    }.get(unit, unit)


class FiguresCsvExport(CsvExport):
    """Every figure of the period, a row each, with the previous period's beside it."""

    def __init__(self, period, sections, previous_sections=(), neighborhood=None):
        self.period, self.neighborhood = period, neighborhood
        self.sections, self.previous_sections = sections, previous_sections

    def get_filename_stem(self):
        return _stem("performance-figures", self.period, self.neighborhood)

    def get_header(self):
        return [
            _("Section"),
            _("Figure"),
            _("Key"),
            _("Value"),
            _("Unit"),
            _("Cases"),
            _("Too few cases (under %(minimum)s)") % {"minimum": MINIMUM_SAMPLE},
            _("Previous period's value"),
            _("Previous period's cases"),
            _("Formula version"),
        ]

    def get_rows(self):
        before = {
            (section.key, figure.key): figure
            for section in self.previous_sections
            for figure in section.figures
        }
        for section in self.sections:
            for figure in section.figures:
                previous = before.get((section.key, figure.key))
                yield [
                    str(section.title),
                    str(figure.label),
                    f"{section.key}.{figure.key}",
                    figure.value,
                    unit_name(figure.unit),
                    figure.cases,
                    _("yes") if figure.too_few else _("no"),
                    previous.value if previous else None,
                    previous.cases if previous else None,
                    figure.version,
                ]


class TableCsvExport(CsvExport):
    """One table as it is on the page, its values raw; a row drawn from too few cases keeps
    its numbers (the file is for checking) and says so in its last column."""

    def __init__(self, period, section, table, neighborhood=None):
        self.period, self.neighborhood = period, neighborhood
        self.section, self.table = section, table

    def get_filename_stem(self):
        prefix = f"performance-{self.section.key}-{self.table.key}".replace("_", "-")
        return _stem(prefix, self.period, self.neighborhood)

    def get_header(self):
        header = table_header(self.table)
        if self.table.cases:
            too_few = _("Too few cases (under %(minimum)s)") % {"minimum": MINIMUM_SAMPLE}
            header += [_("Cases"), too_few]
        return [*header, _("Unit")]

    def get_rows(self):
        unit = unit_name(self.table.unit)
        for index, row in enumerate(self.table.rows):
            cells = [str(row[0]), *row[1:]]
            if self.table.cases:
                cases = self.table.cases[index] if index < len(self.table.cases) else None
                cells += [cases, _("yes") if row_too_few(self.table, index) else _("no")]
            yield [*cells, unit]
