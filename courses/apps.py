from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = gettext_lazy("Curriculum and courses")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from content.page_cache import content_changed
        from courses.models import Choice, Domain, LearningObjective, LessonPage, Question, Topic
        from courses.receivers import lesson_published

        # The curriculum and each lesson's shared frame (its quiz questions included) are
        # cached as fragments by content version (content.fragments).
        for model in (Domain, Topic, LearningObjective, Question, Choice):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"curriculum-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"curriculum-d-{model}")
        page_published.connect(lesson_published, sender=LessonPage, dispatch_uid="inline-questions")
