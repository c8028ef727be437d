"""The 校验结果 sheet and the ``_meta`` rows, written as worksheet XML."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from evaltool.reading.raw import col_letter
from evaltool.report.results_sheet import (
    COLUMNS,
    HEADER_ROW,
    PAPER_A4,
    Put,
    column_widths,
    last_row,
    row_heights,
    used_rows,
)
from evaltool.report.splice.cells import (
    widen_dimension,
)
from evaltool.report.splice.xmltext import (
    MAIN,
    REL,
    XML_DECL,
    quoteattr,
    text_bytes,
)


def cell_xml(ref: str, value: str | int, style: int | None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        # Inline text: never a formula, whatever it looks like ("=HYPERLINK(...)" from a submission).
        return (
            f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'.encode()
            + text_bytes(value)
            + b"</t></is></c>"
        )
    return f'<c r="{ref}"{s}><v>{value}</v></c>'.encode()


def _rows_xml(cells: Mapping[int, Sequence[bytes]], heights: Mapping[int, float] | None = None) -> bytes:
    def attrs(r: int) -> str:
        height = (heights or {}).get(r)
        return f' ht="{height:g}" customHeight="1"' if height else ""

    return b"".join(f'<row r="{r}"{attrs(r)}>'.encode() + b"".join(cells[r]) + b"</row>" for r in sorted(cells))


def result_sheet_xml(puts: Sequence[Put], styles: Mapping[str, int]) -> bytes:
    """The 校验结果 sheet: the layout, frozen header, filter, in-workbook links."""
    rows: dict[int, list[tuple[int, bytes]]] = {}
    links = []
    for p in sorted(puts, key=lambda p: (p.row, p.col)):
        ref = f"{col_letter(p.col)}{p.row}"
        rows.setdefault(p.row, []).append((p.col, cell_xml(ref, p.value, styles.get(p.style))))
        if p.link:
            links.append(f'<hyperlink ref="{ref}" location={quoteattr(p.link)}/>'.encode())
    cells = {r: [xml for _, xml in sorted(row)] for r, row in rows.items()}
    last = last_row(puts)
    width = col_letter(len(COLUMNS))
    widths = column_widths(puts)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(widths, start=1)
    ).encode()
    return (
        XML_DECL
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{width}{used_rows(puts)}"/>'
        f'<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{HEADER_ROW}" '
        f'topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{HEADER_ROW + 1}" sqref="A{HEADER_ROW + 1}"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'.encode()
        + cols
        + b"</cols><sheetData>"
        + _rows_xml(cells, row_heights(puts, widths))
        + f'</sheetData><autoFilter ref="A{HEADER_ROW}:{width}{last}"/>'.encode()
        + (b"<hyperlinks>" + b"".join(links) + b"</hyperlinks>" if links else b"")
        + b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        + f'<pageSetup paperSize="{PAPER_A4}" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'.encode()
        + b"</worksheet>"
    )


def meta_sheet_xml(values: Sequence[tuple[str, str]]) -> bytes:
    """A new hidden ``_meta`` sheet holding ``values`` as key/value rows."""
    cells = {r: [cell_xml(f"A{r}", k, None), cell_xml(f"B{r}", v, None)] for r, (k, v) in enumerate(values, start=1)}
    return (
        XML_DECL
        + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData>'.encode()
        + _rows_xml(cells)
        + b'</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        b"</worksheet>"
    )


def extend_meta(xml: bytes, values: Sequence[tuple[str, str]]) -> bytes:
    """The existing ``_meta`` sheet with ``values`` appended as rows below its last."""
    rows = [int(m.group(1)) for m in re.finditer(rb'<row\b[^>]*?\sr="(\d+)"', xml)]
    first = max(rows, default=0) + 1
    cells = {
        r: [cell_xml(f"A{r}", k, None), cell_xml(f"B{r}", v, None)] for r, (k, v) in enumerate(values, start=first)
    }
    new = _rows_xml(cells)
    xml = widen_dimension(xml, first + len(values) - 1, 2)
    if re.search(rb"<sheetData\s*/>", xml):
        return re.sub(rb"<sheetData\s*/>", lambda _: b"<sheetData>" + new + b"</sheetData>", xml, count=1)
    at = xml.index(b"</sheetData>")
    return xml[:at] + new + xml[at:]
