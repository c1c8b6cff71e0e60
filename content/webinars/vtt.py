"""A small WebVTT reader: enough to turn caption cues into a transcript."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})")
_TAG = re.compile(r"<[^>]+>")
# Control characters mean nothing in a caption (and mark highlights in search snippets).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def parse_timestamp(value: str) -> float:
    parts = value.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    return hours * 3600 + minutes * 60 + seconds


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT document, with markup tags removed (text stays plain)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                body = " ".join(_TAG.sub("", part).strip() for part in lines[index + 1 :])
                body = _CONTROL.sub("", body)
                if body:
                    cues.append(Cue(parse_timestamp(match[1]), parse_timestamp(match[2]), body))
                break
    return cues


def format_clock(seconds: float) -> str:
    """3:12 or 1:02:03, as people read a position in a video."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
