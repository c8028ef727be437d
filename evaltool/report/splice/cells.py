"""One worksheet's XML with marked cells restyled (inserted where missing), in schema order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from evaltool.reading.raw import col_letter, col_number
from evaltool.report.splice.styles import Styles
from evaltool.report.splice.xmltext import (
    Unsplicable,
    drop_attr,
    get_attr,
    insert_before_first,
    rel_id_attr,
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


class _ColumnStyles:
    """Column default styles from ``<cols>`` (what an empty cell of that column shows).

    Kept as the ``<col min max>`` ranges themselves: a lookup scans them, never a table of
    every column (30,000 ranges of 16,384 columns each would be half a billion entries).
    """

    def __init__(self, xml: bytes) -> None:
        self.ranges: list[tuple[int, int, int]] = []
        for m in re.finditer(rb"<col\b([^>]*?)/?>", xml):
            style, lo, hi = get_attr(m.group(1), b"style"), get_attr(m.group(1), b"min"), get_attr(m.group(1), b"max")
            if style is not None and lo is not None and hi is not None:
                self.ranges.append((int(lo), int(hi), int(style)))

        self._seen: dict[int, int | None] = {}

    def get(self, col: int, default: int) -> int:
        if col not in self._seen:
            # The last range naming the column wins, as a table filled in document order would.
            self._seen[col] = next((s for lo, hi, s in reversed(self.ranges) if lo <= col <= hi), None)
        found = self._seen[col]
        return default if found is None else found


_ROW_RE: Final = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)


_CELL_RE: Final = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)


def mark_sheet(sheet: SheetPart, marks: Mapping[tuple[int, int], str], styles: Styles, fills: dict[str, str]) -> bytes:
    """The sheet XML with each marked cell's style swapped for its filled twin (cells inserted as needed).

    ``marks``: (row, col) -> our fill's style name (``results_sheet.FILL_STYLES``).

    ``fills`` receives ``"Sheet!A1" -> the fill XML the cell had``.
    """
    xml = sheet.xml
    opened = re.search(rb"<sheetData\b[^>]*?(/?)>", xml)
    if opened is None:
        raise Unsplicable(f"{sheet.part}: no sheetData")
    # The sheet is copied once, into the result: its unchanged stretches are views of the
    # original (memory stays near twice the sheet, whatever its size).
    view = memoryview(xml)
    bottom, right = max(r for r, _ in marks), max(c for _, c in marks)
    if opened.group(1):
        body_start = body_end = opened.end()
        head = widen_dimension(xml[: opened.start()], bottom, right) + b"<sheetData>"
        tail: list[bytes | memoryview] = [b"</sheetData>", view[opened.end() :]]
    else:
        body_start, body_end = opened.end(), xml.index(b"</sheetData>", opened.end())
        head, tail = widen_dimension(xml[:body_start], bottom, right), [view[body_end:]]
    columns = _ColumnStyles(xml[: opened.start()])
    by_row: dict[int, dict[int, str]] = {}
    for (row, col), sev in marks.items():
        by_row.setdefault(row, {})[col] = sev

    def new_cell(row: int, col: int, base: int, mark: str) -> bytes:
        ref = f"{col_letter(col)}{row}"
        fills[f"{sheet.name}!{ref}"] = styles.fill_xml(base)
        return f'<c r="{ref}" s="{styles.marked(base, mark)}"/>'.encode()

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

    out: list[bytes | memoryview] = [head]
    pos = body_start
    for m in _ROW_RE.finditer(xml, body_start, body_end):
        got = _ATTR_ROW.search(m.group(1))
        if got is None:
            raise Unsplicable(f"{sheet.part}: a row without an address")
        row = int(got.group(1))
        if not by_row:
            break
        before = fresh_rows(row)
        if before:
            out.append(view[pos : m.start()])
            out += before
            pos = m.start()
        if row in by_row:
            out.append(view[pos : m.start()])
            out.append(patch_row(m.group(1), m.group(2), row))
            pos = m.end()
    out.append(view[pos:body_end])
    out += fresh_rows(None)
    return b"".join([*out, *tail])


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
    element = b"<legacyDrawing" + rel_id_attr(xml, rel_id) + b"/>"
    closed = xml.find(b"</sheetData>")
    start = closed + len(b"</sheetData>") if closed >= 0 else re.search(rb"<sheetData\b[^>]*/>", xml).end()  # type: ignore[union-attr]
    return insert_before_first(xml, _AFTER_LEGACY, element, start)
