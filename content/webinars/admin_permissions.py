"""What the webinars app allows each role in the admin (members.permissions.register)."""

from members.permissions import register


def _section_pages() -> list[int]:
    from content.webinars.models import WebinarIndexPage

    return list(WebinarIndexPage.objects.values_list("id", flat=True))


register(
    "webinars",
    instructor=["webinars.speaker*", "webinars.view_question", "webinars.change_question"],
    staff=["webinars.delete_question"],
    section_pages=_section_pages,
)
