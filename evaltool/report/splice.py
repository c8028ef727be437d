"""Annotate an .xlsx by splicing its XML parts: fast, and every byte we do not touch stays as it was.

The openpyxl round trip (load, mark, save) costs ~60 ms per workbook and drops what openpyxl
does not model (cached formula values, unknown extensions). Here the package is copied part
by part; only the parts an annotation needs are edited, by splicing text into them:

- ``styles.xml``: our three fills, and for each (style, severity) marked a copy of the style
  with our fill; the results sheet's fonts and styles;
- each marked sheet: the marked cells' ``s`` attribute (a cell that does not exist is
  inserted), a ``<legacyDrawing>`` pointing at a new comments part and its VML drawing — or,
  where the unit has comments already, our notes added to their comments part and drawing;
- ``workbook.xml``, its relationships and ``[Content_Types].xml``: the 校验结果 sheet first,
  the hidden ``_meta`` sheet (created, or extended with our rows).

Anything unusual raises ``Unsplicable`` before a byte is written, and the caller takes the
openpyxl path: a copy annotated before (our sheet or our ``_meta`` rows are there), form
controls or threaded comments on a sheet to mark, prefixed or non-transitional XML, XML
comments/CDATA, UTF-16 parts, rows or cells without an address.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from evaltool.findings import Severity
from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.read.raw import col_letter, col_number
from evaltool.report.results_sheet import COLUMNS, FILLS, HEADER_ROW, WIDTHS, Put, last_row, quote_sheet, safe_text

MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_TYPE: Final = REL + "/worksheet"
WORKSHEET_CT: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMMENTS_CT: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT: Final = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# An .xltx/.xltm input: the copy is a workbook, not a template.
TEMPLATE_CT: Final = {
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": (
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
    b"application/vnd.ms-excel.template.macroEnabled.main+xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
}
XML_DECL: Final = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Worksheet children that must come after <legacyDrawing> (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY: Final = [
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
]
# Workbook children that come after <definedNames>.
_AFTER_NAMES: Final = [
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]
_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ATTR_R: Final = re.compile(rb'(?:^|\s)r="\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"')
_ATTR_ROW: Final = re.compile(rb'(?:^|\s)r="([0-9]+)"')
_ATTR_S: Final = re.compile(rb'(\s)s="([0-9]+)"')


class Unsplicable(Exception):
    """This package needs the openpyxl round trip instead (the reason is for tests and logs)."""


@dataclass(frozen=True, slots=True)
class Note:
    """What one cell gets: our comment text and the fill of its worst finding."""

    text: str
    severity: Severity
    size: tuple[int, int]  # comment box width, height (px)


def _attr(tag: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"(?:^|\s)" + name + rb'="([^"]*)"', tag)
    return m.group(1) if m else None


def _set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """A start tag's attribute text with ``name="value"`` set (replaced or appended)."""
    pattern = re.compile(rb"(\s)" + name + rb'="[^"]*"')
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + name + b'="' + value + b'"', tag, count=1)
    return tag + b" " + name + b'="' + value + b'"'


def _drop_attr(tag: bytes, name: bytes) -> bytes:
    return re.sub(rb"\s" + name + rb'="[^"]*"', b"", tag)


def escape(text: str) -> str:
    """Text as XML character data (``xml.sax.saxutils.escape``, without importing urllib with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value, whitespace kept as character references."""
    text = escape(text).replace('"', "&quot;")
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def _text(value: str) -> bytes:
    return escape(safe_text(value)).encode()


def _check_plain(name: str, xml: bytes) -> None:
    """Refuse what our text splicing cannot read safely."""
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Unsplicable(f"{name}: UTF-16")
    if b"<!--" in xml or b"<![CDATA[" in xml:
        raise Unsplicable(f"{name}: XML comments or CDATA")


def _root_prefix(name: str, xml: bytes, tag: bytes) -> None:
    """The root element must be unprefixed in the transitional main namespace."""
    m = re.search(rb"<(\w+:)?" + tag + rb"\b([^>]*)>", xml)
    if m is None or m.group(1) or (b'xmlns="' + MAIN.encode() + b'"') not in m.group(2):
        raise Unsplicable(f"{name}: not plain transitional SpreadsheetML")


