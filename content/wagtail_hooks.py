"""Publishing right after typing on a new page: the autosave may have created the page first.

Wagtail's autosave posts the add form half a second after the last keystroke; its answer
creates the page as a draft and turns the open form into that page's edit form. An author
who presses Publish before that answer arrives posts the add form a second time, which would
create a second page with the same slug ("slug already in use") and leave the autosaved
draft behind. A post to the add view that matches a draft this same author's autosave has
just created (same parent, type and slug, never published, no one else's revision) is
handed to that draft's edit view, so the Publish (or Save) applies to the page the author
sees, once.

The two posts are serialised on the parent page's row: each takes a row lock on it
(held to the end of the request's transaction, ATOMIC_REQUESTS) before looking for the
draft, so on PostgreSQL a Publish that arrives while the autosave is still creating the page
waits for that commit and then finds the draft, instead of checking before the draft is
visible and failing on the slug when it saves. (SQLite's immediate transactions already
serialise the two requests; there the lock is a no-op.)
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

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
    if transaction.get_connection().in_atomic_block:
        # Waits for a concurrent add under the same parent (the autosave) to commit.
        Page.objects.select_for_update().filter(pk=parent_page.pk).values_list("pk").first()
    draft = autosaved_draft_for(request, parent_page, page_class)
    if draft is None:
        return None
    from wagtail.admin.views.pages.edit import EditView

    return EditView.as_view()(request, page_id=draft.pk)
