"""The demo's data files: every word of the demo content lives in JSON under an app's
``demo_data/`` folder (as bakerydemo keeps its fixtures); each app's ``demo.py`` is a small
loader that checks its files and turns them into pages and snippets.

A shape says what a file must hold: a type (``str`` must not be empty), a tuple of the
allowed values, ``[shape]`` for a non-empty list, or a dict of keys (a key ending in ``?``
may be left out; ``about``, a note to the next editor, is allowed everywhere).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from wagtail.rich_text import RichText

# A paragraph of a data file that starts with one of these is HTML kept as written;
# any other paragraph is wrapped in <p>.
BLOCK_ELEMENT = re.compile(r"<(p|ul|ol|h[1-6]|blockquote|hr|table|figure|div)[\s>/]")

Shape = Any


class DemoDataError(ValueError):
    """A demo data file is missing, is not JSON or does not have its shape."""


def read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"{path}: missing") from error
    except json.JSONDecodeError as error:
        raise DemoDataError(f"{path}: not JSON ({error})") from error


def read_folder(folder: Path) -> list[tuple[Path, Any]]:
    """Every ``*.json`` of a folder, by name (one file per course, recording...)."""
    return [(path, read(path)) for path in sorted(folder.glob("*.json"))]


def problems(value: Any, shape: Shape, where: str) -> list[str]:
    """What in `value` does not match `shape`, each naming where it is."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{where}: should be an object"]
        found = []
        keys = {key.rstrip("?"): key for key in shape}
        for name, key in keys.items():
            if name in value:
                found += problems(value[name], shape[key], f"{where}.{name}")
            elif not key.endswith("?"):
                found.append(f"{where}: '{name}' is missing")
        found += [
            f"{where}: unknown key '{name}'" for name in value if name not in keys | {"about": ""}
        ]
        return found
    if isinstance(shape, list):
        if not isinstance(value, list) or not value:
            return [f"{where}: should be a non-empty list"]
        return [
            p for i, item in enumerate(value) for p in problems(item, shape[0], f"{where}[{i}]")
        ]
    if isinstance(shape, tuple):
        return [] if value in shape else [f"{where}: {value!r} is not one of {list(shape)}"]
    if shape is int and isinstance(value, bool) or not isinstance(value, shape):
        return [f"{where}: should be {shape.__name__}"]
    if shape is str and not value.strip():
        return [f"{where}: is empty"]
    return []


def require(found: list[str]) -> None:
    """Stop a load before it writes anything when a data file is wrong."""
    if found:
        raise DemoDataError("The demo data files have problems:\n  " + "\n  ".join(found))


def html(paragraphs: list[str]) -> str:
    return "".join(p if BLOCK_ELEMENT.match(p) else f"<p>{p}</p>" for p in paragraphs)


def rich_text(paragraphs: list[str]) -> RichText:
    return RichText(html(paragraphs))


def block_problems(blocks: Any, shapes: dict[str, Shape], where: str) -> list[str]:
    """A StreamField body written as a list of ``{"type": ..., field: value}``."""
    if not isinstance(blocks, list) or not blocks:
        return [f"{where}: should be a non-empty list of blocks"]
    found = []
    for i, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind not in shapes:
            found.append(f"{where}[{i}]: block type {kind!r} is not one of {list(shapes)}")
        else:
            found += problems(block, {"type": str, **shapes[kind]}, f"{where}[{i}]")
    return found


CALLOUT = {"tone": ("info", "tip", "warning"), "title?": str, "body": [str]}


CUE_TIME = re.compile(r"^\d\d:[0-5]\d:[0-5]\d\.\d{3}$")
CUES = [{"start": str, "end": str, "text": str}]


def cue_problems(cues: list[dict[str, str]], where: str) -> list[str]:
    """Cue times as WebVTT writes them (hh:mm:ss.mmm), each cue ending after it starts."""
    found = []
    for i, cue in enumerate(cues):
        if not (CUE_TIME.match(cue["start"]) and CUE_TIME.match(cue["end"])):
            found.append(f"{where}[{i}]: times must read hh:mm:ss.mmm")
        elif cue["end"] <= cue["start"]:
            found.append(f"{where}[{i}]: ends before it starts")
    return found


def webvtt(cues: list[dict[str, str]]) -> str:
    blocks = [f"{cue['start']} --> {cue['end']}\n{cue['text']}" for cue in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
