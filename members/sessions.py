"""The session engine (settings.SESSION_ENGINE = "members.sessions"): Django's database
sessions, stored in `members.models.UserSession` with the signed-in user's id beside the
encoded data, kept on every save. A user's sessions are then found by an indexed column,
`sessions_of(user_id)`, not by decoding the table."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db.models import QuerySet


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from members.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session


def sessions_of(user_id: int) -> QuerySet:
    """Every stored session signed in as this user."""
    from members.models import UserSession

    return UserSession.objects.filter(user_id=user_id)
