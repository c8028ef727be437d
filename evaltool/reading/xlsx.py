"""A small streaming .xlsx/.xlsm reader (stdlib expat): cached values, formulas and number formats in one pass.

openpyxl needs two loads (formulas, then cached values) and ~0.15 s of imports; python-calamine
has no formulas or formats. This reads exactly what the checker needs and refuses DTDs, so
entity-expansion payloads never reach an expander.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO, Any, Final
from xml.parsers import expat

from evaltool.reading.raw import ErrorValue, RawBook, RawCell, RawSheet, col_number

_CHUNK: Final = 1 << 16

# Built-in number formats (ECMA-376 §18.8.30) that matter here; CJK date ids included.
_BUILTIN: Final[dict[int, str]] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy-mm-dd h:mm",
    5: '"¥"#,##0_);("¥"#,##0)',
    6: '"¥"#,##0_);[Red]("¥"#,##0)',
    7: '"¥"#,##0.00_);("¥"#,##0.00)',
    8: '"¥"#,##0.00_);[Red]("¥"#,##0.00)',
    41: '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)',
    42: '_("¥"* #,##0_);_("¥"* (#,##0);_("¥"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)',
    44: '_("¥"* #,##0.00_);_("¥"* (#,##0.00);_("¥"* "-"??_);_(@_)',
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
_DATE_IDS: Final = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
_DATE_CODE: Final = re.compile(r"[ymdhs]")
_STRIP_FMT: Final = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')

_REL_DOC: Final = "officeDocument"


class XmlRejected(ValueError):
    """An XML part holds a DTD or entity declaration (never needed in a workbook; a classic attack)."""


class TooLarge(ValueError):
    """A part decompresses to more than the allowed bytes."""


class _Stop(Exception):
    """Raised inside a handler to stop parsing a runaway sheet."""


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _parser() -> Any:
    p = expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def reject(*_: Any) -> None:
        raise XmlRejected("DOCTYPE/ENTITY declaration")

    p.StartDoctypeDeclHandler = reject
    p.EntityDeclHandler = reject
    p.buffer_text = True
    return p


class _Budget:
    """Bytes of XML we still allow ourselves to decompress."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def feed(self, zf: zipfile.ZipFile, name: str, parser: Any) -> None:
        with zf.open(name) as fh:
            self._pump(fh, parser)
        parser.Parse(b"", True)

    def _pump(self, fh: IO[bytes], parser: Any) -> None:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return
            self.left -= len(chunk)
            if self.left < 0:
                raise TooLarge(f"more than the allowed decompressed size in {fh}")
            parser.Parse(chunk, False)


def _is_date_format(fmt_id: int, code: str) -> bool:
    if fmt_id in _DATE_IDS:
        return True
    if fmt_id < 164 and fmt_id not in _DATE_IDS and fmt_id in _BUILTIN:
        return False
    stripped = _STRIP_FMT.sub("", code.split(";", 1)[0]).lower()
    return stripped != "general" and bool(_DATE_CODE.search(stripped))


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def _member(zf: zipfile.ZipFile, name: str) -> str:
    """The package's member for a part name: OPC part names are case-insensitive (``Sheet3.xml``
    names the member ``sheet3.xml``). ``name`` itself when there is none."""
    if name in zf.NameToInfo:
        return name
    folded = name.casefold()
    return next((member for member in zf.NameToInfo if member.casefold() == folded), name)


