"""The raw workbook every backend produces: sheets of cells with value, number format and formula."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ErrorValue:
    """An Excel error value such as ``#DIV/0!`` or ``#REF!``."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(slots=True)
class RawCell:
    """One non-empty cell. ``value`` is None for a formula without a cached value."""

    value: Any  # float | str | bool | datetime | ErrorValue | None
    fmt: str | None = None  # number format code; None when the backend has none (.xls/.ods)
    formula: str | None = None  # without the leading '='
    cached: bool = True  # False: the formula's value was not stored (or is not to be trusted)


@dataclass(slots=True)
class RawSheet:
    """A sheet: cells keyed by (row, column), both 1-based."""

    name: str
    state: str = "visible"  # visible / hidden / veryHidden
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    truncated_at: int | None = None  # the last row read when the sheet exceeded the cell limit
    max_row: int = 0


@dataclass(slots=True)
class RawBook:
    """A workbook's sheets in workbook order; ``formats`` says whether number formats are known."""

    sheets: list[RawSheet]
    formats: bool = True
    backend: str = "xlsx"

    def sheet(self, name: str) -> RawSheet | None:
        """The sheet of this exact name."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None


def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def address(row: int, col: int) -> str:
    """(3, 4) -> D3."""
    return f"{col_letter(col)}{row}"


def split_address(ref: str) -> tuple[int, int]:
    """D3 -> (3, 4); ``$`` signs ignored."""
    ref = ref.replace("$", "")
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    return int(ref[i:]), col_number(ref[:i])
