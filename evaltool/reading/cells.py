"""Turn raw cells into typed values, computing uncached formulas and recording what could not be read."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from evaltool.codes import CODES
from evaltool.findings import CellRef, Finding
from evaltool.layout import FieldType
from evaltool.reading import codes as _codes  # noqa: F401  (declares F001–F011)
from evaltool.reading.formula import ExcelError, Unsupported, evaluate
from evaltool.reading.numbers import (
    MONEY_SUFFIXES,
    NotANumber,
    decimals_of_format,
    denoise,
    is_empty,
    is_percent_format,
    parse_number,
    shown_decimals,
    tidy,
)
from evaltool.reading.operators import split_value
from evaltool.reading.raw import ErrorValue, RawBook, RawCell, RawSheet, address

# Decimals a figure is shown with when its cell has no number format (General, .xls, .ods, text).
DEFAULT_DECIMALS: Final[dict[FieldType, int]] = {
    FieldType.AMOUNT: 2,
    FieldType.PERCENT: 2,
    FieldType.COUNT: 0,
    FieldType.YEAR: 0,
}

# What a field type is called in F003 messages.
EXPECTED: Final[dict[FieldType, tuple[str, str]]] = {
    FieldType.AMOUNT: ("金额", "an amount"),
    FieldType.PERCENT: ("百分比", "a percentage"),
    FieldType.POINTS: ("分值", "points"),
    FieldType.COUNT: ("人数", "a count"),
    FieldType.YEAR: ("年度", "a year"),
    FieldType.DATE: ("日期", "a date"),
    FieldType.OPERATOR: ("指标性质（≥ ≤ = ＞ ＜ 定性）", "an operator (≥ ≤ = ＞ ＜ 定性)"),
    FieldType.INDICATOR_VALUE: ("指标值", "an indicator value"),
}

_UNITS: Final[dict[FieldType, tuple[str, ...]]] = {
    FieldType.AMOUNT: MONEY_SUFFIXES,
    FieldType.PERCENT: ("%",),
    FieldType.POINTS: ("分",),
    FieldType.COUNT: ("人", "个", "名", "家"),
    FieldType.YEAR: ("年", "年度"),
}


def finding(code: str, cells: tuple[CellRef, ...], **params: Any) -> Finding:
    """A reader finding with the code's default severity (evaltool/codes.py)."""
    return Finding(code, CODES[code].severity, cells, params)


@dataclass(slots=True)
class Resolved:
    """A cell's value after formulas: ``value`` None when empty, errored or not calculated."""

    value: Any
    fmt: str | None
    ok: bool = True  # False: error value or uncalculated formula (already reported)


def _raw_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


