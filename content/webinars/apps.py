from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WebinarsConfig(AppConfig):
    name = "content.webinars"
    label = "webinars"
    verbose_name = gettext_lazy("Webinars and recordings")

    def ready(self) -> None:
        from content.search import register_search_provider
        from content.webinars.selectors import transcript_search

        register_search_provider(transcript_search)

        from wagtail.signals import page_published

        from content.webinars.models import RecordingPage
        from content.webinars.recording_files import on_recording_published

        page_published.connect(on_recording_published, sender=RecordingPage)
