from django.apps import AppConfig


class WebinarsConfig(AppConfig):
    name = "content.webinars"
    label = "webinars"
    verbose_name = "Webinars and recordings"
