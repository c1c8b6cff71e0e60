"""An iCalendar (RFC 5545) event for a webinar, written by hand: one VEVENT needs no
dependency. Lines end in CRLF, text is escaped and long lines are folded at 75 octets."""

from __future__ import annotations

import datetime

from django.utils import timezone

from config.site_url import site_host

_UTC = datetime.UTC


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(value: datetime.datetime) -> str:
    return value.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


def webinar_ics(webinar, url: str, now: datetime.datetime | None = None) -> str:
    domain = site_host()
    speakers = ", ".join(speaker.name for speaker in webinar.speakers)
    description = webinar.abstract + (f"\n\nSpeakers: {speakers}" if speakers else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Imaging Informatics Academy//Webinars//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:webinar-{webinar.pk}@{domain or 'academy'}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(webinar.start)}",
        f"DTEND:{utc_stamp(webinar.end)}",
        f"SUMMARY:{escape_text(webinar.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
