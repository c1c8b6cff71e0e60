"""Wagtail admin: an 'Exercises' menu pointing at the authoring pages (instructors, staff),
"New exercise" first (the guided flow)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from members.selectors import is_teaching_staff


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_teaching_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_exercises_menu():
    submenu = Menu(
        items=[
            ManagerMenuItem(_("New exercise"), reverse("exercise-new"), icon_name="plus", order=0),
            ManagerMenuItem(_("Dashboard"), reverse("exercise-manage"), icon_name="form", order=1),
            ManagerMenuItem(
                _("Upload a case"), reverse("exercise-case-upload"), icon_name="upload", order=2
            ),
            ManagerMenuItem(
                _("Generate cases"), reverse("exercise-case-generate"), icon_name="cogs", order=3
            ),
            ManagerMenuItem(
                _("Import a template"),
                reverse("exercise-template-import"),
                icon_name="doc-full",
                order=4,
            ),
        ]
    )
    return SubmenuMenuItem(_("Exercises"), submenu, icon_name="form", order=350)
