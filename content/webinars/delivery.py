"""Serving protected files: HTTP Range in Django, or hand-off to nginx or S3.

PROTECTED_MEDIA_DELIVERY chooses how bytes leave the site:
- "django": this module streams the file itself, honouring Range (206/416);
- "nginx": an empty response with X-Accel-Redirect to PROTECTED_MEDIA_NGINX_PREFIX + name;
  nginx serves an `internal` location (and does Range itself);
- "s3": a redirect to the storage's signed, expiring URL (storage.url(name)).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse

CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(Exception):
    """The Range header is malformed or asks for bytes the file does not have."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions, inclusive, of a single `bytes=` range; None when there
    is no Range header. Raises UnsatisfiableRange for malformed, multiple or out-of-file
    ranges (we answer those with 416)."""
    if header is None:
        return None
    match = _RANGE.match(header.strip())
    if not match or (not match[1] and not match[2]):
        raise UnsatisfiableRange(header)
    first_text, last_text = match[1], match[2]
    if not first_text:  # suffix: the last N bytes
        length = int(last_text)
        if length == 0 or size == 0:
            raise UnsatisfiableRange(header)
        return max(size - length, 0), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size or last < first:
        raise UnsatisfiableRange(header)
    return first, min(last, size - 1)


def iter_file(file, start: int, length: int, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Yield `length` bytes from `start` in chunks, closing the file at the end."""
    try:
        file.seek(start)
        remaining = length
        while remaining > 0:
            chunk = file.read(min(chunk_size, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()


def guess_type(name: str, default: str = "application/octet-stream") -> str:
    return mimetypes.guess_type(name)[0] or default


def serve_protected(
    request: HttpRequest,
    storage: Storage,
    name: str,
    content_type: str | None = None,
    ranges: bool = True,
) -> HttpResponse:
    """Deliver a file the caller has already checked the user may read."""
    content_type = content_type or guess_type(name)
    mode = getattr(settings, "PROTECTED_MEDIA_DELIVERY", "django")
    if mode == "nginx":
        prefix = settings.PROTECTED_MEDIA_NGINX_PREFIX.rstrip("/") + "/"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix + quote(name.lstrip("/"))
        response["Cache-Control"] = "private, no-store"
        return response
    if mode == "s3":
        response = HttpResponseRedirect(storage.url(name))
        response["Cache-Control"] = "private, no-store"
        return response

    size = storage.size(name)
    try:
        byte_range = parse_range(request.headers.get("Range"), size) if ranges else None
    except UnsatisfiableRange:
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = byte_range if byte_range else (0, size - 1)
    length = max(last - first + 1, 0)
    response = StreamingHttpResponse(
        iter_file(storage.open(name, "rb"), first, length),
        status=206 if byte_range else 200,
        content_type=content_type,
    )
    response["Content-Length"] = str(length)
    if ranges:
        response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
