"""Golden end-to-end tests: a text projection of the annotated copy of the seed and mistakes examples.

The projection holds the 校验结果 sheet (header without time and hash, every finding row with
its link) and every annotated cell with its fill and comment. Never xlsx bytes.
Regenerate after an intended change with ``EVALTOOL_UPDATE_GOLDEN=1 python -m pytest tests/report``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

from evaltool.api import check
from evaltool.layout import RESULT_SHEET
from evaltool.report.annotate import HEADER_ROW, MARK, write_copy
from evaltool.report.output import annotated_path
from evaltool.report.results_sheet import COLUMNS, FILL_STYLES
from evaltool.template import seed_data, write_workbook
from evaltool.template.examples import MISTAKES, mistakes_data

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("EVALTOOL_UPDATE_GOLDEN") == "1"
MASKED = {"源文件 SHA-256", "校验时间"}
FILL_NAMES = {rgb: key for key, rgb in FILL_STYLES.items()}


def project(path: Path) -> str:
    """The annotated copy as reviewable text."""
    wb = openpyxl.load_workbook(path)
    lines = [f"sheets: {', '.join(wb.sheetnames)}", "", f"== {RESULT_SHEET}: findings"]
    ws = wb[RESULT_SHEET]
    last = HEADER_ROW
    for row in ws.iter_rows(min_row=HEADER_ROW):
        if row[0].row > HEADER_ROW and not isinstance(row[0].value, int):
            break
        last = row[0].row
        values = ["" if c.value is None else str(c.value) for c in row[:8]]
        link = row[4].hyperlink.location if row[4].hyperlink is not None else None
        if link:
            values[4] += f" -> {link}"
        lines.append(" | ".join(values))
    lines += ["", f"== {RESULT_SHEET}: below the table"]
    for row in range(last + 1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        cells = [ws.cell(row=row, column=c) for c in range(2, len(COLUMNS) + 1)]
        shown = []
        for cell in cells:
            if cell.value is None:
                continue
            if label in MASKED:
                text = "<masked>"
            elif isinstance(cell.value, str) and cell.value.startswith("evaltool "):
                text = "evaltool <version>"
            else:
                text = str(cell.value)
            fill = FILL_NAMES.get(cell.fill.fgColor.rgb) if cell.fill.fill_type else None
            shown.append(f"{text}{f' [fill {fill}]' if fill else ''}")
        if label is not None or shown:
            lines.append(f"{label or ''} | {' | '.join(shown)}")
    lines += ["", "== annotated cells"]
    for sheet in wb.worksheets[1:]:
        for cells in sheet.iter_rows():
            for cell in cells:
                ours = cell.comment is not None and MARK in cell.comment.text
                fill = FILL_NAMES.get(cell.fill.fgColor.rgb) if cell.fill.fill_type else None
                if not ours and not fill:
                    continue
                lines.append(f"{sheet.title}!{cell.coordinate} fill={fill}")
                if cell.comment is not None:
                    lines += ["    " + line for line in cell.comment.text.splitlines()]
    return "\n".join(lines) + "\n"


def _compare(name: str, workbook: Path) -> Path:
    report = check(workbook)
    copy = write_copy(report, annotated_path(workbook), now=dt.datetime(2025, 4, 25, 9, 30))
    got = project(copy)
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}: run with EVALTOOL_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8")
    # Checking the annotated copy again gives the same findings: our sheet, comments and fills
    # are ignored, and the formulas keep the original's cached values.
    again = check(copy)
    assert [(f.code, f.cells, dict(f.params)) for f in again.findings] == [
        (f.code, f.cells, dict(f.params)) for f in report.findings
    ]
    return copy


# The goldens of template v1 (seed.txt, mistakes.txt) hold a v1 workbook to its findings: the same
# as before v2 existed, plus the one F012 note that a newer template exists. The -v2 goldens are
# the same examples in the current template.
VERSIONS = {"": 1, "-v2": 2}


@pytest.mark.parametrize("suffix", list(VERSIONS))
def test_seed_example(tmp_path: Path, suffix: str) -> None:
    workbook = tmp_path / "panzhihua-2024.xlsx"
    write_workbook(workbook, seed_data(), version=VERSIONS[suffix])
    _compare("seed" + suffix, workbook)


@pytest.mark.parametrize("suffix", list(VERSIONS))
def test_mistakes_example(tmp_path: Path, suffix: str) -> None:
    workbook = tmp_path / "mistakes-2024.xlsx"
    write_workbook(workbook, mistakes_data(), version=VERSIONS[suffix])
    copy = _compare("mistakes" + suffix, workbook)
    # Every mistake examples/README.md lists is coloured and commented at its cell.
    wb = openpyxl.load_workbook(copy)
    missed = []
    for mistake in MISTAKES:
        cell = wb[mistake.sheet][mistake.cell]
        coloured = cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in FILL_NAMES
        if not (coloured and cell.comment is not None and MARK in cell.comment.text):
            missed.append(f"{mistake.id} {mistake.sheet}!{mistake.cell}")
    assert not missed


@pytest.mark.parametrize("name", ["seed", "mistakes", "seed-v2", "mistakes-v2"])
def test_golden_files_are_committed(name: str) -> None:
    assert (GOLDEN / f"{name}.txt").is_file()
