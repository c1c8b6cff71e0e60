"""Members-only recordings give non-members no media URLs and are never cached publicly;
join links only for registrants; private case files only through the checked download;
one user's actions never touch another user's rows."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.security.matrix import (
    send,
)

pytestmark = pytest.mark.django_db


# --- members-only recordings ------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_members_recording_page_gives_non_members_no_media_urls(world, role):
    recording = world.objects["rec_members"]
    page = send(world.client(role), "GET", recording.url).content.decode()
    for forbidden in (
        f"/webinars/media/{recording.pk}/",
        recording.private_video_name,
        recording.private_slides_name,
        "<video",
        "<track",
        f"/documents/{world.objects['slides_document'].pk}/",
    ):
        assert forbidden not in page, f"{role} sees {forbidden!r} on the members' recording"
    member_page = send(world.client("member"), "GET", recording.url).content.decode()
    assert f"/webinars/media/{recording.pk}/video" in member_page  # control


def test_members_media_answers_are_not_cached_publicly(world):
    """A member's copy must not be stored by a shared cache and served to others."""
    recording = world.objects["rec_members"]
    response = send(world.client("member"), "GET", f"/webinars/media/{recording.pk}/video")
    assert response.status_code == 200
    assert "public" not in response.headers.get("Cache-Control", "")


def test_join_link_only_for_registrants(world):
    webinar = world.objects["webinar_public"]
    if not webinar.join_url:
        pytest.skip("demo webinar has no join URL")
    for role in ("anonymous", "resident", "member"):
        page = send(world.client(role), "GET", webinar.url).content.decode()
        assert webinar.join_url not in page, role
    ics = send(world.client("member"), "GET", f"/webinars/-/{webinar.pk}/calendar.ics")
    assert webinar.join_url not in ics.content.decode()
    owner = world.client("anonymous")
    owner.force_login(world.owner)  # B is registered
    assert webinar.join_url in send(owner, "GET", webinar.url).content.decode()  # control


# --- private case files -----------------------------------------------------------------


def test_private_case_files_only_through_the_checked_download(world):
    from courses.exercises.models import SampleCase

    cases = list(SampleCase.objects.all())
    assert cases
    private_url = settings.STORAGES["private"]["OPTIONS"].get("base_url", "/protected/")
    for role in ("anonymous", "resident", "member", "instructor", "staff"):
        client = world.client(role)
        for case in cases[:3]:
            for url in (f"{private_url}{case.file.name}", f"/media/{case.file.name}"):
                assert send(client, "GET", url).status_code == 404, (role, url)
    # Trainee pages never name the stored file.
    client = world.client("member")
    ids = world.ids["member"]
    case = SampleCase.objects.get(pk=ids["case_id"])
    for url in (
        f"/exercises/{ids['exercise_id']}/cases/{case.pk}/",
        f"/exercises/{ids['exercise_id']}/cases/{case.pk}/transfer.json",
        f"/exercises/{ids['exercise_id']}/",
    ):
        body = send(client, "GET", url).content.decode()
        assert case.file.name not in body and case.sha256 not in body, url
    # The role-checked download gives the bytes to instructors only.
    with case.file.open("rb") as handle:
        data = handle.read()
    download = send(
        world.client("instructor"), "GET", f"/exercises/manage/cases/{case.pk}/download/"
    )
    assert download.content == data


# --- one user's rows are never changed by another ---------------------------------------


def test_actions_of_one_user_never_touch_user_bs_rows(world):
    """Progress, registration, enrolment and questions are keyed by the signed-in user:
    a member posting to the same endpoints leaves B's rows exactly as they were."""
    from content.webinars.models import Question, ViewingProgress, WebinarRegistration
    from courses.models import LessonProgress

    owner = world.owner
    ids = world.ids["member"]

    def b_state():
        return (
            list(ViewingProgress.objects.filter(user=owner).values_list()),
            list(WebinarRegistration.objects.filter(user=owner).values_list()),
            list(LessonProgress.objects.filter(user=owner).values_list()),
            list(Question.objects.filter(author=owner).values_list("pk", "text", "hidden")),
        )

    before = b_state()
    client = world.client("member")
    client.post(
        f"/webinars/-/{ids['rec_public']}/progress",
        {"position": 7, "duration": 8},
        content_type="application/json",
    )
    client.post(f"/webinars/-/{ids['webinar']}/cancel", {})
    client.post(f"/learn/lessons/{ids['lesson_id']}/read/", {})
    client.post(f"/webinars/-/questions/{ids['question']}/moderate", {"action": "hide"})
    client.post(
        f"/webinars/-/questions/{ids['question']}/moderate", {"action": "edit", "text": "x"}
    )
    assert b_state() == before
