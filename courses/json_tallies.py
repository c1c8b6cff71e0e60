"""Counting inside JSON columns in the database, not in Python.

Quiz attempts keep their per-question results as a JSON object and graded reports their
per-field feedback as a JSON list. The instructor's statistics and the gradebook tally
those over every learner; loading every attempt to count in Python grows with the
cohort, so the database expands the JSON (``jsonb_each`` / ``jsonb_array_elements`` on
PostgreSQL, ``json_each`` on SQLite) and returns one row per question or field.
"""

from __future__ import annotations

import json

from django.db import connection

# The tables are named literally so that every statement is a constant string; the tests
# run these statements, so a renamed table fails them.
_QUIZ_PG = (
    "SELECT r.key, SUM(CASE WHEN r.value = 'true'::jsonb THEN 1 ELSE 0 END), COUNT(*) "
    "FROM courses_quizattempt a CROSS JOIN LATERAL jsonb_each(a.results) r "
    "WHERE a.lesson_id = ANY(%s) GROUP BY r.key"
)
_QUIZ_SQLITE = (
    "SELECT r.key, SUM(CASE WHEN r.type = 'true' THEN 1 ELSE 0 END), COUNT(*) "
    "FROM courses_quizattempt a, json_each(a.results) r "
    "WHERE a.lesson_id IN (SELECT value FROM json_each(%s)) GROUP BY r.key"
)
_MISSED_PG = (
    "SELECT e.value ->> 'field', COUNT(*) "
    "FROM exercises_graderesult g JOIN exercises_submission s ON s.id = g.submission_id "
    "CROSS JOIN LATERAL jsonb_array_elements("
    "CASE WHEN jsonb_typeof(g.feedback) = 'array' THEN g.feedback ELSE '[]'::jsonb END) e "
    "WHERE s.exercise_id = %s AND s.status <> %s "
    "AND (e.value -> 'correct') IS DISTINCT FROM 'true'::jsonb "
    "GROUP BY 1"
)
_MISSED_SQLITE = (
    "SELECT json_extract(e.value, '$.field'), COUNT(*) "
    "FROM exercises_graderesult g JOIN exercises_submission s ON s.id = g.submission_id, "
    "json_each(CASE WHEN json_type(g.feedback) = 'array' THEN g.feedback ELSE '[]' END) e "
    "WHERE s.exercise_id = %s AND s.status <> %s "
    "AND COALESCE(json_type(e.value, '$.correct'), 'null') <> 'true' "
    "GROUP BY 1"
)


def quiz_result_tallies(*, lesson_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{question id: (correct answers, answers)} over every quiz attempt in the lessons."""
    if not lesson_ids:
        return {}
    if connection.vendor == "postgresql":
        sql, params = _QUIZ_PG, [list(lesson_ids)]
    else:
        sql, params = _QUIZ_SQLITE, [json.dumps(list(lesson_ids))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    tallies: dict[int, tuple[int, int]] = {}
    for key, correct, total in rows:
        if str(key).isdigit():
            tallies[int(key)] = (int(correct), int(total))
    return tallies


def missed_field_counts(*, exercise_id: int, excluded_status: str) -> dict[str, int]:
    """{field id: graded reports that got it wrong} for the exercise's submissions."""
    sql = _MISSED_PG if connection.vendor == "postgresql" else _MISSED_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql, [exercise_id, excluded_status])
        return {str(field): int(n) for field, n in cursor.fetchall() if field is not None}
