"""Find a table by its header row and read its rows into the frames of ``model.Table``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from evaltool.findings import CellRef
from evaltool.layout import Column, FieldType, Kind, TableLayout
from evaltool.model import Table
from evaltool.reading.cells import CellReader, finding
from evaltool.reading.numbers import clean
from evaltool.reading.operators import parse_operator
from evaltool.reading.raw import RawSheet, address, col_letter

HEADER_SCAN_ROWS: Final = 60  # rows searched for the header row (titles and notes sit above it)
TOTAL_LABELS: Final = frozenset({"合计", "总计", "合计数", "总合计"})
_POINTS: Final = re.compile(r"^(?P<name>.*?)[(\[]?(?P<points>\d+(?:\.\d+)?)分[)\]]?$")
_NOTE: Final = re.compile(r"^(注|说明|备注|填表说明|填报说明)\d*[:：.、]")
_MARKERS: Final = re.compile(r"^[*※]+|[*※]+$|[(](必填|选填)[)]$|[:：]$")
_TEXTUAL: Final = frozenset({FieldType.TEXT, FieldType.CATEGORY})
NUMERIC: Final = frozenset({FieldType.AMOUNT, FieldType.PERCENT, FieldType.POINTS, FieldType.COUNT, FieldType.YEAR})


def header_key(text: str) -> str:
    """A header as compared: folded, spaces and line breaks gone, ``*``/``(必填)`` markers dropped."""
    key = clean(text)
    for _ in range(2):
        key = _MARKERS.sub("", key)
    return key


def _keys(column: Column) -> set[str]:
    return {header_key(h) for h in (column.header, *column.aliases)}


@dataclass(slots=True)
class Header:
    """Where a table's header row is and which column holds each field."""

    row: int
    columns: dict[str, int]
    duplicates: list[tuple[str, int]] = field(default_factory=list)


def find_header(sheet: RawSheet, layout: TableLayout) -> Header | None:
    """The row holding the most of the layout's headers (at least two, or the only required one)."""
    lookup: dict[str, str] = {}
    for column in layout.columns:
        for key in _keys(column):
            lookup.setdefault(key, column.field)
    rows: dict[int, list[tuple[int, str]]] = {}
    for (row, col), cell in sheet.cells.items():
        if row <= HEADER_SCAN_ROWS and isinstance(cell.value, str):
            fld = lookup.get(header_key(cell.value))
            if fld is not None:
                rows.setdefault(row, []).append((col, fld))
    best: Header | None = None
    best_score = (0, 0)
    required = {c.field for c in layout.columns if c.required}
    for row in sorted(rows):
        columns: dict[str, int] = {}
        duplicates: list[tuple[str, int]] = []
        for col, fld in sorted(rows[row]):
            if fld in columns:
                duplicates.append((fld, col))
            else:
                columns[fld] = col
        score = (len(required & columns.keys()), len(columns))
        if score > best_score:
            best, best_score = Header(row, columns, duplicates), score
    if best is None or best_score[1] < min(2, len(layout.columns)):
        return None
    return best


def _split_points(name: str) -> tuple[str, float | None]:
    """``总体绩效（65分）`` -> (总体绩效, 65.0); names lose their spaces and line breaks."""
    folded = clean(name)
    m = _POINTS.match(folded)
    if m and (m.group("name") == "" or m.group("name")[-1:] not in "0123456789."):
        bare = re.sub(r"\s+", "", name)
        cut = re.sub(r"[（(\[]?\s*\d+(?:\.\d+)?\s*分\s*[）)\]]?\s*$", "", bare)
        return cut, float(m.group("points"))
    return re.sub(r"\s+", "", name), None


def _group_fields(layout: TableLayout) -> list[str]:
    """Columns carried down when merged or left blank, outermost first."""
    out = [c.field for c in layout.columns if c.type is FieldType.CATEGORY]
    if layout.kind is Kind.PROJECT_INDICATORS:
        out.insert(0, "project")
    return out


