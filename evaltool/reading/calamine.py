"""Read .xls and .ods (and .xlsx the fast reader rejects) with python-calamine: values only, no formats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from evaltool.reading.raw import ErrorValue, RawBook, RawCell, RawSheet

_ERRORS = frozenset({"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!"})


def _convert(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) and value.strip() in _ERRORS:
        return ErrorValue(value.strip())
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time | timedelta):
        return value
    return value


def read_calamine(path: Path, max_cells: int, sheet_filter: Callable[[str], bool] | None = None) -> RawBook:
    """Every (accepted) sheet's values; python-calamine raises on damaged or encrypted files."""
    from python_calamine import CalamineWorkbook

    book = RawBook([], formats=False, backend="calamine")
    with open(path, "rb") as fh:
        wb = CalamineWorkbook.from_filelike(fh)
        used = 0
        for meta in wb.sheets_metadata:
            name = meta.name
            visible = str(meta.visible).rsplit(".", 1)[-1].lower()
            state = "visible" if visible == "visible" else ("veryHidden" if "very" in visible else "hidden")
            sheet = RawSheet(name, state)
            book.sheets.append(sheet)
            if sheet_filter is not None and not sheet_filter(name):
                continue
            rows = wb.get_sheet_by_name(name).iter_rows()
            for r, values in enumerate(rows, start=1):
                for c, value in enumerate(values, start=1):
                    if value is None or value == "":
                        continue
                    sheet.cells[(r, c)] = RawCell(_convert(value))
                    sheet.max_row = r
                    used += 1
                if used > max_cells:
                    sheet.truncated_at = r
                    break
    return book
