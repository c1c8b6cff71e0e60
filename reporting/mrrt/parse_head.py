"""Reading an MRRT template's head: Dublin Core metadata and the template_attributes
block (scripts, coding schemes, terms, coded_content), collecting problems on the way.
A part of the parser's reader (``reporting.mrrt.parse``)."""

from __future__ import annotations

import lxml.etree as etree

from reporting.codes import Code
from reporting.mrrt.attributes import Node, read_block
from reporting.mrrt.model import DUBLIN_CORE_SINGLE, CodingScheme, Metadata
from reporting.mrrt.schemes import make_code, normalise_scheme

_DC_PREFIXES = ("dcterms.", "dc.")


class HeadReader:
    """Mixin of the reader: ``self.doc``, ``self.problem`` and the state set up in
    ``_Reader.__init__``."""

    # -- head ------------------------------------------------------------------------
    def metadata(self) -> Metadata:
        single: dict[str, str] = {}
        creators: list[str] = []
        contributors: list[str] = []
        extra: list[tuple[str, str]] = []
        for meta in self.doc.iter("meta"):
            name = (meta.get("name") or "").strip().lower()
            prefix = next((p for p in _DC_PREFIXES if name.startswith(p)), None)
            if prefix is None:
                continue
            key, content = name[len(prefix) :], (meta.get("content") or "").strip()
            if key == "creator":
                creators.append(content)
            elif key == "contributor":
                contributors.append(content)
            elif key in DUBLIN_CORE_SINGLE and key not in single:
                single[key] = content
            else:
                extra.append((key, content))
        return Metadata(
            **single,
            creators=tuple(creators),
            contributors=tuple(contributors),
            extra=tuple(extra),
        )

    # -- template_attributes ---------------------------------------------------------
    def attribute_blocks(self) -> list[Node]:
        """Every <template_attributes> block, in document order.

        Also checks the scripts: the head holds exactly one script, the attribute
        block (a second one, even empty, is an error); scripts in the body are
        ignored (the site never runs template code).
        """
        blocks: list[Node] = []
        roots: list[Node] = []
        for el in self.doc.iter():
            if el.tag is etree.Comment:
                source, where = el.text or "", "comment"
            elif el.tag == "script":
                source, where = el.text or "", "script"
            elif el.tag == "template_attributes":
                # Not hidden in a script: the HTML parser made elements of it.
                source, where = etree.tostring(el, method="html", encoding="unicode"), "element"
            else:
                continue
            holds = "template_attributes" in source.lower()
            if where == "script" and not holds:
                self.other_script(el)
            if not holds:
                continue
            root, well_formed = read_block(source)
            found = root.find_all("template_attributes")
            if where == "script":
                self.script_blocks += 1
                kind = (el.get("type") or "").strip().lower()
                if kind != "text/xml":
                    self.problem(
                        "script-type",
                        f'the script holding template_attributes has type="{kind}", '
                        'expected "text/xml"',
                        "script",
                    )
            if found and not well_formed:
                self.problem(
                    "template-attributes-not-xml",
                    "template_attributes is not well-formed XML (read leniently, as an "
                    "HTML parser would)",
                    where,
                )
            blocks.extend(found)
            roots.extend([root] * len(found))
            self.blocks.extend([where] * len(found))
        self.block_roots = roots
        return blocks

    def other_script(self, el: etree._Element) -> None:
        in_head = any(a.tag == "head" for a in el.iterancestors())
        if in_head:
            self.problem(
                "script-count",
                "the head holds a <script> that is not the template attributes; "
                "MRRT allows exactly one script there",
                "script",
            )
        else:
            self.problem(
                "script-ignored",
                "a <script> in the body is ignored: templates are shown without their code",
                "script",
            )

    def merged_block(self, blocks: list[Node]) -> Node | None:
        """The one block to read. Two blocks in two scripts that set different things
        (DRG's stroke templates put coded_content in one, status in the other) are read
        as one, with a warning; two that set the same thing are an error."""
        if not blocks:
            return None
        first = blocks[0]
        if len(blocks) == 1:
            return self.with_stray_content(first, self.block_roots[0])
        if self.script_blocks <= 1:
            return first  # several in one container: reported by the validator
        # Each child element by tag; the same plain value twice (status ACTIVE in both
        # scripts) is no clash, anything else set twice is.
        values: dict[str, set[str | None]] = {}
        for block in blocks:
            for child in block.children:
                value = None if child.children else " ".join(child.text.split()).upper()
                values.setdefault(child.tag, set()).add(value if value else None)
        counts: dict[str, int] = {}
        for block in blocks:
            for tag in {c.tag for c in block.children}:
                counts[tag] = counts.get(tag, 0) + 1
        clashes = sorted(
            tag
            for tag, count in counts.items()
            if count > 1 and (None in values[tag] or len(values[tag]) > 1)
        )
        if clashes:
            self.problem(
                "script-count",
                f"{self.script_blocks} scripts hold template_attributes and more than one "
                f"sets {', '.join(clashes)}; MRRT allows exactly one",
                "script",
            )
            return first
        self.problem(
            "template-attributes-split",
            f"template_attributes is split over {self.script_blocks} scripts (read as one)",
            "script",
        )
        merged: list[Node] = []
        for child in (c for b in blocks for c in b.children):
            if child.children or all(m.tag != child.tag for m in merged):
                merged.append(child)
        return Node("template_attributes", {}, merged)

    def with_stray_content(self, block: Node, root: Node) -> Node:
        """A block whose coding schemes and entries follow it in the same script
        (DRG's liver-transplant template) is read with them, with a warning."""
        parent = next(
            (n for n in [root, *root.find_all_nodes()] if any(c is block for c in n.children)),
            root,
        )
        stray = [c for c in parent.children if c is not block and c.tag != "template_attributes"]
        if not any(c.tag in ("coding_schemes", "entry", "coded_content") for c in stray):
            return block
        self.problem(
            "template-attributes-outside",
            "coding schemes or entries stand after </template_attributes> in the script "
            "(read as part of it)",
            "script",
        )
        return Node("template_attributes", {}, [*block.children, *stray])

    def code(self, node: Node, where: str) -> Code | None:
        attrs = node.attrs
        missing = [k for k in ("meaning", "value", "scheme") if not attrs.get(k, "").strip()]
        for key in missing:
            self.problem("code-incomplete", f"a code has no {key}", where)
        if not attrs.get("value", "").strip():
            return None
        code = make_code(attrs.get("value", ""), attrs.get("scheme", ""), attrs.get("meaning", ""))
        if code.scheme and self.declared_schemes and code.scheme not in self.declared_schemes:
            self.problem(
                "code-scheme-undeclared",
                f"code {code.value} uses scheme {attrs.get('scheme')!r}, "
                "which is not in coding_schemes",
                where,
            )
        return code

    def term_codes(self, term: Node, where: str) -> list[Code]:
        nodes = term.find_all("code")
        if len(nodes) != 1:
            self.problem(
                "term-code-count", f"a term has {len(nodes)} codes, expected exactly one", where
            )
        return [c for c in (self.code(n, where) for n in nodes) if c is not None]

    def read_attributes(self, block: Node | None) -> tuple[str, bool, list[CodingScheme], list]:
        if block is None:
            return "", True, [], []
        schemes: list[CodingScheme] = []
        for node in block.find_all("coding_scheme"):
            name, oid = node.attrs.get("name", "").strip(), node.attrs.get("designator", "")
            if not name:
                self.problem("coding-scheme-incomplete", "a coding_scheme has no name", "")
                continue
            if not oid.strip():
                self.problem(
                    "coding-scheme-incomplete",
                    f"coding_scheme {name!r} has no designator (its OID)",
                    name,
                )
            schemes.append(CodingScheme(normalise_scheme(name, oid), oid.strip()))
        if not schemes and block.find_all("coding_schemes"):
            self.problem(
                "coding-schemes-empty", "<coding_schemes> holds no <coding_scheme> element"
            )
        elif not schemes:
            self.problem("coding-scheme-missing", "template_attributes declares no coding scheme")
        self.declared_schemes = {s.name for s in schemes}
        self.coded_content_count = len(block.find_all("coded_content"))
        flag_text = (block.text_of("top-level-flag") or "true").lower()
        status = block.text_of("status") or ""
        # Template-level terms: terms not inside coded_content.
        in_content = {id(t) for e in block.find_all("coded_content") for t in e.find_all("term")}
        template_codes: list[Code] = []
        for term in block.find_all("term"):
            if id(term) not in in_content:
                template_codes.extend(self.term_codes(term, "template_attributes"))
        for entry in block.find_all("entry"):
            origtxt = entry.attrs.get("origtxt", "").strip()
            if not origtxt:
                self.problem("entry-origtxt-missing", "a coded_content entry has no ORIGTXT")
                continue
            where = f"coded_content/{origtxt}"
            terms = entry.find_all("term")
            self.codes_by_id.setdefault(origtxt, [])
            if not terms:
                self.problem("entry-term-missing", f"entry {origtxt!r} has no term", where)
            for term in terms:
                self.codes_by_id.setdefault(origtxt, []).extend(self.term_codes(term, where))
        return status, flag_text != "false", schemes, template_codes
