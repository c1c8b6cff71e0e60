"""Real DRG templates (../shared/corpus/mrrt/drg/) in a real browser: a trainee opens the
workspace of an exercise built on each of three very different ones (RSNA-editor groups,
a table layout with scripts in the body, attribute blocks split over two scripts), fills
a choice, a text box and a checkbox group, saves the draft and finds it again. Any
console error, page error, failed request or CSP violation fails the test."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from courses.exercises import services
from courses.exercises.models import ExercisePage, Submission
from tests.exercises.factories import make_exercise
from tests.factories import resident
from tests.support.corpus import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = [
    "development_html__hn__TNM_Hypopharynx.html",  # RSNA editor: span-wrapped groups
    "final__041807.4.1706140001-us_carotis.html",  # table layout, JavaScript in the body
    "final__041807.2.2104072101-ct_stroke_nativ.html",  # attributes split over 2 scripts
]


def _problems_listener(page, problems: list[str]) -> None:
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None
        ),
    )


def _signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("name", SAMPLE)
def test_a_trainee_fills_and_saves_a_real_drg_template(name, page, live_server):
    path = CORPUS / "mrrt" / "drg" / name
    if not path.is_file():
        pytest.skip("../shared/corpus is absent: no DRG templates to test against")
    template = services.import_template(
        html=path.read_bytes(), slug=re.sub(r"[^a-z0-9]+", "-", path.stem.lower())[:100]
    )
    exercise = make_exercise(title=f"DRG {template.title}")
    ExercisePage.objects.filter(pk=exercise.pk).update(report_template=template)
    case = exercise.cases.get()
    trainee = resident()
    fields = template.parsed["fields"]
    single = next(
        f for f in fields if f["type"] == "SELECTION_LIST" and not f["multiple"] and f["options"]
    )
    text = next(f for f in fields if f["type"] == "TEXT")
    group = next(
        (f for f in fields if f["type"] == "SELECTION_LIST" and f["multiple"]),
        None,
    )
    problems: list[str] = []
    _problems_listener(page, problems)
    _signed_in(page, live_server, trainee)

    page.goto(f"/exercises/{exercise.pk}/cases/{case.pk}/")
    form = page.locator("form.report-form")
    form.wait_for()
    for field in fields:
        assert form.locator(f'[name="{field["id"]}"]').count() >= 1, field["id"]
    choice = single["options"][-1]["value"]
    page.locator(f'select[name="{single["id"]}"]').select_option(choice)
    page.get_by_label(text["label"], exact=True).first.fill("Kein Befund")
    if group is not None:
        box = form.locator(f'input[name="{group["id"]}"][value="{group["options"][0]["value"]}"]')
        box.check()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()

    assert page.locator(f'select[name="{single["id"]}"]').input_value() == choice
    draft = Submission.objects.get(user=trainee, exercise=exercise)
    assert draft.values[single["id"]] == choice
    assert "Kein Befund" in draft.values.values()
    if group is not None:
        assert draft.values[group["id"]] == [group["options"][0]["value"]]
        assert form.locator(
            f'input[name="{group["id"]}"][value="{group["options"][0]["value"]}"]'
        ).is_checked()
    assert problems == []
