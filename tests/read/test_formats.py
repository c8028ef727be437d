"""Other containers: .xlsm, legacy .xls and .ods read like .xlsx (values only, template decimals)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from evaltool.api import read
from evaltool.layout import Kind
from evaltool.model import Submission


def _figures(sub: Submission) -> dict[str, object]:
    out: dict[str, object] = {}
    for kind, table in sub.tables.items():
        frame = table.df.drop(columns=[c for c in table.df.columns if c.endswith("_op")])
        out[kind.value] = frame.astype(object).where(frame.notna(), None).to_dict("index")
        if table.total is not None:
            out[kind.value + "_total"] = table.total.astype(object).where(table.total.notna(), None).to_dict("index")
        out[kind.value + "_cells"] = table.cells.to_dict("index")
    out["basic"] = {k: (v.value, v.cell.ref) for k, v in sub.basic.items()}
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed workbook saved by LibreOffice as .xls and .ods (one conversion per format)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    from evaltool.template import seed_data, write_workbook

    folder = tmp_path_factory.mktemp("convert")
    src = folder / "seed.xlsx"
    write_workbook(src, seed_data())
    out = {"xlsx": src}
    for ext in ("xls", "ods"):
        subprocess.run(
            [soffice, "--headless", "--convert-to", ext, "--outdir", str(folder), str(src)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        out[ext] = folder / f"seed.{ext}"
        assert out[ext].exists()
    return out


@pytest.mark.parametrize("ext", ["xls", "ods"])
@pytest.mark.libreoffice
def test_legacy_formats_read_like_xlsx(converted: dict[str, Path], ext: str) -> None:
    reference = read(converted["xlsx"])
    other = read(converted[ext])
    assert [f.code for f in other.findings] == []
    assert _figures(other) == _figures(reference)
    income = other.tables[Kind.INCOME]
    assert income.decimals.at[5, "amount"] == 2  # no number formats here: the template's default
    assert income.total is not None and income.total.iloc[0]["amount"] == 1482.05


def test_xlsm_reads_like_xlsx(tmp_path: Path, seed_workbook: Path) -> None:
    src = seed_workbook.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("xl/vbaProject.bin", b"\x00" * 64)
    path = tmp_path / "macro.xlsm"
    path.write_bytes(out.getvalue())
    assert _figures(read(path)) == _figures(read(seed_workbook))


def test_xls_float_noise_dates_and_booleans(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    from datetime import date

    book = xlwt.Workbook(encoding="utf-8")
    basic = book.add_sheet("基本情况")
    items = [("项目", "内容"), ("单位名称", "某单位"), ("单位编码", "X1"), ("评价年度", 2024), ("金额单位", "万元")]
    for r, (k, v) in enumerate(items):
        basic.write(r, 0, k)
        basic.write(r, 1, v)
    sheet = book.add_sheet("收入情况")
    for c, h in enumerate(["序号", "科目编码", "科目名称", "金额", "占比（%）"]):
        sheet.write(0, c, h)
    sheet.write(1, 2, "a")
    sheet.write(1, 3, 1012.9599999999998)
    sheet.write(2, 2, "b")
    sheet.write(2, 3, date(2024, 12, 31), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(3, 2, "c")
    sheet.write(3, 3, True)
    sheet.write(4, 2, "合计")
    sheet.write(4, 3, "#DIV/0!")
    path = tmp_path / "old.xls"
    book.save(str(path))
    sub = read(path)
    t = sub.tables[Kind.INCOME]
    assert t.df.at[2, "amount"] == 1012.96
    assert t.cells.at[2, "amount"] == "D2"
    f003 = sorted(f.cells[0].ref for f in sub.findings if f.code == "F003")
    assert f003 == ["D3", "D4"]
    assert "F005" in [f.code for f in sub.findings]


def test_xls_number_formats_and_error_values_are_read(tmp_path: Path, seed_workbook: Path) -> None:
    """An .xls keeps its formats: shares typed as 62.25 % in percentage cells read as 62.25, not 0.6225."""
    xlwt = pytest.importorskip("xlwt")
    import openpyxl

    from evaltool.api import check

    source = openpyxl.load_workbook(seed_workbook, data_only=True)  # the cached values xlsxwriter stored
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}
    for ws in source.worksheets:
        sheet = book.add_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                value, fmt = cell.value, cell.number_format
                if value is None:
                    continue
                if ws.title == "收入情况" and cell.column == 5 and isinstance(value, int | float):
                    value, fmt = value / 100, "0.00%"  # typed as 62.25 % in a percentage cell
                sheet.write(
                    cell.row - 1, cell.column - 1, value, styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
                )
    book.get_sheet(3).row(19).set_cell_error(3, "#DIV/0!")  # 支出情况!D20, below the table
    path = tmp_path / "seed.xls"
    book.save(str(path))

    income = read(path).tables[Kind.INCOME]
    assert income.df.at[5, "share"] == 62.25 and income.decimals.at[5, "share"] == 2
    assert income.decimals.at[5, "amount"] == 2
    expected = sorted((f.code, str(f.cells[:1])) for f in check(seed_workbook).findings)
    assert sorted((f.code, str(f.cells[:1])) for f in check(path).findings) == expected  # no B110

    from evaltool.config import Limits
    from evaltool.reading.container import inspect_file
    from evaltool.reading.raw import ErrorValue
    from evaltool.reading.workbook import load

    raw = load(inspect_file(path, Limits()), Limits())
    assert raw.formats and raw.sheet("支出情况") is not None
    assert raw.sheet("支出情况").cells[(20, 4)].value == ErrorValue("#DIV/0!")  # type: ignore[union-attr]
