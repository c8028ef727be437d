"""The generated workbooks open in a real spreadsheet application (LibreOffice, headless).

Two soffice calls in all (they are slow): one converts the blank template to PDF; one
converts the blank template, the seed and the mistakes example to CSV (every sheet) with
a profile that makes LibreOffice *recalculate* every formula on load, so comparing its
output with the cached values our writer computed in Python proves the caches right.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaltool.template import seed_data, write_workbook
from evaltool.template.examples import mistakes_data

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.libreoffice,
]

# Separator, quote, UTF-8, from row 1, …, and the 12th token -1: every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# OOXMLRecalcMode 0 = always recalculate formulas of .xlsx files on load.
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _soffice(workdir: Path, target: str, files: list[Path], outdir: Path) -> subprocess.CompletedProcess[str]:
    profile = Path(f"/tmp/lo-{uuid.uuid4().hex}")
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    try:
        return subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("lo")
    write_workbook(work / "blank.xlsx")
    write_workbook(work / "seed.xlsx", seed_data())
    write_workbook(work / "mistakes.xlsx", mistakes_data())
    pdf = _soffice(work, "pdf", [work / "blank.xlsx"], work / "out")
    assert pdf.returncode == 0, pdf.stderr
    files = [work / f"{name}.xlsx" for name in ("blank", "seed", "mistakes")]
    result = _soffice(work, CSV_FILTER, files, work / "out")
    assert result.returncode == 0, result.stderr
    return work


def test_template_converts_to_pdf(converted: Path) -> None:
    pdf = converted / "out" / "blank.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 10_000


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _same(cached: object, shown: str) -> bool:
    if cached is None or cached == "":
        return shown == ""
    if isinstance(cached, int | float):
        try:
            return abs(float(shown) - cached) < 1e-9
        except ValueError:
            return False
    return str(cached) == shown


@pytest.mark.parametrize("name", ["blank", "seed", "mistakes"])
def test_libreoffice_computes_what_we_cached(converted: Path, name: str) -> None:
    path = converted / f"{name}.xlsx"
    formulas, cached = load_workbook(path), load_workbook(path, data_only=True)
    checked = 0
    for ws in formulas:
        rows = _csv(converted / "out" / f"{name}-{ws.title}.csv")
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    line = rows[cell.row - 1] if cell.row <= len(rows) else []
                    shown = line[cell.column - 1] if cell.column <= len(line) else ""
                    value = cached[ws.title][cell.coordinate].value
                    assert _same(value, shown), (ws.title, cell.coordinate, cell.value, value, shown)
                    checked += 1
    assert checked >= 10


def test_a_formula_cell_shows_its_value(converted: Path) -> None:
    projects = _csv(converted / "out" / "mistakes-项目支出.csv")
    assert projects[0][0] == "项目支出（金额单位：万元）"
    assert projects[6][5] == "79.58"  # 63.5 / 79.79, recomputed by LibreOffice
    assert projects[7][:6] == ["合计", "", "79.79", "104.28", "87.99", "84.38"]


def test_v2_funds_formulas_are_recalculated(converted: Path) -> None:
    # 项目资金来源 (template v2): 执行率 = 全年执行数 ÷ 全年预算数 × 100, recomputed by LibreOffice.
    funds = _csv(converted / "out" / "seed-项目资金来源.csv")
    assert funds[3][:6] == ["项目名称", "资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率（%）"]
    assert [row[5] for row in funds[4:10]] == ["100"] * 6