# A start, end or empty tag, attribute-aware (a quoted value may hold ">").
_TAG: Final = re.compile(rb"""<(/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")


def _insert_before_first(xml: bytes, tags: Sequence[str], new: bytes, start: int) -> bytes:
    """Insert ``new`` before the first root child named in ``tags`` after ``start``, else at the root's end.

    ``start`` must be a position between two children of the root element.
    """
    wanted = {t.encode() for t in tags}
    depth = 0
    for m in _TAG.finditer(xml, start):
        if m.group(1):
            if depth == 0:  # the root's end tag
                return xml[: m.start()] + new + xml[m.start() :]
            depth -= 1
            continue
        if depth == 0 and m.group(2) in wanted:
            return xml[: m.start()] + new + xml[m.start() :]
        if not m.group(4):
            depth += 1
    raise Unsplicable("unbalanced XML")


# --- styles --------------------------------------------------------------------------------------


class Styles:
    """``styles.xml`` with fonts, fills and cell styles appended (never renumbered)."""

    def __init__(self, name: str, xml: bytes) -> None:
        _check_plain(name, xml)
        _root_prefix(name, xml, b"styleSheet")
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
        self._marked: dict[tuple[int, Severity], int] = {}
        self._fill_ids: dict[Severity, int] = {}
        self._fill_xml: dict[int, str] = {}

    def _add(self, key: str, element: bytes) -> int:
        self.added[key].append(element)
        return self.counts[key] + len(self.added[key]) - 1

    def fill(self, severity: Severity) -> int:
        """The fill id of a severity's colour."""
        if severity not in self._fill_ids:
            rgb = FILLS[severity].encode()
            self._fill_ids[severity] = self._add(
                "fills",
                b'<fill><patternFill patternType="solid"><fgColor rgb="' + rgb + b'"/><bgColor rgb="' + rgb + b'"/>'
                b"</patternFill></fill>",
            )
        return self._fill_ids[severity]

    def base(self, xf: int) -> int:
        """A style index that exists (an out-of-range ``s`` is shown with the default style)."""
        return xf if 0 <= xf < len(self.xfs) else 0

    def marked(self, xf: int, severity: Severity) -> int:
        """The cell style ``xf`` with our fill instead of its own."""
        key = (self.base(xf), severity)
        if key not in self._marked:
            raw = self.xfs[key[0]]
            end = raw.index(b">")
            closed = raw[end - 1 : end] == b"/"
            start = raw[3 : end - 1] if closed else raw[3:end]
            start = _set_attr(_set_attr(start, b"fillId", str(self.fill(severity)).encode()), b"applyFill", b"1")
            self._marked[key] = self._add("cellXfs", b"<xf" + start + (b"/>" if closed else b">") + raw[end + 1 :])
        return self._marked[key]

    def fill_xml(self, xf: int) -> str:
        """The fill an original style shows, as namespace-free XML (what ``_meta`` records)."""
        raw = self.xfs[self.base(xf)]
        fill_id = int(_attr(raw[: raw.index(b">")], b"fillId") or 0)
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
            out[key] = self._add(
                "cellXfs",
                b'<xf numFmtId="0" fontId="' + font_id + b'" fillId="0" borderId="0"' + xf_id + b' applyFont="1"/>',
            )
        out["wrap"] = self._add(
            "cellXfs",
            b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"'
            + xf_id
            + b' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
        )
        for sev in Severity:
            fill_id = str(self.fill(sev)).encode()
            out[sev.label] = self._add(
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
            xml = xml[: m.start()] + b"<" + key.encode() + _set_attr(inner, b"count", count) + b">" + xml[m.end() :]
        return xml


def _bare_xml(element: ElementTree.Element) -> str:
    """An element serialised without namespaces (openpyxl's ``Fill.from_tree`` reads it back)."""
    import copy

    bare = copy.deepcopy(element)
    for node in bare.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]
    return ElementTree.tostring(bare, encoding="unicode")


# --- one sheet -----------------------------------------------------------------------------------


@dataclass
class SheetPart:
    """A worksheet part and what is known of it."""

    name: str
    part: str
    xml: bytes
    _merged: list[tuple[int, int, int, int]] | None = None

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (min_row, min_col, max_row, max_col)."""
        if self._merged is None:
            self._merged = []
            for m in re.finditer(rb'<mergeCell\b[^>]*?\sref="\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)"', self.xml):
                c1, r1, c2, r2 = (
                    col_number(m.group(1).decode()),
                    int(m.group(2)),
                    col_number(m.group(3).decode()),
                    int(m.group(4)),
                )
                self._merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        return self._merged


def _col_styles(xml: bytes) -> dict[int, int]:
    """Column default styles from ``<cols>`` (what an empty cell of that column shows)."""
    out: dict[int, int] = {}
    for m in re.finditer(rb"<col\b([^>]*?)/?>", xml):
        style, lo, hi = _attr(m.group(1), b"style"), _attr(m.group(1), b"min"), _attr(m.group(1), b"max")
        if style is None or lo is None or hi is None:
            continue
        for c in range(int(lo), min(int(hi), int(lo) + 16384) + 1):
            out[c] = int(style)
    return out


_ROW_RE: Final = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL_RE: Final = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)


def mark_sheet(
    sheet: SheetPart, marks: Mapping[tuple[int, int], Severity], styles: Styles, fills: dict[str, str]
) -> bytes:
    """The sheet XML with each marked cell's style swapped for its filled twin (cells inserted as needed).

    ``fills`` receives ``"Sheet!A1" -> the fill XML the cell had``.
    """
    xml = sheet.xml
    opened = re.search(rb"<sheetData\b[^>]*?(/?)>", xml)
    if opened is None:
        raise Unsplicable(f"{sheet.part}: no sheetData")
    if opened.group(1):
        body_start = body_end = opened.end()
        head, tail = xml[: opened.start()] + b"<sheetData>", b"</sheetData>" + xml[opened.end() :]
    else:
        body_start, body_end = opened.end(), xml.index(b"</sheetData>", opened.end())
        head, tail = xml[:body_start], xml[body_end:]
    body = xml[body_start:body_end]
    columns = _col_styles(xml[: opened.start()])
    by_row: dict[int, dict[int, Severity]] = {}
    for (row, col), sev in marks.items():
        by_row.setdefault(row, {})[col] = sev

    def new_cell(row: int, col: int, base: int, severity: Severity) -> bytes:
        ref = f"{col_letter(col)}{row}"
        fills[f"{sheet.name}!{ref}"] = styles.fill_xml(base)
        return f'<c r="{ref}" s="{styles.marked(base, severity)}"/>'.encode()

    def patch_row(attrs: bytes, content: bytes | None, row: int) -> bytes:
        wanted = by_row.pop(row)
        row_style = int(_attr(attrs, b"s") or 0) if _attr(attrs, b"customFormat") in (b"1", b"true") else None
        out: list[bytes] = []
        pos = 0
        inserted = False
        content = content or b""
        for m in _CELL_RE.finditer(content):
            got = _ATTR_R.search(m.group(1))
            if got is None:
                raise Unsplicable(f"{sheet.part}: a cell without an address")
            col = col_number(got.group(1).decode())
            for c in sorted(k for k in wanted if k < col):
                out.append(content[pos : m.start()])
                pos = m.start()
                base = row_style if row_style is not None else columns.get(c, 0)
                out.append(new_cell(row, c, base, wanted.pop(c)))
                inserted = True
            if col in wanted:
                cell_attrs = m.group(1)
                current = _ATTR_S.search(cell_attrs)
                base = int(current.group(2)) if current else 0
                fills[f"{sheet.name}!{col_letter(col)}{row}"] = styles.fill_xml(base)
                new_s = str(styles.marked(base, wanted.pop(col))).encode()
                if current:
                    cell_attrs = (
                        cell_attrs[: current.start()]
                        + current.group(1)
                        + b's="'
                        + new_s
                        + b'"'
                        + cell_attrs[current.end() :]
                    )
                else:
                    cell_attrs += b' s="' + new_s + b'"'
                out.append(content[pos : m.start()])
                rest = m.group(0)[len(b"<c") + len(m.group(1)) :]
                out.append(b"<c" + cell_attrs + rest)
                pos = m.end()
        out.append(content[pos:])
        for c in sorted(wanted):
            base = row_style if row_style is not None else columns.get(c, 0)
            out.append(new_cell(row, c, base, wanted[c]))
            inserted = True
        if inserted:
            attrs = _drop_attr(attrs, b"spans")  # an optional hint, now possibly too narrow
        return b"<row" + attrs + b">" + b"".join(out) + b"</row>"

    def fresh_rows(upto: int | None) -> list[bytes]:
        rows = sorted(r for r in by_row if upto is None or r < upto)
        return [patch_row(f' r="{r}"'.encode(), None, r) for r in rows]

    out: list[bytes] = []
    pos = 0
    for m in _ROW_RE.finditer(body):
        got = _ATTR_ROW.search(m.group(1))
        if got is None:
            raise Unsplicable(f"{sheet.part}: a row without an address")
        row = int(got.group(1))
        if not by_row:
            break
        before = fresh_rows(row)
        if before:
            out.append(body[pos : m.start()])
            out += before
            pos = m.start()
        if row in by_row:
            out.append(body[pos : m.start()])
            out.append(patch_row(m.group(1), m.group(2), row))
            pos = m.end()
    out.append(body[pos:])
    out += fresh_rows(None)
    bottom, right = max(r for r, _ in marks), max(c for _, c in marks)
    return widen_dimension(head + b"".join(out) + tail, bottom, right)


def widen_dimension(xml: bytes, bottom: int, right: int) -> bytes:
    """The sheet's ``<dimension>`` grown to include row ``bottom`` and column ``right``."""
    m = re.search(rb'<dimension\b[^>]*?\sref="([^"]*)"', xml)
    if m is None:
        return xml
    corners = re.findall(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})", m.group(1))
    if not corners:
        return xml
    (c1, r1), (c2, r2) = corners[0], corners[-1]
    first = (int(r1), col_number(c1.decode()))
    last = (max(int(r2), bottom), max(col_number(c2.decode()), right))
    ref = f"{col_letter(first[1])}{first[0]}:{col_letter(last[1])}{last[0]}".encode()
    return xml[: m.start(1)] + ref + xml[m.end(1) :]


