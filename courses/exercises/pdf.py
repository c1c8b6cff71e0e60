"""The trainee's report as PDF (ReportLab): fields and values, then score and feedback."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from config import pdf_fonts
from config.pdf_fonts import SANS, SANS_BOLD
from courses.exercises.models import Submission


def _p(text: Any, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def report_pdf(submission: Submission, context: dict[str, Any]) -> bytes:
    pdf_fonts.register()
    styles = getSampleStyleSheet()
    styles["BodyText"].fontName = SANS
    styles["Title"].fontName = styles["Heading2"].fontName = SANS_BOLD
    body = styles["BodyText"]
    exercise = context["exercise"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=gettext("Report: %(title)s") % {"title": exercise.title},
        author=gettext("Imaging Informatics Academy"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    story: list[Any] = [
        _p(exercise.title, styles["Title"]),
        _p(gettext("Case: %(case)s") % {"case": submission.case.title}, body),
        _p(
            gettext("Trainee: %(name)s, attempt %(attempt)s")
            % {"name": submission.user.name, "attempt": submission.attempt},
            body,
        ),
        _p(gettext("Status: %(status)s") % {"status": submission.get_status_display()}, body),
        Spacer(1, 6 * mm),
        _p(gettext("Report"), styles["Heading2"]),
    ]
    fields = exercise.report_template.parsed.get("fields", [])
    rows = [[_p(gettext("Field"), body), _p(gettext("Value"), body)]]
    for spec in fields:
        value = submission.values.get(spec["id"])
        if value is None:
            continue
        options = {o["value"]: o["label"] for o in spec.get("options", [])}
        if isinstance(value, list):
            shown = ", ".join(options.get(v, v) for v in value)
        elif isinstance(value, str):
            shown = options.get(value, value)
        else:
            shown = f"{value:g} {spec.get('units') or ''}" if isinstance(value, float) else value
        rows.append([_p(spec.get("label") or spec["id"], body), _p(shown, body)])
    table = Table(rows, colWidths=[70 * mm, 100 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    result = context.get("result")
    if result is not None:
        story += [
            Spacer(1, 6 * mm),
            _p(gettext("Grade"), styles["Heading2"]),
            _p(
                (
                    gettext(
                        "Score %(score)s%% (%(points)s of %(possible)s points); "
                        "pass mark %(pass_mark)s%%: passed."
                    )
                    if result.passed
                    else gettext(
                        "Score %(score)s%% (%(points)s of %(possible)s points); "
                        "pass mark %(pass_mark)s%%: not passed."
                    )
                )
                % {
                    "score": round(result.score * 100),
                    "points": f"{result.points:g}",
                    "possible": f"{result.possible:g}",
                    "pass_mark": round(result.pass_mark * 100),
                },
                body,
            ),
        ]
        headings = (
            gettext("Field"),
            gettext("Given"),
            gettext("Expected"),
            gettext("Points"),
            gettext("Why"),
        )
        rows = [[_p(h, body) for h in headings]]
        for row in context["rows"]:
            rows.append(
                [
                    _p(row["label"], body),
                    _p(row["given"], body),
                    _p(row["expected"], body),
                    _p(f"{row['points']:g}/{row['possible']:g}", body),
                    _p(
                        row["why"]
                        + (
                            " " + gettext("Source: %(source)s") % {"source": row["source"]}
                            if row["source"]
                            else ""
                        ),
                        body,
                    ),
                ]
            )
        table = Table(rows, colWidths=[35 * mm, 28 * mm, 28 * mm, 17 * mm, 66 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    elif submission.status == "graded":
        story += [Spacer(1, 6 * mm), _p(gettext("Feedback is not available yet."), body)]
    doc.build(story)
    return buffer.getvalue()
