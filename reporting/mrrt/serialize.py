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


def _section_keys(template: Template) -> tuple[dict[int, str], dict[str, str]]:
    """A key for every section (its id, or "section-N" in document order when it has
    none, as most real templates' sections do) and each field's innermost section key."""
    ids = {s.id for s in template.iter_sections() if s.id}
    keys: dict[int, str] = {}
    field_sections: dict[str, str] = {}
    counter = 0

    def walk(items: tuple[Section | Field, ...], parent: str | None) -> None:
        nonlocal counter
        for item in items:
            if isinstance(item, Field):
                if parent is not None:
                    field_sections.setdefault(item.id, parent)
                continue
            key = item.id
            if not key:
                counter += 1
                while f"section-{counter}" in ids:
                    counter += 1
                key = f"section-{counter}"
            keys[id(item)] = key
            walk(item.children, key)

    walk(template.content, None)
    return keys, field_sections


def _item(item: Section | Field, keys: dict[int, str], parent: str | None) -> dict[str, Any]:
    if isinstance(item, Field):
        return {"kind": "field", **field_to_dict(item), "section": parent}
    key = keys[id(item)]
    return {
        "kind": "section",
        "id": item.id,
        "key": key,
        "title": item.title,
        "level": item.level,
        "codes": _codes(item.codes),
        "children": [_item(child, keys, key) for child in item.children],
    }


def template_to_dict(template: Template) -> dict[str, Any]:
    """JSON-ready view: metadata, schemes, nested ``sections`` and a flat ``fields`` list
    (document order; each field's ``section`` is the ``key`` of its innermost section:
    the section's id, or "section-N" for a section without one)."""
    meta = template.metadata
    keys, field_sections = _section_keys(template)
    fields = [
        {**field_to_dict(field), "section": field_sections.get(field.id)}
        for field in template.iter_fields()
    ]
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
        "sections": [_item(item, keys, None) for item in template.content],
        "fields": fields,
    }
