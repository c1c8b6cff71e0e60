"""Every PDF the site prints draws European names as they are written: a certificate for
Łukasz Dvořák or Ελένη Παπαδοπούλου must not print black boxes (ReportLab's built-in
Helvetica knows only WinAnsi; config.pdf_fonts embeds DejaVu Sans). The text is read
back with pypdf, as a PDF reader would."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from courses.models import Certificate
from courses.pdf import render_certificate_pdf
from members.society.pdf import render_certificate_pdf as render_membership_certificate_pdf
from tests.factories import MembershipFactory, resident

pytestmark = pytest.mark.django_db

NAMES = ["Łukasz Dvořák", "Ελένη Παπαδοπούλου", "Ōsa Šťastná-Ørsted", "Ирина Кузнецова"]


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", NAMES)
def test_a_course_certificate_prints_the_learners_name_as_written(name):
    certificate = Certificate(
        user=resident(),
        code="AbCdEfGh12345678",
        learner_name=name,
        course_title="Strukturované nálezy a DICOM SR",
        credits=Decimal("2.0"),
        accreditation_number="DEMO-1",
        provider="Société européenne d'informatique en imagerie",
        completed_on=datetime.date(2026, 3, 1),
    )
    text = _text(render_certificate_pdf(certificate))
    assert name in text
    assert "Strukturované nálezy a DICOM SR" in text
    assert "Société européenne d'informatique en imagerie" in text


@pytest.mark.parametrize("name", NAMES)
def test_a_membership_certificate_prints_the_members_name_as_written(name):
    membership = MembershipFactory(number="M-00042")
    data = render_membership_certificate_pdf(
        membership=membership, society_name="Ελληνική Εταιρεία", name=name
    )
    text = _text(data)
    assert name in text and "Ελληνική Εταιρεία" in text
