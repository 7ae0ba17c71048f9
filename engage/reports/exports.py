"""Spreadsheet exports that cannot smuggle formulas into a staff member's spreadsheet.

Residents write report descriptions and addresses. A description such as
``=HYPERLINK("http://evil.example", "click")`` opened from a CSV file in Excel or
LibreOffice runs as a formula ("CSV injection"). Wagtail's built-in CSV export writes
values as they are, so every text value goes through :func:`neutralise` first: a value
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, which spreadsheet programs show as text and never evaluate.

The XLSX export is already safe: Wagtail writes every cell that openpyxl would take for
a formula as a plain string cell.

``neutralise`` itself lives in ``engage.core.exports``: every part's exports use it.
"""

from engage.core.exports import neutralise


class NeutralisingExportMixin:
    """For Wagtail's ``SpreadsheetExportMixin`` views: neutralise every CSV value."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
