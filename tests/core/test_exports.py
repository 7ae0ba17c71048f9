"""The export bases every part's downloads stand on: formulas neutralised once, here."""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils import timezone

from engage.core.exports import CsvExport, NeutralisingSpreadsheetExportMixin, csv_lines


class PlacesExport(CsvExport):
    filename_stem = "places"

    def __init__(self, places):
        self.places = places
        self.read = 0

    def get_header(self):
        return ["Name", "=Count"]

    def get_rows(self):
        for name, count in self.places:
            self.read += 1
            yield [name, count]


def read(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_csv_export_streams_a_named_file_with_every_cell_neutralised():
    export = PlacesExport([("=HYPERLINK(1)", 3), ("Main St", -2), (None, None)])

    response = export.response()

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="places-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    assert read(response) == [
        ["Name", "'=Count"],
        ["'=HYPERLINK(1)", "3"],
        ["Main St", "-2"],  # a negative number is a number, not a formula
        ["", ""],
    ]


def test_a_csv_export_reads_its_rows_only_while_the_response_streams():
    export = PlacesExport([("A", 1), ("B", 2)])
    response = export.response()
    assert export.read == 0
    read(response)
    assert export.read == 2


def test_the_file_name_stem_may_be_worked_out():
    class Named(PlacesExport):
        def get_filename_stem(self):
            return "survey-responses"

    assert Named([]).get_filename().startswith("survey-responses-")


def test_headings_are_neutralised_like_cells():
    assert next(csv_lines(["@who", "+1", "Fine"], [])) == "\ufeff'@who,'+1,Fine\r\n"


class FakeSpreadsheetView:
    """What the mixin needs of Wagtail's SpreadsheetExportMixin."""

    FORMAT_CSV = "csv"

    def preprocess_field_value(self, field, value, export_format):
        return value


class NeutralisingView(NeutralisingSpreadsheetExportMixin, FakeSpreadsheetView):
    pass


def test_a_wagtail_list_export_neutralises_each_csv_value():
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "count"])
    NeutralisingView().write_csv_row(writer, {"title": "-2+3", "count": -5})
    assert out.getvalue() == "'-2+3,-5\r\n"
