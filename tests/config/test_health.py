"""/healthz: what a load balancer or an operator asks to know if the site can work."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_health_is_503_when_the_broker_cannot_be_reached(client, settings):
    from config.celery_app import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    # broker_write_url: the CELERY_BROKER_URL environment variable outranks broker_url.
    app.conf.broker_write_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_write_url = None
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_baseline_view_is_trivial(client):
    response = client.get("/_baseline")
    assert response.content == b"ok"
