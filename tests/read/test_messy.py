"""What people really type: every case asserts the parsed value and the cell it came from."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from evaltool.api import read
from evaltool.layout import Kind
from evaltool.messages import message
from evaltool.model import Op, Submission, Table
from tests.read.build import BASIC_ROWS, BREAKDOWN_HEADER, INDICATOR_HEADER, SCORING_HEADER, C, income_book, make_book


def _income(sub: Submission) -> Table:
    return sub.tables[Kind.INCOME]


def _codes(sub: Submission, *, at: str | None = None) -> list[str]:
    return [f.code for f in sub.findings if at is None or (f.cells and f.cells[0].ref == at)]


def _same(actual: Any, expected: Any) -> bool:
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    return bool(actual == expected)


# --- numbers typed as text, full-width, with units and spaces -------------------------------

AMOUNTS = [
    (922.57, 922.57),
    ("922.57", 922.57),
    ("1,482.05", 1482.05),
    ("1482.05万元", 1482.05),
    (" 1482.05 ", 1482.05),
    ("\u00a01482.05\u00a0", 1482.05),
    ("\u30001482.05", 1482.05),
    ("1482\u200b.05", 1482.05),
    ("１４８２．０５", 1482.05),
    ("1，482.05", 1482.05),
    ("-", None),
    ("—", None),
    ("－", None),
    ("无", None),
    ("/", None),
    ("  ", None),
]


@pytest.mark.parametrize(("raw", "expected"), AMOUNTS, ids=[repr(a) for a, _ in AMOUNTS])
def test_amount_cells(tmp_path: Path, raw: Any, expected: float | None) -> None:
    path = income_book(tmp_path / "a.xlsx", [[1, None, "行政运行", raw, 62.25]])
    t = _income(read(path))
    assert _same(t.df.at[4, "amount"], expected)
    assert t.cells.at[4, "amount"] == "D4"
    assert t.ref(4, "amount").ref == "D4"
    assert "F003" not in _codes(read(path))


def test_empty_amount_is_not_zero(tmp_path: Path) -> None:
    path = income_book(tmp_path / "a.xlsx", [[1, None, "行政运行", None, 62.25], [2, None, "其他", 0, 0]])
    t = _income(read(path))
    assert math.isnan(t.df.at[4, "amount"])
    assert t.df.at[5, "amount"] == 0.0


SHARES = [
    (C(0.6225, "0.00%"), 62.25, 2),
    (C(0.6225, "0%"), 62.25, 0),
    (C(62.25, "0.00"), 62.25, 2),
    (62.25, 62.25, 2),  # General: the template's 2 decimals
    ("62.25%", 62.25, 2),
    ("62.25", 62.25, 2),
    ("６２．２５％", 62.25, 2),
    ("62.25 ％", 62.25, 2),
    (C(0.9, "0.00"), 0.9, 2),  # not a %-cell: kept as typed (the rules flag 0.9 next to 90)
    (C(1, "0%"), 100.0, 0),
]


@pytest.mark.parametrize(("raw", "expected", "decimals"), SHARES, ids=[repr(s[0]) for s in SHARES])
def test_percent_cells(tmp_path: Path, raw: Any, expected: float, decimals: int) -> None:
    path = income_book(tmp_path / "p.xlsx", [[1, None, "行政运行", 922.57, raw]])
    t = _income(read(path))
    assert t.df.at[4, "share"] == expected
    assert t.cells.at[4, "share"] == "E4"
    assert t.decimals.at[4, "share"] == decimals


def test_percent_typed_both_ways_in_one_column(tmp_path: Path) -> None:
    rows = [[1, None, "a", 922.57, C(0.6225, "0.00%")], [2, None, "b", 139.97, C(9.44, "0.00")]]
    t = _income(read(income_book(tmp_path / "p.xlsx", rows)))
    assert list(t.df["share"]) == [62.25, 9.44]
    assert list(t.cells["share"]) == ["E4", "E5"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("约100", "约100"),
        ("100左右", "100左右"),
        (True, "True"),
        (C(45678, "yyyy-mm-dd"), "2025-01-21"),
    ],
)
def test_unreadable_amounts_are_findings(tmp_path: Path, raw: Any, shown: str) -> None:
    path = income_book(tmp_path / "u.xlsx", [[1, None, "行政运行", raw, 62.25]])
    sub = read(path)
    assert math.isnan(_income(sub).df.at[4, "amount"])
    found = [f for f in sub.findings if f.code == "F003"]
    assert [(f.cells[0].sheet, f.cells[0].ref) for f in found] == [("收入情况", "D4")]
    assert found[0].params["raw"] == shown


def test_amount_decimals_come_from_the_number_format(tmp_path: Path) -> None:
    rows = [
        [1, None, "a", C(16.8, "#,##0.00")],
        [2, None, "b", C(16.8, "0.0")],
        [3, None, "c", 16.8],
        [4, None, "d", "16.80"],
    ]
    t = _income(read(income_book(tmp_path / "d.xlsx", rows)))
    assert list(t.decimals["amount"]) == [2, 1, 2, 2]


# --- 一级/二级 carried down, declared points -----------------------------------------------


def _scoring(tmp_path: Path, rows: list[list[Any]], merges: list[str] | None = None) -> Table:
    sheets = {"基本情况": BASIC_ROWS, "自评打分表": [["部门预算绩效自评打分表"], SCORING_HEADER, *rows]}
    path = make_book(tmp_path / "s.xlsx", sheets, merges={"自评打分表": merges or []})
    return read(path).tables[Kind.SCORING]


SCORING_ROWS = [
    ["总体绩效（65分）", "履职效能（15 分）", "履职效果", 15, None, 15],
    [None, "预算管理(25分)", "预算编制质量", 8, None, 8],
    [None, None, "单位收入统筹", 4, None, 4],
    ["项目绩效（35分）", "项目决策（12分）", "决策程序", 4, None, 4],
    [None, None, "目标设置", 4, None, 4],
]
EXPECTED_SCORING = {  # row -> (level1, its cell, points, level2, its cell, points)
    3: ("总体绩效", "A3", 65.0, "履职效能", "B3", 15.0),
    4: ("总体绩效", "A3", 65.0, "预算管理", "B4", 25.0),
    5: ("总体绩效", "A3", 65.0, "预算管理", "B4", 25.0),
    6: ("项目绩效", "A6", 35.0, "项目决策", "B6", 12.0),
    7: ("项目绩效", "A6", 35.0, "项目决策", "B6", 12.0),
}


@pytest.mark.parametrize("style", ["blank", "merged", "repeated"])
def test_categories_carried_down(tmp_path: Path, style: str) -> None:
    rows = [list(r) for r in SCORING_ROWS]
    merges: list[str] = []
    if style == "merged":
        merges = ["A3:A5", "B4:B5", "A6:A7", "B6:B7"]
    if style == "repeated":
        for i, r in enumerate(rows):
            r[0] = r[0] or rows[i - 1][0]
            r[1] = r[1] or rows[i - 1][1]
    t = _scoring(tmp_path, rows, merges)
    for row, (l1, c1, p1, l2, c2, p2) in EXPECTED_SCORING.items():
        assert t.df.at[row, "level1"] == l1
        assert t.df.at[row, "level1_points"] == p1
        assert t.df.at[row, "level2"] == l2
        assert t.df.at[row, "level2_points"] == p2
        if style != "repeated":  # a carried value points at the cell it came from
            assert (t.cells.at[row, "level1"], t.cells.at[row, "level2"]) == (c1, c2)
            assert t.ref(row, "level1_points").ref == c1
        else:
            assert t.cells.at[row, "level1"] == f"A{row}"


@pytest.mark.parametrize(
    ("name", "bare", "points"),
    [
        ("总体绩效（65分）", "总体绩效", 65.0),
        ("履职效能（15 分）", "履职效能", 15.0),
        ("总体绩效(65分)", "总体绩效", 65.0),
        ("总体绩\n效\n（65\n分）", "总体绩效", 65.0),
        ("资产管理（9分）", "资产管理", 9.0),
        ("扣分项（10分）", "扣分项", 10.0),
        ("预算管理（２５分）", "预算管理", 25.0),
        ("预算管理", "预算管理", None),
        ("履职效能15分", "履职效能", 15.0),
    ],
)
def test_declared_points_in_names(tmp_path: Path, name: str, bare: str, points: float | None) -> None:
    t = _scoring(tmp_path, [[name, "二级（5分）", "三级", 5, None, 5]])
    assert t.df.at[3, "level1"] == bare
    assert _same(t.df.at[3, "level1_points"], points)
    assert t.cells.at[3, "level1"] == "A3"


# --- operators and values with operators inside --------------------------------------------

OPERATORS = [
    (">=", Op.GE),
    ("≥", Op.GE),
    ("≧", Op.GE),
    ("＞＝", Op.GE),
    ("大于等于", Op.GE),
    ("不低于", Op.GE),
    ("不少于", Op.GE),
    ("<=", Op.LE),
    ("≦", Op.LE),
    ("＜＝", Op.LE),
    ("不高于", Op.LE),
    ("不超过", Op.LE),
    ("小于等于", Op.LE),
    ("=", Op.EQ),
    ("＝", Op.EQ),
    ("等于", Op.EQ),
    (">", Op.GT),
    ("大于", Op.GT),
    ("高于", Op.GT),
    ("＞", Op.GT),
    ("<", Op.LT),
    ("小于", Op.LT),
    ("低于", Op.LT),
    ("＜", Op.LT),
    ("定性", Op.QUAL),
    ("定性指标", Op.QUAL),
    (" ≥ ", Op.GE),
    ("═", Op.EQ),
    ("﹦", Op.EQ),
    ("⩾", Op.GE),
    ("⩽", Op.LE),
    ("达到", Op.GE),
    ("以上", Op.GE),
    ("约", Op.EQ),
]


def _indicators(tmp_path: Path, rows: list[list[Any]]) -> Submission:
    sheets = {"基本情况": BASIC_ROWS, "整体绩效目标": [INDICATOR_HEADER, *rows]}
    return read(make_book(tmp_path / "i.xlsx", sheets))


@pytest.mark.parametrize(("typed", "op"), OPERATORS, ids=[t for t, _ in OPERATORS])
def test_operator_spellings(tmp_path: Path, typed: str, op: Op) -> None:
    sub = _indicators(tmp_path, [["产出指标", "数量指标", "参保单位", typed, 7000, "家", 7100]])
    t = sub.tables[Kind.DEPT_INDICATORS]
    assert t.df.at[2, "op"] is op
    assert t.df.at[2, "op_text"] == typed.strip()
    assert t.cells.at[2, "op"] == "D2"
    assert "F003" not in _codes(sub)


def test_unknown_operator_is_a_finding_and_kept_as_text(tmp_path: Path) -> None:
    sub = _indicators(tmp_path, [["产出指标", "数量指标", "参保单位", "定量", 7000, "家", 7100]])
    t = sub.tables[Kind.DEPT_INDICATORS]
    assert t.df.at[2, "op"] is None
    assert t.df.at[2, "op_text"] == "定量"
    assert _codes(sub, at="D2") == ["F003"]


VALUES = [
    ("≥50个", Op.GE, 50.0, "个", "≥50个"),
    ("≥32 万人", Op.GE, 32.0, "万人", "≥32 万人"),
    ("100%", None, 100.0, "%", "100%"),
    ("1年内完成", None, 1.0, "年", "1年内完成"),
    ("增强", None, None, None, "增强"),
    ("＞＝９５％", Op.GE, 95.0, "%", "＞＝９５％"),
    ("95%以上", Op.GE, 95.0, "%", "95%以上"),
    ("达到95%", None, 95.0, "%", "达到95%"),
    ("═100%", Op.EQ, 100.0, "%", "═100%"),
    (C(1, "0%"), None, 100.0, "%", "100%"),
    (750, None, 750.0, None, "750"),
    ("", None, None, None, None),
    ("—", None, None, None, "—"),
]


@pytest.mark.parametrize(("raw", "op", "value", "unit", "text"), VALUES, ids=[repr(v[0]) for v in VALUES])
def test_values_with_embedded_operators(
    tmp_path: Path, raw: Any, op: Op | None, value: float | None, unit: str | None, text: str | None
) -> None:
    sub = _indicators(tmp_path, [["产出指标", "数量指标", "指标", "≥", 1, "个", raw]])
    t = sub.tables[Kind.DEPT_INDICATORS]
    assert t.df.at[2, "actual_op"] == op
    assert _same(t.df.at[2, "actual"], value)
    assert t.df.at[2, "actual_unit"] == unit
    assert t.df.at[2, "actual_text"] == text
    assert t.cells.at[2, "actual"] == "G2"
    assert t.ref(2, "actual_unit").ref == "G2"


# --- formulas -------------------------------------------------------------------------------


def _formula_book(tmp_path: Path, total: Any, share: Any = None) -> Submission:
    rows = [
        [1, None, "a", 100.0, "=D4/D6*100"],
        [2, None, "b", "=D4/4", "=D5/D6*100"],
        ["合计", None, None, total, share],
    ]
    return read(income_book(tmp_path / "f.xlsx", rows))


def test_uncached_formulas_are_computed_and_noted(tmp_path: Path) -> None:
    sub = _formula_book(tmp_path, "=SUM(D4:D5)", "=ROUND(SUM(E4:E5),2)")
    t = _income(sub)
    assert t.df.at[5, "amount"] == 25.0  # =D4/4
    assert t.df.at[4, "share"] == 80.0  # refers to the total, itself a formula
    assert t.total is not None and t.total_cells is not None
    assert t.total.at[6, "amount"] == 125.0
    assert t.total.at[6, "share"] == 100.0
    assert t.total_cells.at[6, "amount"] == "D6"
    f008 = {f.cells[0].ref: f.params for f in sub.findings if f.code == "F008"}
    assert f008["D6"] == {"cell": "收入情况!D6", "formula": "=SUM(D4:D5)", "value": 125.0}
    shown = next(message(f) for f in sub.findings if f.code == "F008" and f.cells[0].ref == "D6")
    assert shown == "收入情况!D6 的公式没有保存计算结果，已按公式算得 125" and "SUM" not in shown
    assert {"D5", "E4", "E5", "D6", "E6"} <= set(f008)
    assert "F004" not in _codes(sub)


def test_a_formula_with_an_empty_result_is_not_noted(tmp_path: Path) -> None:
    # The template's 占比 formula on a blank row: computed as "", no figure of it is used.
    rows = [
        [1, None, "a", 100.0, '=IF(OR(D4="",D6=0),"",D4/D6*100)'],
        [2, None, None, None, '=IF(OR(D5="",D6=0),"",D5/D6*100)'],
        ["合计", None, None, 100.0, None],
    ]
    sub = read(income_book(tmp_path / "blank-row.xlsx", rows))
    assert sorted(f.cells[0].ref for f in sub.findings if f.code == "F008") == ["E4"]
    assert _income(sub).df.at[4, "share"] == 100.0


def test_cross_sheet_formula(tmp_path: Path) -> None:
    rows = [[1, None, "a", "=基本情况!B4/2"]]
    t = _income(read(income_book(tmp_path / "x.xlsx", rows)))
    assert t.df.at[4, "amount"] == 1012.0  # 评价年度 2024 / 2


@pytest.mark.parametrize("formula", ["=VLOOKUP(C4,其他!A:B,2,FALSE)", "=D6", '=INDIRECT("D4")'])
def test_formulas_we_cannot_compute_are_never_zero(tmp_path: Path, formula: str) -> None:
    sub = _formula_book(tmp_path, formula)
    t = _income(sub)
    assert t.total is not None
    assert math.isnan(t.total.at[6, "amount"])
    assert _codes(sub, at="D6") == ["F004"]


def test_cached_error_values(tmp_path: Path) -> None:
    sub = _formula_book(tmp_path, "#REF!", "#DIV/0!")
    assert _codes(sub, at="D6") == ["F006"]
    assert _codes(sub, at="E6") == ["F006"]
    assert [f.params["raw"] for f in sub.findings if f.code == "F006" and f.cells[0].ref == "E6"] == ["#DIV/0!"]


def test_computed_division_by_zero_is_an_error_value(tmp_path: Path) -> None:
    rows = [[1, None, "a", 0, "=D4/D5*100"], ["合计", None, None, 0]]
    sub = read(income_book(tmp_path / "z.xlsx", rows))
    assert _codes(sub, at="E4") == ["F006"]


def test_cached_values_are_used(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "cached.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("收入情况")
    ws.write_row(0, 0, BREAKDOWN_HEADER)
    ws.write_row(1, 0, [1, None, "a", 10])
    ws.write_formula(2, 3, "=D2*2", None, 999)  # a cached value that differs from the formula: trusted
    ws.write_formula(2, 4, "=D2*3")  # xlsxwriter stores 0 and asks for a recalculation
    ws.write_row(2, 2, ["b"])
    ws.write_formula(3, 3, "=VLOOKUP(1,A1:B2,2)")  # stored 0, cannot be computed: not calculated
    ws.write(3, 2, "c")
    wb.close()
    sub = read(path)
    t = _income(sub)
    assert t.df.at[3, "amount"] == 999.0
    assert t.df.at[3, "share"] == 30.0
    assert math.isnan(t.df.at[4, "amount"])
    assert _codes(sub, at="D3") == []
    assert _codes(sub, at="E3") == ["F008"]
    assert _codes(sub, at="D4") == ["F004"]


# --- table structure -----------------------------------------------------------------------


@pytest.mark.parametrize("above", [1, 2, 7, 30])
def test_rows_inserted_above_the_header(tmp_path: Path, above: int) -> None:
    path = income_book(tmp_path / "r.xlsx", [[1, None, "a", 1.5], ["合计", None, None, 1.5]], above=above)
    t = _income(read(path))
    assert t.header_row == above + 1
    assert list(t.df.index) == [above + 2]
    assert t.cells.at[above + 2, "amount"] == f"D{above + 2}"


def test_blank_rows_inside_and_rows_after_the_total(tmp_path: Path) -> None:
    rows = [
        [1, None, "a", 1.0],
        [],
        [None, None, None, None, None, "   "],
        [2, None, "b", 2.0],
        ["合计", None, None, 3.0],
        [None, None, "注：本表单位为万元"],
        [9, None, "after the total", 99.0],
    ]
    t = _income(read(income_book(tmp_path / "b.xlsx", rows)))
    assert list(t.df.index) == [4, 7]
    assert list(t.df["name"]) == ["a", "b"]
    assert t.total is not None and list(t.total.index) == [8]


@pytest.mark.parametrize("label", ["合计", "总计", " 合 计 ", "合计：", "合　计"])
def test_total_found_by_its_name(tmp_path: Path, label: str) -> None:
    t = _income(read(income_book(tmp_path / "t.xlsx", [[1, None, "a", 1.0], [None, None, label, 1.0]])))
    assert t.total is not None and t.total_cells is not None
    assert t.total.at[5, "amount"] == 1.0
    assert t.total_cells.at[5, "amount"] == "D5"
    assert len(t.df) == 1


def test_total_label_in_the_sequence_column(tmp_path: Path) -> None:
    t = _income(read(income_book(tmp_path / "t.xlsx", [[1, None, "a", 1.0], ["合计", None, None, 1.0]])))
    assert t.total is not None


def test_table_without_total(tmp_path: Path) -> None:
    t = _income(read(income_book(tmp_path / "n.xlsx", [[1, None, "a", 1.0]])))
    assert t.total is None and t.total_cells is None
    assert len(t.df) == 1


def test_extra_columns_and_moved_columns(tmp_path: Path) -> None:
    header = ["额外", "科目名称", "备注", "金额", "序号", "占比(%)", "另一列"]
    rows = [header, ["x", "a", None, 5.0, 1, 50.0, "y"], ["x", "合计", None, 10.0]]
    t = read(make_book(tmp_path / "e.xlsx", {"基本情况": BASIC_ROWS, "收入情况": rows})).tables[Kind.INCOME]
    assert t.columns["amount"] == "D" and t.columns["share"] == "F" and t.columns["name"] == "B"
    assert t.df.at[2, "amount"] == 5.0
    assert t.cells.at[2, "share"] == "F2"


@pytest.mark.parametrize(
    "header",
    [
        [" 序号", "科目编码 ", "科目\n名称", " 金 额 ", "占比\n（%）", "备注"],
        ["序号", "科目编码", "科目名称", "金额", "占比(%)", "备注"],
        ["序号", "科目编码", "科目名称", "金额", "占比（％）", "备注"],
        ["序号", "科目编码", "科目名称", "*金额", "占比", "备注"],
        ["序号", "科目编码", "科目名称", "金额\u00a0", "比例（%）", "备注"],
    ],
)
def test_header_spellings(tmp_path: Path, header: list[str]) -> None:
    rows = [header, [1, None, "a", 5.0, 50.0]]
    sub = read(make_book(tmp_path / "h.xlsx", {"基本情况": BASIC_ROWS, "收入情况": rows}))
    t = sub.tables[Kind.INCOME]
    assert (t.df.at[2, "amount"], t.df.at[2, "share"]) == (5.0, 50.0)
    assert "F002" not in _codes(sub)


def test_missing_column(tmp_path: Path) -> None:
    rows = [["序号", "科目名称", "金额数", "占比"], [1, "a", 5.0, 50.0]]
    sub = read(make_book(tmp_path / "m.xlsx", {"基本情况": BASIC_ROWS, "收入情况": rows}))
    t = sub.tables[Kind.INCOME]
    assert math.isnan(t.df.at[2, "amount"])
    assert t.cells.at[2, "amount"] is None
    assert [f.params["column"] for f in sub.findings if f.code == "F002" and f.params["sheet"] == "收入情况"] == [
        "金额"
    ]


def test_duplicate_header_column(tmp_path: Path) -> None:
    rows = [["序号", "科目名称", "金额", "金额", "占比"], [1, "a", 5.0, 7.0, 50.0]]
    sub = read(make_book(tmp_path / "d.xlsx", {"基本情况": BASIC_ROWS, "收入情况": rows}))
    t = sub.tables[Kind.INCOME]
    assert t.df.at[2, "amount"] == 5.0 and t.cells.at[2, "amount"] == "C2"
    dup = [f for f in sub.findings if f.code == "F010"]
    assert [(f.cells[0].ref, f.params["column"]) for f in dup] == [("D1", "金额")]


def test_two_sheets_of_one_name_read_the_first_and_say_so(tmp_path: Path) -> None:
    from tests.zips import rezip

    first = [["序号", "科目名称", "金额", "占比"], [1, "a", 5.0, 50.0]]
    decoy = [["序号", "科目名称", "金额", "占比"], [1, "b", 9.0, 90.0], [2, "c", 1.0, 10.0]]
    path = make_book(tmp_path / "d.xlsx", {"基本情况": BASIC_ROWS, "收入情况": first, "DECOY": decoy})
    path.write_bytes(
        rezip(path.read_bytes(), {"xl/workbook.xml": lambda b: b.replace(b'"DECOY"', '"收入情况"'.encode())})
    )
    sub = read(path)
    t = sub.tables[Kind.INCOME]
    assert list(t.df["amount"]) == [5.0]  # header and cells from the same (first) sheet
    assert [(f.code, f.params["count"]) for f in sub.findings if f.code == "F011"] == [("F011", 2)]


def test_sheets_in_another_order_hidden_and_without_meta(tmp_path: Path) -> None:
    sheets = {
        "收入情况": [BREAKDOWN_HEADER, [1, None, "a", 5.0]],
        "Sheet9": [["whatever"]],
        "基本情况": BASIC_ROWS,
    }
    sub = read(make_book(tmp_path / "o.xlsx", sheets, meta=False, hidden=["收入情况"]))
    assert sub.sheet_order == ["收入情况", "Sheet9", "基本情况"]
    assert sub.tables[Kind.INCOME].df.at[2, "amount"] == 5.0
    assert sub.value("unit_code") == "T-001"
    assert not sub.from_template
    assert "F005" in _codes(sub)
    assert [f.params["sheet"] for f in sub.findings if f.code == "F001"] == [
        "支出情况",
        "自评打分表",
        "整体绩效目标",
        "项目支出",
        "项目绩效指标",
    ]


def test_sheet_name_with_stray_spaces(tmp_path: Path) -> None:
    sub = read(
        make_book(tmp_path / "s.xlsx", {"基本情况 ": BASIC_ROWS, " 收入情况": [BREAKDOWN_HEADER, [1, None, "a", 5.0]]})
    )
    assert sub.tables[Kind.INCOME].sheet == " 收入情况"
    assert sub.value("unit_name") == "测试单位"


def test_annotated_copy_reads_the_same(tmp_path: Path) -> None:
    """Our own 校验结果 sheet, comments and fills change nothing on a re-check."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    rows = [[1, None, "a", "约5"], [2, None, "b", 3.0], ["合计", None, None, "=SUM(D4:D5)"]]
    path = income_book(tmp_path / "orig.xlsx", rows)
    wb = load_workbook(path)
    ws = wb["收入情况"]
    ws["D4"].comment = Comment("F003 无法识别", "evaltool")
    ws["D4"].fill = PatternFill("solid", fgColor="FFC7CE")
    result = wb.create_sheet("校验结果", 0)
    result.append(["级别", "代码", "工作表", "单元格", "说明"])
    result.append(["错误", "F003", "收入情况", "D4", "“约5”无法识别为金额"])
    annotated = tmp_path / "orig-checked.xlsx"
    wb.save(annotated)

    def key(sub: Submission) -> list[tuple[str, tuple[str, ...], str]]:
        return sorted((f.code, tuple(map(str, f.cells)), repr(sorted(f.params.items()))) for f in sub.findings)

    assert key(read(annotated)) == key(read(path))
    assert read(annotated).sheet_order[0] == "校验结果"