class CellReader:
    """Reads cells of a RawBook on behalf of the table builders; collects the findings."""

    def __init__(self, book: RawBook) -> None:
        self.book = book
        self.sheets: dict[str, RawSheet] = {}
        for s in book.sheets:  # the first of two sheets of one name, as RawBook.sheet finds it
            self.sheets.setdefault(s.name, s)
        self.findings: list[Finding] = []
        self._memo: dict[tuple[str, int, int], Any] = {}
        self._busy: set[tuple[str, int, int]] = set()

    def cell(self, sheet: str, row: int, col: int) -> RawCell | None:
        """The raw cell, or None when empty."""
        s = self.sheets.get(sheet)
        return s.cells.get((row, col)) if s else None

    # -- formulas -----------------------------------------------------------------------------
    def _lookup(self, sheet: str, row: int, col: int) -> Any:
        if sheet not in self.sheets:
            raise Unsupported(f"sheet {sheet!r} not read")
        cell = self.cell(sheet, row, col)
        if cell is None:
            return None
        if isinstance(cell.value, ErrorValue):
            raise ExcelError(cell.value.code)
        if cell.formula is not None and not cell.cached:
            return self._compute(sheet, row, col, cell)
        value = cell.value
        if isinstance(value, float) and value != value:
            return None
        return value

    def _area(self, sheet: str, r1: int, c1: int, r2: int, c2: int) -> list[Any]:
        """Values of the non-empty cells of a large range, in row order (``SUM(D:D)``)."""
        s = self.sheets.get(sheet)
        if s is None:
            raise Unsupported(f"sheet {sheet!r} not read")
        keys = sorted(k for k in s.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2)
        return [self._lookup(sheet, r, c) for r, c in keys]

    def _compute(self, sheet: str, row: int, col: int, cell: RawCell) -> Any:
        key = (sheet, row, col)
        if key in self._memo:
            value = self._memo[key]
            if isinstance(value, Unsupported):
                raise value
            return value
        if key in self._busy:
            raise Unsupported("circular reference")
        self._busy.add(key)
        try:
            value = evaluate(cell.formula or "", sheet, self._lookup, self._area)
            if isinstance(value, float):
                value = denoise(value)
        except Unsupported as exc:
            self._memo[key] = exc
            raise
        except (RecursionError, OverflowError, ValueError, ArithmeticError) as exc:
            err = Unsupported(str(exc))
            self._memo[key] = err
            raise err from None
        finally:
            self._busy.discard(key)
        self._memo[key] = value
        return value

    def resolve(self, sheet: str, row: int, col: int) -> Resolved:
        """The cell's value; error values and uncalculated formulas are reported here."""
        cell = self.cell(sheet, row, col)
        if cell is None:
            return Resolved(None, None)
        ref = (CellRef(sheet, address(row, col)),)
        if cell.formula is not None and not cell.cached:
            shown = "=" + cell.formula
            try:
                value = self._compute(sheet, row, col, cell)
            except ExcelError as exc:
                self.findings.append(finding("F006", ref, raw=str(exc)))
                return Resolved(None, cell.fmt, ok=False)
            except Unsupported:
                self.findings.append(finding("F004", ref, formula=shown))
                return Resolved(None, cell.fmt, ok=False)
            # An empty result (the share formula of a blank row) uses no figure: nothing to note.
            if value != "" and (cell.value is None or value != cell.value):
                self.findings.append(finding("F008", ref, cell=str(ref[0]), formula=shown, value=value))
            return Resolved(None if value == "" else value, cell.fmt)
        if isinstance(cell.value, ErrorValue):
            self.findings.append(finding("F006", ref, raw=cell.value.code))
            return Resolved(None, cell.fmt, ok=False)
        return Resolved(cell.value, cell.fmt)

    # -- typed values -------------------------------------------------------------------------
    def unreadable(self, sheet: str, row: int, col: int, raw: Any, ftype: FieldType) -> None:
        """Report a value that cannot be read as ``ftype`` (F003)."""
        zh, en = EXPECTED.get(ftype, ("数字", "a number"))
        self.findings.append(
            finding("F003", (CellRef(sheet, address(row, col)),), raw=_raw_text(raw), expected=zh, expected_en=en)
        )

    def number(self, sheet: str, row: int, col: int, ftype: FieldType) -> tuple[float | None, int | None, Any]:
        """(value, decimals shown, raw) of a numeric cell; NaN-free: None when empty or unreadable."""
        res = self.resolve(sheet, row, col)
        raw = res.value
        if raw is None or not res.ok:
            return None, None, raw
        if isinstance(raw, (bool, date | time | timedelta)):
            self.unreadable(sheet, row, col, raw, ftype)
            return None, None, raw
        if isinstance(raw, int | float):
            value = float(raw)
            if value != value or value in (float("inf"), float("-inf")):
                self.unreadable(sheet, row, col, raw, ftype)
                return None, None, raw
            decimals = decimals_of_format(res.fmt)
            if ftype in (FieldType.PERCENT, FieldType.INDICATOR_VALUE) and is_percent_format(res.fmt):
                value *= 100  # 0.6225 shown as 62.25% means 62.25
                if not math.isfinite(value):
                    self.unreadable(sheet, row, col, raw, ftype)
                    return None, None, raw
            value = denoise(value)
            if decimals is None:
                decimals = DEFAULT_DECIMALS.get(ftype, shown_decimals(value))
            return value, decimals, raw
        text = str(raw)
        if is_empty(text):
            return None, None, raw
        try:
            parsed = parse_number(text, _UNITS.get(ftype, ()))
        except NotANumber:
            self.unreadable(sheet, row, col, raw, ftype)
            return None, None, raw
        if parsed is None:
            return None, None, raw
        return parsed.value, parsed.decimals, raw

    def text(self, sheet: str, row: int, col: int) -> tuple[str | None, Any]:
        """(text as shown, raw) of a text cell; numbers as Excel shows them (``2080101``, not ``2080101.0``)."""
        res = self.resolve(sheet, row, col)
        raw = res.value
        if raw is None or not res.ok:
            return None, raw
        if isinstance(raw, bool):
            return ("TRUE" if raw else "FALSE"), raw
        if isinstance(raw, float):
            return (str(int(raw)) if raw.is_integer() and abs(raw) < 1e15 else f"{raw:.15g}"), raw
        if isinstance(raw, datetime):
            return _raw_text(raw), raw
        out = tidy(str(raw))
        return (out or None), raw

    def indicator(self, sheet: str, row: int, col: int) -> tuple[dict[str, Any], int | None, Any]:
        """An indicator value split into value / text / op / unit, its decimals, and the raw value."""
        res = self.resolve(sheet, row, col)
        raw = res.value
        empty = {"": None, "_text": None, "_op": None, "_unit": None}
        if raw is None or not res.ok:
            return empty, None, raw
        if isinstance(raw, (bool, date | time | timedelta)):
            self.unreadable(sheet, row, col, raw, FieldType.INDICATOR_VALUE)
            return {**empty, "_text": _raw_text(raw)}, None, raw
        if isinstance(raw, int | float):
            value = float(raw)
            unit = None
            if is_percent_format(res.fmt):
                value, unit = value * 100, "%"
            if not math.isfinite(value):
                self.unreadable(sheet, row, col, raw, FieldType.INDICATOR_VALUE)
                return {**empty, "_text": _raw_text(raw)}, None, raw
            value = denoise(value)
            decimals = decimals_of_format(res.fmt)
            if decimals is None:
                decimals = shown_decimals(value)
            text = f"{value:.15g}" + ("%" if unit else "")
            return {"": value, "_text": text, "_op": None, "_unit": unit}, decimals, raw
        parts = split_value(str(raw))
        return (
            {"": parts.value, "_text": parts.text or None, "_op": parts.op, "_unit": parts.unit},
            parts.decimals,
            raw,
        )
