"""Importing real MRRT templates on the site: refused only for errors (the profile's
shall-rules), imported with their warnings shown to the instructor, and rendered as a
fillable form in the trainee workspace. All 45 DRG templates go through the site."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse

from courses.exercises import services
from courses.exercises.models import ExercisePage, ReportTemplate, Submission
from tests.exercises.factories import make_exercise, upload
from tests.factories import instructor, resident
from tests.support.corpus import corpus_params, drg_templates

pytestmark = pytest.mark.django_db

SAMPLE_FIELDS = """<section data-section-name="Befund"><header>Befund</header>
<p>Herdgröße <input type="number" id="size" data-field-units="mm"> mm</p></section>"""


def _with_fields(source: str) -> str:
    """The Connectathon-style sample (which has no fields) with one unlabelled field."""
    return source.replace("</body>", SAMPLE_FIELDS + "</body>")


@pytest.fixture
def connectathon_sample():
    from tests.reporting.mrrt.helpers_mrrt import FIXTURES

    return (FIXTURES / "connectathon" / "ct-chest-abdomen.html").read_text(encoding="utf-8")


def test_a_template_with_only_warnings_is_imported_and_keeps_them(connectathon_sample):
    template = services.import_template(html=_with_fields(connectathon_sample), slug="ct-ca")
    codes = {p["code"] for p in template.problems}
    assert "section-id-missing" in codes
    assert all(p["severity"] == "warning" for p in template.problems)
    assert template.parsed["fields"][0]["label"] == "Herdgröße"


def test_a_template_with_an_error_is_refused_with_structured_problems(connectathon_sample):
    doubled = _with_fields(connectathon_sample).replace(
        "<coded_content> </coded_content>", "<coded_content/><coded_content/>"
    )
    with pytest.raises(services.TemplateImportError) as refused:
        services.import_template(html=doubled, slug="doubled")
    error = refused.value
    assert "1 error" in error.message
    assert error.details == [
        "template_attributes holds 2 coded_content elements; MRRT allows exactly one "
        "(coded_content)"
    ]
    assert {"severity": "error", "code": "coded-content-count"}.items() <= error.problems[0].items()
    assert not ReportTemplate.objects.filter(slug="doubled").exists()


def test_the_instructor_sees_the_warnings_after_importing(login_as, connectathon_sample):
    client = login_as(instructor())
    response = client.post(
        reverse("exercise-template-import"),
        {"slug": "ct-ca", "file": upload(_with_fields(connectathon_sample).encode(), "ct.html")},
        follow=True,
    )
    template = ReportTemplate.objects.get(slug="ct-ca")
    assert response.redirect_chain[-1][0] == reverse(
        "exercise-template", kwargs={"template_id": template.pk}
    )
    page = response.content.decode()
    assert "imported with 2 warnings" in page
    assert "section-id-missing" in page and "Herdgröße" in page
    manage = client.get(reverse("exercise-manage")).content.decode()
    assert reverse("exercise-template", kwargs={"template_id": template.pk}) in manage


def test_the_instructor_sees_why_a_template_is_refused(login_as, connectathon_sample):
    client = login_as(instructor())
    scripts = _with_fields(connectathon_sample).replace(
        '<script type="text/xml">', '<script></script><script type="text/xml">'
    )
    response = client.post(reverse("exercise-template-import"), {"slug": "x", "html": scripts})
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    assert "Errors the MRRT profile does not allow" in page
    assert "MRRT allows exactly one script there" in page
    assert not ReportTemplate.objects.filter(slug="x").exists()


def _fill(field: dict) -> str | list[str] | None:
    """A value a trainee could type or pick for the field (None: leave it empty)."""
    kind = field["type"]
    if kind == "SELECTION_LIST":
        if not field["options"]:
            return None
        first = field["options"][0]["value"]
        return [first] if field["multiple"] else first
    if kind == "NUMBER":
        low, high = field["min"], field["max"]
        if low is not None and high is not None and low > high:
            return None  # no value fits (a warning of the template)
        return f"{low if low is not None else (high if high is not None else 1):g}"
    if kind == "CHECKBOX":
        return "on"
    if kind == "DATE":
        return "2024-01-02"
    if kind == "TIME":
        return "10:30"
    return "Befundtext"


@pytest.fixture
def workspace_exercise():
    return make_exercise()


@pytest.mark.parametrize("path", corpus_params(drg_templates()))
def test_every_drg_template_imports_and_is_a_fillable_form_in_the_workspace(
    path, workspace_exercise, login_as
):
    template = services.import_template(
        html=path.read_bytes(), slug=re.sub(r"[^a-z0-9]+", "-", path.stem.lower())[:100]
    )
    assert all(p["severity"] == "warning" for p in template.problems)
    ExercisePage.objects.filter(pk=workspace_exercise.pk).update(report_template=template)
    case = workspace_exercise.cases.get()
    url = reverse(
        "exercise-case", kwargs={"exercise_id": workspace_exercise.pk, "case_id": case.pk}
    )
    client = login_as(resident())

    page = client.get(url)

    assert page.status_code == 200
    body = html_lib.unescape(page.content.decode())
    fields = template.parsed["fields"]
    for field in fields:
        assert f'name="{field["id"]}"' in body, field["id"]
        assert field["label"] in body, field["id"]
    values = {f["id"]: v for f in fields if (v := _fill(f)) is not None}
    saved = client.post(url, {**values, "action": "save"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    draft = Submission.objects.get(exercise=workspace_exercise, case=case)
    assert set(draft.values) == set(values)
