"""Publishing right after typing on a new page: the autosave may have created the page first.

Wagtail's autosave posts the add form half a second after the last keystroke; its answer
creates the page as a draft and turns the open form into that page's edit form. An author
who presses Publish before that answer arrives posts the add form a second time, which would
create a second page with the same slug ("slug already in use") and leave the autosaved
draft behind. A post to the add view that matches a draft this same author's autosave has
just created (same parent, type and slug, never published, no one else's revision) is
handed to that draft's edit view, so the Publish (or Save) applies to the page the author
sees, once.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail import hooks

# Long enough for the slowest autosave answer; short enough that an add form opened later
# for an unrelated page with the same slug gets Wagtail's usual "slug in use" message.
AUTOSAVE_RACE_WINDOW = timedelta(minutes=2)


def autosaved_draft_for(request, parent_page, page_class):
    slug = request.POST.get("slug", "").strip()
    if not slug or not request.user.is_authenticated:
        return None
    draft = (
        page_class.objects.child_of(parent_page)
        .filter(
            slug=slug,
            live=False,
            first_published_at__isnull=True,
            owner=request.user,
            latest_revision_created_at__gte=timezone.now() - AUTOSAVE_RACE_WINDOW,
        )
        .first()
    )
    if draft is None or draft.revisions.exclude(user=request.user).exists():
        return None
    return draft


@hooks.register("before_create_page")
def continue_the_autosaved_draft(request, parent_page, page_class):
    if request.method != "POST":
        return None
    draft = autosaved_draft_for(request, parent_page, page_class)
    if draft is None:
        return None
    from wagtail.admin.views.pages.edit import EditView

    return EditView.as_view()(request, page_id=draft.pk)
