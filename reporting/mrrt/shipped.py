"""The MRRT templates shipped with the engine (reporting/data/templates/*.html)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reporting.mrrt.model import Template
from reporting.mrrt.parse import parse_template

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def shipped_template_ids() -> list[str]:
    """Ids (file names without .html) of the shipped templates, sorted."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.html"))


def shipped_template_path(template_id: str) -> Path:
    """Path of a shipped template; KeyError if there is no such template."""
    # The id must be a plain name: it is never allowed to walk out of the directory.
    if not _ID.match(template_id) or template_id not in shipped_template_ids():
        raise KeyError(f"no shipped template {template_id!r}")
    return TEMPLATE_DIR / f"{template_id}.html"


@lru_cache(maxsize=32)
def load_shipped_template(template_id: str) -> Template:
    """Parsed shipped template (cached: the model is immutable)."""
    return parse_template(shipped_template_path(template_id).read_bytes())
