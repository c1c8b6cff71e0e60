from django.apps import AppConfig


class WebinarsConfig(AppConfig):
    name = "content.webinars"
    label = "webinars"
    verbose_name = "Webinars and recordings"

    def ready(self) -> None:
        from content.search import register_search_provider
        from content.webinars.selectors import transcript_search

        register_search_provider(transcript_search)
