"""Turn whatever the caller hands us into HTML text, or refuse it clearly."""

from __future__ import annotations

import codecs
import re

from reporting.mrrt.model import TemplateParseError

MAX_BYTES = 2 * 1024 * 1024  # real templates are a few kB; 2 MB is plenty
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<\s*[A-Za-z!]")


def _decode(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:8192]:
        raise TemplateParseError("input looks binary (NUL bytes), not an HTML template")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Older RadReport files may be windows-1252 and say so in a meta.
    # A meta claiming UTF-8 is wrong here (strict decoding just failed): use cp1252.
    match = _META_CHARSET.search(data[:4096])
    if match and match.group(1).lower().replace(b"-", b"") not in (b"utf8", b"unicode"):
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except (LookupError, UnicodeError, ValueError):  # unknown or non-text codecs
            pass
    return data.decode("cp1252", errors="replace")


def to_text(html: str | bytes) -> str:
    """Decoded, size-checked HTML text; TemplateParseError for hopeless input."""
    if isinstance(html, bytearray | memoryview):
        html = bytes(html)
    if isinstance(html, bytes):
        if len(html) > MAX_BYTES:
            raise TemplateParseError(f"input is too large ({len(html)} bytes > {MAX_BYTES})")
        text = _decode(html)
    elif isinstance(html, str):
        if len(html) > MAX_BYTES or len(html.encode("utf-8", "replace")) > MAX_BYTES:
            raise TemplateParseError(f"input is too large (more than {MAX_BYTES} bytes)")
        text = html
    else:
        raise TemplateParseError(f"expected HTML as str or bytes, got {type(html).__name__}")
    if "\x00" in text[:8192]:
        raise TemplateParseError("input looks binary (NUL characters), not an HTML template")
    # lxml refuses str input with an encoding declaration and XML-incompatible characters.
    text = _CONTROL.sub(" ", _XML_DECL.sub("", text, count=1))
    text = text.replace("\ufffe", " ").replace("\uffff", " ")
    if not text.strip():
        raise TemplateParseError("input is empty")
    if not _TAG.search(text):
        raise TemplateParseError("input is not HTML (no tags found)")
    return text
