"""One worksheet's XML with marked cells restyled (inserted where missing), in schema order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from evaltool.findings import Severity
from evaltool.reading.raw import col_letter, col_number
from evaltool.report.splice.styles import Styles
from evaltool.report.splice.xmltext import (
    REL,
    Unsplicable,
    drop_attr,
    get_attr,
    insert_before_first,
)

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


CELL_ADDRESS: Final = re.compile(rb'(?:^|\s)r="\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"')


_ATTR_ROW: Final = re.compile(rb'(?:^|\s)r="([0-9]+)"')


_ATTR_S: Final = re.compile(rb'(\s)s="([0-9]+)"')


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
        style, lo, hi = get_attr(m.group(1), b"style"), get_attr(m.group(1), b"min"), get_attr(m.group(1), b"max")
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
        row_style = int(get_attr(attrs, b"s") or 0) if get_attr(attrs, b"customFormat") in (b"1", b"true") else None
        out: list[bytes] = []
        pos = 0
        inserted = False
        content = content or b""
        for m in _CELL_RE.finditer(content):
            got = CELL_ADDRESS.search(m.group(1))
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
            attrs = drop_attr(attrs, b"spans")  # an optional hint, now possibly too narrow
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
    return insert_before_first(xml, _AFTER_LEGACY, element, start)
