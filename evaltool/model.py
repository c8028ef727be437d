"""What the reader hands to the checks: typed tables that remember the cell of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaltool.findings import CellRef, Finding
from evaltool.layout import Kind

if TYPE_CHECKING:
    import pandas as pd


class Op(StrEnum):
    """An indicator's 指标性质, normalised from whatever was typed."""

    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = "＞"
    LT = "＜"
    QUAL = "定性"


# Suffixes of derived columns; their cell is the cell of the base field.
DERIVED_SUFFIXES = ("_text", "_op", "_unit", "_points", "_formula")


def cell_ref(sheet: str, addr: str) -> CellRef:
    """The cell of an address a table recorded: ``D7`` on the table's sheet, or ``Sheet1!D7``.

    Tables read from an official form (``reading/forms.py``) record the form's own cells,
    which may lie on another sheet than the table's standard name.
    """
    if "!" in addr:
        other, ref = addr.rsplit("!", 1)
        return CellRef(other, ref)
    return CellRef(sheet, addr)


@dataclass(slots=True)
class Table:
    """One table of a submission.

    ``df`` is indexed by the Excel row number (1-based) of each data row, one column per
    field key of ``evaltool.layout`` plus derived columns:

    - an INDICATOR_VALUE field ``x`` gives ``x`` (float or NaN), ``x_text`` (the cell as
      text, stripped), ``x_op`` (an operator embedded in the value, e.g. ``≥50个``, or None)
      and ``x_unit`` (a unit embedded in the value, or None);
    - a CATEGORY field ``x`` gives ``x`` (the name, carried down, declared points removed)
      and ``x_points`` (points declared in the name, ``总体绩效（65分）`` → 65, or NaN);
    - an OPERATOR field gives an ``Op`` or None (unparseable text is reported as a finding
      and also kept in ``op_text``).

    ``cells`` has the same index and the base field columns, holding each value's A1
    address (a carried-down value points at the cell it came from). ``decimals`` holds how
    many decimals a numeric value is *shown* with (from the number format, else the
    template's default for the field type), or None. The 合计 row, when present, is not in
    ``df``: it is ``total`` (a one-row frame of the same shape, or None).
    """

    kind: Kind
    sheet: str
    header_row: int
    columns: dict[str, str]  # field -> column letter
    df: pd.DataFrame
    cells: pd.DataFrame
    decimals: pd.DataFrame
    total: pd.DataFrame | None = None
    total_cells: pd.DataFrame | None = None
    total_decimals: pd.DataFrame | None = None
    # Per-run cache of evaltool.checks.access (the frames as plain dicts), built on first use.
    lookup: Any = field(default=None, repr=False, compare=False)

    def ref(self, row: int, field_key: str) -> CellRef:
        """The cell a value came from (row is the df index; works for the 合计 row too)."""
        base = field_key
        for suffix in DERIVED_SUFFIXES:
            if field_key.endswith(suffix) and field_key[: -len(suffix)] in self.columns:
                base = field_key[: -len(suffix)]
                break
        for frame in (self.cells, self.total_cells):
            if frame is not None and row in frame.index and base in frame.columns:
                addr = frame.at[row, base]
                if isinstance(addr, str) and addr:
                    return cell_ref(self.sheet, addr)
        letter = self.columns.get(base)
        if not letter:
            # The column is missing (F002 says so): point at the row's first column we have,
            # so the finding still names a real cell.
            present = sorted((c for c in self.columns.values() if c), key=lambda c: (len(c), c))
            letter = present[0] if present else "A"
        return CellRef(self.sheet, f"{letter}{row}")


@dataclass(frozen=True, slots=True)
class Item:
    """One value of the 基本情况 key/value sheet."""

    value: Any  # typed per BASIC_FIELDS (float for amounts, int for counts, str, date)
    cell: CellRef  # where the value is (the 内容 cell)
    raw: Any = None  # as stored in the workbook
    decimals: int | None = None


@dataclass(slots=True)
class Submission:
    """Everything read from one workbook."""

    path: Path
    basic: dict[str, Item]  # field key of BASIC_FIELDS -> item; missing keys are absent
    tables: dict[Kind, Table]
    findings: list[Finding] = field(default_factory=list)  # what the reader could not read
    from_template: bool = True  # the _meta sheet names our template
    template_version: int | None = None
    sheet_order: list[str] = field(default_factory=list)  # as in the workbook
    formats_known: bool = True  # False: no number formats (.ods): a percentage cell reads as 0.6225

    def value(self, key: str, default: Any = None) -> Any:
        """A 基本情况 value, or ``default`` when it is absent or empty."""
        item = self.basic.get(key)
        return default if item is None or item.value is None else item.value
