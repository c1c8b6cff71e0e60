"""Reader for the ``<template_attributes>`` block.

Real blocks are not well-formed XML (unclosed ``<code>``, upper-case ``ORIGTXT``), so
they are tokenised with the standard library's lenient HTML tokenizer and assembled into
a small tree by hand, with ``code`` and ``coding_scheme`` treated as empty elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree as etree

from reporting.mrrt.htmlscan import LenientHTMLParser

_EMPTY = {"code", "coding_scheme"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find_all(self, tag: str) -> list[Node]:
        found: list[Node] = []
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if node.tag == tag:
                found.append(node)
            stack.extend(reversed(node.children))
        return found

    def find_all_nodes(self) -> list[Node]:
        """Every descendant, depth first in document order."""
        found: list[Node] = []
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found

    def child(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def text_of(self, tag: str) -> str | None:
        node = self.child(tag) or next(iter(self.find_all(tag)), None)
        return None if node is None else node.text.strip()


class _Builder(LenientHTMLParser):
    # Read a <script> inside the block as elements, not as raw text: one DRG template
    # nests a stray <script type="text/xml"> inside its attribute script.
    CDATA_CONTENT_ELEMENTS = ()

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def _node(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name.lower(), value or "")  # first wins, as in HTML
        node = Node(tag.lower(), values)
        self.stack[-1].children.append(node)
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._node(tag, attrs)
        if node.tag not in _EMPTY:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._node(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _EMPTY:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        # A stray end tag closes nothing: lenient, like a browser.

    def handle_data(self, data: str) -> None:
        self.stack[-1].text += data


_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _from_xml(element: etree._Element) -> Node | None:
    """Same tree the lenient builder makes, or None if the XML reading could differ."""
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None or ":" in tag or "{" in tag:
        return None
    if tag in _EMPTY and len(element):
        return None  # the lenient reading would make these children siblings
    node = Node(tag, {})
    for name, value in element.attrib.items():
        node.attrs.setdefault(name.lower(), value)
    node.text = element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            converted = _from_xml(child)
            if converted is None:
                return None
            node.children.append(converted)
        node.text += child.tail or ""  # data after a child belongs to the parent
    return node


def parse_block(text: str) -> Node:
    """Tree of every element in ``text`` (comment markers are ignored)."""
    return read_block(text)[0]


def read_block(text: str) -> tuple[Node, bool]:
    """(tree, whether the block is well-formed XML).

    Well-formed blocks (anything we render) go through lxml's XML parser, which is
    several times faster; anything else through the lenient builder.
    """
    text = text.replace("<!--", " ").replace("-->", " ")
    try:
        root = etree.fromstring(f"<mrrt-root>{text}</mrrt-root>", _XML)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is not None:
        converted = _from_xml(root)
        if converted is not None:
            converted.tag = "#root"
            return converted, True
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root, root is not None
