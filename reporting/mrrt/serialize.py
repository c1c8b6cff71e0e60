"""Template -> plain JSON-ready dict (for the CLI, the Django side and the grader)."""

from __future__ import annotations

from typing import Any

from reporting.codes import Code
from reporting.mrrt.model import Field, Section, Template


def _codes(codes: tuple[Code, ...]) -> list[dict[str, str]]:
    return [c.as_dict() for c in codes]


def field_to_dict(field: Field, section: Section | None = None) -> dict[str, Any]:
    if field.multiple:
        default: Any = [o.value for o in field.options if o.selected]
    elif field.options:
        default = next((o.value for o in field.options if o.selected), None)
    else:
        default = field.default
    return {
        "id": field.id,
        "label": field.label,
        "type": field.type.value,
        "multiline": field.multiline,
        "multiple": field.multiple,
        "units": field.units,
        "min": field.min,
        "max": field.max,
        "step": field.step,
        "default": default,
        "options": [
            {"value": o.value, "label": o.label, "id": o.id, "codes": _codes(o.codes)}
            for o in field.options
        ],
        "completion_action": field.completion_action.value,
        "merge_flag": field.merge_flag,
        "verbal_trigger": field.verbal_trigger,
        "codes": _codes(field.codes),
        "section": section.id if section is not None else None,
    }


def _item(item: Section | Field, parent: Section | None) -> dict[str, Any]:
    if isinstance(item, Field):
        return {"kind": "field", **field_to_dict(item, parent)}
    return {
        "kind": "section",
        "id": item.id,
        "title": item.title,
        "level": item.level,
        "codes": _codes(item.codes),
        "children": [_item(child, item) for child in item.children],
    }


def template_to_dict(template: Template) -> dict[str, Any]:
    """JSON-ready view: metadata, schemes, nested ``sections`` and a flat ``fields`` list
    (document order; each field names its innermost ``section``)."""
    meta = template.metadata
    fields = []
    for field in template.iter_fields():
        chain = template.section_of(field.id)
        fields.append(field_to_dict(field, chain[-1] if chain else None))
    return {
        "id": meta.identifier,
        "title": template.title,
        "metadata": {
            "title": meta.title,
            "identifier": meta.identifier,
            "description": meta.description,
            "type": meta.type,
            "language": meta.language,
            "publisher": meta.publisher,
            "rights": meta.rights,
            "license": meta.license,
            "date": meta.date,
            "creators": list(meta.creators),
            "contributors": list(meta.contributors),
            "extra": [list(pair) for pair in meta.extra],
        },
        "status": template.status,
        "top_level": template.top_level,
        "coding_schemes": [
            {"name": s.name, "designator": s.designator} for s in template.coding_schemes
        ],
        "codes": _codes(template.codes),
        "sections": [_item(item, None) for item in template.content],
        "fields": fields,
    }
