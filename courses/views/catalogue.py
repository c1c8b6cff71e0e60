"""The curriculum, the course catalogue and a learner's own courses."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from content.fragments import cached_fragment
from courses import selectors
from members.selectors import is_teaching_staff

# --- Curriculum and catalogue -----------------------------------------------------------


def curriculum(request: HttpRequest) -> HttpResponse:
    # Rendered once per content version (content.fragments) for each of its two faces:
    # the coverage map (gaps, the weights' sum) is an authoring tool for teaching staff;
    # learners see the domains, objectives and where to learn each.
    show_coverage = is_teaching_staff(request.user)
    body = cached_fragment(
        "curriculum",
        "coverage" if show_coverage else "learner",
        get_language(),
        render=lambda: _curriculum_body(show_coverage=show_coverage),
    )
    return render(request, "courses/curriculum.html", {"body": body})


def _curriculum_body(*, show_coverage: bool) -> str:
    domains = selectors.curriculum_with_coverage()
    return render_to_string(
        "courses/includes/curriculum_body.html",
        {
            "domains": domains,
            "show_coverage": show_coverage,
            "total_weight": sum(d.weight for d in domains),
            "uncovered": sum(d.objective_count - d.covered_count for d in domains),
        },
    )


def course_list(request: HttpRequest) -> HttpResponse:
    index = selectors.live_course_index()
    if index is None:
        return render(request, "courses/no_courses.html", status=404)
    url = index.get_url(request)
    if url and url.rstrip("/") != request.path.rstrip("/"):
        return redirect(url)
    return index.specific.serve(request)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    from content.webinars import selectors as webinar_selectors
    from courses.exercises import selectors as exercise_selectors

    user = request.user
    return render(
        request,
        "courses/my_learning.html",
        {
            **selectors.my_learning(user),
            "transcript": selectors.cme_transcript(user),
            "exercises": exercise_selectors.learner_exercises(user),
            "registrations": webinar_selectors.registrations_of(user),
        },
    )
