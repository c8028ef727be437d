"""The annotated copy, built from hand-made findings on the template's seed workbook."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from evaltool.api import Report
from evaltool.findings import CellRef, Finding, Severity
from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.report.annotate import FILLS, HEADER_ROW, annotate, link_location, quote_sheet, write_copy
from evaltool.report.cached_values import sheet_parts
from evaltool.report.output import OutputError, annotated_path
from evaltool.report.results_sheet import ALSO_FILLS, BLOCK_VALUE_COL
from evaltool.textwidth import text_width
from tests.zips import rezip

NOW = dt.datetime(2025, 4, 25, 9, 30)
ERR = Finding(
    "F006",
    Severity.ERROR,
    (CellRef("收入情况", "D15"), CellRef("收入情况", "D5")),
    {"raw": "#DIV/0!"},
)
WARN = Finding("F010", Severity.WARNING, (CellRef("收入情况", "D5"),), {"sheet": "收入情况", "column": "金额"})
INFO = Finding("F005", Severity.INFO, (), {})
MISSING = Finding("F001", Severity.ERROR, (), {"sheet": "支出情况"})


def _report(path: Path, *findings: Finding, **kw: str) -> Report:
    return Report(path=path, findings=list(findings), unit_name=kw.get("name", "测试单位"), unit_code="U-1")


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    """The findings table's rows (a sequence number first)."""
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if isinstance(r[0], int)]


def _block(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[object, object]:
    """The block below the table: label (column A) -> value."""
    return {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=BLOCK_VALUE_COL).value
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if not isinstance(ws.cell(row=r, column=1).value, int)
    }


def test_cells_get_fill_and_comment_and_the_first_sheet_lists_every_finding(seed_workbook: Path) -> None:
    before = seed_workbook.read_bytes()
    out = annotate(_report(seed_workbook, ERR, WARN, INFO, MISSING), annotated_path(seed_workbook), now=NOW)
    assert out == seed_workbook.with_name("panzhihua-2024_校验结果.xlsx")
    assert seed_workbook.read_bytes() == before  # the input is only read

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == RESULT_SHEET and wb.active.title == RESULT_SHEET
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [RESULT_SHEET]
    income = wb["收入情况"]
    # D15 is ERR's primary cell; D5 is named by ERR (secondary) and WARN: its worst is the error.
    assert income["D15"].fill.fgColor.rgb == FILLS[Severity.ERROR]
    assert income["D5"].fill.fgColor.rgb == FILLS[Severity.ERROR]  # WARN's main cell: a strong fill
    primary = income["D15"].comment.text
    assert "【错误】F006" in primary and "#DIV/0!" in primary and "建议：" in primary
    secondary = income["D5"].comment.text
    assert "问题所在：收入情况!D15" in secondary and "【警告】F010" in secondary
    assert income["D6"].fill.fgColor.rgb != FILLS[Severity.ERROR] and income["D6"].comment is None

    ws = wb[RESULT_SHEET]
    rows = _rows(ws)
    assert [r[:5] for r in rows] == [  # errors first, then warnings, then infos
        (1, "错误", "F006", "收入情况", "D15（另见 D5）"),
        (2, "错误", "F001", "支出情况", "—"),
        (3, "警告", "F010", "收入情况", "D5"),
        (4, "提示", "F005", "—", "—"),
    ]
    assert all(r[7] is None for r in rows)  # 情况说明 is the unit's to fill
    link = ws.cell(row=HEADER_ROW + 1, column=5).hyperlink
    assert link is not None and link.location == "'收入情况'!D15"
    assert ws.cell(row=HEADER_ROW + 2, column=5).hyperlink is None
    header = _block(ws)
    assert header["单位名称"] == "测试单位" and header["单位编码"] == "U-1"
    assert re.fullmatch(r"2025-04-25 09:30:00[+-]\d\d:\d\d", str(header["校验时间"]))  # local time, its offset
    assert header["问题数"] == "错误 2　警告 1　提示 1"
    below = ws.iter_rows(min_row=HEADER_ROW + len(rows) + 1)
    legend = [c for row in below for c in row if c.fill.fill_type == "solid"]
    assert [c.fill.fgColor.rgb for c in legend] == [
        FILLS[Severity.ERROR],
        ALSO_FILLS[Severity.ERROR],
        FILLS[Severity.WARNING],
        ALSO_FILLS[Severity.WARNING],
        FILLS[Severity.INFO],
        ALSO_FILLS[Severity.INFO],
    ]


