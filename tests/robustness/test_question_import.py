"""CSV and JSON question imports through the instructor's import view: never a 500,
one message per bad row, and all rows or none (Question and Choice counts unchanged when
any row is bad)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from courses.models import Choice, Question
from courses.services import CSV_COLUMNS
from tests.courses.factories import all_domains
from tests.factories import instructor
from tests.robustness.conftest import assert_not_server_error, bounded

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}
# A row that can never be valid: there is no domain Z and it has no choices.
BAD_ROW = {"domain": "Z", "difficulty": "medium", "type": "single", "stem": "", "choices": []}


@pytest.fixture
def instructor_client(login_as):
    all_domains()
    return login_as(instructor())


def loose_text(max_size: int = 30):
    return st.text(max_size=max_size) | st.sampled_from(
        ["", " ", "<script>alert('xss-robust')</script>", "=cmd|' /C calc'!A0", "\u202e", "é|ü"]
    )


def some_text(max_size: int = 60):
    """Non-blank text of any unicode (NUL, RTL marks, markup included)."""
    return st.text(min_size=1, max_size=max_size).filter(lambda t: t.strip() and "|" not in t)


@st.composite
def valid_row(draw) -> dict:
    """A question the importer must accept (any unicode in its texts)."""
    qtype = draw(st.sampled_from(["single", "multiple"]))
    n = draw(st.integers(2, 5))
    right = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=1 if qtype == "single" else n))
    return {
        "domain": draw(st.sampled_from(list("ABCDEFGHIJabcdefghij"))),
        "difficulty": draw(st.sampled_from(["easy", "medium", "hard", "Hard "])),
        "type": qtype,
        "stem": draw(some_text(300) | st.just("<script>alert('xss-robust')</script>")),
        "explanation": draw(some_text()),
        "choices": [{"text": draw(some_text(40)), "correct": i in right} for i in range(n)],
    }


@st.composite
def loose_row(draw) -> dict:
    """A JSON-shaped question, often wrong in one or more ways."""
    n = draw(st.integers(0, 6))
    choices = [
        {"text": draw(loose_text()), "correct": draw(st.booleans() | st.none() | st.just("yes"))}
        for _ in range(n)
    ]
    row = {
        "domain": draw(st.sampled_from(list("ABCDEFGHIJ")) | loose_text(3) | st.integers()),
        "difficulty": draw(st.sampled_from(["easy", "medium", "hard", "", "HARD"]) | loose_text()),
        "type": draw(st.sampled_from(["single", "multiple", ""]) | loose_text()),
        "stem": draw(loose_text(200) | st.integers() | st.none()),
        "explanation": draw(loose_text(200) | st.none()),
        "choices": draw(
            st.just(choices) | st.none() | st.text(max_size=10) | st.lists(st.integers())
        ),
    }
    drop = draw(st.sets(st.sampled_from(sorted(row)), max_size=2))
    extra = draw(
        st.dictionaries(
            st.sampled_from(["id", "_correct_raw", "correct", "tags", "Domain"]),
            st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=3),
            max_size=2,
        )
    )
    return {k: v for k, v in row.items() if k not in drop} | extra


def as_json(rows: list) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def as_csv(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        choices = row.get("choices") if isinstance(row.get("choices"), list) else []
        cells = {
            **{k: "" if v is None else str(v) for k, v in row.items()},
            "choices": "|".join(str(c.get("text", "")) for c in choices if isinstance(c, dict)),
            "correct": "|".join(
                str(i)
                for i, c in enumerate(choices, 1)
                if isinstance(c, dict) and c.get("correct") is True
            ),
        }
        writer.writerow([cells.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def columns():
    """Usually the documented header, sometimes missing, extra, or shuffled columns."""
    return st.one_of(
        st.just(CSV_COLUMNS),
        st.just(CSV_COLUMNS),
        st.permutations(CSV_COLUMNS),
        st.lists(st.sampled_from([*CSV_COLUMNS, "extra", "", "Stem"]), max_size=9),
    )


@st.composite
def import_file(draw) -> tuple[str, bytes, int | None]:
    """(file name, bytes, 1-based number of a row that is certainly bad, or None)."""
    rows = draw(st.lists(valid_row() | valid_row() | loose_row(), max_size=6))
    bad_at = None
    if draw(st.booleans()):
        bad_at = draw(st.integers(0, len(rows)))
        rows.insert(bad_at, dict(BAD_ROW))
    kind = draw(st.sampled_from(["csv", "json"]))
    if kind == "json":
        data = as_json(rows)
    else:
        header = draw(columns())
        data = as_csv(rows, header)
        if header != CSV_COLUMNS and sorted(header) != sorted(CSV_COLUMNS):
            bad_at = None  # the header is refused before any row is read
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "latin-1", "utf-16", "bin"]))
    if encoding != "utf-8":
        text = data.decode("utf-8")
        if encoding == "bin":
            data = data + draw(st.binary(min_size=1, max_size=40))
        else:
            data = text.encode(encoding, "replace")
        bad_at = None  # may be refused as a whole (not UTF-8 / garbled)
    return f"questions.{kind}", data, bad_at


def post_file(client, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("question-import"), {"file": upload}, **HOST)


def counts() -> tuple[int, int]:
    return Question.objects.count(), Choice.objects.count()


def check_import(client, name: str, data: bytes, bad_at: int | None) -> None:
    before = counts()
    response = post_file(client, name, data)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert bad_at is None
        added = Question.objects.order_by("-pk")[: counts()[0] - before[0]]
        assert counts()[0] > before[0]
        for question in added:
            assert "\x00" not in question.stem + question.explanation
            assert question.choices.count() >= 2
            assert question.choices.filter(is_correct=True).exists()
        Question.objects.filter(pk__in=[q.pk for q in added]).delete()
        assert counts() == before
        return
    assert response.status_code == 400
    assert counts() == before, "nothing is half-saved when any row is bad"
    html = response.content.decode()
    report = response.context["report"]
    form = response.context["form"]
    errors = list(report.errors) if report else [m for e in form.errors.values() for m in e]
    assert errors, "a refused import must say why"
    for message in errors:
        event(f"refused: {message[:30]}")
        assert escape(message) in html
    if bad_at is not None:
        offset = 1 if name.endswith(".csv") else 0
        assert any(m.startswith(f"Row {bad_at + 1 + offset}:") for m in errors), errors
    assert "<script>alert('xss-robust')" not in html


@bounded(70)
@given(spec=import_file())
def test_random_imports_are_all_or_nothing(instructor_client, spec):
    check_import(instructor_client, *spec)


@bounded(30)
@given(data=st.binary(max_size=400), name=st.sampled_from(["q.csv", "q.json", "q.txt", "q"]))
def test_random_bytes_are_refused_cleanly(instructor_client, data, name):
    check_import(instructor_client, name, data, None)


DEEP_JSON = b"[" * 200_000 + b"]" * 200_000
HUGE_NUMBER = b'[{"domain": ' + b"9" * 5000 + b"}]"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("q.json", b"", "empty"),
        ("q.json", b"{}", "must be a list"),
        ("q.json", b"[1, 2]", "Row 1: is not an object"),
        ("q.json", '[{"stem": "caf\u00e9"}]'.encode("latin-1"), "not UTF-8"),
        ("q.csv", "domain;stem\nF;x".encode("utf-16"), "not UTF-8"),
        ("q.csv", b"domain,stem\nF,x\n", "header lacks"),
        ("q.json", DEEP_JSON, "JSON is not valid"),
        ("q.json", HUGE_NUMBER, "JSON is not valid"),
        ("q.json", b'[{"_correct_raw": 5}]', "Row 1"),
        ("q.json", b'[{"_correct_raw": [1, "x"], "choices": []}]', "Row 1"),
        ("q.json", b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
    ],
    ids=[
        "empty",
        "object",
        "numbers",
        "latin-1",
        "utf-16",
        "wrong-columns",
        "deep-nesting",
        "huge-number",
        "internal-key-int",
        "internal-key-list",
        "too-large",
    ],
)
def test_named_bad_imports_get_a_clear_message(instructor_client, name, data, message):
    before = counts()
    response = post_file(instructor_client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_a_huge_but_valid_field_imports_or_is_refused_per_row(instructor_client):
    good = {
        "domain": "F",
        "stem": "S" * 600_000,
        "explanation": "E",
        "choices": [{"text": "a", "correct": True}, {"text": "b" * 501}],
    }
    before = counts()
    response = post_file(instructor_client, "q.json", as_json([good]))
    assert response.status_code == 400
    assert "Row 1: a choice is longer than 500 characters" in response.content.decode()
    assert counts() == before
