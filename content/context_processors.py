from functools import cache

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# Main navigation: (label, URL name). Each feature names its entry URL this way; an
# entry whose URL does not exist (a feature not installed) is simply left out.
MAIN_NAVIGATION = (
    ("Curriculum", "curriculum"),
    ("Courses", "courses"),
    ("Webinars", "webinars"),
    ("Exercises", "exercises"),
    ("My learning", "my-learning"),
)


@cache
def _resolved_navigation() -> tuple[tuple[str, str], ...]:
    items = []
    for label, url_name in MAIN_NAVIGATION:
        try:
            items.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return tuple(items)


def navigation(request: HttpRequest) -> dict:
    from members.roles import Role
    from members.selectors import granted_roles

    path = request.path
    return {
        # Wagtail's user bar costs permission queries: only authors can use it anyway.
        "show_wagtail_userbar": bool(granted_roles(request.user) & {Role.INSTRUCTOR, Role.STAFF}),
        "main_navigation": [
            {"label": label, "url": url, "current": path.startswith(url) and url != "/"}
            for label, url in _resolved_navigation()
        ],
    }