def add_legacy_drawing(xml: bytes, rel_id: str) -> bytes:
    """The sheet XML pointing at its comments' VML drawing (in schema order)."""
    m = re.search(rb'\sxmlns:(\w+)="' + REL.encode() + rb'"', xml[: xml.index(b">", xml.index(b"<worksheet"))])
    if m:
        element = b"<legacyDrawing " + m.group(1) + b':id="' + rel_id.encode() + b'"/>'
    else:
        element = b'<legacyDrawing xmlns:r="' + REL.encode() + b'" r:id="' + rel_id.encode() + b'"/>'
    closed = xml.find(b"</sheetData>")
    start = closed + len(b"</sheetData>") if closed >= 0 else re.search(rb"<sheetData\b[^>]*/>", xml).end()  # type: ignore[union-attr]
    return _insert_before_first(xml, _AFTER_LEGACY, element, start)


def comments_xml(notes: Mapping[tuple[int, int], Note]) -> bytes:
    """A comments part: one author, one plain-text comment per cell."""
    body = b"".join(
        f'<comment ref="{col_letter(c)}{r}" authorId="0"><text><t xml:space="preserve">'.encode()
        + _text(note.text)
        + b"</t></text></comment>"
        for (r, c), note in sorted(notes.items())
    )
    return (
        XML_DECL
        + f'<comments xmlns="{MAIN}"><authors><author>evaltool</author></authors><commentList>'.encode()
        + body
        + b"</commentList></comments>"
    )


def vml_shapes(notes: Mapping[tuple[int, int], Note], first_id: int) -> bytes:
    """A hidden note shape per cell (prefixes v:, o:, x:), ids counting from ``first_id``."""
    shapes = []
    for i, ((r, c), note) in enumerate(sorted(notes.items())):
        width, height = note.size
        top = max(r - 2, 0)  # Excel's own placement: right of the cell, a row above it
        anchor = f"{c}, 15, {top}, 10, {c + math.ceil(width / 64)}, 15, {top + math.ceil(height / 20)}, 4"
        shapes.append(
            f'<v:shape id="_x0000_s{first_id + i}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:59.25pt;margin-top:1.5pt;width:{width}px;height:{height}px;z-index:{i + 1};"
            'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{r - 1}</x:Row><x:Column>{c - 1}</x:Column></x:ClientData></v:shape>"
        )
    return "".join(shapes).encode()


