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
from evaltool.report.annotate import FILLS, HEADER_ROW, MARK, write_copy
from evaltool.report.output import annotated_path
from evaltool.template import seed_data, write_workbook
from evaltool.template.examples import MISTAKES, mistakes_data

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("EVALTOOL_UPDATE_GOLDEN") == "1"
MASKED = {"源文件 SHA-256", "校验时间"}
FILL_NAMES = {rgb: sev.label for sev, rgb in FILLS.items()}


def project(path: Path) -> str:
    """The annotated copy as reviewable text."""
    wb = openpyxl.load_workbook(path)
    lines = [f"sheets: {', '.join(wb.sheetnames)}", "", f"== {RESULT_SHEET}: header"]
    ws = wb[RESULT_SHEET]
    for row in range(1, HEADER_ROW):
        label, value = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2)
        if label in MASKED:
            value_text = "<masked>"
        elif isinstance(value.value, str) and value.value.startswith("evaltool "):
            value_text = "evaltool <version>"
        else:
            value_text = "" if value.value is None else str(value.value)
        fill = FILL_NAMES.get(value.fill.fgColor.rgb) if value.fill.fill_type else None
        if label is not None or value.value is not None:
            lines.append(f"{label or ''} | {value_text}{f' [fill {fill}]' if fill else ''}")
    lines += ["", f"== {RESULT_SHEET}: findings"]
    for row in ws.iter_rows(min_row=HEADER_ROW):
        values = ["" if c.value is None else str(c.value) for c in row[:8]]
        link = row[4].hyperlink.location if row[4].hyperlink is not None else None
        if link:
            values[4] += f" -> {link}"
        lines.append(" | ".join(values))
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
