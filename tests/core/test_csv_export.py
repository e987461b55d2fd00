"""core.csv_export: the one way reports are downloaded as CSV."""

import csv
import io

import pytest

from core.csv_export import csv_download, formula_safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("Sales", "Sales"),
        (None, ""),
        (3, "3"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(value, cell):
    assert formula_safe(value) == cell


def test_the_download_is_an_attachment_with_its_header_row():
    response, writer = csv_download("report-7.csv", ["name", "count"])
    writer.writerow(["Ada", 2])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report-7.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["name", "count"], ["Ada", "2"]]
