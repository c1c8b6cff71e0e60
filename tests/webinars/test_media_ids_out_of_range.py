"""Recording file URLs whose ids no database could hold are "not found", never a 500
(SQLite cannot even bind an id past 64 bits)."""

import pytest

from tests.factories import member
from tests.webinars import factories

pytestmark = pytest.mark.django_db

TOO_BIG = ["9223372036854775808", "999999999999999999999999999999"]


@pytest.mark.parametrize("big", TOO_BIG)
@pytest.mark.parametrize("kind", ["video", "slides"])
def test_a_recording_id_beyond_the_database_range_is_not_found(client, big, kind):
    response = client.get(f"/webinars/media/{big}/{kind}")

    assert response.status_code == 404


@pytest.mark.parametrize("big", TOO_BIG)
def test_a_caption_url_with_ids_beyond_the_database_range_is_not_found(client, big):
    recording = factories.recording(access="public")

    for url in [
        f"/webinars/media/{big}/captions/{big}.vtt",
        f"/webinars/media/{recording.pk}/captions/{big}.vtt",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("big", TOO_BIG)
def test_saving_a_position_on_a_recording_id_beyond_the_range_is_not_found(client, login_as, big):
    client = login_as(member())
    response = client.post(
        f"/webinars/-/{big}/progress",
        data={"position": 10, "duration": 100},
        content_type="application/json",
    )

    assert response.status_code == 404