def vml_xml(notes: Mapping[tuple[int, int], Note], block: int) -> bytes:
    """The legacy VML drawing Excel needs to show the comments (the shape of each note box)."""
    return (
        (
            '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        ).encode()
        + vml_shapes(notes, 1024 * block + 1)
        + b"</xml>"
    )


# --- a sheet with comments already ---------------------------------------------------------------

VML: Final = "urn:schemas-microsoft-com:vml"
OFFICE: Final = "urn:schemas-microsoft-com:office:office"
EXCEL: Final = "urn:schemas-microsoft-com:office:excel"


def _relations(rels: bytes) -> dict[str, tuple[str, str]]:
    """A relationships part's entries: id -> (type, target); external targets left out."""
    if not rels:
        return {}
    out = {}
    for rel in ElementTree.fromstring(rels):
        if rel.get("TargetMode") != "External":
            out[rel.get("Id", "")] = (rel.get("Type", ""), rel.get("Target", ""))
    return out


def merge_comments(name: str, xml: bytes, notes: Mapping[tuple[int, int], Note]) -> tuple[bytes, set[tuple[int, int]]]:
    """The comments part with our notes added, and the cells that had a comment already.

    On such a cell our note is a new run below the unit's text (the same text openpyxl would
    give: the unit's, a line break, ours); on the others it is a new comment by evaltool.
    """
    _check_plain(name, xml)
    _root_prefix(name, xml, b"comments")
    root = ElementTree.fromstring(xml)
    ns = "{" + MAIN + "}"
    authors = [a.text or "" for a in root.iter(ns + "author")]
    if "evaltool" not in authors:
        at = xml.index(b"</authors>") if b"</authors>" in xml else -1
        if at < 0:
            raise Unsplicable(f"{name}: no authors list")
        xml = xml[:at] + b"<author>evaltool</author>" + xml[at:]
        authors.append("evaltool")
    author = authors.index("evaltool")
    had: set[tuple[int, int]] = set()
    for (row, col), note in notes.items():
        ref = f"{col_letter(col)}{row}"
        m = re.search(rb'<comment\b[^>]*?\sref="\$?' + ref.encode() + rb'"[^>]*>', xml, re.I)
        if m is None:
            continue
        end = xml.index(b"</comment>", m.end())
        text_end = xml.rfind(b"</text>", m.end(), end)
        if text_end < 0 or re.search(rb"<(rPh|phoneticPr)\b", xml[m.end() : end]):
            raise Unsplicable(f"{name}: comment {ref} is not plain rich text")
        run = b'<r><t xml:space="preserve">' + _text("\n" + note.text) + b"</t></r>"
        xml = xml[:text_end] + run + xml[text_end:]
        had.add((row, col))
    new = b"".join(
        f'<comment ref="{col_letter(c)}{r}" authorId="{author}"><text><t xml:space="preserve">'.encode()
        + _text(note.text)
        + b"</t></text></comment>"
        for (r, c), note in sorted(notes.items())
        if (r, c) not in had
    )
    if new:
        if re.search(rb"<commentList\s*/>", xml):
            xml = re.sub(rb"<commentList\s*/>", lambda _: b"<commentList>" + new + b"</commentList>", xml, count=1)
        else:
            at = xml.index(b"</commentList>")
            xml = xml[:at] + new + xml[at:]
    return xml, had


def merge_vml(
    name: str, xml: bytes, notes: Mapping[tuple[int, int], Note], grow: Mapping[tuple[int, int], Note]
) -> bytes:
    """The sheet's VML drawing with a note shape for each cell of ``notes`` (cells that had no
    comment), and the boxes of the cells in ``grow`` (the unit's comments we added to) enlarged."""
    if not notes and not grow:
        return xml
    head = re.search(rb"<xml\b[^>]*>", xml)
    if head is None or b"</xml>" not in xml or b"_x0000_t202" not in xml:
        raise Unsplicable(f"{name}: not a comments drawing we know")
    prefixes = {uri: p for p, uri in re.findall(rb'\sxmlns:(\w+)="([^"]+)"', head.group(0))}
    v, o, x = (prefixes.get(uri.encode()) for uri in (VML, OFFICE, EXCEL))
    if v is None or o is None or x is None:
        raise Unsplicable(f"{name}: VML namespaces declared elsewhere")
    if grow:
        xml = _grow_shapes(xml, v, x, grow)
    if not notes:
        return xml
    ids = [int(n) for n in re.findall(rb"_x0000_s(\d+)", xml)]
    blocks = [
        int(n) for m in re.finditer(rb'idmap\b[^>]*?\sdata="([^"]*)"', xml) for n in re.findall(rb"\d+", m.group(1))
    ]
    if not blocks:
        raise Unsplicable(f"{name}: no shape id block")
    first = max([*ids, 1024 * max(blocks)]) + 1
    if first + len(notes) >= 1024 * (max(blocks) + 1):
        raise Unsplicable(f"{name}: no room for more shape ids")
    shapes = vml_shapes(notes, first).decode()
    shapes = shapes.replace("<v:", f"<{v.decode()}:").replace("</v:", f"</{v.decode()}:")
    shapes = shapes.replace("<x:", f"<{x.decode()}:").replace("</x:", f"</{x.decode()}:")
    shapes = shapes.replace(" o:", f" {o.decode()}:")
    at = xml.rindex(b"</xml>")
    return xml[:at] + shapes.encode() + xml[at:]


_LENGTH: Final = re.compile(rb"(width|height)\s*:\s*([0-9.]+)\s*(pt|px|in|cm|mm)?", re.I)
_PX_PER: Final = {b"pt": 4 / 3, b"px": 1.0, b"in": 96.0, b"cm": 96 / 2.54, b"mm": 96 / 25.4}


def _grow_shapes(xml: bytes, v: bytes, x: bytes, grow: Mapping[tuple[int, int], Note]) -> bytes:
    """Enlarge the note boxes of ``grow``'s cells so the unit's text and ours both show."""
    shape = re.compile(rb"<" + v + rb":shape\b.*?</" + v + rb":shape>", re.S)
    row_re = re.compile(rb"<" + x + rb":Row>\s*(\d+)\s*</" + x + rb":Row>")
    col_re = re.compile(rb"<" + x + rb":Column>\s*(\d+)\s*</" + x + rb":Column>")
    anchor_re = re.compile(rb"(<" + x + rb":Anchor>)([^<]*)(</" + x + rb":Anchor>)")

    def grown(m: re.Match[bytes]) -> bytes:
        block = m.group(0)
        r, c = row_re.search(block), col_re.search(block)
        note = grow.get((int(r.group(1)) + 1, int(c.group(1)) + 1)) if r and c else None
        if note is None:
            return block
        sizes = {k.lower(): float(n) * _PX_PER.get((u or b"px").lower(), 1.0) for k, n, u in _LENGTH.findall(block)}
        width = max(sizes.get(b"width", 0.0), note.size[0])
        height = min(600.0, sizes.get(b"height", 0.0) + note.size[1])

        def length(lm: re.Match[bytes]) -> bytes:
            value = width if lm.group(1).lower() == b"width" else height
            return lm.group(1) + b":" + f"{value:.0f}px".encode()

        start = block.index(b">")
        block = _LENGTH.sub(length, block[:start]) + block[start:]
        a = anchor_re.search(block)
        if a is not None:
            parts = [p.strip() for p in a.group(2).decode().split(",")]
            if len(parts) == 8 and all(p.lstrip("-").isdigit() for p in parts):
                left, top = int(parts[0]), int(parts[2])
                parts[4] = str(left + math.ceil(width / 64))
                parts[6] = str(top + math.ceil(height / 20))
                block = block[: a.start(2)] + ", ".join(parts).encode() + block[a.end(2) :]
        return block

    return shape.sub(grown, xml)


# --- new sheets ----------------------------------------------------------------------------------


def _cell(ref: str, value: str | int, style: int | None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        # Inline text: never a formula, whatever it looks like ("=HYPERLINK(...)" from a submission).
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'.encode() + _text(value) + b"</t></is></c>"
    return f'<c r="{ref}"{s}><v>{value}</v></c>'.encode()


def _rows_xml(cells: Mapping[int, Sequence[bytes]], spans: str = "") -> bytes:
    return b"".join(f'<row r="{r}"{spans}>'.encode() + b"".join(cells[r]) + b"</row>" for r in sorted(cells))


def result_sheet_xml(puts: Sequence[Put], styles: Mapping[str, int]) -> bytes:
    """The 校验结果 sheet: the layout, frozen header, filter, in-workbook links."""
    rows: dict[int, list[tuple[int, bytes]]] = {}
    links = []
    for p in sorted(puts, key=lambda p: (p.row, p.col)):
        ref = f"{col_letter(p.col)}{p.row}"
        rows.setdefault(p.row, []).append((p.col, _cell(ref, p.value, styles.get(p.style))))
        if p.link:
            links.append(f'<hyperlink ref="{ref}" location={quoteattr(p.link)}/>'.encode())
    cells = {r: [xml for _, xml in sorted(row)] for r, row in rows.items()}
    last = last_row(puts)
    width = col_letter(len(COLUMNS))
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, start=1)
    ).encode()
    return (
        XML_DECL
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:{width}{last}"/>'
        f'<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{HEADER_ROW}" '
        f'topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{HEADER_ROW + 1}" sqref="A{HEADER_ROW + 1}"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'.encode()
        + cols
        + b"</cols><sheetData>"
        + _rows_xml(cells)
        + f'</sheetData><autoFilter ref="A{HEADER_ROW}:{width}{last}"/>'.encode()
        + (b"<hyperlinks>" + b"".join(links) + b"</hyperlinks>" if links else b"")
        + b'<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'
    )


