"""Labels for fields that have no ``<label for>``, found as template editors write them.

Real templates (DRG's, RSNA's editor) label a control by the text just before it in its
paragraph, list item or table cell ("α-Winkel <input>"), by the first cell of its table
row, or, for a lone textarea under a section header, by the section's name. Checkbox
and radio options are labelled by the text that follows them.
"""

from __future__ import annotations

import lxml.etree as etree

CONTROLS = frozenset({"input", "select", "textarea", "button"})
_SKIPPED_TEXT = frozenset({"script", "style", "option", "template"})
_BLOCKS = ("p", "li", "td", "th", "dd", "dt", "label")
MAX_LABEL = 200


def clean(text: str) -> str:
    """Whitespace collapsed, a trailing colon dropped, long text cut at a word."""
    text = " ".join(text.split()).rstrip(":").strip()
    if len(text) > MAX_LABEL:
        text = text[:MAX_LABEL].rsplit(" ", 1)[0] + " …"
    return text


def _is_control(node: etree._Element) -> bool:
    if not isinstance(node.tag, str) or node.tag not in CONTROLS:
        return False
    return not (node.tag == "input" and (node.get("type") or "").lower() == "hidden")


def text_before(block: etree._Element, target: etree._Element) -> str:
    """The text in ``block`` between the previous form control (or the block's start)
    and ``target``; text of labels that belong to other controls is left out."""
    parts: list[str] = []
    target_id = target.get("id") or ""

    def visit(node: etree._Element) -> bool:
        """Collect text up to target; True once it is reached."""
        if node is target:
            return True
        if node is not block and _is_control(node):
            parts.clear()  # what came before belongs to that control
        else:
            own_label = node.tag == "label" and node.get("for") not in (None, "", target_id)
            skip = not isinstance(node.tag, str) or node.tag in _SKIPPED_TEXT or own_label
            if not skip:
                if node.text:
                    parts.append(node.text)
                for child in node:
                    if visit(child):
                        return True
        if node is not block and node.tail:
            parts.append(node.tail)
        return False

    visit(block)
    return clean(" ".join(parts))


def _text_without_controls(node: etree._Element) -> str:
    parts: list[str] = []

    def visit(el: etree._Element) -> None:
        if isinstance(el.tag, str) and el.tag not in _SKIPPED_TEXT and not _is_control(el):
            if el.text:
                parts.append(el.text)
            for child in el:
                visit(child)
        if el is not node and el.tail:
            parts.append(el.tail)

    visit(node)
    return clean(" ".join(parts))


def nearby_label(el: etree._Element) -> str:
    """Label text for a control without an explicit label ("" if none is found)."""
    previous = el.getprevious()
    if previous is not None and previous.tag == "label" and previous.get("for"):
        label = previous
        previous = label.getprevious()
        if previous is not None and previous.get("id") == label.get("for"):
            # The "other: ____" box right after a choice and its label.
            return _text_without_controls(label)
    if (
        previous is not None
        and previous.tag == "input"
        and (previous.get("type") or "").lower() in ("radio", "checkbox")
    ):
        # The "other: ____" box right after its choice.
        return text_after(previous) or clean(previous.get("value") or "")
    block = next((a for a in el.iterancestors() if a.tag in _BLOCKS), None)
    if block is not None:
        text = text_before(block, el)
        if text:
            return text
        if block.tag in ("td", "th"):
            # The row's header: the nearest earlier cell with text.
            for cell in block.itersiblings(preceding=True):
                if cell.tag in ("td", "th"):
                    text = _text_without_controls(cell)
                    if text:
                        return text
    section = next((a for a in el.iterancestors() if a.tag == "section"), None)
    if section is not None:
        first = next((c for c in section.iter() if _is_control(c)), None)
        if first is el:
            # The first control under a section header ("Fragestellung" over a
            # textarea): the header and any text before it.
            return text_before(section, el) or clean(section.get("data-section-name") or "")
    return ""


def text_after(el: etree._Element) -> str:
    """The text right after a checkbox or radio (its option label in editors' markup):
    up to the next element that is a control or a line break."""
    parts = [el.tail or ""]
    for sibling in el.itersiblings():
        if not isinstance(sibling.tag, str) or _is_control(sibling) or sibling.tag == "br":
            break
        if sibling.tag == "label" and sibling.get("for"):
            break
        parts.append(_text_without_controls(sibling))
        parts.append(sibling.tail or "")
    return clean(" ".join(parts))


# Units template editors write after a number box (DRG: "<input type=number> mm"),
# as written there; anything else after a box is not taken for a unit.
KNOWN_UNITS = frozenset(
    {
        "mm",
        "cm",
        "m",
        "ml",
        "mL",
        "l",
        "L",
        "%",
        "cm/s",
        "m/s",
        "ms",
        "s",
        "min",
        "/min",
        "bpm",
        "kg",
        "g",
        "HU",
        "°",
        "deg",
        "mmHg",
        "mSv",
        "mGy",
        "cm²",
        "mm²",
        "m²",
        "ml/m²",
        "mL/m²",
        "g/m²",
        "mm/m²",
        "ml/s",
        "l/min",
        "L/min",
    }
)


def unit_after(el: etree._Element) -> str | None:
    """The unit written right after a number box, if it is a known unit."""
    text = text_after(el)
    if not text:
        return None
    token = text.split()[0].rstrip(",;.:)")
    if len(text.split()) > 1 and text.split()[1] == "2" and token.endswith("m"):
        token += "²"  # "ml/m 2" for ml/m²
    return token if token in KNOWN_UNITS else None
