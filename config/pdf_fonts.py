"""The fonts every PDF of the site draws with: DejaVu Sans, shipped in `config/fonts/`
(Bitstream Vera licence, `LICENSE-DejaVu.txt`), embedded as subsets.

ReportLab's built-in Helvetica knows only the WinAnsi characters, so a certificate for
Łukasz, Dvořák or Ελένη printed black boxes where their names have Ł, ř or έ. DejaVu Sans
covers the Latin, Greek and Cyrillic alphabets of every European language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "AcademySans"
SANS_BOLD = "AcademySans-Bold"
SANS_OBLIQUE = "AcademySans-Oblique"
SANS_BOLD_OBLIQUE = "AcademySans-BoldOblique"
_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_OBLIQUE: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
}


@cache
def register() -> None:
    """Make the fonts known to ReportLab (once per process), with <b> and <i> in
    paragraphs mapped to the bold and oblique faces."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    for bold, italic, name in (
        (0, 0, SANS),
        (1, 0, SANS_BOLD),
        (0, 1, SANS_OBLIQUE),
        (1, 1, SANS_BOLD_OBLIQUE),
    ):
        addMapping(SANS, bold, italic, name)
