"""Question import (CSV and JSON): every bad row reported with its number, nothing imported
then, garbage and oversized files refused with a clear message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses import services
from courses.models import (
    Question,
)
from tests.courses.factories import (
    all_domains,
)

pytestmark = pytest.mark.django_db


# --- Question import --------------------------------------------------------------------

CSV_HEADER = "domain,difficulty,type,stem,explanation,choices,correct\n"


def _upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data)


def test_csv_import_creates_questions_with_choices():
    all_domains()
    report = services.import_questions(
        file=_upload(
            "q.csv",
            CSV_HEADER + 'F,easy,single,What is QIDO-RS?,Search.,"Search|Store|Retrieve",1\n'
            "G,hard,multiple,Pick two,Both.,A|B|C,1|2\n",
        )
    )
    assert report.ok and report.imported == 2
    q = Question.objects.get(stem="Pick two")
    assert [c.is_correct for c in q.choices.order_by("sort_order")] == [True, True, False]


def test_csv_import_reports_every_bad_row_and_imports_nothing():
    all_domains()
    report = services.import_questions(
        file=_upload(
            "q.csv",
            CSV_HEADER
            + "F,easy,single,Good row,Fine.,A|B,1\n"
            + "Z,easy,single,Bad domain,x,A|B,1\n"
            + "F,easy,single,,x,A|B,1\n"
            + "F,easy,single,Two right,x,A|B,1|2\n"
            + "F,easy,single,No such choice,x,A|B,5\n",
        )
    )
    assert not report.ok
    assert Question.objects.count() == 0
    assert [e.split(":")[0] for e in report.errors] == ["Row 3", "Row 4", "Row 5", "Row 6"]
    assert "domain 'Z'" in report.errors[0]
    assert "stem is empty" in report.errors[1]
    assert "more than one correct" in report.errors[2]
    assert "correct refers to no choice: 5" in report.errors[3]


def test_json_import_validates_each_item():
    all_domains()
    good = {
        "domain": "F",
        "stem": "S",
        "explanation": "E",
        "choices": [{"text": "a", "correct": True}, {"text": "b"}],
    }
    report = services.import_questions(
        file=_upload("q.json", __import__("json").dumps([good, 3, {}]))
    )
    assert report.errors[0].startswith("Row 2: is not an object")
    assert report.errors[1].startswith("Row 3:")
    assert Question.objects.count() == 0
    assert services.import_questions(file=_upload("q.json", __import__("json").dumps([good]))).ok


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("q.csv", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("q.json", "{not json", "not valid"),
        ("q.json", '{"a": 1}', "must be a list"),
        ("q.csv", "a,b\n1,2\n", "header lacks"),
        ("q.txt", "hello", ".csv or .json"),
        ("q.csv", CSV_HEADER, "no questions"),
    ],
)
def test_import_garbage_gives_a_clear_error(name, data, message):
    report = services.import_questions(file=_upload(name, data))
    assert not report.ok and message in report.errors[0]


def test_import_refuses_files_over_one_megabyte():
    report = services.import_questions(file=_upload("q.csv", b"x" * (1024 * 1024 + 1)))
    assert report.errors == ["The file is larger than 1 MB."]
