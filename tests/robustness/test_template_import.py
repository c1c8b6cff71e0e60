"""MRRT HTML through the instructor's template-import form: random and mutated HTML is
refused with its messages (never a 500) and nothing is saved for an invalid template."""

from __future__ import annotations

from functools import cache
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from courses.exercises.models import ReportTemplate
from reporting.mrrt import shipped_template_ids, shipped_template_path
from tests.factories import instructor
from tests.robustness.conftest import assert_not_server_error, bounded

pytestmark = pytest.mark.django_db

_slugs = count()

BROKEN_MARKUP = [
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "<section",
    "</section>",
    "<select id='x' multiple>",
    "</select>",
    "<option value=>",
    "<input type=number min=x max=1e999 step=nan id=>",
    "<label for='nowhere'>",
    "<script type='text/xml'>",
    "</script>",
    "<template_attributes>",
    "</template_attributes>",
    "<textarea>",
    "<![CDATA[",
    "]]>",
    "&#0;",
    "&#xD800;",
    "&amp",
    "\x00",
    "\ufeff",
    "\u202e",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<meta charset=utf-16>",
    "<script>alert('xss-robust')</script>",
]


@cache
def shipped_sources() -> tuple[str, ...]:
    return tuple(shipped_template_path(i).read_text("utf-8") for i in shipped_template_ids())


@st.composite
def mutated_template(draw) -> str:
    text = draw(st.sampled_from(shipped_sources()))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "tag", "unicode"]))
        pos = draw(st.integers(0, len(text)))
        width = draw(st.integers(1, 400))
        if action == "delete":
            text = text[:pos] + text[pos + width :]
        elif action == "duplicate":
            text = text[:pos] + text[pos : pos + width] + text[pos:]
        elif action == "replace":
            text = text[:pos] + draw(st.text(max_size=30)) + text[pos + width :]
        elif action == "tag":
            text = text[:pos] + draw(st.sampled_from(BROKEN_MARKUP)) + text[pos:]
        else:
            text = text[:pos] + draw(st.text(min_size=1, max_size=10)) + text[pos:]
    return text


def random_html():
    return st.one_of(
        mutated_template(),
        st.lists(st.sampled_from(BROKEN_MARKUP) | st.text(max_size=12), max_size=40).map("".join),
        st.text(max_size=200),
    )


def encodings():
    """How the HTML reaches the server: pasted, or as a file in some encoding (mostly the
    two ways that reach the validator)."""
    return st.sampled_from(["paste"] * 4 + ["utf-8"] * 4 + ["utf-16", "latin-1", "binary-tail"])


def slugs():
    """Mostly a fresh valid slug; sometimes random text (the form must refuse it cleanly)."""
    fresh = st.builds(lambda: f"robust-{next(_slugs)}")
    return st.one_of(fresh, fresh, fresh, fresh, st.text(max_size=20))


def payload(html: str, how: str, slug: str) -> dict:
    data = {"slug": slug, "title": "Robust template"}
    if how == "paste":
        data["html"] = html
        return data
    if how == "binary-tail":
        raw = html.encode("utf-8", "surrogatepass") + bytes(range(256))
    elif how == "latin-1":
        raw = html.encode("latin-1", "replace")
    else:
        raw = html.encode(how, "surrogatepass")
    data["file"] = SimpleUploadedFile("template.html", raw, content_type="text/html")
    return data


@pytest.fixture
def instructor_client(login_as):
    return login_as(instructor())


def check_import(client, data: dict) -> None:
    before = set(ReportTemplate.objects.values_list("pk", flat=True))

    response = client.post(reverse("exercise-template-import"), data)

    assert_not_server_error(response)
    event(f"status {response.status_code}")
    after = set(ReportTemplate.objects.values_list("pk", flat=True))
    if response.status_code == 302:
        new = ReportTemplate.objects.get(pk__in=after - before)
        assert new.slug == data["slug"]
        # PostgreSQL (production) refuses NUL in text: an accepted template must not hold one.
        assert "\x00" not in new.source
        assert new.parsed["fields"], "an imported template has fields to fill in"
        new.delete()
        return
    assert response.status_code == 400
    assert after == before, "nothing is saved for a refused template"
    html = response.content.decode()
    form = response.context["form"]
    messages = [m for errors in form.errors.values() for m in errors]
    assert messages, "a refused template must say why"
    for message in messages:
        event(f"refused: {message[:40]}")
        assert escape(message) in html
    for problem in response.context["problems"]:
        assert escape(problem) in html
    assert "<script>alert('xss-robust')" not in html


@bounded(70)
@given(html=random_html(), how=encodings(), slug=slugs())
def test_random_and_mutated_templates_are_refused_cleanly(instructor_client, html, how, slug):
    check_import(instructor_client, payload(html, how, slug))


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("", "Choose a file or paste"),
        ("   ", "Choose a file or paste"),
        ("<html><body><p>No fields</p></body></html>", "problem"),
        ("\x00\x01\x02", "Null characters"),
    ],
)
def test_named_bad_templates_get_a_clear_message(instructor_client, html, message):
    response = instructor_client.post(
        reverse("exercise-template-import"), {"slug": "named", "html": html}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportTemplate.objects.filter(slug="named").exists()


def test_nul_bytes_in_an_uploaded_file_are_refused(instructor_client):
    source = shipped_sources()[0]
    middle = len(source) // 2
    raw = (source[:middle] + "\x00" + source[middle:]).encode()
    response = instructor_client.post(
        reverse("exercise-template-import"),
        {"slug": "with-nul", "file": SimpleUploadedFile("t.html", raw, "text/html")},
    )
    assert response.status_code == 400
    assert not ReportTemplate.objects.filter(slug="with-nul").exists()