class TableBuilder:
    """Reads one table sheet; values and addresses go into per-field lists, then into frames."""

    def __init__(self, reader: CellReader, sheet: RawSheet, layout: TableLayout, header: Header) -> None:
        self.reader = reader
        self.sheet = sheet
        self.layout = layout
        self.header = header
        self.rows: list[int] = []
        self.values: dict[str, list[Any]] = {}
        self.cells: dict[str, list[str | None]] = {c.field: [] for c in layout.columns}
        self.decimals: dict[str, list[int | None]] = {c.field: [] for c in layout.columns}
        for c in layout.columns:
            for suffix in _suffixes(c.type):
                self.values[c.field + suffix] = []
        self.total_row: int | None = None
        self.total: tuple[dict[str, Any], dict[str, str | None], dict[str, int | None]] | None = None
        self.letters = {fld: col_letter(col) for fld, col in header.columns.items()}
        # Where a 合计 label may sit: text columns and unnamed columns inside the header's span
        # (a label merged across 序号..科目名称 lands in 序号).
        numeric = {col for fld, col in header.columns.items() if layout.column(fld).type not in _TEXTUAL}
        span = range(min(header.columns.values()), max(header.columns.values()) + 1)
        self.label_cols = [col for col in span if col not in numeric]

    def _row_texts(self, row: int) -> dict[str, str]:
        out = {}
        cells = self.sheet.cells
        for fld, col in self.header.columns.items():
            cell = cells.get((row, col))
            if cell is None:
                continue
            value = cell.value
            if value is None:
                if cell.formula is not None:
                    out[fld] = "=" + cell.formula
            elif not isinstance(value, str):
                out[fld] = str(value)
            elif value.strip():
                out[fld] = value
        return out

    def _is_total(self, row: int) -> bool:
        cells = self.sheet.cells
        for col in self.label_cols:
            cell = cells.get((row, col))
            if cell is None or not isinstance(cell.value, str) or "计" not in cell.value:
                continue
            if clean(cell.value).strip(":") in TOTAL_LABELS:
                return True
        return False

    def build(self) -> Table:
        """Read every data row below the header up to the 合计 row."""
        carry: dict[str, tuple[Any, float | None, str | None]] = {}
        groups = _group_fields(self.layout)
        last = self.sheet.max_row
        if self.sheet.truncated_at is not None:
            last = min(last, self.sheet.truncated_at)
        lo, hi = min(self.header.columns.values()), max(self.header.columns.values())
        # Only rows holding something in the table's columns: a stray cell a million rows
        # down costs one row, not a million empty ones.
        present = sorted({r for (r, c) in self.sheet.cells if self.header.row < r <= last and lo <= c <= hi})
        for row in present:
            texts = self._row_texts(row)
            if not texts:
                continue  # blank rows inside a table are fine
            if len(texts) == 1 and _NOTE.match(clean(next(iter(texts.values())))):
                continue  # a note typed under the table
            if self._is_total(row):
                self.total_row = row
                self.total = self._read_row(row, None)
                break
            vals, cells, decs = self._read_row(row, carry if groups else None, groups)
            self.rows.append(row)
            for k, v in vals.items():
                self.values[k].append(v)
            for k, a in cells.items():
                self.cells[k].append(a)
            for k, d in decs.items():
                self.decimals[k].append(d)
        return self._frames()

    def _read_row(
        self,
        row: int,
        carry: dict[str, tuple[Any, float | None, str | None]] | None,
        groups: list[str] | None = None,
    ) -> tuple[dict[str, Any], dict[str, str | None], dict[str, int | None]]:
        vals: dict[str, Any] = {}
        cells: dict[str, str | None] = {}
        decs: dict[str, int | None] = {}
        name = self.sheet.name
        for column in self.layout.columns:
            fld = column.field
            col = self.header.columns.get(fld)
            if col is None:
                for suffix in _suffixes(column.type):
                    vals[fld + suffix] = _empty(column.type, suffix)
                cells[fld] = None
                decs[fld] = None
                continue
            addr: str | None = f"{self.letters[fld]}{row}"
            dec: int | None = None
            if column.type in NUMERIC:
                value, dec, _ = self.reader.number(name, row, col, column.type)
                vals[fld] = float("nan") if value is None else value
            elif column.type is FieldType.OPERATOR:
                text, _ = self.reader.text(name, row, col)
                op = parse_operator(text) if text else None
                if text and op is None:
                    self.reader.unreadable(name, row, col, text, FieldType.OPERATOR)
                vals[fld] = op
                vals[fld + "_text"] = text
            elif column.type is FieldType.INDICATOR_VALUE:
                parts, dec, _ = self.reader.indicator(name, row, col)
                for suffix, v in parts.items():
                    vals[fld + suffix] = float("nan") if suffix == "" and v is None else v
            elif column.type is FieldType.CATEGORY:
                text, _ = self.reader.text(name, row, col)
                points: float | None = None
                if text:
                    text, points = _split_points(text)
                vals[fld], vals[fld + "_points"] = text or None, points
            else:
                text, _ = self.reader.text(name, row, col)
                vals[fld] = text
            cells[fld] = addr
            decs[fld] = dec
        if carry is not None and groups:
            self._carry(vals, cells, carry, groups)
        return vals, cells, decs

    @staticmethod
    def _carry(
        vals: dict[str, Any],
        cells: dict[str, str | None],
        carry: dict[str, tuple[Any, float | None, str | None]],
        groups: list[str],
    ) -> None:
        """Fill blank group cells from the group above; a new parent value starts new children."""
        for i, fld in enumerate(groups):
            points_key = fld + "_points"
            if vals.get(fld):
                previous = carry.get(fld)
                if previous is None or previous[0] != vals[fld]:
                    for child in groups[i + 1 :]:
                        carry.pop(child, None)
                carry[fld] = (vals[fld], vals.get(points_key), cells[fld])
            elif fld in carry:
                value, points, origin = carry[fld]
                vals[fld] = value
                if points_key in vals:
                    vals[points_key] = points
                cells[fld] = origin

    def _frames(self) -> Table:
        import pandas as pd

        index = pd.Index(self.rows, dtype="int64", name="row")
        table = Table(
            kind=self.layout.kind,
            sheet=self.sheet.name,
            header_row=self.header.row,
            columns={
                c.field: col_letter(self.header.columns[c.field]) if c.field in self.header.columns else ""
                for c in self.layout.columns
            },
            df=_frame(self.values, index, self.layout),
            cells=_frame(self.cells, index),
            decimals=_frame(self.decimals, index),
        )
        if self.total is not None and self.total_row is not None:
            vals, addrs, decs = self.total
            tindex = pd.Index([self.total_row], dtype="int64", name="row")
            table.total = _frame({k: [v] for k, v in vals.items()}, tindex, self.layout)
            table.total_cells = _frame({k: [a] for k, a in addrs.items()}, tindex)
            table.total_decimals = _frame({k: [d] for k, d in decs.items()}, tindex)
        return table


