"""Table access for the rules: the one way a rule reads a value, a number, a text or a cell.

Every rule module, the schemas and the figures read the reader's frames through these
functions, so one cell means the same thing to all of them.

``number`` — what counts as a number (one meaning for every rule):

- ``int``, ``float``, ``Decimal`` and any ``numbers.Real`` (numpy's ``np.int64(5)`` and
  ``np.float64``) → a float, when finite and below ``LARGEST`` in size;
- ``bool``, text, dates, None and NaN → None. Text stays text even when it looks like a
  number (``'1.5'``): the reader (``reading/numbers.py``) is the one place that parses what
  people type (``1,5``, ``１.５``, ``50%``, ``32万``); a string still in a frame is text the
  reader decided is not a number, and a second parser here would disagree with it;
- ``1e16`` → 1e16: absurd as an amount but a number; dropping it would silently skip the
  reconciliation that must flag it. Beyond ``LARGEST`` (1e18) Decimal rounding to two
  places needs more digits than its context holds, so such a value is None.

The plain-dict copies of a table's frames (pandas' scalar ``.at`` costs ~20 µs a lookup,
most of the checking time on a sheet of thousands of rows) are built once per table and
kept on the ``Table`` itself (``Table.lookup``): they live exactly as long as the run's
submission, need no ``id()`` keys and no global state.
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from evaltool.findings import CellRef
from evaltool.model import cell_ref

if TYPE_CHECKING:
    import pandas as pd

    from evaltool.model import Table

LARGEST: Final = 1e18

Columns = dict[str, dict[int, Any]]  # {column: {Excel row: value}}


def number(value: Any) -> float | None:
    """A cell value as a finite float, or None (see the module doc for what counts)."""
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return None
    f = float(value)
    return f if math.isfinite(f) and abs(f) < LARGEST else None


def whole(value: Any) -> int | None:
    """A cell value as an int (decimals shown, a count), or None when it is not a number."""
    n = number(value)
    return None if n is None else int(n)


def text(value: Any) -> str:
    """A cell value as stripped text ('' for empty / NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def text_or_none(value: Any) -> str | None:
    """A cell value as stripped text, None when empty (None, NaN, blank)."""
    return text(value) or None


def norm_name(value: Any) -> str:
    """A name compared across sheets: NFKC-folded, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text(value)).split())


def _columns(*frames: pd.DataFrame | None) -> Columns:
    out: Columns = {}
    for frame in frames:
        if frame is None:
            continue
        index = [int(r) for r in frame.index.tolist()]
        for c in frame.columns:
            out.setdefault(str(c), {}).update(zip(index, frame[c].tolist(), strict=True))
    return out


@dataclass(frozen=True, slots=True)
class Frames:
    """A table's values, shown decimals and cell addresses as plain dicts (data rows and 合计 row)."""

    values: Columns
    decimals: Columns
    cells: Columns


def frames(table: Table) -> Frames:
    """The dict copies of ``table``'s frames, built on first use and kept on the table."""
    if table.lookup is None:
        table.lookup = Frames(
            _columns(table.df, table.total),
            _columns(table.decimals, table.total_decimals),
            _columns(table.cells, table.total_cells),
        )
    found: Frames = table.lookup
    return found


def value_at(table: Table, row: int, field: str) -> Any:
    """The value at (row, field) of the data rows or the 合计 row (None when absent)."""
    column = frames(table).values.get(field)
    return None if column is None else column.get(row)


def number_at(table: Table, row: int, field: str) -> float | None:
    """The number at (row, field), or None."""
    return number(value_at(table, row, field))


def places_at(table: Table, row: int, field: str) -> int | None:
    """How many decimals the value at (row, field) is shown with, None when unknown."""
    column = frames(table).decimals.get(field)
    return None if column is None else whole(column.get(row))


def cell_at(table: Table, row: int, field: str) -> CellRef:
    """The cell a value came from (``table.ref`` when its address is not recorded)."""
    column = frames(table).cells.get(field)
    addr = None if column is None else column.get(row)
    if isinstance(addr, str) and addr:
        return cell_ref(table.sheet, addr)
    return table.ref(row, field)


def rows(table: Table) -> list[int]:
    """The data rows (Excel row numbers), in sheet order."""
    return [int(r) for r in table.df.index]


def total_row(table: Table) -> int | None:
    """The Excel row of the 合计 row, or None when the table has none."""
    if table.total is None or len(table.total.index) == 0:
        return None
    return int(table.total.index[0])
