"""Question import: a CSV or JSON upload becomes questions of the bank, all rows or none."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from courses.models import Choice, Difficulty, Domain, Question, QuestionType
from courses.services.errors import CourseError


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_IMPORT_BYTES = 1024 * 1024


CSV_COLUMNS = ["domain", "difficulty", "type", "stem", "explanation", "choices", "correct"]


def _rows_from_file(name: str, data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CourseError(gettext("The file is not UTF-8 text.")) from error
    if name.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise CourseError(
                gettext("The JSON is not valid (line %(line)s).") % {"line": error.lineno}
            ) from error
        except (ValueError, RecursionError) as error:  # too deeply nested, or a huge number
            raise CourseError(
                gettext("The JSON is not valid (nested too deeply or a number too long).")
            ) from error
        if not isinstance(rows, list):
            raise CourseError(gettext("The JSON must be a list of question objects."))
        return rows
    if name.lower().endswith(".csv"):
        try:
            reader = csv.DictReader(io.StringIO(text))
            missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CourseError(
                    gettext("The CSV header lacks: %(columns)s.") % {"columns": ", ".join(missing)}
                )
            rows = []
            for raw in reader:
                row: dict[str, Any] = {k: (v or "").strip() for k, v in raw.items() if k}
                texts = [t.strip() for t in row.get("choices", "").split("|")]
                correct = {c.strip() for c in row.get("correct", "").split("|") if c.strip()}
                row["choices"] = [
                    {"text": t, "correct": str(i) in correct} for i, t in enumerate(texts, 1)
                ]
                row["_correct_raw"] = correct
                rows.append(row)
            return rows
        except csv.Error as error:
            raise CourseError(
                gettext("The CSV cannot be read: %(error)s.") % {"error": error}
            ) from error
    raise CourseError(gettext("Upload a .csv or .json file."))


def _validate_row(row: Any, domains: dict[str, Domain]) -> tuple[dict[str, Any] | None, list[str]]:
    if not isinstance(row, dict):
        return None, [gettext("is not an object")]
    problems = []
    letter = str(row.get("domain", "")).strip().upper()
    if letter not in domains:
        problems.append(
            gettext("domain '%(letter)s' is not one of %(letters)s")
            % {"letter": letter, "letters": ", ".join(sorted(domains))}
        )
    difficulty = str(row.get("difficulty", "medium")).strip().lower() or "medium"
    if difficulty not in Difficulty.values:
        problems.append(
            gettext("difficulty must be one of %(values)s")
            % {"values": ", ".join(Difficulty.values)}
        )
    qtype = str(row.get("type", "single")).strip().lower() or "single"
    if qtype not in QuestionType.values:
        problems.append(
            gettext("type must be one of %(values)s") % {"values": ", ".join(QuestionType.values)}
        )
    stem = str(row.get("stem", "")).strip()
    if not stem:
        problems.append(gettext("stem is empty"))
    explanation = str(row.get("explanation", "")).strip()
    if not explanation:
        problems.append(gettext("explanation is empty"))
    choices = row.get("choices")
    clean_choices: list[dict[str, Any]] = []
    if not isinstance(choices, list):
        problems.append(gettext("choices must be a list"))
    else:
        for c in choices:
            if not isinstance(c, dict) or not str(c.get("text", "")).strip():
                problems.append(gettext("every choice needs a text"))
                break
            if len(str(c["text"])) > 500:
                problems.append(gettext("a choice is longer than 500 characters"))
                break
            clean_choices.append(
                {"text": str(c["text"]).strip(), "is_correct": c.get("correct") is True}
            )
        raw = row.get("_correct_raw")  # set by the CSV reader only; a JSON key is ignored
        if isinstance(raw, set):
            bad = [c for c in raw if not c.isdigit() or not 1 <= int(c) <= len(clean_choices)]
            if bad:
                problems.append(
                    gettext("correct refers to no choice: %(numbers)s")
                    % {"numbers": ", ".join(sorted(bad))}
                )
        if len(clean_choices) < 2:
            problems.append(gettext("needs at least two choices"))
        n_correct = sum(c["is_correct"] for c in clean_choices)
        if n_correct == 0:
            problems.append(gettext("no choice is marked correct"))
        elif qtype == "single" and n_correct > 1:
            problems.append(gettext("a single-answer question has more than one correct choice"))
    if any("\x00" in t for t in (stem, explanation, *(c["text"] for c in clean_choices))):
        problems.append(gettext("contains a NUL character"))  # PostgreSQL text cannot hold one
    if problems:
        return None, problems
    return {
        "domain": domains[letter],
        "difficulty": difficulty,
        "type": qtype,
        "stem": stem,
        "explanation": explanation,
        "choices": clean_choices,
    }, []


def import_questions(*, file: UploadedFile) -> ImportReport:
    """Import questions from a CSV or JSON upload: all rows or none.

    CSV columns: domain (A-J), difficulty, type, stem, explanation, choices (separated
    by '|'), correct (choice numbers from 1, separated by '|'). JSON: a list of objects
    with the same keys and `choices` as [{"text": ..., "correct": true}].
    """
    report = ImportReport()
    if cast(int, file.size) > MAX_IMPORT_BYTES:  # an upload always knows its size
        report.errors.append(gettext("The file is larger than 1 MB."))
        return report
    try:
        rows = _rows_from_file(file.name or "", file.read())
    except CourseError as error:
        report.errors.append(str(error))
        return report
    if not rows:
        report.errors.append(gettext("The file has no questions."))
        return report
    domains = {d.letter: d for d in Domain.objects.all()}
    valid: list[dict[str, Any]] = []
    # CSV row 1 is the header, so data row i is line i + 1; JSON items count from 1.
    offset = 1 if (file.name or "").lower().endswith(".csv") else 0
    for number, row in enumerate(rows, start=1):
        clean, problems = _validate_row(row, domains)
        if problems:
            report.errors.append(
                gettext("Row %(number)s: %(problems)s.")
                % {"number": number + offset, "problems": "; ".join(problems)}
            )
        else:
            valid.append(cast(dict[str, Any], clean))  # no problems: a clean row
    if report.errors:
        return report
    with transaction.atomic():
        for item in valid:
            question = Question.objects.create(
                domain=item["domain"],
                difficulty=item["difficulty"],
                type=item["type"],
                stem=item["stem"],
                explanation=item["explanation"],
            )
            Choice.objects.bulk_create(
                Choice(question=question, sort_order=i, text=c["text"], is_correct=c["is_correct"])
                for i, c in enumerate(item["choices"])
            )
    report.imported = len(valid)
    return report
