"""A text projection of a workbook, for comparing generated files without comparing bytes.

It keeps what a person or a reader sees: sheets and their states, every non-empty cell
(value or formula text, the cached value, number format, input/formula fill), merged
ranges, conditional formats, data validations, frozen panes, print titles, protection and column widths.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def project(path: str | Path) -> list[str]:
    """One line per fact, in sheet order then row/column order."""
    formulas = load_workbook(path)
    cached = load_workbook(path, data_only=True)
    lines: list[str] = []
    for ws in formulas:
        values = cached[ws.title]
        page = ws.sheet_properties.pageSetUpPr
        lines.append(
            f"sheet {ws.title!r} state={ws.sheet_state} protected={bool(ws.protection.sheet)} "
            f"freeze={ws.freeze_panes} titles={ws.print_title_rows} "
            f"orientation={ws.page_setup.orientation} fit={page.fitToPage if page else None}"
        )
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.width:
                lines.append(f"  width {letter}:{dim.max} {dim.width}")
        for row in ws.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                if cell.value is None and cell.number_format == "General" and fill is None:
                    continue
                value = cell.value
                shown = f"{value!r}"
                if isinstance(value, str) and value.startswith("="):
                    shown += f" cached={values[cell.coordinate].value!r}"
                lines.append(f"  {ws.title}!{cell.coordinate} {shown} fmt={cell.number_format!r} fill={fill}")
        for merged in sorted(str(r) for r in ws.merged_cells.ranges):
            lines.append(f"  merged {merged}")
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                lines.append(f"  conditional {cf.sqref} {rule.type} {rule.formula}")
        for dv in ws.data_validations.dataValidation:
            lines.append(
                f"  validation {dv.sqref} {dv.type} {dv.operator} {dv.formula1!r} {dv.formula2!r} "
                f"{dv.errorStyle} {dv.error!r}"
            )
    return lines
