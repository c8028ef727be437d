"""The template writer: sheets, headers, formulas with cached values, validations, options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from evaltool.layout import (
    BASIC_FIELDS,
    META_SHEET,
    SHEET_ORDER,
    TABLES,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    Kind,
)
from evaltool.template import (
    Breakdown,
    BreakdownRow,
    Formula,
    ProjectRow,
    Projects,
    SubmissionData,
    place,
    write_workbook,
)
from evaltool.template.writer import excel_round
from tests.conftest import edit_cells


def _values(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_sheets_in_contract_order_with_hidden_meta(blank_template: Path) -> None:
    wb = load_workbook(blank_template)
    assert wb.sheetnames == [*SHEET_ORDER, META_SHEET]
    assert [ws.sheet_state for ws in wb] == ["visible"] * len(SHEET_ORDER) + ["hidden"]
    meta = wb[META_SHEET]
    assert {meta["A1"].value: meta["B1"].value, meta["A2"].value: meta["B2"].value} == {
        "template": TEMPLATE_ID,
        "version": TEMPLATE_VERSION,
    }
    assert wb["填报说明"].protection.sheet and wb[META_SHEET].protection.sheet
    assert not any(wb[layout.sheet].protection.sheet for layout in TABLES.values())


@pytest.mark.parametrize("kind", list(Kind))
def test_headers_exactly_as_layout(blank_template: Path, kind: Kind) -> None:
    layout = TABLES[kind]
    tp = place(None)
    ws = load_workbook(blank_template)[layout.sheet]
    header = [c.value for c in ws[tp.basic_first_row - 1]][: len(layout.columns)]
    assert header == [c.header for c in layout.columns]
    assert ws.freeze_panes == f"A{tp.basic_first_row}"
    assert ws.print_title_rows == f"${tp.basic_first_row - 1}:${tp.basic_first_row - 1}"


def test_basic_sheet_lists_every_field(blank_template: Path) -> None:
    rows = _values(blank_template, "基本情况")
    first = place(None).basic_first_row
    labels = [r[0] for r in rows[first - 1 : first - 1 + len(BASIC_FIELDS)]]
    assert labels == [f.label for f in BASIC_FIELDS]
    # 万元 is the default money unit of the blank template.
    unit_row = int(place(None).basic_cell("money_unit").split("!B")[1])
    assert rows[unit_row - 1][1] == "万元"


def test_blank_template_formulas_carry_cached_values(blank_template: Path) -> None:
    tp = place(None).tables[Kind.INCOME]
    wb = load_workbook(blank_template)
    ws = wb["收入情况"]
    assert ws[f"D{tp.total_row}"].value == f"=SUM(D{tp.first_row}:D{tp.last_row})"
    assert ws[f"E{tp.first_row}"].value.startswith("=IF(")
    cached = load_workbook(blank_template, data_only=True)["收入情况"]
    assert cached[f"D{tp.total_row}"].value == 0
    assert cached["A1"].value == "收入情况（金额单位：万元）"
    # Number formats: amounts and shares shown to two decimals.
    assert ws[f"D{tp.first_row}"].number_format == "#,##0.00"
    assert ws[f"E{tp.first_row}"].number_format == "0.00"
    # Input and formula cells look different.
    assert ws[f"D{tp.first_row}"].fill.fgColor.rgb != ws[f"E{tp.first_row}"].fill.fgColor.rgb


def test_seed_values_and_cached_formulas(seed_workbook: Path) -> None:
    income = _values(seed_workbook, "收入情况")
    tp = place(None).tables[Kind.INCOME]
    first = tp.first_row - 1
    assert income[first][2:5] == ["行政运行", 922.57, 62.25]
    assert income[first + 10][2:5] == ["合计", 1482.05, 100.0]  # typed, although the items add to 1482.06
    projects = _values(seed_workbook, "项目支出")
    assert projects[first][0] == "社保公共服务能力建设资金"
    assert projects[first][5] == 100.0  # 执行率 formula's cached value
    assert projects[first + 3][0:6] == ["合计", "", 79.79, 104.28, 104.28, 100.0]
    formulas = load_workbook(seed_workbook)["项目支出"]
    assert formulas[f"D{tp.first_row + 3}"].value == f"=SUM(D{tp.first_row}:D{tp.first_row + 2})"


def test_share_formulas_are_computed_like_the_spreadsheet(tmp_path: Path) -> None:
    data = SubmissionData(
        basic={"money_unit": "元"},
        income=Breakdown(rows=[BreakdownRow("a", 1), BreakdownRow("b", 2), BreakdownRow("c", "")]),
    )
    path = tmp_path / "x.xlsx"
    write_workbook(path, data)
    rows = _values(path, "收入情况")
    tp = place(data).tables[Kind.INCOME]
    assert tp.total_row is not None
    got = [r[4] for r in rows[tp.first_row - 1 : tp.total_row]]
    assert got == [33.33, 66.67, "", 100.0]
    assert rows[tp.total_row - 1][3] == 3.0
    assert rows[0][0] == "收入情况（金额单位：元）"


def test_division_by_zero_is_guarded(tmp_path: Path) -> None:
    data = SubmissionData(
        projects=Projects(rows=[ProjectRow("p", budget=0, spent=5)]),
        income=Breakdown(rows=[BreakdownRow("a", 0)]),
    )
    path = tmp_path / "x.xlsx"
    write_workbook(path, data)
    tp = place(data).tables[Kind.PROJECTS]
    assert _values(path, "项目支出")[tp.first_row - 1][5] == ""
    assert _values(path, "收入情况")[tp.first_row - 1][4] == ""


def test_messy_text_and_explicit_formulas_are_written_as_given(tmp_path: Path) -> None:
    data = SubmissionData(
        income=Breakdown(
            rows=[BreakdownRow("a", "1,482.05"), BreakdownRow("b", Formula("=1+1", 2))],
            total=Formula("=D5+D6"),  # no cached value
            total_share="100%",
        )
    )
    path = tmp_path / "x.xlsx"
    write_workbook(path, data)
    ws = load_workbook(path)["收入情况"]
    assert (ws["D5"].value, ws["D6"].value, ws["D7"].value, ws["E7"].value) == ("1,482.05", "=1+1", "=D5+D6", "100%")
    cached = _values(path, "收入情况")
    assert cached[5][3] == 2.0
    assert cached[6][3] == ""  # the formula has no cached value
    assert cached[4][4] == ""  # …and the shares depending on it have none either
    assert load_workbook(path, data_only=True)["收入情况"]["D7"].value is None


def test_title_rows_and_meta_options(tmp_path: Path, seed_data: SubmissionData) -> None:
    path = tmp_path / "x.xlsx"
    placement = write_workbook(path, seed_data, title_rows=6, meta=False)
    assert load_workbook(path).sheetnames == list(SHEET_ORDER)
    assert placement.cell(Kind.INCOME, "amount", 0) == "收入情况!D8"
    assert placement.total_cell(Kind.INCOME, "amount") == "收入情况!D18"
    assert _values(path, "收入情况")[6][0] == "序号"
    assert placement.basic_cell("unit_code") == "基本情况!B9"
    with pytest.raises(ValueError, match="title_rows"):
        write_workbook(path, seed_data, title_rows=0)


def test_categories_merge_within_groups_or_repeat(tmp_path: Path, seed_data: SubmissionData) -> None:
    merged = tmp_path / "merged.xlsx"
    write_workbook(merged, seed_data)
    ranges = {str(r) for r in load_workbook(merged)["整体绩效目标"].merged_cells.ranges}
    assert ranges == {"A5:A11", "B5:B7", "B8:B10"}
    projects = {str(r) for r in load_workbook(merged)["项目绩效指标"].merged_cells.ranges}
    assert "B5:B8" in projects and "B5:B10" not in projects  # never across two projects
    seed_data.merge_categories = False
    flat = tmp_path / "flat.xlsx"
    write_workbook(flat, seed_data)
    ws = load_workbook(flat)["整体绩效目标"]
    assert not ws.merged_cells.ranges
    assert [ws[f"A{r}"].value for r in range(5, 8)] == ["产出指标"] * 3


def test_dropdowns(blank_template: Path) -> None:
    wb = load_workbook(blank_template)
    lists = {
        (ws.title, str(dv.sqref)): dv.formula1
        for ws in wb
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists[("基本情况", "B9")] == '"万元,元"'
    assert lists[("整体绩效目标", "D5:D24")] == '"≥,≤,=,＞,＜,定性"'
    assert lists[("整体绩效目标", "A5:A24")] == '"产出指标,成本指标,效益指标,满意度指标"'
    assert "社会效益指标" in lists[("项目绩效指标", "C5:C44")]
    assert lists[("项目支出", "B5:B14")].startswith('"常年项目')
    assert lists[("项目绩效指标", "A5:A44")] == "'项目支出'!$A$5:$A$14"


def test_output_is_deterministic(tmp_path: Path, seed_data: SubmissionData) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(a, seed_data)
    write_workbook(b, seed_data)
    assert a.read_bytes() == b.read_bytes()


def test_excel_round_is_half_away_from_zero() -> None:
    assert excel_round(0.125) == 0.13
    assert excel_round(-0.125) == -0.13
    assert excel_round(62.2499999) == 62.25


def test_fixtures_are_fresh(seed_data: SubmissionData, seed_workbook: Path, blank_template: Path) -> None:
    seed_data.income.rows.clear()
    from evaltool.template import seed_data as again

    assert len(again().income.rows) == 10
    assert seed_workbook.parent == blank_template.parent  # both in this test's tmp_path


def test_edit_cells_unmerges_and_drops_cached_values(seed_workbook: Path) -> None:
    out = edit_cells(seed_workbook, {"收入情况!D5": 900, "整体绩效目标!A6": "效益指标", "项目支出!C5": None})
    assert out != seed_workbook and seed_workbook.exists()
    wb = load_workbook(out)
    assert wb["收入情况"]["D5"].value == 900
    assert wb["整体绩效目标"]["A6"].value == "效益指标"
    assert wb["项目支出"]["C5"].value is None
    # openpyxl saved it: the 执行率 formula kept its text but lost its cached value.
    assert load_workbook(out, data_only=True)["项目支出"]["F5"].value is None
    with pytest.raises(ValueError, match="needs a sheet"):
        edit_cells(seed_workbook, {"D5": 1})


def test_typing_hints_flag_low_execution_and_scores_above_points(blank_template: Path) -> None:
    wb = load_workbook(blank_template)
    rules = {(ws.title, str(cf.sqref)): [r.formula for r in cf.rules] for ws in wb for cf in ws.conditional_formatting}
    assert rules[("项目支出", "F5:F14")] == [["AND(ISNUMBER(F5),F5<90)"]]
    assert rules[("自评打分表", "F5:F34")] == [["AND(ISNUMBER(F5),ISNUMBER(D5),F5>D5)"]]
    assert rules[("项目绩效指标", "J5:J44")] == [["AND(ISNUMBER(J5),ISNUMBER(I5),J5>I5)"]]


@pytest.mark.parametrize(
    ("part", "whole", "cached"),
    [
        (1, 3, 33.33),
        ("2", "1,000", 0.2),  # numeric text takes part in arithmetic
        ("abc", 10, "#VALUE!"),
        ("", 10, ""),
        (5, 0, ""),  # the IF guard against division by zero
        (Formula('=""', ""), 10, ""),  # a formula showing "" counts as empty
        (Formula("=A1"), 10, None),  # no cached value in, none out
        (5, Formula("=SUM(A1:A2)", 20), 25.0),
    ],
)
def test_cached_ratio_follows_the_formula(part: Any, whole: Any, cached: Any) -> None:
    from evaltool.template.writer import _ratio

    assert _ratio(part, whole) == cached


def test_make_workbook_fixture(make_workbook: Any, seed_data: SubmissionData) -> None:
    seed_data.basic["unit_code"] = "X-1"
    path = make_workbook(seed_data, "单位 X.xlsx", title_rows=5)
    assert path.name == "单位 X.xlsx"
    assert _values(path, "基本情况")[7][1] == "X-1"  # header in row 6, 单位编码 the second field (row 8)


def test_sheets_in_another_order_or_missing_keep_cached_values(tmp_path: Path, seed_data: SubmissionData) -> None:
    path = tmp_path / "x.xlsx"
    write_workbook(path, seed_data, sheets=["项目绩效指标", "收入情况", "项目支出"], meta=False)
    assert load_workbook(path).sheetnames == ["项目绩效指标", "收入情况", "项目支出"]
    assert _values(path, "项目支出")[7][3] == 104.28  # the SUM's cached value
    assert _values(path, "收入情况")[0][0] == "收入情况（金额单位：万元）"  # plain text: no 基本情况 to refer to
    assert load_workbook(path)["项目绩效指标"].data_validations.dataValidation  # the other dropdowns stay
    write_workbook(path, seed_data, sheets=["项目绩效指标"])
    assert not [
        dv for dv in load_workbook(path)["项目绩效指标"].data_validations.dataValidation if "项目支出" in dv.formula1
    ]
    with pytest.raises(ValueError, match="distinct names"):
        write_workbook(path, seed_data, sheets=["收入情况", "收入情况"])
    with pytest.raises(ValueError, match="distinct names"):
        write_workbook(path, seed_data, sheets=["收入"])
