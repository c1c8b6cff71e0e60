"""The stdlib HTML tokenizer, made total: every str it is fed yields events, never
an exception.

``html.parser`` (through ``_markupbase``) raises ``AssertionError`` on a malformed
marked section such as ``<![ DOCTYPE html>`` or ``<![\\x01...``. HTML5 (and lxml,
which reads the same document without complaint) treats any ``<![`` that does not
open a known marked section as a bogus comment running to the next ``>``; so does
this class.
"""

from __future__ import annotations

from html.parser import HTMLParser


class LenientHTMLParser(HTMLParser):
    """``HTMLParser`` that reads a malformed ``<![...`` as a bogus comment."""

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # the stdlib's way of rejecting the section's name
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1  # incomplete: wait for more data (close() flushes it as text)
            self.handle_comment(self.rawdata[i + 2 : end])
            return end + 1
