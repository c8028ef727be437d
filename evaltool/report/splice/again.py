"""A copy annotated before: what we put in it is read and taken back, so it can be annotated again.

A unit fixes its workbook in our copy, explains its warnings in the 情况说明 column and sends
the copy (or checks it again). Before marking it anew: the 情况说明 texts are read from our
old results sheet, our comments come out (a unit's own comment keeps its text above ours), our
fills give way to the fills recorded in ``_meta`` (or none), and ``_meta``'s rows are updated
in place. Excel or LibreOffice may have re-saved the copy in between: nothing here relies on
our own numbering of styles, shapes or strings.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.reading.raw import RawSheet, col_number
from evaltool.report.results_sheet import explanations_from_rows
from evaltool.report.splice.cells import CELL_ADDRESS
from evaltool.report.splice.comments import vml_prefixes
from evaltool.report.splice.sheets import cell_xml
from evaltool.report.splice.styles import Styles
from evaltool.report.splice.xmltext import Unsplicable, check_plain, escape

# Every comment part we add starts with this (results_sheet.TEXT[lang]["mark"]); taking ours
# back strips from it on.
MARK: Final = "—— evaltool"
META_KEY: Final = "annotated_by"
META_FILLS: Final = "annotated_fills"  # JSON: cells we filled and their fill before us
_COMMENT: Final = re.compile(rb"<comment\b([^>]*)>(.*?)</comment>", re.S)
_T: Final = re.compile(rb"<t\b[^>]*>(.*?)</t>|<t\b[^>]*/>", re.S)
_REF: Final = re.compile(rb'\sref="\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"')  # a comment's cell


@dataclass
class Previous:
    """What the earlier annotation left: the unit's explanations, the fills we replaced, ``_meta`` rows."""

    explanations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    fills: dict[str, str] = field(default_factory=dict)  # "Sheet!A1" -> fill XML before us
    meta_rows: dict[str, int] = field(default_factory=dict)  # _meta key -> its row


def read_previous(path: Path) -> Previous:
    """Read our old results sheet and ``_meta`` with the workbook reader (values only)."""
    from evaltool.reading.xlsx import read_xlsx

    with zipfile.ZipFile(path) as z:
        book = read_xlsx(z, 256 << 20, 1_000_000, lambda name: name in (RESULT_SHEET, META_SHEET))
    results, meta = book.sheet(RESULT_SHEET), book.sheet(META_SHEET)
    if results is None or meta is None:
        raise Unsplicable("annotated before, but our sheets cannot be read")
    previous = Previous(explanations=explanations_from_rows(_rows(results)))
    values: dict[str, Any] = {}
    for (row, col), cell in meta.cells.items():
        if col == 1 and isinstance(cell.value, str):
            right = meta.cells.get((row, 2))
            previous.meta_rows.setdefault(cell.value.strip(), row)
            values.setdefault(cell.value.strip(), right.value if right is not None else None)
    if META_KEY not in previous.meta_rows:
        raise Unsplicable("a results sheet that is not ours")
    try:
        fills = json.loads(str(values.get(META_FILLS) or "{}"))
    except ValueError:
        fills = {}
    previous.fills = {str(k): str(v) for k, v in fills.items()} if isinstance(fills, dict) else {}
    return previous


def read_explanations(path: Path) -> dict[tuple[str, str, str], str]:
    """The 情况说明 texts of the results sheet in ``path`` (a copy of ours sent back), by finding."""
    from evaltool.reading.xlsx import read_xlsx

    with zipfile.ZipFile(path) as z:
        book = read_xlsx(z, 256 << 20, 1_000_000, lambda name: name == RESULT_SHEET)
    sheet = book.sheet(RESULT_SHEET)
    return explanations_from_rows(_rows(sheet)) if sheet is not None else {}


def _rows(sheet: RawSheet) -> list[list[Any]]:
    if not sheet.cells:
        return []
    width = max(col for _, col in sheet.cells)
    rows: dict[int, list[Any]] = {}
    for (row, col), cell in sheet.cells.items():
        rows.setdefault(row, [None] * width)[col - 1] = cell.value
    return [rows[r] for r in sorted(rows)]


def restore_fills(sheet: str, xml: bytes, styles: Styles, ours: set[int], fills: dict[str, str]) -> bytes:
    """Cells showing one of our fills get back the fill they had before us (none when unrecorded)."""
    if not ours:
        return xml

    def restore(m: re.Match[bytes]) -> bytes:
        tag = m.group(0)
        s = re.search(rb'\ss="(\d+)"', tag)
        ref = CELL_ADDRESS.search(tag)
        if s is None or int(s.group(1)) not in ours or ref is None:
            return tag
        key = f"{sheet}!{ref.group(1).decode().upper()}{ref.group(2).decode()}"
        new = str(styles.restored(int(s.group(1)), fills.get(key))).encode()
        return tag[: s.start(1)] + new + tag[s.end(1) :]

    return re.sub(rb"<c\b[^>]*>", restore, xml)


