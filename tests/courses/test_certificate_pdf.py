"""The certificate PDF is a real PDF that names the learner, course and code."""

import base64
import datetime
import re
import zlib
from decimal import Decimal

import pytest

from courses.models import Certificate
from courses.pdf import render_certificate_pdf
from tests.factories import resident

pytestmark = pytest.mark.django_db


def _certificate() -> Certificate:
    return Certificate(
        user=resident(),
        code="AbCdEfGh12345678",
        learner_name="Marie Curie",
        course_title="Structured reporting and DICOM SR essentials",
        credits=Decimal("2.0"),
        accreditation_number="DEMO-1",
        provider="Demo Society",
        completed_on=datetime.date(2026, 3, 1),
    )


def test_uncompressed_pdf_contains_the_facts_as_text():
    # With page compression off, ReportLab writes each ASCII string as a literal in the
    # content stream, so a byte search finds the drawn text (tests/config/test_pdf_fonts.py
    # reads names beyond ASCII back with pypdf).
    data = render_certificate_pdf(_certificate(), compress=False)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    for text in (
        b"Marie Curie",
        b"Structured reporting and DICOM SR essentials",
        b"2.0 ECMEC",
        b"DEMO-1",
        b"AbCdEfGh12345678",
        b"EACCME",
        b"/certificates/verify/AbCdEfGh12345678/",
    ):
        assert text in data, text
    assert b"/Subtype /Image" in data  # the QR code


def test_compressed_pdf_streams_inflate_to_the_same_text():
    data = render_certificate_pdf(_certificate())
    assert data.startswith(b"%PDF-")
    inflated = b""
    for body in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = body.strip()
        if raw.endswith(b"~>"):  # ReportLab wraps Flate in ASCII85
            raw = base64.a85decode(raw[:-2])
        try:
            inflated += zlib.decompress(raw)
        except zlib.error:
            continue
    assert b"Marie Curie" in inflated


def _embedded_image_pixels(data: bytes) -> bytes:
    (stream,) = re.findall(rb"/Subtype /Image.*?>>\s*stream\r?\n(.*?)endstream", data, re.S)
    raw = stream.strip()
    if raw.endswith(b"~>"):
        raw = base64.a85decode(raw[:-2])
    return zlib.decompress(raw)


def test_verify_link_and_qr_code_point_to_the_configured_site_url(settings):
    import qrcode

    settings.ACADEMY_BASE_URL = "https://academy.example.org"
    data = render_certificate_pdf(_certificate(), compress=False)
    expected = "https://academy.example.org/certificates/verify/AbCdEfGh12345678/"
    assert f"Verify at: {expected}".encode() in data
    assert b"127.0.0.1" not in data and b"localhost" not in data
    # The QR code a phone scans is the code of that very address.
    scanned = qrcode.make(expected, box_size=4, border=1).get_image().convert("RGB")
    assert _embedded_image_pixels(data) == scanned.tobytes()
