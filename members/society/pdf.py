"""The invoice (receipt) and the membership certificate as A4 PDFs, drawn with ReportLab."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from config import pdf_fonts
from config.pdf_fonts import SANS, SANS_BOLD, SANS_OBLIQUE
from members.models import Membership
from members.society.models import Invoice


def _wrap(pdf, text: str, font: str, size: int, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdf.stringWidth(candidate, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def render_invoice_pdf(invoice: Invoice, *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    pdf_fonts.register()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0)
    pdf.setTitle(_("Invoice %(number)s") % {"number": invoice.number})
    pdf.setAuthor(invoice.seller_name)
    left, right = 20 * mm, width - 20 * mm

    y = height - 25 * mm
    pdf.setFont(SANS_BOLD, 14)
    pdf.drawString(left, y, invoice.seller_name)
    pdf.setFont(SANS, 9)
    for line in [*invoice.seller_address.splitlines(), invoice.seller_registration]:
        if line.strip():
            y -= 4.5 * mm
            pdf.drawString(left, y, line.strip())
    if invoice.seller_vat_number:
        y -= 4.5 * mm
        pdf.drawString(left, y, _("VAT number: %(n)s") % {"n": invoice.seller_vat_number})
    if invoice.seller_email:
        y -= 4.5 * mm
        pdf.drawString(left, y, invoice.seller_email)

    y -= 15 * mm
    pdf.setFont(SANS_BOLD, 20)
    pdf.drawString(left, y, _("Invoice (receipt)"))
    y -= 10 * mm
    pdf.setFont(SANS, 10)
    facts = [
        (_("Invoice number"), invoice.number),
        (_("Date of issue"), f"{invoice.issued_on:%d %B %Y}"),
        (_("Membership number"), invoice.membership_number),
        (_("Paid on"), f"{invoice.paid_on:%d %B %Y}"),
        (_("Paid by"), invoice.payment_method),
    ]
    for label, value in facts:
        pdf.drawString(left, y, f"{label}:")
        pdf.drawString(left + 45 * mm, y, value)
        y -= 5.5 * mm

    y -= 6 * mm
    pdf.setFont(SANS_BOLD, 10)
    pdf.drawString(left, y, _("Billed to"))
    pdf.setFont(SANS, 10)
    for line in (invoice.buyer_name, invoice.buyer_institution, invoice.buyer_country):
        if line:
            y -= 5 * mm
            pdf.drawString(left, y, line)

    y -= 14 * mm
    pdf.setFont(SANS_BOLD, 10)
    pdf.drawString(left, y, _("Description"))
    pdf.drawRightString(right, y, _("Amount (%(currency)s)") % {"currency": invoice.currency})
    pdf.line(left, y - 2 * mm, right, y - 2 * mm)
    pdf.setFont(SANS, 10)
    for line in _wrap(pdf, invoice.description, SANS, 10, right - left - 40 * mm):
        y -= 6 * mm
        pdf.drawString(left, y, line)
    pdf.drawRightString(right, y, f"{invoice.net_amount:.2f}")
    y -= 10 * mm
    rows = [
        (_("Net"), invoice.net_amount),
        (_("VAT %(rate)s%%") % {"rate": f"{invoice.vat_rate.normalize():f}"}, invoice.vat_amount),
    ]
    for label, amount in rows:
        pdf.drawString(right - 70 * mm, y, label)
        pdf.drawRightString(right, y, f"{amount:.2f}")
        y -= 5.5 * mm
    pdf.setFont(SANS_BOLD, 11)
    pdf.drawString(right - 70 * mm, y, _("Total paid"))
    pdf.drawRightString(right, y, f"{invoice.currency} {invoice.gross_amount:.2f}")
    if invoice.vat_statement:
        y -= 12 * mm
        pdf.setFont(SANS_OBLIQUE, 9)
        for line in _wrap(pdf, invoice.vat_statement, SANS_OBLIQUE, 9, right - left):
            pdf.drawString(left, y, line)
            y -= 4.5 * mm
    pdf.setFont(SANS, 8)
    pdf.drawString(left, 15 * mm, _("Thank you for supporting the society."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_certificate_pdf(
    *, membership: Membership, society_name: str, name: str, compress: bool = True
) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf_fonts.register()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1 if compress else 0)
    pdf.setTitle(_("Membership certificate %(number)s") % {"number": membership.number})
    pdf.setAuthor(society_name)
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    y = height - 45 * mm
    pdf.setFont(SANS, 15)
    pdf.drawCentredString(width / 2, y, society_name)
    y -= 18 * mm
    pdf.setFont(SANS_BOLD, 28)
    pdf.drawCentredString(width / 2, y, _("Certificate of membership"))
    y -= 16 * mm
    pdf.setFont(SANS, 13)
    pdf.drawCentredString(width / 2, y, _("This certifies that"))
    y -= 13 * mm
    pdf.setFont(SANS_BOLD, 22)
    pdf.drawCentredString(width / 2, y, name)
    y -= 13 * mm
    pdf.setFont(SANS, 13)
    pdf.drawCentredString(
        width / 2,
        y,
        _("is a %(category)s of the society") % {"category": membership.get_category_display()},
    )
    y -= 12 * mm
    until = (
        f"{membership.valid_until:%d %B %Y}" if membership.valid_until else _("without end date")
    )
    pdf.drawCentredString(
        width / 2,
        y,
        _("Membership number %(number)s · member since %(since)s · valid until %(until)s")
        % {
            "number": membership.number,
            "since": f"{membership.valid_from:%d %B %Y}",
            "until": until,
        },
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
