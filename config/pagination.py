"""Long lists a page at a time, counted and sliced by the database."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def paginate(queryset: QuerySet, *, page: str | int | None, per_page: int) -> Page:
    """The requested page of `queryset` (the last for a number past the end, the first for
    anything that is not a number): two queries, a COUNT and a LIMIT/OFFSET slice.

    The page carries `nearby`, the page numbers to offer around it with
    `Paginator.ELLIPSIS` where numbers are left out (templates/includes/pagination.html).
    """
    paginator = Paginator(queryset, per_page)
    result = paginator.get_page(page)
    result.nearby = list(paginator.get_elided_page_range(result.number, on_each_side=2))
    return result
