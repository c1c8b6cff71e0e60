"""Report templates: an MRRT template is checked by the engine before it is stored."""

from __future__ import annotations

from courses.exercises.models import ReportTemplate
from courses.exercises.services.errors import TemplateImportError
from members.models import User

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


def import_template(
    *, html: str | bytes, title: str = "", slug: str, user: User | None = None
) -> ReportTemplate:
    """Validate an MRRT template with the engine and store it; refuse it on any problem."""
    from reporting.mrrt import (
        TemplateParseError,
        parse_template,
        template_to_dict,
        validate_template,
    )

    size = len(html.encode("utf-8") if isinstance(html, str) else html)
    if size == 0:
        raise TemplateImportError("The template is empty.")
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateImportError("The template is larger than 2 MB.")
    if isinstance(html, bytes):
        try:
            text = html.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateImportError("The template is not UTF-8 text.")
    else:
        text = html
    try:
        problems = validate_template(text)
        template = parse_template(text)
    except TemplateParseError as error:
        raise TemplateImportError(f"This is not an MRRT template: {error}")
    if problems:
        raise TemplateImportError(
            f"The template has {len(problems)} problem(s); fix them and import it again.",
            [p.message + (f" ({p.where})" if p.where else "") for p in problems],
        )
    if not any(True for _ in template.iter_fields()):
        raise TemplateImportError("The template has no fields to fill in.")
    if ReportTemplate.objects.filter(slug=slug).exists():
        raise TemplateImportError(f"A template with the id {slug!r} exists already.")
    return ReportTemplate.objects.create(
        title=title or template.title or slug,
        slug=slug,
        source=text,
        parsed=template_to_dict(template),
        problems=[],
        created_by=user,
    )


def ensure_shipped_template(*, template_id: str) -> ReportTemplate:
    """The engine's shipped template as a ReportTemplate row (created once)."""
    from reporting.mrrt import shipped_template_path

    existing = ReportTemplate.objects.filter(slug=template_id).first()
    if existing is not None:
        return existing
    html = shipped_template_path(template_id).read_text(encoding="utf-8")
    return import_template(html=html, slug=template_id)
