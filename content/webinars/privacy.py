"""Personal data held by webinars: registrations, viewing progress, questions."""

from content.webinars.models import Question, QuestionVote, ViewingProgress, WebinarRegistration
from members.models import User
from members.privacy import register


def _export(user: User) -> dict:
    return {
        "registrations": list(
            WebinarRegistration.objects.filter(user=user).values("webinar__title", "created_at")
        ),
        "viewing_progress": list(
            ViewingProgress.objects.filter(user=user).values(
                "recording__title", "position_seconds", "max_fraction", "watched_at"
            )
        ),
        "questions": list(
            Question.objects.filter(author=user).values("page__title", "text", "created_at")
        ),
        "answers_given": list(
            Question.objects.filter(answered_by=user).values("page__title", "answer", "answered_at")
        ),
    }


def _erase(user: User) -> None:
    # Questions are the user's own words: removed, not merely unlinked.
    Question.objects.filter(author=user).delete()
    QuestionVote.objects.filter(user=user).delete()
    WebinarRegistration.objects.filter(user=user).delete()
    ViewingProgress.objects.filter(user=user).delete()


register("webinars", export=_export, erase=_erase)
