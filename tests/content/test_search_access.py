"""Site search shows a visitor only what the pages it points to would show them.

Issue 10 item 5: results, snippets and counts follow the page's own access rule for
every searchable kind (pages with Wagtail privacy, lessons, recordings' transcripts, the
question bank). Each test asks `/search/` as the visitor would.
"""

import pytest
from wagtail.models import PageViewRestriction, Site

from content.models import StandardPage
from tests.courses import factories as course_factories
from tests.factories import UserFactory, member
from tests.webinars import factories

pytestmark = pytest.mark.django_db


def _search(client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def _standard_page(title: str, words: str, parent=None) -> StandardPage:
    parent = parent or Site.objects.get(is_default_site=True).root_page
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), introduction=words)
    parent.add_child(instance=page)
    return page


def _restrict(page, kind: str = PageViewRestriction.LOGIN, **kwargs) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=kind, **kwargs)


# --- Transcripts ---------------------------------------------------------------------------


def test_members_only_transcripts_are_not_searchable_by_anonymous_visitors(client):
    factories.recording(access="members", title="DICOMweb in practice")

    html = _search(client, "pixel data")

    assert "retrieves the" not in html  # the cue's words
    assert "DICOMweb in practice" not in html
    assert "Nothing matched" in html


def test_members_only_transcripts_are_not_searchable_by_signed_in_non_members(client):
    factories.recording(access="members", title="DICOMweb in practice")
    client.force_login(UserFactory())

    html = _search(client, "pixel data")

    assert "DICOMweb in practice" not in html
    assert "Nothing matched" in html


def test_members_find_members_only_transcripts_with_the_moment(client):
    recording = factories.recording(access="members", title="DICOMweb in practice")
    client.force_login(member())

    html = _search(client, "pixel data")

    assert "DICOMweb in practice at 3:12" in html
    assert f"{recording.url}?t=192#player" in html


def test_signed_in_recordings_transcripts_need_a_sign_in(client):
    factories.recording(access="signed_in", title="Signed-in talk")

    assert "Signed-in talk" not in _search(client, "pixel data")
    client.force_login(UserFactory())
    assert "Signed-in talk at 3:12" in _search(client, "pixel data")


def test_public_transcripts_are_searchable_by_everyone(client):
    factories.recording(access="public", title="Open talk")

    assert "Open talk at 3:12" in _search(client, "pixel data")


def test_a_recording_behind_page_privacy_keeps_its_transcript_to_those_allowed(client):
    recording = factories.recording(access="public", title="Private public talk")
    _restrict(recording)

    assert "Private public talk" not in _search(client, "pixel data")
    client.force_login(UserFactory())
    assert "Private public talk at 3:12" in _search(client, "pixel data")


def test_a_members_only_typed_transcript_is_not_in_the_page_index(client):
    factories.recording(
        access="members",
        vtt=None,
        title="Typed transcript talk",
        transcript="We discuss the quinquagenarian archive migration.",
    )

    html = _search(client, "quinquagenarian")

    assert "Typed transcript talk" not in html
    assert "Nothing matched" in html


def test_a_public_typed_transcript_is_found(client):
    factories.recording(
        access="public",
        vtt=None,
        title="Open typed talk",
        transcript="We discuss the quinquagenarian archive migration.",
    )

    assert "Open typed talk" in _search(client, "quinquagenarian")


# --- Pages and lessons ------------------------------------------------------------------


def test_a_login_restricted_page_is_found_only_by_signed_in_visitors(client):
    _standard_page("Committee minutes", "The sphygmomanometer budget was approved.")
    _restrict(StandardPage.objects.get(slug="committee-minutes"))

    assert "Committee minutes" not in _search(client, "sphygmomanometer")
    client.force_login(UserFactory())
    assert "Committee minutes" in _search(client, "sphygmomanometer")


def test_pages_below_a_restricted_page_are_hidden_too(client):
    parent = _standard_page("Board area", "Board only.")
    _restrict(parent)
    _standard_page("Board budget", "The sphygmomanometer budget.", parent=parent)

    assert "Board budget" not in _search(client, "sphygmomanometer")


def test_a_password_restricted_page_is_not_found_without_the_password(client):
    page = _standard_page("Press embargo", "The sphygmomanometer announcement.")
    _restrict(page, PageViewRestriction.PASSWORD, password="s3cret-words")
    client.force_login(UserFactory())

    assert "Press embargo" not in _search(client, "sphygmomanometer")


def test_a_group_restricted_page_is_found_only_by_the_group(client):
    from django.contrib.auth.models import Group

    board = Group.objects.create(name="Board")
    page = _standard_page("Board notes", "The sphygmomanometer notes.")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    outsider, insider = UserFactory(), UserFactory()
    insider.groups.add(board)

    client.force_login(outsider)
    assert "Board notes" not in _search(client, "sphygmomanometer")
    client.force_login(insider)
    assert "Board notes" in _search(client, "sphygmomanometer")


def test_result_counts_do_not_count_what_the_visitor_may_not_see(client):
    """Eleven hidden matches and one visible: no second result page is offered."""
    hidden = _standard_page("Hidden area", "Nothing here.")
    _restrict(hidden)
    for n in range(11):
        _standard_page(f"Hidden note {n}", "The sphygmomanometer.", parent=hidden)
    _standard_page("Visible note", "The sphygmomanometer.")

    html = _search(client, "sphygmomanometer")

    assert "Visible note" in html
    assert "Page 1 of" not in html
    assert "Hidden note" not in html


def test_lessons_of_a_login_restricted_course_are_hidden_from_anonymous_visitors(client):
    course = course_factories.build_course(title="Restricted course")
    lesson = course_factories.lessons_of(course)[0]
    lesson.summary = "All about the sphygmomanometer."
    lesson.save_revision().publish()
    _restrict(course)

    assert lesson.title not in _search(client, "sphygmomanometer")
    client.force_login(UserFactory())
    assert lesson.title in _search(client, "sphygmomanometer")


def test_quiz_answers_and_explanations_are_not_searchable(client):
    question = course_factories.make_question(stem="Which modality is it?")
    question.explanation = "Because the sphygmomanometer reading says so."
    question.save()
    question.choices.filter(is_correct=True).update(text="Orthopantomogram")
    course_factories.build_course(title="Quiz course", quiz_questions=[question])

    assert "Nothing matched" in _search(client, "sphygmomanometer")
    assert "Nothing matched" in _search(client, "orthopantomogram")