def _suffixes(ftype: FieldType) -> tuple[str, ...]:
    if ftype is FieldType.INDICATOR_VALUE:
        return ("", "_text", "_op", "_unit")
    if ftype is FieldType.CATEGORY:
        return ("", "_points")
    if ftype is FieldType.OPERATOR:
        return ("", "_text")
    return ("",)


def _empty(ftype: FieldType, suffix: str) -> Any:
    if ftype in NUMERIC or suffix in ("_points",) or (ftype is FieldType.INDICATOR_VALUE and suffix == ""):
        return float("nan")
    return None


def _is_float_column(key: str, layout: TableLayout) -> bool:
    for c in layout.columns:
        if key == c.field:
            return c.type in NUMERIC or c.type is FieldType.INDICATOR_VALUE
        if key == c.field + "_points":
            return True
    return False


def _frame(columns: Mapping[str, list[Any]], index: Any, layout: TableLayout | None = None) -> Any:
    """A frame of object columns (None kept as None) with float64 for numeric fields.

    Built from at most two 2-D blocks (object, float64) handed to pandas as they are: the
    ``DataFrame`` constructor plus a float assignment per column cost ~10x more, more than
    parsing the sheet, and pandas 3 would turn text columns into its str dtype (None -> NaN).
    """
    import numpy as np
    import pandas as pd
    from pandas.api.internals import create_dataframe_from_blocks  # type: ignore[import-not-found]  # not in pandas-stubs yet

    names = list(columns)
    floats = [j for j, name in enumerate(names) if layout is not None and _is_float_column(name, layout)]
    objects = [j for j in range(len(names)) if j not in floats]
    blocks = []
    if objects:
        grid = np.empty((len(objects), len(index)), dtype=object)
        for k, j in enumerate(objects):
            grid[k, :] = columns[names[j]]
        blocks.append((grid, np.array(objects, dtype=np.intp)))
    if floats:
        numbers = np.empty((len(floats), len(index)), dtype="float64")
        for k, j in enumerate(floats):
            numbers[k, :] = [np.nan if v is None else v for v in columns[names[j]]]
        blocks.append((numbers, np.array(floats, dtype=np.intp)))
    return create_dataframe_from_blocks(blocks, index=index, columns=pd.Index(names))


def missing_columns(reader: CellReader, sheet: RawSheet, layout: TableLayout, header: Header) -> None:
    """F002 for each required header not found, F010 for each repeated one."""
    at = (CellRef(sheet.name, address(header.row, min(header.columns.values()))),)
    for column in layout.columns:
        if column.required and column.field not in header.columns:
            reader.findings.append(finding("F002", at, sheet=sheet.name, column=column.header))
    for fld, col in header.duplicates:
        reader.findings.append(
            finding(
                "F010",
                (CellRef(sheet.name, address(header.row, col)),),
                sheet=sheet.name,
                column=layout.column(fld).header,
            )
        )
