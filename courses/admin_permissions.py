"""What the courses app allows each role in the admin (members.permissions.register)."""

from members.permissions import register


def _section_pages() -> list[int]:
    from courses.models import CourseIndexPage

    return list(CourseIndexPage.objects.values_list("id", flat=True))


register(
    "courses",
    instructor=[
        "courses.question*",
        "courses.choice*",
        "courses.view_domain",
        "courses.view_topic",
        "courses.view_learningobjective",
        "courses.view_enrolment",
    ],
    staff=["courses.domain*", "courses.topic*", "courses.learningobjective*"],
    section_pages=_section_pages,
)
