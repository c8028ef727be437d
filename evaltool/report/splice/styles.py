"""``styles.xml`` with our fills, fonts and cell styles appended (never renumbered)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from evaltool.report.results_sheet import FILL_STYLES, OUR_COLOURS, WRAPPED
from evaltool.report.splice.xmltext import (
    MAIN,
    Unsplicable,
    check_plain,
    get_attr,
    root_prefix,
    set_attr,
)


class Styles:
    """``styles.xml`` with fonts, fills and cell styles appended (never renumbered)."""

    def __init__(self, name: str, xml: bytes) -> None:
        check_plain(name, xml)
        root_prefix(name, xml, b"styleSheet")
        self.xml = xml
        root = ElementTree.fromstring(xml)
        ns = "{" + MAIN + "}"
        found = {key: root.find(ns + key) for key in ("fonts", "fills", "borders", "cellXfs", "cellStyleXfs")}
        for key in ("fonts", "fills", "borders", "cellXfs"):
            element = found[key]
            if element is None or len(element) == 0:
                raise Unsplicable(f"{name}: no {key}")
        self.counts = {key: len(element) for key, element in found.items() if element is not None}
        self.has_style_xfs = bool(self.counts.get("cellStyleXfs"))
        fills = found["fills"]
        assert fills is not None
        self.fill_elements = list(fills)
        fonts = found["fonts"]
        assert fonts is not None
        self.font0 = fonts[0]
        block = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", xml, re.S)
        if block is None:
            raise Unsplicable(f"{name}: cellXfs unreadable")
        self.xfs = [m.group(0) for m in re.finditer(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", block.group(1), re.S)]
        if len(self.xfs) != self.counts["cellXfs"]:
            raise Unsplicable(f"{name}: cellXfs unreadable")
        self.added: dict[str, list[bytes]] = {"fonts": [], "fills": [], "cellXfs": []}
        self._marked: dict[tuple[int, str], int] = {}
        self._fill_ids: dict[str, int] = {}
        self._fill_xml: dict[int, str] = {}
        self._restored: dict[tuple[int, str], int] = {}
        self._fill_by_xml: dict[bytes, int] = {}

    def _add(self, key: str, element: bytes) -> int:
        self.added[key].append(element)
        # Added styles and fills are looked up like the workbook's own (a restored style is marked again).
        if key == "cellXfs":
            self.xfs.append(element)
        elif key == "fills":
            self.fill_elements.append(ElementTree.fromstring(element))
        return self.counts[key] + len(self.added[key]) - 1

    def fill(self, key: str) -> int:
        """The fill id of one of our marks (``results_sheet.FILL_STYLES``: ``error``, ``error-also`` ...)."""
        if key not in self._fill_ids:
            rgb = FILL_STYLES[key].encode()
            self._fill_ids[key] = self._add(
                "fills",
                b'<fill><patternFill patternType="solid"><fgColor rgb="' + rgb + b'"/><bgColor rgb="' + rgb + b'"/>'
                b"</patternFill></fill>",
            )
        return self._fill_ids[key]

    def base(self, xf: int) -> int:
        """A style index that exists (an out-of-range ``s`` is shown with the default style)."""
        return xf if 0 <= xf < len(self.xfs) else 0

    def marked(self, xf: int, mark: str) -> int:
        """The cell style ``xf`` with our fill ``mark`` (a FILL_STYLES key) instead of its own."""
        key = (self.base(xf), mark)
        if key not in self._marked:
            self._marked[key] = self._with_fill_id(key[0], self.fill(mark))
        return self._marked[key]

    def _with_fill_id(self, xf: int, fill_id: int) -> int:
        raw = self.xfs[self.base(xf)]
        end = raw.index(b">")
        closed = raw[end - 1 : end] == b"/"
        start = raw[3 : end - 1] if closed else raw[3:end]
        start = set_attr(set_attr(start, b"fillId", str(fill_id).encode()), b"applyFill", b"1")
        return self._add("cellXfs", b"<xf" + start + (b"/>" if closed else b">") + raw[end + 1 :])

    def ours(self) -> set[int]:
        """The cell styles showing one of our fills (a copy annotated before, maybe re-saved)."""
        colours = {rgb.upper() for rgb in OUR_COLOURS}
        fills = set()
        for i, element in enumerate(self.fill_elements):
            for node in element.iter():
                if node.tag.rsplit("}", 1)[-1] == "fgColor" and (node.get("rgb") or "").upper() in colours:
                    fills.add(i)
        return {i for i, raw in enumerate(self.xfs) if int(get_attr(raw[: raw.index(b">")], b"fillId") or 0) in fills}

    def restored(self, xf: int, fill_xml: str | None) -> int:
        """The cell style ``xf`` with the fill it had before us (``fill_xml`` from ``_meta``), or none."""
        key = (self.base(xf), fill_xml or "")
        if key not in self._restored:
            element = b'<fill><patternFill patternType="none"/></fill>'
            if fill_xml and "<!" not in fill_xml:  # text from a _meta cell: never a DOCTYPE or entity
                try:
                    parsed = ElementTree.fromstring(fill_xml)
                    if parsed.tag.rsplit("}", 1)[-1] == "fill":
                        element = _bare_xml(parsed).encode()
                except ElementTree.ParseError:
                    pass
            if element not in self._fill_by_xml:
                self._fill_by_xml[element] = self._add("fills", element)
            self._restored[key] = self._with_fill_id(key[0], self._fill_by_xml[element])
        return self._restored[key]

    def fill_xml(self, xf: int) -> str:
        """The fill an original style shows, as namespace-free XML (what ``_meta`` records)."""
        raw = self.xfs[self.base(xf)]
        fill_id = int(get_attr(raw[: raw.index(b">")], b"fillId") or 0)
        if fill_id not in self._fill_xml:
            element = self.fill_elements[fill_id] if fill_id < len(self.fill_elements) else None
            self._fill_xml[fill_id] = _bare_xml(element) if element is not None else "<fill/>"
        return self._fill_xml[fill_id]

    def result_styles(self) -> dict[str, int]:
        """Cell styles for the results sheet's ``Put.style`` names, in the workbook's own font."""
        keep = b"".join(
            ElementTree.tostring(child, encoding="unicode").encode()
            for child in self.font0
            if child.tag.rsplit("}", 1)[-1] in ("name", "family", "charset", "scheme")
        )
        keep = re.sub(rb'\sxmlns(:\w+)?="[^"]*"', b"", re.sub(rb"<\w+:", b"<", keep))
        size = next((c.get("val", "11") for c in self.font0 if c.tag.endswith("}sz")), "11").encode()
        fonts = {
            "title": b'<font><b/><sz val="14"/>' + keep + b"</font>",
            "bold": b'<font><b/><sz val="' + size + b'"/>' + keep + b"</font>",
            "note": b'<font><i/><sz val="' + size + b'"/>' + keep + b"</font>",
            "link": b'<font><u/><sz val="' + size + b'"/><color rgb="FF0563C1"/>' + keep + b"</font>",
        }
        xf_id = b' xfId="0"' if self.has_style_xfs else b""
        out = {}
        for key, font in fonts.items():
            font_id = str(self._add("fonts", font)).encode()
            head = b'<xf numFmtId="0" fontId="' + font_id + b'" fillId="0" borderId="0"' + xf_id + b' applyFont="1"'
            wrapped = b' applyAlignment="1"><alignment wrapText="1"/></xf>'  # a long 另见 list wraps
            out[key] = self._add("cellXfs", head + (wrapped if key in WRAPPED else b"/>"))
        out["wrap"] = self._add(
            "cellXfs",
            b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"'
            + xf_id
            + b' applyAlignment="1"><alignment wrapText="1"/></xf>',
        )
        for mark in FILL_STYLES:
            fill_id = str(self.fill(mark)).encode()
            out[mark] = self._add(
                "cellXfs",
                b'<xf numFmtId="0" fontId="0" fillId="' + fill_id + b'" borderId="0"' + xf_id + b' applyFill="1"/>',
            )
        return out

    def render(self) -> bytes:
        """The edited ``styles.xml``."""
        xml = self.xml
        for key in ("fonts", "fills", "cellXfs"):
            if not self.added[key]:
                continue
            closing = b"</" + key.encode() + b">"
            at = xml.index(closing)
            xml = xml[:at] + b"".join(self.added[key]) + xml[at:]
            count = str(self.counts[key] + len(self.added[key])).encode()
            start = re.compile(rb"<" + key.encode() + rb"\b[^>]*>")
            m = start.search(xml)
            assert m is not None
            tag = m.group(0)
            inner = tag[len(key) + 1 : -1]
            xml = xml[: m.start()] + b"<" + key.encode() + set_attr(inner, b"count", count) + b">" + xml[m.end() :]
        return xml


def _bare_xml(element: ElementTree.Element) -> str:
    """An element serialised without namespaces (openpyxl's ``Fill.from_tree`` reads it back)."""
    import copy

    bare = copy.deepcopy(element)
    for node in bare.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]
    return ElementTree.tostring(bare, encoding="unicode")