def _rels(zf: zipfile.ZipFile, part: str, budget: _Budget) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, the member holding the target part) for ``part``."""
    folder, name = posixpath.split(part)
    rels_name = _member(zf, posixpath.join(folder, "_rels", name + ".rels"))
    out: dict[str, tuple[str, str]] = {}
    if rels_name not in zf.NameToInfo:
        return out
    p = _parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            out[attrs.get("Id", "")] = (kind, _member(zf, _resolve(folder, attrs.get("Target", ""))))

    p.StartElementHandler = start
    budget.feed(zf, rels_name, p)
    return out


def workbook_part(zf: zipfile.ZipFile) -> str | None:
    """The workbook part named by the package relationships (usually ``xl/workbook.xml``)."""
    budget = _Budget(1 << 20)
    for kind, target in _rels(zf, "", budget).values():
        if kind == _REL_DOC and target in zf.NameToInfo:
            return target
    fallback = _member(zf, "xl/workbook.xml")
    return fallback if fallback in zf.NameToInfo else None


def read_xlsx(
    zf: zipfile.ZipFile, max_bytes: int, max_cells: int, sheet_filter: Callable[[str], bool] | None = None
) -> RawBook:
    """Read every sheet (or those ``sheet_filter`` accepts) of an opened .xlsx/.xlsm package."""
    budget = _Budget(max_bytes)
    wb_part = workbook_part(zf)
    if wb_part is None:
        raise KeyError("xl/workbook.xml")
    rels = _rels(zf, wb_part, budget)

    sheets: list[tuple[str, str, str]] = []  # name, state, part
    props: dict[str, str] = {}
    p = _parser()

    def wb_start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            kind, target = rels.get(rid, ("", ""))
            if kind == "worksheet":
                sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), target))
        elif local == "workbookPr":
            props["date1904"] = attrs.get("date1904", "0")
        elif local == "calcPr":
            props["fullCalcOnLoad"] = attrs.get("fullCalcOnLoad", "0")

    p.StartElementHandler = wb_start
    budget.feed(zf, wb_part, p)
    epoch = datetime(1904, 1, 1) if props.get("date1904") in ("1", "true") else datetime(1899, 12, 30)
    full_calc = props.get("fullCalcOnLoad") in ("1", "true")

    strings: list[str] = []
    formats: list[tuple[str, bool]] = []  # per xf index: (format code, is date)
    for kind, target in rels.values():
        if kind == "sharedStrings" and target in zf.NameToInfo:
            strings = _shared_strings(zf, target, budget)
        elif kind == "styles" and target in zf.NameToInfo:
            formats = _styles(zf, target, budget)

    book = RawBook([])
    used = 0
    for name, state, part in sheets:
        sheet = RawSheet(name, state)
        if sheet_filter is not None and not sheet_filter(name):
            book.sheets.append(sheet)  # kept for the sheet order, cells not read
            continue
        if part in zf.NameToInfo:
            if name.strip().lower() == "_meta":  # tiny and always read: a limit hit must not hide it
                _sheet(zf, part, budget, sheet, strings, formats, epoch, full_calc, max_cells, 0)
            else:
                used = _sheet(zf, part, budget, sheet, strings, formats, epoch, full_calc, max_cells, used)
        book.sheets.append(sheet)
    return book


def _shared_strings(zf: zipfile.ZipFile, part: str, budget: _Budget) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    state = {"t": False, "phonetic": 0}
    p = _parser()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            buf.clear()
        elif local == "t" and not state["phonetic"]:
            state["t"] = True
        elif local == "rPh":  # phonetic guide text is not part of the string
            state["phonetic"] += 1

    def end(tag: str) -> None:
        local = _local(tag)
        if local == "si":
            out.append("".join(buf))
        elif local == "t":
            state["t"] = False
        elif local == "rPh":
            state["phonetic"] -= 1

    def data(text: str) -> None:
        if state["t"]:
            buf.append(text)

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    budget.feed(zf, part, p)
    return out


def _styles(zf: zipfile.ZipFile, part: str, budget: _Budget) -> list[tuple[str, bool]]:
    custom: dict[int, str] = {}
    xfs: list[int] = []
    where = {"cellXfs": False}
    p = _parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "General")
        elif local == "cellXfs":
            where["cellXfs"] = True
        elif local == "xf" and where["cellXfs"]:
            try:
                xfs.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            where["cellXfs"] = False

    p.StartElementHandler, p.EndElementHandler = start, end
    budget.feed(zf, part, p)
    out = []
    for fid in xfs:
        code = custom.get(fid) or _BUILTIN.get(fid, "General")
        out.append((code, _is_date_format(fid, code)))
    return out


_REF: Final = re.compile(r"([A-Za-z]{1,3})(\d+)")


class _SheetParser:
    """Expat handlers for one worksheet part; state lives in attributes (hot loop: keep it lean)."""

    def __init__(
        self,
        sheet: RawSheet,
        strings: list[str],
        formats: list[tuple[str, bool]],
        epoch: datetime,
        full_calc: bool,
        max_cells: int,
        used: int,
    ) -> None:
        self.sheet = sheet
        self.cells = sheet.cells
        self.strings = strings
        self.formats = formats
        self.epoch = epoch
        self.full_calc = full_calc
        self.max_cells = max_cells
        self.count = used
        self.max_row = 0
        self.shared: dict[str, tuple[str, int, int]] = {}  # shared formula id -> (text, row, col)
        self.row = 0
        self.col = 0
        self.t = "n"
        self.s = 0
        self.v: str | None = None
        self.f: str | None = None
        self.fattrs: dict[str, str] | None = None
        self.text: list[str] = []
        self.on = False
        self.inline = False
        self.phonetic = False  # inside <rPh>: a reading guide, not part of the text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag if ":" not in tag else tag.rsplit(":", 1)[1]
        if local == "c":
            ref = attrs.get("r")
            m = _REF.match(ref) if ref else None
            if m:
                self.col, self.row = col_number(m.group(1)), int(m.group(2))
            else:
                self.col += 1
            self.t = attrs.get("t", "n")
            s = attrs.get("s")
            self.s = int(s) if s and s.isdigit() else 0
            self.v = self.f = None
            self.fattrs = None
        elif local == "v" or local == "f":
            self.on = True
            self.text.clear()
            if local == "f":
                self.fattrs = attrs
        elif local == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
        elif local == "is":
            self.inline = True
            self.text.clear()
        elif local == "t" and self.inline and not self.phonetic:
            self.on = True
        elif local == "rPh":
            self.on = False
            self.phonetic = True

    def end(self, tag: str) -> None:
        local = tag if ":" not in tag else tag.rsplit(":", 1)[1]
        if local == "c":
            self.finish()
        elif local == "v":
            self.v = "".join(self.text)
            self.on = False
        elif local == "f":
            self.f = "".join(self.text)
            self.on = False
        elif local == "t" and self.inline:
            self.on = False
        elif local == "is":
            self.v = "".join(self.text)
            self.inline = False
        elif local == "rPh":
            self.phonetic = False

    def data(self, chunk: str) -> None:
        if self.on:
            self.text.append(chunk)

    def finish(self) -> None:
        from evaltool.reading.formula import translate

        row, col, t, raw_v, formula = self.row, self.col, self.t, self.v, self.f
        fattrs = self.fattrs
        if fattrs is not None and fattrs.get("t") == "shared":
            si = fattrs.get("si", "")
            if formula:
                self.shared[si] = (formula, row, col)
            elif si in self.shared:
                base, brow, bcol = self.shared[si]
                formula = translate(base, row - brow, col - bcol)
        if formula == "":
            formula = None
        if raw_v is None and formula is None:
            return  # a formatted but empty cell
        code, is_date = self.formats[self.s] if self.s < len(self.formats) else ("General", False)
        value: Any
        cached = True
        if raw_v is None or (raw_v == "" and t not in ("str", "s", "inlineStr")):
            if formula is None:
                return
            value, cached = None, False
        elif t == "n":
            try:
                number = float(raw_v)
            except ValueError:
                value = raw_v
            else:
                value = self.epoch + timedelta(days=number) if is_date and 0 <= number < 2958466 else number
                if self.full_calc and formula is not None and number == 0:
                    cached = False  # xlsxwriter stores 0 for formulas it did not calculate
        elif t == "s":
            try:
                value = self.strings[int(raw_v)]
            except (ValueError, IndexError):
                value = ""
        elif t in ("str", "inlineStr"):
            value = raw_v
        elif t == "b":
            value = raw_v.strip() in ("1", "true")
        elif t == "e":
            value = ErrorValue(raw_v.strip())
        elif t == "d":
            try:
                value = datetime.fromisoformat(raw_v.strip())
            except ValueError:
                value = raw_v
        else:
            value = raw_v
        if value == "" and formula is None:
            return
        self.cells[(row, col)] = RawCell(value, code, formula, cached)
        if row > self.max_row:
            self.max_row = row
        self.count += 1
        if self.count > self.max_cells:
            self.sheet.truncated_at = row
            raise _Stop


def _sheet(
    zf: zipfile.ZipFile,
    part: str,
    budget: _Budget,
    sheet: RawSheet,
    strings: list[str],
    formats: list[tuple[str, bool]],
    epoch: datetime,
    full_calc: bool,
    max_cells: int,
    used: int,
) -> int:
    """Fill ``sheet`` from its XML part; returns the workbook's running count of cells."""
    handler = _SheetParser(sheet, strings, formats, epoch, full_calc, max_cells, used)
    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = handler.start, handler.end, handler.data
    with contextlib.suppress(_Stop):
        budget.feed(zf, part, p)
    sheet.max_row = handler.max_row
    return handler.count
