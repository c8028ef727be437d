"""Read the 基本情况 key/value sheet: match 项目 labels, type each 内容 value."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from evaltool.findings import CellRef
from evaltool.layout import BASIC_FIELDS, TABLES, BasicField, FieldType, Kind
from evaltool.model import Item
from evaltool.reading.cells import CellReader, finding
from evaltool.reading.numbers import clean, is_empty
from evaltool.reading.raw import RawSheet, address
from evaltool.reading.tables import HEADER_SCAN_ROWS, find_header, header_key

_PAREN: Final = re.compile(r"[(\[].*?[)\]]")
_DATE: Final = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONEY: Final[dict[str, str]] = {"万元": "万元", "万": "万元", "人民币万元": "万元", "元": "元", "人民币元": "元"}


def _label_key(text: str) -> str:
    return header_key(text)


_LABELS: Final[dict[str, BasicField]] = {_label_key(f.label): f for f in BASIC_FIELDS}


def _match(text: str) -> BasicField | None:
    key = _label_key(text)
    found = _LABELS.get(key) or _LABELS.get(_PAREN.sub("", key))
    return found


def read_basic(reader: CellReader, sheet: RawSheet) -> dict[str, Item]:
    """Every 基本情况 item found, typed; missing required items are reported (F007)."""
    header = find_header(sheet, TABLES[Kind.BASIC])
    key_col = header.columns.get("key") if header else None
    value_col = header.columns.get("value") if header else None
    first = header.row + 1 if header else 1
    items: dict[str, Item] = {}
    label_cells: dict[str, CellRef] = {}
    by_row: dict[int, list[int]] = {}
    for r, c in sheet.cells:
        if r >= first:
            by_row.setdefault(r, []).append(c)
    # Labels sit in the 项目 column. Forms copied from elsewhere also pair them across a row
    # (单位名称 | X | 单位编码 | Y): a second pass looks at the other columns, except those the
    # header row names (内容, 填写说明 …), for the items still missing.
    named = {c for (r, c) in sheet.cells if header and r == header.row}
    passes: list[set[int] | None] = [{key_col}] if key_col else []
    passes.append(None)  # None: every column but the named ones
    for allowed in passes:
        for row in sorted(by_row):
            for col in sorted(by_row[row]):
                if (col not in allowed) if allowed is not None else (col in named):
                    continue
                cell = sheet.cells.get((row, col))
                if cell is None or not isinstance(cell.value, str):
                    continue
                spec = _match(cell.value)
                if spec is None or spec.field in items:
                    continue
                vcol = value_col if value_col and col == key_col else col + 1
                label_cells[spec.field] = CellRef(sheet.name, address(row, col))
                items[spec.field] = _item(reader, sheet.name, row, vcol, spec)
            if row > first + HEADER_SCAN_ROWS + 200:
                break
    for spec in BASIC_FIELDS:
        item = items.get(spec.field)
        if spec.required and (item is None or item.value is None):
            at = item.cell if item else label_cells.get(spec.field, CellRef(sheet.name, "A1"))
            reader.findings.append(finding("F007", (at,), label=spec.label))
    return items


def _item(reader: CellReader, sheet: str, row: int, col: int, spec: BasicField) -> Item:
    cell = CellRef(sheet, address(row, col))
    ftype = spec.type
    if ftype in (FieldType.AMOUNT, FieldType.POINTS, FieldType.COUNT, FieldType.YEAR):
        value, decimals, raw = reader.number(sheet, row, col, ftype)
        if value is None and spec.empty_is_zero and (raw is None or is_empty(str(raw))):
            value = 0.0
        if value is not None and ftype in (FieldType.COUNT, FieldType.YEAR):
            if value.is_integer():
                return Item(int(value), cell, raw, 0)
            reader.unreadable(sheet, row, col, raw, ftype)
            return Item(None, cell, raw, None)
        return Item(value, cell, raw, decimals)
    if ftype is FieldType.DATE:
        res = reader.resolve(sheet, row, col)
        raw = res.value
        if raw is None or not res.ok:
            return Item(None, cell, raw)
        if isinstance(raw, datetime):
            return Item(raw.date(), cell, raw)
        if isinstance(raw, date):
            return Item(raw, cell, raw)
        m = _DATE.match(clean(str(raw)))
        if m:
            try:
                return Item(date(int(m[1]), int(m[2]), int(m[3])), cell, raw)
            except ValueError:
                pass
        if is_empty(str(raw)):
            return Item(None, cell, raw)
        reader.unreadable(sheet, row, col, raw, FieldType.DATE)
        return Item(None, cell, raw)
    text, raw = reader.text(sheet, row, col)
    shown: str | None = None if text is None or is_empty(text) else text
    if spec.field == "money_unit" and shown is not None:
        unit = _MONEY.get(_PAREN.sub("", clean(shown))) or _MONEY.get(clean(shown).strip("()"))
        if unit is None:
            reader.findings.append(
                finding("F003", (cell,), raw=str(raw), expected="金额单位（万元或元）", expected_en="万元 or 元")
            )
        else:
            shown = unit
    return Item(shown, cell, raw)
