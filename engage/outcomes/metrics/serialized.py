"""The figures as plain JSON data and back: how a monthly snapshot freezes them and how the
figures prepared ahead for the pages are kept (``Section``, ``Figure`` and ``Table`` as
dictionaries; numbers stay numbers, text is text)."""

import datetime
import json
from decimal import Decimal

from . import Figure, Section, Table


def _plain(value):
    """A value JSON can hold, read back the same: numbers stay numbers, text is text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def section_data(section):
    return {
        "key": section.key,
        "title": str(section.title),
        "figures": [
            {
                "key": figure.key,
                "label": str(figure.label),
                "value": _plain(figure.value),
                "unit": figure.unit,
                "cases": figure.cases,
                "version": figure.version,
            }
            for figure in section.figures
        ],
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "columns": [str(column) for column in table.columns],
                "rows": [[_plain(cell) for cell in row] for row in table.rows],
                "cases": [_plain(cases) for cases in table.cases],
                "unit": table.unit,
            }
            for table in section.tables
        ],
    }


def section_from_data(data):
    return Section(
        key=data["key"],
        title=data["title"],
        figures=[Figure(**figure) for figure in data["figures"]],
        tables=[
            Table(
                key=table["key"],
                title=table["title"],
                columns=tuple(table["columns"]),
                rows=tuple(tuple(row) for row in table["rows"]),
                cases=tuple(table["cases"]),
                unit=table["unit"],
            )
            for table in data["tables"]
        ],
    )


def canonical_json(data):
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