def test_cells_only_named_get_a_light_fill_and_the_sheet_prints_one_page_wide(seed_workbook: Path) -> None:
    total = Finding(
        "B101",
        Severity.ERROR,
        (CellRef("支出情况", "D15"), *(CellRef("支出情况", f"D{r}") for r in range(5, 10))),
        {},
    )
    wrong = Finding("F010", Severity.WARNING, (CellRef("支出情况", "D7"),), {"sheet": "支出情况", "column": "金额"})
    wide = Finding("B105", Severity.ERROR, (CellRef("收入情况", "D15"),), {})
    for splice in (True, False):
        report = _report(seed_workbook, total, wrong, wide)
        out = annotate(report, annotated_path(seed_workbook), now=NOW, splice=splice)
        wb = openpyxl.load_workbook(out)
        spend = wb["支出情况"]
        assert spend["D15"].fill.fgColor.rgb == FILLS[Severity.ERROR]  # the rule's main cell
        assert spend["D6"].fill.fgColor.rgb == ALSO_FILLS[Severity.ERROR]  # only named: light
        assert spend["D7"].fill.fgColor.rgb == FILLS[Severity.ERROR]  # the warning's main cell stays strong
        ws = wb[RESULT_SHEET]
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}" and HEADER_ROW == 1  # only the header row frozen
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "1:1"
        # Wrapped text gets a row tall enough for it (B105's message takes two lines); 级别 is narrow.
        tall = 0
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + len(_rows(ws))):
            needed = max(
                math.ceil(text_width(str(c.value)) / (ws.column_dimensions[c.column_letter].width - 1))
                for c in row[5:8]
                if c.value
            )
            assert (ws.row_dimensions[row[0].row].height or 15) >= 15 * needed, row[0].row
            tall += needed > 1
        assert tall
        assert ws.column_dimensions["B"].width <= 8


def test_links_quote_sheet_names() -> None:
    assert quote_sheet("My 'Sheet'") == "'My ''Sheet'''"
    assert link_location(CellRef("My 'Sheet'", "$A$1")) == "'My ''Sheet'''!A1"
    assert link_location(CellRef("收入情况", "D15")) == "'收入情况'!D15"


def test_existing_comments_are_kept_and_ours_appended(seed_workbook: Path) -> None:
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(seed_workbook)
    wb["收入情况"]["D15"].comment = Comment("单位自己的批注", "张三")
    wb.save(seed_workbook)
    out = annotate(_report(seed_workbook, ERR), annotated_path(seed_workbook), now=NOW)
    text = openpyxl.load_workbook(out)["收入情况"]["D15"].comment.text
    assert text.startswith("单位自己的批注\n—— evaltool 校验 ——\n【错误】F006")