def meta_sheet_xml(values: Sequence[tuple[str, str]]) -> bytes:
    """A new hidden ``_meta`` sheet holding ``values`` as key/value rows."""
    cells = {r: [_cell(f"A{r}", k, None), _cell(f"B{r}", v, None)] for r, (k, v) in enumerate(values, start=1)}
    return (
        XML_DECL
        + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData>'.encode()
        + _rows_xml(cells)
        + b'</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        b"</worksheet>"
    )


def extend_meta(xml: bytes, values: Sequence[tuple[str, str]]) -> bytes:
    """The existing ``_meta`` sheet with ``values`` appended as rows below its last."""
    rows = [int(m.group(1)) for m in re.finditer(rb'<row\b[^>]*?\sr="(\d+)"', xml)]
    first = max(rows, default=0) + 1
    cells = {r: [_cell(f"A{r}", k, None), _cell(f"B{r}", v, None)] for r, (k, v) in enumerate(values, start=first)}
    new = _rows_xml(cells)
    xml = widen_dimension(xml, first + len(values) - 1, 2)
    if re.search(rb"<sheetData\s*/>", xml):
        return re.sub(rb"<sheetData\s*/>", lambda _: b"<sheetData>" + new + b"</sheetData>", xml, count=1)
    at = xml.index(b"</sheetData>")
    return xml[:at] + new + xml[at:]