def strip_comments(name: str, xml: bytes) -> tuple[bytes, list[tuple[int, int]], int]:
    """The comments part without ours: returns it, the cells whose comment went, and how many remain.

    A comment that is all ours goes; a unit's comment we added to keeps the text above our mark.
    """
    check_plain(name, xml)
    gone: list[tuple[int, int]] = []
    remaining = 0

    def strip(m: re.Match[bytes]) -> bytes:
        nonlocal remaining
        attrs, inner = m.group(1), m.group(2)
        ts = list(_T.finditer(inner))
        texts = [_unescape((t.group(1) or b"").decode()) for t in ts]
        # Our mark may be split across runs (LibreOffice starts a run where the script changes).
        at_mark = "".join(texts).find(MARK)
        if at_mark < 0:
            remaining += 1
            return m.group(0)
        ref = _REF.search(b" " + attrs)
        if ref is None:
            raise Unsplicable(f"{name}: a comment without a cell")
        keep = len("".join(texts)[:at_mark].rstrip())
        if keep == 0:
            gone.append((int(ref.group(2)), col_number(ref.group(1).decode())))
            return b""
        before = 0  # characters of the <t> elements before the k-th
        k = 0
        while before + len(texts[k]) < keep:
            before += len(texts[k])
            k += 1
        last = ts[k]
        head = inner[: last.start()]
        t_open = re.match(rb"<t\b[^>]*>", inner[last.start() :])
        if t_open is None:
            raise Unsplicable(f"{name}: an empty text where a comment's text goes on")
        in_run = head.rfind(b"<r>") > head.rfind(b"</r>") or head.rfind(b"<r ") > head.rfind(b"</r>")
        cut = escape(texts[k][: keep - before]).encode()
        text = head + t_open.group(0) + cut + b"</t>" + (b"</r>" if in_run else b"")
        close = inner.rfind(b"</text>")
        rest = inner[close:] if close >= 0 else b""
        remaining += 1
        return b"<comment" + attrs + b">" + text + rest + b"</comment>"

    xml = _COMMENT.sub(strip, xml)
    return xml, gone, remaining


def strip_shapes(name: str, xml: bytes, cells: list[tuple[int, int]]) -> bytes:
    """The VML drawing without the note shapes of ``cells`` (row, col; 1-based)."""
    if not cells:
        return xml
    v, _, x = vml_prefixes(name, xml)
    wanted = {(r - 1, c - 1) for r, c in cells}
    row_re = re.compile(rb"<" + x + rb":Row>\s*(\d+)\s*</" + x + rb":Row>")
    col_re = re.compile(rb"<" + x + rb":Column>\s*(\d+)\s*</" + x + rb":Column>")

    def drop(m: re.Match[bytes]) -> bytes:
        r, c = row_re.search(m.group(0)), col_re.search(m.group(0))
        return b"" if r and c and (int(r.group(1)), int(c.group(1))) in wanted else m.group(0)

    return re.sub(rb"<" + v + rb":shape\b.*?</" + v + rb":shape>", drop, xml, flags=re.S)


def update_meta(xml: bytes, rows: dict[str, int], values: list[tuple[str, str]]) -> bytes:
    """``_meta`` with our rows' values replaced in place (column B of each key's row)."""
    for key, value in values:
        row = rows.get(key)
        if row is None:
            raise Unsplicable(f"_meta has no {key} row")
        found = re.search(rb'<c\b[^>]*?\sr="B' + str(row).encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml, re.S)
        if found is None:
            raise Unsplicable(f"_meta has no value cell for {key}")
        xml = xml[: found.start()] + cell_xml(f"B{row}", value, None) + xml[found.end() :]
    return xml


def filter_name(workbook: bytes, defined: bytes) -> tuple[bytes, bool]:
    """workbook.xml with the names of the first sheet (our results sheet) replaced by ``defined``,
    and whether it had any (an unchanged name is found too: never a second one).

    Our names are its filter range and print titles; when it has either, both go and ``defined``
    takes the place of the first.
    """
    pattern = re.compile(rb"<definedName\b[^>]*>[^<]*</definedName>")

    def ours(m: re.Match[bytes]) -> bool:
        tag = m.group(0)[: m.group(0).index(b">")]
        named = b'name="_xlnm._FilterDatabase"' in tag or b'name="_xlnm.Print_Titles"' in tag
        return named and b'localSheetId="0"' in tag

    found = [m for m in pattern.finditer(workbook) if ours(m)]
    if not found:
        return workbook, False
    out, pos = [], 0
    for i, m in enumerate(found):
        out += [workbook[pos : m.start()], defined if i == 0 else b""]
        pos = m.end()
    return b"".join(out) + workbook[pos:], True


def _unescape(text: str) -> str:
    return ElementTree.fromstring(f"<t>{text}</t>").text or ""


__all__ = [
    "MARK",
    "META_FILLS",
    "META_KEY",
    "Previous",
    "filter_name",
    "read_explanations",
    "read_previous",
    "restore_fills",
    "strip_comments",
    "strip_shapes",
    "update_meta",
]