FORMULA_LIKE = ('=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0")


def test_text_from_a_submission_is_written_as_text(seed_workbook: Path) -> None:
    raw = Finding("F003", Severity.ERROR, (CellRef("收入情况", "D6"),), {"raw": "=1+1", "expected": "金额"})
    report = _report(seed_workbook, raw, name=FORMULA_LIKE[0])
    report.unit_code = FORMULA_LIKE[1]
    out = annotate(report, annotated_path(seed_workbook), now=NOW)
    ws = openpyxl.load_workbook(out)[RESULT_SHEET]
    values = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
    for text in FORMULA_LIKE:
        assert values[text] == "s"
    with zipfile.ZipFile(out) as z:
        first = z.read(sheet_parts(z)[RESULT_SHEET]).decode()
    assert "<f>" not in first and "HYPERLINK" in first  # present, as a string, never a formula


def _sides(cell: object) -> list[tuple[object, object]]:
    border = cell.border  # type: ignore[attr-defined]
    sides = (border.left, border.right, border.top, border.bottom)
    return [(s.style, s.color.rgb if s.color is not None else None) for s in sides]


def test_template_formulas_lists_formats_and_protection_survive(seed_workbook: Path) -> None:
    out = annotate(_report(seed_workbook, ERR), annotated_path(seed_workbook), now=NOW)
    src, dst = openpyxl.load_workbook(seed_workbook), openpyxl.load_workbook(out)
    for ws in src.worksheets:
        copy = dst[ws.title]
        assert len(copy.data_validations.dataValidation) == len(ws.data_validations.dataValidation), ws.title
        assert [dv.formula1 for dv in copy.data_validations.dataValidation] == [
            dv.formula1 for dv in ws.data_validations.dataValidation
        ]
        assert copy.protection.sheet == ws.protection.sheet, ws.title
        assert copy.sheet_state == ws.sheet_state, ws.title
        assert sorted(map(str, copy.merged_cells.ranges)) == sorted(map(str, ws.merged_cells.ranges)), ws.title
        for row in ws.iter_rows():
            for cell in row:
                other = copy[cell.coordinate]
                assert other.value == cell.value, cell.coordinate  # formulas too
                assert other.number_format == cell.number_format, cell.coordinate
                assert other.protection.locked == cell.protection.locked, cell.coordinate
                assert _sides(other) == _sides(cell), cell.coordinate  # merged ranges' cells too
    assert dst[META_SHEET]["A3"].value == "annotated_by"
    assert dst[META_SHEET]["B3"].value.startswith("evaltool ")
    assert dst.calculation.fullCalcOnLoad
    assert any(
        isinstance(c.value, str) and c.value.startswith("=SUM") for row in dst["项目支出"].iter_rows() for c in row
    )


def test_cached_formula_values_are_kept(seed_workbook: Path) -> None:
    out = annotate(_report(seed_workbook, ERR), annotated_path(seed_workbook), now=NOW)

    def values(path: Path) -> list[list[object]]:
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_name("项目支出").to_python(skip_empty_area=False)

    original, copy = values(seed_workbook), values(out)
    assert copy == original
    assert 104.28 in [v for row in copy for v in row]  # the SUM's cached value, not ''


def test_a_clean_file_gets_a_short_proof(seed_workbook: Path) -> None:
    import hashlib

    out = write_copy(_report(seed_workbook, INFO), annotated_path(seed_workbook), now=NOW)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [RESULT_SHEET]
    ws = wb[RESULT_SHEET]
    header = _block(ws)
    assert header["源文件 SHA-256"] == hashlib.sha256(seed_workbook.read_bytes()).hexdigest()
    assert header["结论"].endswith("通过：未发现错误或警告")
    assert [r[:3] for r in _rows(ws)] == [(1, "提示", "F005")]


def test_the_proof_names_settings_that_are_not_the_default(seed_workbook: Path, tmp_path: Path) -> None:
    import hashlib

    from evaltool.config import load_settings

    cfg = tmp_path / "evaltool.toml"
    cfg.write_text(
        '[rules]\ndisable = ["S405", "B101"]\n[rules.severity]\nF004 = "info"\n[execution]\nthreshold = 85\n',
        encoding="utf-8",
    )
    out = write_copy(_report(seed_workbook, INFO), tmp_path / "proof.xlsx", now=NOW, settings=load_settings(cfg))
    header = _block(openpyxl.load_workbook(out)[RESULT_SHEET])
    assert header["已停用的规则"] == "B101、S405"
    assert header["改变级别的规则"] == "F004 → 提示"
    assert header["非默认设置"] == "execution_threshold = 85.0"
    assert header["配置文件"] == f"evaltool.toml（SHA-256 {hashlib.sha256(cfg.read_bytes()).hexdigest()}）"
    # The defaults: nothing of the kind is listed.
    plain = _block(
        openpyxl.load_workbook(write_copy(_report(seed_workbook, INFO), tmp_path / "p2.xlsx", now=NOW))[RESULT_SHEET]
    )
    assert not {"已停用的规则", "改变级别的规则", "非默认设置", "配置文件"} & set(plain)


def test_annotating_an_annotated_copy_replaces_ours_and_keeps_explanations(seed_workbook: Path) -> None:
    first = annotate(_report(seed_workbook, ERR, WARN), annotated_path(seed_workbook), now=NOW)
    wb = openpyxl.load_workbook(first)
    wb[RESULT_SHEET].cell(row=HEADER_ROW + 2, column=8).value = "已核实，属实"  # the warning (errors first)
    original_fill = openpyxl.load_workbook(seed_workbook)["收入情况"]["D15"].fill.fgColor.rgb
    wb.save(first)
    # Fixed: only the warning remains.
    second = annotate(_report(first, WARN), annotated_path(first), now=NOW)
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(RESULT_SHEET) == 1 and wb.sheetnames[0] == RESULT_SHEET
    assert [r[2] for r in _rows(wb[RESULT_SHEET])] == ["F010"]
    assert _rows(wb[RESULT_SHEET])[0][7] == "已核实，属实"
    income = wb["收入情况"]
    assert income["D15"].comment is None  # the fixed error's note is gone
    assert income["D15"].fill.fgColor.rgb == original_fill  # and its fill is the template's again
    assert income["D5"].comment.text.count("—— evaltool") == 1


def test_xls_is_converted_to_a_values_copy(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    ws = book.add_sheet("收入情况")
    ws.write(3, 0, "序号")
    ws.write(4, 3, 922.57)
    ws.write(5, 2, "=cmd|' /C calc'!A0")
    src = tmp_path / "old.xls"
    book.save(str(src))
    out = annotate(
        _report(src, Finding("F006", Severity.ERROR, (CellRef("收入情况", "D5"),), {"raw": "x"})),
        annotated_path(src),
        now=NOW,
    )
    assert out.name == "old_校验结果.xlsx"
    wb = openpyxl.load_workbook(out)
    income = wb["收入情况"]
    assert income["D5"].value == 922.57 and income["D5"].fill.fgColor.rgb == FILLS[Severity.ERROR]
    assert income["C6"].value == "=cmd|' /C calc'!A0" and income["C6"].data_type == "s"
    notes = [c.value for row in wb[RESULT_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(".xls" in v and "只保留了数值" in v for v in notes)


def test_unwritable_targets_are_one_line_errors(seed_workbook: Path, tmp_path: Path) -> None:
    report = _report(seed_workbook, ERR)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        annotate(report, annotated_path(seed_workbook, blocker / "sub"), now=NOW)
    assert err.value.reason == "bad_folder" and "\n" not in err.value.message("zh")
    target = annotated_path(seed_workbook)
    target.mkdir()
    with pytest.raises(OutputError) as err:
        annotate(report, target, now=NOW)
    assert err.value.reason == "is_directory" and str(target) in err.value.message("en")
    assert not [p for p in seed_workbook.parent.iterdir() if p.name.startswith(".~evaltool")]  # no temp left


def test_a_flood_of_findings_lists_the_worst_and_says_so(seed_workbook: Path) -> None:
    from evaltool.report.results_sheet import MAX_LISTED, layout, listed_findings

    flood = [Finding("F005", Severity.INFO)] * MAX_LISTED + [ERR, WARN]
    listed = listed_findings(flood)
    assert len(listed) == MAX_LISTED and listed[-2:] == [ERR, WARN]  # errors and warnings kept, in order
    notes = [p.value for p in layout(_report(seed_workbook, *flood), "zh", NOW, listed=listed) if p.style == "note"]
    assert any(f"最严重的 {MAX_LISTED} 条（共 {MAX_LISTED + 2} 条）" in str(n) for n in notes)


def test_a_macro_workbook_keeps_its_macros_and_extension(seed_workbook: Path) -> None:
    def macro_types(data: bytes) -> bytes:
        data = data.replace(b"spreadsheetml.sheet.main+xml", b"PLACEHOLDER")
        data = data.replace(b"application/vnd.openxmlformats-officedocument.PLACEHOLDER", MACRO_MAIN)
        return data.replace(b"</Types>", b'<Default Extension="bin" ContentType="' + VBA_TYPE + b'"/></Types>')

    edits = {
        "[Content_Types].xml": macro_types,
        "xl/_rels/workbook.xml.rels": lambda data: data.replace(b"</Relationships>", VBA_REL + b"</Relationships>"),
    }
    packed = rezip(seed_workbook.read_bytes(), edits, add={"xl/vbaProject.bin": b"VBA-PROJECT" * 50})
    macro = seed_workbook.with_suffix(".xlsm")
    macro.write_bytes(packed)
    out = annotate(_report(macro, ERR), annotated_path(macro), now=NOW)
    assert out.name == "panzhihua-2024_校验结果.xlsm"
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == b"VBA-PROJECT" * 50
        assert MACRO_MAIN in z.read("[Content_Types].xml")


MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = b"application/vnd.ms-office.vbaProject"
VBA_REL = (
    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
    b' Target="vbaProject.bin"/>'
)


def test_a_foreign_results_sheet_is_kept_under_another_name(seed_workbook: Path) -> None:
    wb = openpyxl.load_workbook(seed_workbook)
    wb.create_sheet(RESULT_SHEET)["A1"] = "单位自己的表"
    wb.save(seed_workbook)
    out = annotate(_report(seed_workbook, ERR), annotated_path(seed_workbook), now=NOW)
    copy = openpyxl.load_workbook(out)
    assert copy.sheetnames[0] == RESULT_SHEET
    assert copy[f"{RESULT_SHEET}（原）"]["A1"].value == "单位自己的表"