# --- 基本情况 ------------------------------------------------------------------------------


def test_basic_labels_and_values(tmp_path: Path) -> None:
    rows = [
        ["基本情况"],
        ["项目", "内容"],
        [" 单位名称：", " 测试单位 "],
        ["*单位编码", 510400],
        ["评价年度", "2024年"],
        ["金额单位", "（万元）"],
        ["核定编制人数", "61人"],
        ["年初预算收入", "1,474.61"],
        ["年初结转结余", "—"],
        ["其他资金", None],
        ["整体支出预算资金总额", C(1482.05, "#,##0.00")],
        ["填报日期", "2025年4月25日"],
        ["自评总分", 95.5],
    ]
    sub = read(make_book(tmp_path / "b.xlsx", {"基本情况": rows}))
    assert sub.value("unit_name") == "测试单位"
    assert sub.basic["unit_name"].cell.ref == "B3"
    assert sub.value("unit_code") == "510400"
    assert sub.value("year") == 2024
    assert sub.value("money_unit") == "万元"
    assert sub.value("staff_quota") == 61
    assert sub.value("budget_income") == 1474.61
    assert sub.basic["budget_income"].cell.ref == "B8"
    assert sub.value("opening_balance") == 0.0
    assert sub.value("other_funds") == 0.0  # empty means 0 for this item
    assert sub.basic["total_funds"].decimals == 2
    assert str(sub.value("filled_on")) == "2025-04-25"
    assert sub.value("self_score") == 95.5
    assert "F007" not in _codes(sub)
    assert "budget_expense" not in sub.basic


