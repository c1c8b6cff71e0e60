from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = gettext_lazy("Site pages")

    def ready(self) -> None:
        from content import page_cache

        page_cache.connect_signals()
