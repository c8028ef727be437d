"""Number formats and error values of an .xls, read with xlrd: what python-calamine does not give.

python-calamine reads an .xls's values quickly but gives neither number formats nor error
values (an ``#DIV/0!`` cell reads as empty). Without formats, a share typed as 62.25 % in a
percentage cell reads as 0.6225 and a figure shown as 1,482.05 stands for however many
decimals it holds; so the formats are read here from the XF records and merged into the
calamine cells. Values stay calamine's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evaltool.reading.raw import ErrorValue, RawBook, RawCell


def add_xls_formats(path: Path, book: RawBook, sheet_filter: Callable[[str], bool] | None = None) -> bool:
    """Give ``book``'s numeric cells their number format and put back error values; False when xlrd cannot.

    A file xlrd cannot parse (BIFF it does not know, damage calamine tolerated) keeps its
    values without formats (``book.formats`` stays False): the reader then judges decimals
    by the values themselves, as for .ods.
    """
    try:
        import xlrd
    except ImportError:  # pragma: no cover - a dependency; an incomplete install reads values only
        return False
    try:
        wb = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=_Quiet())
    except Exception:  # xlrd's own errors, struct errors on damage, MemoryError on absurd counts
        return False
    try:
        formats = {key: fmt.format_str for key, fmt in wb.format_map.items()}
        xf_format = [formats.get(xf.format_key, "General") for xf in wb.xf_list]
        by_name = {sheet.name: sheet for sheet in book.sheets}
        for index, name in enumerate(wb.sheet_names()):
            target = by_name.get(name)
            if target is None or (sheet_filter is not None and not sheet_filter(name)):
                continue
            ws = wb.sheet_by_index(index)
            for r in range(min(ws.nrows, target.truncated_at or ws.nrows)):
                types, xfs = ws.row_types(r), ws.row(r)
                for c, kind in enumerate(types):
                    if kind == xlrd.XL_CELL_NUMBER:
                        cell = target.cells.get((r + 1, c + 1))
                        xf = xfs[c].xf_index
                        if cell is not None and xf is not None and 0 <= xf < len(xf_format):
                            cell.fmt = xf_format[xf]
                    elif kind == xlrd.XL_CELL_ERROR and (r + 1, c + 1) not in target.cells:
                        code = xlrd.error_text_from_code.get(int(xfs[c].value))
                        if code is not None:
                            target.cells[(r + 1, c + 1)] = RawCell(ErrorValue(code))
                            target.max_row = max(target.max_row, r + 1)
            wb.unload_sheet(index)
    except Exception:
        return False
    finally:
        wb.release_resources()
    book.formats = True
    return True


class _Quiet:
    """xlrd writes warnings (odd records) to a log file; a checker's user never needs them."""

    def write(self, text: str) -> int:
        return len(text)
