"""The certificate as a one-page A4 PDF, drawn with ReportLab (with a QR code)."""

from __future__ import annotations

import io

import qrcode
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from config import pdf_fonts
from config.pdf_fonts import SANS, SANS_BOLD, SANS_OBLIQUE
from config.site_url import absolute_url

ACCREDITATION_STATEMENT = gettext_lazy(
    "This e-learning material is accredited by the European Accreditation Council for "
    "Continuing Medical Education (EACCME) with %(credits)s European CME credit(s) (ECMEC). "
    "Each medical specialist should claim only those hours of credit actually spent."
)


def verification_url(code: str) -> str:
    return absolute_url(reverse("certificate-verify", args=[code]))


def render_certificate_pdf(certificate, *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf_fonts.register()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1 if compress else 0)
    pdf.setTitle(gettext("Certificate - %(title)s") % {"title": certificate.course_title})
    pdf.setAuthor(certificate.provider)
    pdf.setSubject(
        gettext("Certificate of completion for %(name)s") % {"name": certificate.learner_name}
    )
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    y = height - 40 * mm
    pdf.setFont(SANS, 14)
    pdf.drawCentredString(width / 2, y, certificate.provider)
    y -= 16 * mm
    pdf.setFont(SANS_BOLD, 28)
    pdf.drawCentredString(width / 2, y, gettext("Certificate of completion"))
    y -= 16 * mm
    pdf.setFont(SANS, 13)
    pdf.drawCentredString(width / 2, y, gettext("This certifies that"))
    y -= 12 * mm
    pdf.setFont(SANS_BOLD, 22)
    pdf.drawCentredString(width / 2, y, certificate.learner_name)
    y -= 12 * mm
    pdf.setFont(SANS, 13)
    pdf.drawCentredString(width / 2, y, gettext("completed the e-learning activity"))
    y -= 10 * mm
    pdf.setFont(SANS_BOLD, 16)
    pdf.drawCentredString(width / 2, y, certificate.course_title)
    y -= 12 * mm
    pdf.setFont(SANS, 12)
    details = "   ·   ".join(
        [
            gettext("Completed on %(date)s") % {"date": f"{certificate.completed_on:%d %B %Y}"},
            gettext("%(credits)s ECMEC") % {"credits": certificate.credits},
            gettext("Accreditation number: %(number)s")
            % {"number": certificate.accreditation_number or gettext("not accredited")},
        ]
    )
    pdf.drawCentredString(width / 2, y, details)
    y -= 12 * mm
    text = pdf.beginText(30 * mm, y)
    text.setFont(SANS_OBLIQUE, 10)
    statement = str(ACCREDITATION_STATEMENT) % {"credits": certificate.credits}
    line = ""
    for word in statement.split():
        if pdf.stringWidth(line + " " + word, SANS_OBLIQUE, 10) > width - 100 * mm:
            text.textLine(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    text.textLine(line)
    pdf.drawText(text)

    url = verification_url(certificate.code)
    qr = qrcode.make(url, box_size=4, border=1)
    image = io.BytesIO()
    qr.save(image, format="PNG")
    image.seek(0)
    pdf.drawImage(ImageReader(image), width - 58 * mm, 20 * mm, 36 * mm, 36 * mm)
    pdf.setFont(SANS, 10)
    pdf.drawString(
        24 * mm, 30 * mm, gettext("Verification code: %(code)s") % {"code": certificate.code}
    )
    pdf.drawString(24 * mm, 24 * mm, gettext("Verify at: %(url)s") % {"url": url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_transcript_pdf(
    *, transcript, learner_name: str, provider: str, issued_on, compress: bool = True
) -> bytes:
    """The learner's CME transcript: every certificate by year with the year's credits
    and the total, on as many A4 pages as it needs; each line names the verification code."""
    from django.utils.translation import gettext as _

    buffer = io.BytesIO()
    width, height = A4
    pdf_fonts.register()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0)
    pdf.setTitle(_("CME transcript - %(name)s") % {"name": learner_name})
    pdf.setAuthor(provider)
    left, right, bottom = 20 * mm, width - 20 * mm, 22 * mm
    columns = (left, left + 28 * mm, right - 52 * mm, right)  # date, course, code, ECMEC

    def header() -> float:
        y = height - 24 * mm
        pdf.setFont(SANS, 11)
        pdf.drawString(left, y, provider)
        y -= 10 * mm
        pdf.setFont(SANS_BOLD, 18)
        pdf.drawString(left, y, _("CME transcript"))
        y -= 8 * mm
        pdf.setFont(SANS, 11)
        pdf.drawString(left, y, learner_name)
        pdf.drawRightString(right, y, _("Issued on %(date)s") % {"date": f"{issued_on:%d %B %Y}"})
        return y - 12 * mm

    def fitted(text: str, font: str, size: float, room: float) -> str:
        if pdf.stringWidth(text, font, size) <= room:
            return text
        while text and pdf.stringWidth(text + "…", font, size) > room:
            text = text[:-1]
        return text + "…"

    y = header()
    for year in transcript.years:
        if y < bottom + 30 * mm:
            pdf.showPage()
            y = header()
        pdf.setFont(SANS_BOLD, 13)
        pdf.drawString(left, y, str(year.year))
        pdf.drawRightString(right, y, _("%(credits)s ECMEC") % {"credits": year.credits})
        y -= 7 * mm
        pdf.setFont(SANS, 10)
        for certificate in year.certificates:
            if y < bottom:
                pdf.showPage()
                y = header()
                pdf.setFont(SANS, 10)
            room = columns[2] - columns[1] - 4 * mm
            pdf.drawString(columns[0], y, f"{certificate.completed_on:%d %b %Y}")
            pdf.drawString(columns[1], y, fitted(certificate.course_title, SANS, 10, room))
            pdf.drawString(columns[2], y, certificate.code)
            pdf.drawRightString(columns[3], y, f"{certificate.credits}")
            y -= 6 * mm
        y -= 4 * mm
    if y < bottom + 20 * mm:
        pdf.showPage()
        y = header()
    pdf.setFont(SANS_BOLD, 12)
    pdf.drawString(left, y, _("Total"))
    pdf.drawRightString(right, y, _("%(credits)s ECMEC") % {"credits": transcript.credits})
    y -= 8 * mm
    pdf.setFont(SANS_OBLIQUE, 9)
    pdf.drawString(
        left,
        y,
        _("Each certificate can be verified at %(url)s with its code.")
        % {"url": absolute_url(reverse("certificate-verify-form"))},
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
