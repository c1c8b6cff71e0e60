"""docs/ARCHITECTURE.md is the map a newcomer reads first: every file, folder and Python
name it points to exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGES = ("config", "members", "content", "courses", "reporting", "outbox")
TREES = ("templates", "static", "docs", "bench", "tests", "platform")
FILE_LIKE = re.compile(r"^[\w.\-]+(/[\w.\-<>|*]*)*$")
SUFFIXES = (".py", ".md", ".html", ".json", ".css", ".js", ".txt", ".toml", ".yml", ".yaml")


def _rows() -> list[tuple[Path | None, str]]:
    """Each line of the map with the folder its names are relative to (a table row's first
    cell, e.g. `courses/exercises/`), or None outside the package table."""
    rows = []
    for line in MAP.read_text(encoding="utf-8").splitlines():
        base = None
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            first = re.findall(r"`([^`]+/)`", cells[1])
            base = ROOT / first[0] if first else None
        rows.append((base, line))
    return rows


def _named_paths() -> list[tuple[Path | None, str]]:
    named = []
    for base, line in _rows():
        for token in re.findall(r"`([^`\s]+)`", line) + re.findall(r"\]\(([^)#\s]+)\)", line):
            if token.startswith(("/", "http", ".")) or "<" in token or "=" in token:
                continue  # URLs, environment settings, placeholders
            if not FILE_LIKE.match(token):
                continue
            if "/" in token or token.endswith(SUFFIXES):
                named.append((base, token))
    return named


def _exists(base: Path | None, token: str) -> bool:
    if "/" not in token:  # a bare file name ("`selectors.py`") names a file in some package
        return any(any((ROOT / p).rglob(token)) for p in (*PACKAGES, *TREES))
    candidates = [ROOT / token, ROOT / "docs" / token]
    if base is not None:
        candidates += [base / token, *(p / token for p in base.rglob("*") if p.is_dir())]
    return any(c.exists() for c in candidates)


def test_every_path_the_map_names_exists():
    missing = sorted({token for base, token in _named_paths() if not _exists(base, token)})
    assert missing == [], f"docs/ARCHITECTURE.md names paths that do not exist: {missing}"


def _python_names() -> list[str]:
    text = MAP.read_text(encoding="utf-8")
    pattern = r"`((?:" + "|".join(PACKAGES) + r")(?:\.\w+)+)`"
    names = re.findall(pattern, text)
    return sorted({name for name in names if not name.endswith(SUFFIXES)})


def _celery_task_names() -> set[str]:
    from config.celery_app import app

    app.loader.import_default_modules()
    return set(app.tasks)


@pytest.mark.parametrize("dotted", _python_names())
def test_every_python_name_the_map_names_can_be_imported(dotted):
    if dotted in _celery_task_names():
        return  # a task's name (`outbox.flush`), as the worker knows it
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            assert hasattr(target, attribute), f"{dotted}: no {attribute!r}"
            target = getattr(target, attribute)
        return
    pytest.fail(f"{dotted}: no such module")