@pytest.mark.parametrize(("label", "value"), [("单位编码", None), ("评价年度", "—"), ("金额单位", "")])
def test_missing_required_basic_items(tmp_path: Path, label: str, value: Any) -> None:
    rows = [list(r) for r in BASIC_ROWS]
    for r in rows:
        if r[0] == label:
            r[1] = value
    sub = read(make_book(tmp_path / "m.xlsx", {"基本情况": rows}))
    f007 = [f for f in sub.findings if f.code == "F007"]
    assert [f.params["label"] for f in f007] == [label]
    row = next(i for i, r in enumerate(rows, start=1) if r[0] == label)
    assert f007[0].cells[0].ref == f"B{row}"


def test_unknown_money_unit(tmp_path: Path) -> None:
    rows = [list(r) for r in BASIC_ROWS]
    rows[4][1] = "千元"
    sub = read(make_book(tmp_path / "u.xlsx", {"基本情况": rows}))
    assert _codes(sub, at="B5") == ["F003"]


def test_a_stray_cell_far_below_costs_nothing(tmp_path: Path) -> None:
    import time

    rows: list[list[Any]] = [[1, None, "a", 1.0], ["合计", None, None, 1.0]]
    path = income_book(tmp_path / "far.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["收入情况"]["D1048000"] = 5
    wb["基本情况"]["A1048000"] = "x"
    wb.save(path)
    started = time.perf_counter()
    sub = read(path)
    assert time.perf_counter() - started < 2.0
    assert list(_income(sub).df.index) == [4]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_read(tmp_path: Path, state: str) -> None:
    from openpyxl import load_workbook

    path = income_book(tmp_path / "h.xlsx", [[1, None, "a", 2.5]])
    wb = load_workbook(path)
    wb["收入情况"].sheet_state = state
    wb.save(path)
    assert _income(read(path)).df.at[4, "amount"] == 2.5


def test_rechecking_our_annotated_copy_gives_the_same_findings(tmp_path: Path) -> None:
    """The real annotator (comments, fills, 校验结果 sheet, _meta stamp) changes nothing the reader sees."""
    import shutil

    from evaltool.api import check
    from evaltool.report.annotate import annotate

    example = Path(__file__).resolve().parents[2] / "examples" / "mistakes-2024.xlsx"
    src = Path(shutil.copyfile(example, tmp_path / "mistakes.xlsx"))
    first = check(src)
    assert first.findings
    copy = annotate(first, tmp_path / "mistakes-checked.xlsx")
    again = check(copy)

    def key(findings: list[Any]) -> list[tuple[str, tuple[str, ...], str]]:
        return sorted((f.code, tuple(map(str, f.cells)), repr(sorted(f.params.items()))) for f in findings)

    assert key(again.findings) == key(first.findings)
    assert again.submission is not None and first.submission is not None
    assert again.submission.from_template == first.submission.from_template


def test_basic_labels_paired_across_a_row(tmp_path: Path) -> None:
    rows = [
        ["单位名称", "某单位", "单位编码", "X-9"],
        ["评价年度", 2024, "金额单位", "元"],
        ["年初预算收入", 10, "年初预算支出", 12.5],
    ]
    sub = read(make_book(tmp_path / "pairs.xlsx", {"基本情况": rows}))
    assert (sub.value("unit_code"), sub.basic["unit_code"].cell.ref) == ("X-9", "D1")
    assert (sub.value("money_unit"), sub.basic["money_unit"].cell.ref) == ("元", "D2")
    assert sub.value("budget_expense") == 12.5
    assert "F007" not in _codes(sub)


def test_basic_explanations_column_is_not_read_as_labels(tmp_path: Path) -> None:
    rows = [["项目", "内容", "填写说明"], ["单位名称", "某单位", "单位编码"], ["单位编码", "Y-1", "必填"]]
    sub = read(make_book(tmp_path / "notes.xlsx", {"基本情况": rows}))
    assert (sub.value("unit_code"), sub.basic["unit_code"].cell.ref) == ("Y-1", "B3")
