"""The one CSV-injection guard: what a spreadsheet would read as a formula arrives as
text; numbers, dates and ordinary text arrive as they are. (Each export is also tested
through its endpoint with a learner who names themselves a formula.)"""

from __future__ import annotations

import datetime

import pytest

from config.csv_export import csv_download, safe_cell


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x")']
)
def test_text_that_starts_a_formula_is_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Dr Maria Rossi", "a=b", "", "'quoted"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_numbers_dates_and_none_are_written_as_values():
    assert safe_cell(-3) == -3
    assert safe_cell(0.5) == 0.5
    assert safe_cell(datetime.date(2026, 12, 1)) == "2026-12-01"
    assert safe_cell(None) == ""


def test_the_download_streams_header_and_rows_with_the_guard_applied():
    response = csv_download(
        filename="a b/../c.csv", header=["name", "n"], rows=iter([["=1+1", 2], ["Ann", -1]])
    )
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="a_b_.._c.csv"'
    body = b"".join(response.streaming_content).decode()
    assert body == "name,n\r\n'=1+1,2\r\nAnn,-1\r\n"
