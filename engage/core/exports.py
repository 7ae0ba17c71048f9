"""Spreadsheet exports that cannot smuggle formulas into a staff member's spreadsheet.

Residents write the text staff export (report descriptions, idea titles, addresses). A
value such as ``=HYPERLINK("http://evil.example", "click")`` opened from a CSV file in
Excel or LibreOffice runs as a formula ("CSV injection"). Every text cell of an export
goes through :func:`neutralise`: a value that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading apostrophe, which spreadsheet programs show as
text and never evaluate.

:func:`streaming_csv_response` writes rows as they come (from a queryset's
``iterator()``), so an export of any size is sent without holding it in memory.

Every part's exports stand on two bases here, so that neutralising is written once:

- :class:`CsvExport`, for a part's own CSV download: a subclass gives the header, the
  rows and the file name's stem; :meth:`CsvExport.response` streams the file, header and
  cells neutralised, named ``<stem>-<today>.csv``.
- :class:`NeutralisingSpreadsheetExportMixin`, for a Wagtail admin list with
  ``list_export`` (``SpreadsheetExportMixin``): Wagtail's CSV writes values as they are,
  so the mixin neutralises each one. Wagtail's XLSX export is already safe: it writes
  every cell openpyxl would take for a formula as a plain string cell.

Both record the download in the audit trail (``engage.export``, on the account of the
person who downloaded it, ``engage.core.audit``): who took which file, when. A download
from the Wagtail admin knows its person from Wagtail's log context; a staff screen outside
the admin passes ``user`` to :meth:`CsvExport.response`. A PDF of staff's (a survey's
results, the monthly report, a roster) is recorded by its view with :func:`record_pdf`
once it is rendered. Open data downloaded by anyone (the transparency page's tables, the
published monthly report) has no person and is not recorded.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from wagtail.log_actions import get_active_log_context

from . import audit

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
    """The lines of a CSV file, one string each: BOM and header first, every cell neutralised.

    Headings are neutralised too: some are written by staff (a survey's questions).
    """
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow([neutralise(str(cell)) for cell in header])
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


class CsvExport:
    """A part's CSV download: header and rows, streamed, every cell neutralised.

    A subclass sets ``filename_stem`` (or overrides :meth:`get_filename_stem`) and
    implements :meth:`get_header` and :meth:`get_rows`. Both are called when
    :meth:`response` is, in the language of the request, so labels must be turned into
    strings there; the rows themselves may be a generator that reads the database only
    while the response streams.
    """

    filename_stem = "export"

    def get_filename_stem(self):
        return self.filename_stem

    def get_filename(self):
        """``<stem>-<today>.csv``, today in the site's time zone."""
        return f"{self.get_filename_stem()}-{timezone.localdate():%Y-%m-%d}.csv"

    def get_header(self):
        raise NotImplementedError

    def get_rows(self):
        raise NotImplementedError

    def response(self, user=None):
        filename = self.get_filename()
        record_export(user, export=self.get_filename_stem(), filename=filename, file_format="CSV")
        return streaming_csv_response(filename, self.get_header(), self.get_rows())


def query_filters(query):
    """The filters of a list as a request's query names them (``export`` aside): one value
    each, or the list of them when the same name is given more than once."""
    return {
        key: values if len(values) > 1 else values[0]
        for key, values in query.lists()
        if key != "export"
    }


def record_pdf(request, *, filename, export=None):
    """Write the audit entry of a PDF a signed-in person downloaded, with the filters of
    the page it was printed from; ``export`` names it (default: the file's name)."""
    return record_export(
        request.user,
        export=export or filename.removesuffix(".pdf"),
        filename=filename,
        file_format="PDF",
        filters=query_filters(request.GET),
    )


def record_export(user, *, export, filename, file_format, filters=None):
    """Write the audit entry of a download by ``user`` (default: the admin's current user)."""
    user = user or get_active_log_context().user
    if user is None or not user.is_authenticated:
        return None
    data = {"export": export, "filename": filename, "format": file_format}
    if filters:
        data["filters"] = filters
    return audit.record(user, "engage.export", user=user, data=data)


class NeutralisingSpreadsheetExportMixin:
    """For Wagtail's ``SpreadsheetExportMixin`` views (admin lists): neutralise every CSV
    value, and record the download in the audit trail."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record_export(
            self.request.user,
            export=self.get_filename(),
            filename=f"{self.get_filename()}.{spreadsheet_format}",
            file_format=spreadsheet_format.upper(),
            filters=query_filters(self.request.GET),
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
