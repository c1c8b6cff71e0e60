from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from content import page_cache

        page_cache.connect_signals()
