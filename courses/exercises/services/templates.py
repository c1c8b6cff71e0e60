"""Report templates: an MRRT template is checked by the engine before it is stored."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.exercises.models import ReportTemplate
from courses.exercises.services.errors import TemplateImportError
from members.models import User

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


def _line(problem: dict[str, str]) -> str:
    where = f" ({problem['where']})" if problem["where"] else ""
    return f"{problem['message']}{where}"


def import_template(
    *, html: str | bytes, title: str = "", slug: str, user: User | None = None
) -> ReportTemplate:
    """Validate an MRRT template with the engine and store it.

    Refused (TemplateImportError, nothing saved) only for errors, the MRRT profile's
    shall-rules; warnings (quality problems real templates have) are stored with the
    template in ``problems`` for the instructor to see.
    """
    from reporting.mrrt import (
        TemplateParseError,
        parse_template,
        template_to_dict,
        validate_template,
    )

    size = len(html.encode("utf-8") if isinstance(html, str) else html)
    if size == 0:
        raise TemplateImportError(_("The template is empty."))
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateImportError(_("The template is larger than 2 MB."))
    if isinstance(html, bytes):
        try:
            text = html.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateImportError(_("The template is not UTF-8 text."))
    else:
        text = html
    try:
        problems = [p.as_dict() for p in validate_template(text)]
        template = parse_template(text)
    except TemplateParseError as error:
        raise TemplateImportError(_("This is not an MRRT template: %(error)s") % {"error": error})
    errors = [p for p in problems if p["severity"] == "error"]
    warnings = [p for p in problems if p["severity"] != "error"]
    if errors:
        message = ngettext(
            "The template has %(count)d error the MRRT profile does not allow "
            "(and %(warnings)d warning); fix it and import it again.",
            "The template has %(count)d errors the MRRT profile does not allow "
            "(and %(warnings)d warnings); fix them and import it again.",
            len(errors),
        ) % {"count": len(errors), "warnings": len(warnings)}
        raise TemplateImportError(message, [_line(p) for p in errors], problems=problems)
    if not any(True for _field in template.iter_fields()):
        raise TemplateImportError(_("The template has no fields to fill in."), problems=problems)
    if ReportTemplate.objects.filter(slug=slug).exists():
        raise TemplateImportError(
            _("A template with the id %(slug)r exists already.") % {"slug": slug}
        )
    return ReportTemplate.objects.create(
        title=title or template.title or slug,
        slug=slug,
        source=text,
        parsed=template_to_dict(template),
        problems=warnings,
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
