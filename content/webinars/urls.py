from django.urls import path

from content.webinars import views

# Names are prefixed, not namespaced: the site navigation reverses the bare name "webinars".
urlpatterns = [
    path("webinars/", views.webinars_entry, name="webinars"),
    path("webinars/media/<int:recording_id>/video", views.video, name="webinars-video"),
    path("webinars/media/<int:recording_id>/slides", views.slides, name="webinars-slides"),
    path(
        "webinars/media/<int:recording_id>/captions/<int:caption_id>.vtt",
        views.caption,
        name="webinars-caption",
    ),
    path("webinars/-/<int:recording_id>/progress", views.progress, name="webinars-progress"),
    path("webinars/-/<int:webinar_id>/calendar.ics", views.calendar, name="webinars-ics"),
    path("webinars/-/<int:webinar_id>/register", views.register, name="webinars-register"),
    path("webinars/-/<int:webinar_id>/cancel", views.cancel, name="webinars-cancel"),
    path("webinars/-/<int:page_id>/questions", views.ask, name="webinars-ask"),
    path("webinars/-/<int:page_id>/questions/lock", views.lock, name="webinars-qa-lock"),
    path("webinars/-/questions/<int:question_id>/vote", views.vote, name="webinars-vote"),
    path("webinars/-/questions/<int:question_id>/answer", views.answer, name="webinars-answer"),
    path(
        "webinars/-/questions/<int:question_id>/moderate",
        views.moderate,
        name="webinars-moderate",
    ),
]
