"""Spreadsheet exports that cannot smuggle formulas into a staff member's spreadsheet.

Residents write the text staff export (report descriptions, idea titles, addresses). A
value such as ``=HYPERLINK("http://evil.example", "click")`` opened from a CSV file in
Excel or LibreOffice runs as a formula ("CSV injection"). Every text cell of an export
goes through :func:`neutralise`: a value that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading apostrophe, which spreadsheet programs show as
text and never evaluate.

:func:`streaming_csv_response` writes rows as they come (from a queryset's
``iterator()``), so an export of any size is sent without holding it in memory.
"""

import csv

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
UTF8_BOM = "\ufeff"


def neutralise(value):
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula.

    Only text is touched: numbers, dates and ``None`` pass through unchanged (a negative
    number is a number, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose ``write`` hands back what it is given (for csv.writer)."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The lines of a CSV file, one string each: BOM and header first, every cell neutralised."""
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow([str(cell) for cell in header])
    for row in rows:
        yield writer.writerow(["" if cell is None else neutralise(cell) for cell in row])


def streaming_csv_response(filename, header, rows):
    """A CSV download streamed line by line; ``rows`` may be any iterable (a generator)."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