# --- the package ---------------------------------------------------------------------------------


@dataclass
class Package:
    """An .xlsx package opened for splicing; ``build`` returns the annotated copy's bytes."""

    path: Path
    names: list[str]  # zip members, in order
    parts: dict[str, bytes]  # the parts we read (and may edit)
    book: str  # the workbook part
    sheets: dict[str, SheetPart]  # worksheets by name
    sheet_order: list[str]  # every sheet name, in tab order
    styles_part: str
    edited: dict[str, bytes] = field(default_factory=dict)
    added: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> Package:
        """Read what splicing needs; ``Unsplicable`` if this package needs the openpyxl path."""
        try:
            with zipfile.ZipFile(path) as z:
                return cls._open(path, z)
        except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, OSError, EOFError) as exc:
            raise Unsplicable(f"{type(exc).__name__}: {exc}") from None

    @classmethod
    def _open(cls, path: Path, z: zipfile.ZipFile) -> Package:
        names = z.namelist()
        if len(set(names)) != len(names):
            raise Unsplicable("duplicate zip members")
        parts = {"[Content_Types].xml": z.read("[Content_Types].xml")}
        root_rels = ElementTree.fromstring(z.read("_rels/.rels"))
        book = next(
            (r.get("Target", "") for r in root_rels if r.get("Type", "").endswith("/officeDocument")), ""
        ).lstrip("/")
        if not book:
            raise Unsplicable("no workbook part")
        folder = posixpath.dirname(book)
        book_rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
        for part in (book, book_rels):
            parts[part] = z.read(part)
            _check_plain(part, parts[part])
        _root_prefix(book, parts[book], b"workbook")
        rels = ElementTree.fromstring(parts[book_rels])
        by_id = {r.get("Id"): r for r in rels}
        styles_part = next(
            (
                _resolve(folder, r.get("Target", ""))
                for r in rels
                if r.get("Type", "").endswith("/styles") and r.get("TargetMode") != "External"
            ),
            "",
        )
        if not styles_part or styles_part not in names:
            raise Unsplicable("no styles part")
        parts[styles_part] = z.read(styles_part)
        sheets: dict[str, SheetPart] = {}
        order = []
        element = ElementTree.fromstring(parts[book]).find("{" + MAIN + "}sheets")
        for sheet in element if element is not None else ():
            name = sheet.get("name", "")
            order.append(name)
            rel = by_id.get(sheet.get("{" + REL + "}id"))
            if rel is None or not rel.get("Type", "").endswith("/worksheet") or rel.get("TargetMode") == "External":
                continue  # a chart sheet, dialog sheet…: never marked
            part = _resolve(folder, rel.get("Target", ""))
            if part in names:
                sheets[name] = SheetPart(name, part, z.read(part))
        if RESULT_SHEET in order:
            raise Unsplicable("annotated before (our results sheet is there)")
        if META_SHEET in order:
            if META_SHEET not in sheets:
                raise Unsplicable("_meta is not a worksheet")
            shared = next(
                (
                    _resolve(folder, r.get("Target", ""))
                    for r in rels
                    if r.get("Type", "").endswith("/sharedStrings") and r.get("TargetMode") != "External"
                ),
                "",
            )
            seen = sheets[META_SHEET].xml + (z.read(shared) if shared in names else b"")
            if b"annotated_by" in seen:
                raise Unsplicable("annotated before (_meta says so)")
        return cls(path, names, parts, book, sheets, order, styles_part)

    def resolve(self, sheet: str, ref: str) -> tuple[int, int] | None:
        """The (row, col) a finding's cell is shown at: itself, or its merged range's top-left."""
        part = self.sheets.get(sheet)
        m = _REF.match(ref.strip())
        if part is None or sheet in (RESULT_SHEET, META_SHEET) or m is None:
            return None
        row, col = int(m.group(2)), col_number(m.group(1))
        if col > 16384 or row > 1_048_576:
            return None
        for r1, c1, r2, c2 in part.merged():
            if r1 <= row <= r2 and c1 <= col <= c2:
                return r1, c1
        return row, col

    def build(
        self,
        notes: Mapping[tuple[str, tuple[int, int]], Note],
        puts: Sequence[Put],
        meta: Callable[[dict[str, str]], list[tuple[str, str]]],
    ) -> bytes:
        """The annotated copy: ``notes`` by (sheet, (row, col)), the results sheet, ``_meta`` rows."""
        styles = Styles(self.styles_part, self.parts[self.styles_part])
        by_sheet: dict[str, dict[tuple[int, int], Note]] = {}
        for (sheet_name, at), note in notes.items():
            by_sheet.setdefault(sheet_name, {})[at] = note
        fills: dict[str, str] = {}
        types: list[tuple[str, str]] = []  # (part, content type) overrides to add
        folder = posixpath.dirname(self.book)
        block = self._vml_blocks_used()  # shape ids must not repeat another sheet's drawing
        for name in self.sheet_order:
            sheet = self.sheets.get(name)
            if sheet is None:
                continue
            on_sheet = by_sheet.get(name)
            xml = sheet.xml
            if on_sheet:
                _check_plain(sheet.part, xml)
                _root_prefix(sheet.part, xml, b"worksheet")
                rels_part = posixpath.join(
                    posixpath.dirname(sheet.part), "_rels", posixpath.basename(sheet.part) + ".rels"
                )
                rels = self._read(rels_part) if rels_part in self.names else None
                xml = mark_sheet(sheet, {at: n.severity for at, n in on_sheet.items()}, styles, fills)
                if re.search(rb"<legacyDrawing\b", xml) or (rels is not None and b"/comments" in rels):
                    self._merge_comments(sheet, rels, on_sheet)  # the unit's own comments stay
                else:
                    if b"<legacyDrawing" in xml or (rels is not None and b"/vmlDrawing" in rels):
                        raise Unsplicable(f"{sheet.part}: legacy drawing without comments")
                    block += 1
                    xml = self._new_comments(sheet, xml, rels, rels_part, on_sheet, block, types)
            if re.search(rb'\stabSelected="(1|true)"', xml):  # one selected tab: ours
                xml = re.sub(rb'\stabSelected="(1|true)"', b"", xml)
            if xml is not sheet.xml:
                self._put(sheet.part, xml)

        result_part = self._free(f"{folder}/worksheets/sheet{{}}.xml".lstrip("/"))
        self.added[result_part] = result_sheet_xml(puts, styles.result_styles())
        types.append((result_part, WORKSHEET_CT))
        new_sheets = [(RESULT_SHEET, result_part, True)]
        meta_rows = meta(fills)
        if META_SHEET in self.sheets:
            meta_sheet = self.sheets[META_SHEET]
            self._put(meta_sheet.part, extend_meta(self.edited.get(meta_sheet.part, meta_sheet.xml), meta_rows))
        else:
            meta_part = self._free(f"{folder}/worksheets/sheet{{}}.xml".lstrip("/"))
            self.added[meta_part] = meta_sheet_xml(meta_rows)
            types.append((meta_part, WORKSHEET_CT))
            new_sheets.append((META_SHEET, meta_part, False))
        self._put(self.styles_part, styles.render())

        book_rels = posixpath.join(folder, "_rels", posixpath.basename(self.book) + ".rels")
        rels, ids = _add_relationships(
            self.parts[book_rels],
            [(WORKSHEET_TYPE, posixpath.relpath(part, folder or ".")) for _, part, _ in new_sheets],
        )
        self._put(book_rels, rels)
        self._put(self.book, _edit_workbook(self.parts[self.book], new_sheets, ids, last_row(puts)))
        self._put("[Content_Types].xml", _edit_types(self.parts["[Content_Types].xml"], types, self.book))
        return self._write()

    def _new_comments(
        self,
        sheet: SheetPart,
        xml: bytes,
        rels: bytes | None,
        rels_part: str,
        notes: Mapping[tuple[int, int], Note],
        block: int,
        types: list[tuple[str, str]],
    ) -> bytes:
        """A comments part and its VML drawing for a sheet that had none; the sheet XML pointing at them."""
        folder = posixpath.dirname(self.book)
        comments = self._free(f"{folder}/comments{{}}.xml".lstrip("/"))
        vml = self._free(f"{folder}/drawings/vmlDrawing{{}}.vml".lstrip("/"))
        self.added[comments] = comments_xml(notes)
        self.added[vml] = vml_xml(notes, block)
        types += [(comments, COMMENTS_CT), (vml, VML_CT)]
        base = posixpath.dirname(sheet.part)
        new_rels, (vml_id, _) = _add_relationships(
            rels,
            [
                (REL + "/vmlDrawing", posixpath.relpath(vml, base)),
                (REL + "/comments", posixpath.relpath(comments, base)),
            ],
        )
        self._put(rels_part, new_rels)
        return add_legacy_drawing(xml, vml_id)

    def _merge_comments(self, sheet: SheetPart, rels: bytes | None, notes: Mapping[tuple[int, int], Note]) -> None:
        """Add our notes to a sheet that has comments already: ours go below the unit's, or new."""
        found = _relations(rels or b"")
        comments = [t for kind, t in found.values() if kind.endswith("/comments")]
        drawings = [t for kind, t in found.values() if kind.endswith("/vmlDrawing")]
        if any(kind.endswith(("/threadedComment", "/threadedComments")) for kind, _ in found.values()):
            raise Unsplicable(f"{sheet.part}: threaded comments")
        if len(comments) != 1 or len(drawings) != 1:
            raise Unsplicable(f"{sheet.part}: comments without exactly one comments part and drawing")
        base = posixpath.dirname(sheet.part)
        comments_part, vml_part = _resolve(base, comments[0]), _resolve(base, drawings[0])
        if comments_part not in self.names or vml_part not in self.names:
            raise Unsplicable(f"{sheet.part}: a comments part is missing")
        had = merge_comments(comments_part, self._read(comments_part), notes)
        with zipfile.ZipFile(self.path) as z:
            vml = z.read(vml_part)
        self._put(comments_part, had[0])
        fresh = {at: n for at, n in notes.items() if at not in had[1]}
        grow = {at: n for at, n in notes.items() if at in had[1]}
        self._put(vml_part, merge_vml(vml_part, vml, fresh, grow))

    def _vml_blocks_used(self) -> int:
        """The highest ``<o:idmap data=…>`` block of the package's existing VML drawings (0: none)."""
        used = 0
        drawings = [n for n in self.names if n.lower().endswith(".vml")]
        if drawings:
            with zipfile.ZipFile(self.path) as z:
                for name in drawings:
                    for m in re.finditer(rb'idmap\b[^>]*?\sdata="([^"]*)"', z.read(name)):
                        used = max([used, *(int(n) for n in re.findall(rb"\d+", m.group(1)))])
        return used

    def _read(self, part: str) -> bytes:
        if part not in self.parts:
            with zipfile.ZipFile(self.path) as z:
                self.parts[part] = z.read(part)
            _check_plain(part, self.parts[part])
        return self.parts[part]

    def _put(self, part: str, data: bytes) -> None:
        if part in self.names:
            self.edited[part] = data
        else:
            self.added[part] = data

    def _free(self, pattern: str) -> str:
        """The first ``pattern.format(n)`` that names no part yet."""
        taken = {n.casefold() for n in (*self.names, *self.added)}
        n = 1
        while pattern.format(n).casefold() in taken:
            n += 1
        return pattern.format(n)

    def _write(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(self.path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = self.edited.get(info.filename)
                if data is None:
                    data = zin.read(info)
                zout.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data, zipfile.ZIP_DEFLATED)
            for name, data in self.added.items():
                zout.writestr(name, data, zipfile.ZIP_DEFLATED)
        return out.getvalue()


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _add_relationships(rels: bytes | None, new: Sequence[tuple[str, str]]) -> tuple[bytes, list[str]]:
    """A relationships part with ``new`` (type, target) added; returns it and the new ids."""
    if rels is None:
        rels = XML_DECL + f'<Relationships xmlns="{PKG}"></Relationships>'.encode()
    _check_plain("relationships", rels)
    taken = {m.group(1) for m in re.finditer(rb'\sId="([^"]*)"', rels)}
    ids = []
    n = 1
    for _ in new:
        while f"rIdEvaltool{n}".encode() in taken:
            n += 1
        ids.append(f"rIdEvaltool{n}")
        n += 1
    added = b"".join(
        f"<Relationship Id={quoteattr(i)} Type={quoteattr(t)} Target={quoteattr(target)}/>".encode()
        for i, (t, target) in zip(ids, new, strict=True)
    )
    if re.search(rb"<Relationships\b[^>]*/>", rels):
        rels = re.sub(
            rb"<Relationships\b([^>]*)/>", lambda m: b"<Relationships" + m.group(1) + b"></Relationships>", rels
        )
    at = rels.rindex(b"</Relationships>")
    return rels[:at] + added + rels[at:], ids


def _edit_workbook(xml: bytes, new: Sequence[tuple[str, str, bool]], ids: Sequence[str], last: int) -> bytes:
    """workbook.xml with our sheets (the results sheet first), local names shifted by one, tab 0 active."""
    sheets = re.search(rb"<sheets\b[^>]*>", xml)
    if sheets is None or b"</sheets>" not in xml:
        raise Unsplicable("workbook.xml: no sheets")
    first_sheet = re.search(rb"<sheet\b[^>]*?\s(\w+):id=", xml)
    prefix = first_sheet.group(1) if first_sheet else None
    declared = b"" if prefix else f' xmlns:r="{REL}"'.encode()
    prefix = prefix or b"r"
    next_id = max((int(m.group(1)) for m in re.finditer(rb'<sheet\b[^>]*?\ssheetId="(\d+)"', xml)), default=0) + 1
    elements = []
    for (name, _, first), rel_id in zip(new, ids, strict=True):
        hidden = b"" if first else b' state="hidden"'
        elements.append(
            (
                first,
                b"<sheet name="
                + quoteattr(name).encode()
                + f' sheetId="{next_id}"'.encode()
                + hidden
                + declared
                + b" "
                + prefix
                + f':id="{rel_id}"/>'.encode(),
            )
        )
        next_id += 1
    # Names local to a sheet refer to it by position: every existing sheet moves one to the right.
    xml = re.sub(rb'(\slocalSheetId=")(\d+)"', lambda m: m.group(1) + str(int(m.group(2)) + 1).encode() + b'"', xml)
    sheets = re.search(rb"<sheets\b[^>]*>", xml)
    assert sheets is not None
    xml = xml[: sheets.end()] + b"".join(e for first, e in elements if first) + xml[sheets.end() :]
    at = xml.index(b"</sheets>")
    xml = xml[:at] + b"".join(e for first, e in elements if not first) + xml[at:]
    # The results sheet is the active tab.
    xml = re.sub(
        rb"<workbookView\b[^>]*?/?>",
        lambda m: _drop_attr(_drop_attr(m.group(0), b"activeTab"), b"firstSheet"),
        xml,
        count=1,
    )
    width = col_letter(len(COLUMNS))
    where = escape(f"{quote_sheet(RESULT_SHEET)}!$A${HEADER_ROW}:${width}${last}").encode()
    defined = b'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">' + where + b"</definedName>"
    names = re.search(rb"<definedNames\b[^>]*>", xml)
    if re.search(rb"<definedNames\s*/>", xml):
        return re.sub(rb"<definedNames\s*/>", lambda _: b"<definedNames>" + defined + b"</definedNames>", xml, count=1)
    if names is not None:
        return xml[: names.end()] + defined + xml[names.end() :]
    start = xml.index(b"</sheets>") + len(b"</sheets>")
    return _insert_before_first(xml, _AFTER_NAMES, b"<definedNames>" + defined + b"</definedNames>", start)


def _edit_types(xml: bytes, new: Sequence[tuple[str, str]], book: str) -> bytes:
    """[Content_Types].xml with our parts declared; a template's workbook declared a workbook."""
    _check_plain("[Content_Types].xml", xml)
    for template, workbook in TEMPLATE_CT.items():
        xml = xml.replace(b'ContentType="' + template + b'"', b'ContentType="' + workbook + b'"')
    added = b"".join(f'<Override PartName={quoteattr("/" + part)} ContentType="{ct}"/>'.encode() for part, ct in new)
    at = xml.rindex(b"</Types>")
    return xml[:at] + added + xml[at:]
