"""Reading what a ReportLab PDF draws, for tests that check a certificate or transcript."""

from __future__ import annotations

import base64
import re
import zlib


def pdf_text(data: bytes) -> bytes:
    """The drawn strings of a ReportLab PDF (its streams are ASCII85 + Flate), e.g.
    ``b"(Dr Maria Rossi) Tj"``."""
    text = b""
    for body in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = body.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            text += zlib.decompress(raw)
        except zlib.error:
            continue
    return text
