"""Admin: the curriculum and the question bank as snippets, plus the question import."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Domain, Question, Topic


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "list-ul"
    menu_label = gettext_lazy("Domains")
    list_display = ["letter", "name", "weight"]
    search_backend_name = None
    search_fields = ["name", "description"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "list-ol"
    menu_label = gettext_lazy("Topics and objectives")
    list_display = ["title", "domain", "esr_level"]
    list_filter = ["domain", "esr_level"]
    search_backend_name = None
    search_fields = ["title"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Question bank")
    list_display = ["stem", "domain", "difficulty", "type"]
    list_filter = ["domain", "difficulty", "type"]
    search_backend_name = None
    search_fields = ["stem", "explanation"]


class CurriculumGroup(SnippetViewSetGroup):
    items = (DomainViewSet, TopicViewSet, QuestionViewSet)
    menu_icon = "list-ul"
    menu_label = gettext_lazy("Curriculum")
    menu_order = 240


register_snippet(CurriculumGroup)


@hooks.register("register_admin_menu_item")
def register_question_import_menu_item():
    return MenuItem(
        gettext_lazy("Import questions"), reverse("question-import"), icon_name="upload", order=241
    )
