"""Reading the seed example yields exactly the report's figures, value by value, with their cells."""

from __future__ import annotations

import math
from pathlib import Path

from evaltool.api import read
from evaltool.findings import CellRef
from evaltool.layout import TEMPLATE_VERSION, Kind
from evaltool.model import Op, Submission

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "panzhihua-2024.xlsx"

BREAKDOWN = [
    ("行政运行", 922.57, 62.25),
    ("社会保险经办机构", 139.97, 9.44),
    ("其他人力资源和社会保障管理事务", 16.8, 1.13),
    ("行政单位离退休", 100.12, 6.76),
    ("机关事业单位基本养老保险缴费", 110.66, 7.47),
    ("机关事业单位职业年金缴费", 22.88, 1.54),
    ("行政单位医疗", 62.24, 4.2),
    ("公务员医疗补助", 7.03, 0.47),
    ("其他行政事业单位医疗", 8.08, 0.55),
    ("住房公积金", 91.71, 6.19),
]

# 二级 group -> (一级, declared points, points of its 三级 rows)
SCORING = {
    "履职效能": ("总体绩效", 15, [15]),
    "预算管理": ("总体绩效", 25, [8, 4, 6, 2, 5]),
    "财务管理": ("总体绩效", 10, [4, 2, 4]),
    "资产管理": ("总体绩效", 9, [3, 3, 3]),
    "采购管理": ("总体绩效", 6, [3, 3]),
    "项目决策": ("项目绩效", 12, [4, 4, 4]),
    "项目执行": ("项目绩效", 12, [4, 4, 4]),
    "目标实现": ("项目绩效", 11, [4, 4, 3]),
}

DEPT = [  # 二级, 三级, op, target, unit, actual text
    ("数量指标", "享受养老保险待遇人数", Op.GE, 32, "万人", "≥32 万人"),
    ("数量指标", "参保单位", Op.GE, 7000, "家", "≥7000 家"),
    ("数量指标", "养老保险参保人数", Op.GE, 80, "万人", "≥80 万人"),
    ("质量指标", "基本养老金发放准确率", Op.GE, 95, "%", "≥95%"),
    ("质量指标", "资金发放到位率", Op.EQ, 100, "%", "100"),
    ("质量指标", "任务完成及时率", Op.GE, 99, "%", "≥99%"),
    ("时效指标", "基本养老金发放准确率", Op.GE, 95, "%", "≥95%"),
    ("社会效益指标", "基本养老金发放工作", Op.QUAL, None, None, None),
    ("满意度指标", "参保人员满意度", Op.GE, 90, "%", "≥90%"),
]

PROJECTS = [
    ("社保公共服务能力建设资金", 16.8, 16.8),
    ("省管森工社会化管理工作经费", 7.69, 7.69),
    ("入驻政务中心单位租金、物业费及水电费", 79.79, 79.79),
]

PROJECT_INDICATORS = {  # project -> [(三级 contains, op, target, unit, actual value or text)]
    "社保公共服务能力建设资金": [
        ("养老金领取资格认证率", Op.EQ, 100, "%", 100),
        ("资金在规定时间下达率", Op.EQ, 100, "%", 100),
        ("按时足额发放率", Op.EQ, 100, "%", 100),
        ("资金全额下达", Op.LE, 16.8, "万元", 16.8),
        ("获得感、幸福感增强", Op.QUAL, None, None, "增强"),
        ("参保人员满意度", Op.GE, 90, "%", 90),
    ],
    "省管森工社会化管理工作经费": [
        ("按时足额发放率", Op.EQ, 100, "%", 100),
        ("森工企业退休人员数量", Op.GE, 750, "人", 750),
        ("完成时间", Op.LE, 1, "年", 1),
        ("社会化管理工作成本", Op.LE, 7.69, "万元", 7.69),
        ("获得感、幸福感增强，维护社会稳定", Op.QUAL, None, None, None),
        ("森工退休人员满意度", Op.GE, 90, "%", 95),
    ],
    "入驻政务中心单位租金、物业费及水电费": [
        ("租金、物业费及水电费", Op.EQ, 797876.4, "元/年", 797876.4),
        ("按时全额缴纳", Op.QUAL, None, None, "按时全额缴纳"),
        ("完成时间", Op.LE, 1, "年", 1),
        ("租金、物业费及水电费", Op.LE, 797876.4, "元/年", 797876.4),
        ("保障单位正常运转", Op.QUAL, None, None, None),
        ("物业公司满意度", Op.QUAL, None, None, "满意"),
    ],
}


def _check(sub: Submission) -> None:
    assert sub.from_template
    assert sub.template_version == TEMPLATE_VERSION
    assert [f.code for f in sub.findings] == []
    assert sub.value("unit_name") == "攀枝花市社会保险事务中心"
    assert sub.value("department") == "攀枝花市人力资源和社会保障局"
    assert sub.value("year") == 2024
    assert sub.value("money_unit") == "万元"
    for key, expected in [("staff_quota", 61), ("staff_actual", 58), ("retired", 33), ("contract_staff", 12)]:
        assert sub.value(key) == expected
        assert isinstance(sub.value(key), int)
    for key, expected in [
        ("budget_income", 1474.61),
        ("budget_expense", 1474.61),
        ("opening_balance", 0.0),
        ("closing_balance", 0.0),
        ("total_funds", 1482.05),
        ("fiscal_funds", 1482.05),
        ("other_funds", 0.0),
        ("self_score", 100.0),
    ]:
        assert sub.value(key) == expected, key
    assert sub.basic["total_funds"].cell.sheet == "基本情况"
    assert sub.value("annual_goal").startswith("1.继续确保全市各类参保人员基本养老金按时足额发放")

    for kind in (Kind.INCOME, Kind.EXPENSE):
        t = sub.tables[kind]
        assert list(t.df["name"]) == [name for name, _, _ in BREAKDOWN]
        assert list(t.df["amount"]) == [amount for _, amount, _ in BREAKDOWN]
        assert list(t.df["share"]) == [share for _, _, share in BREAKDOWN]
        assert set(t.decimals["amount"]) == {2}
        assert t.total is not None and t.total_cells is not None
        total_row = t.total.index[0]
        assert t.total.at[total_row, "amount"] == 1482.05
        assert t.total.at[total_row, "share"] == 100.0
        assert t.ref(total_row, "amount") == CellRef(t.sheet, f"{t.columns['amount']}{total_row}")
        first = t.df.index[0]
        assert t.ref(first, "amount") == CellRef(t.sheet, f"{t.columns['amount']}{first}")
        assert round(sum(t.df["amount"]), 2) == 1482.06  # the report's rounding difference

    s = sub.tables[Kind.SCORING].df
    main = s[~s["level1"].str.startswith("扣分项")]
    assert dict(main.groupby("level1")["level1_points"].first()) == {"总体绩效": 65.0, "项目绩效": 35.0}
    for level2, (level1, declared, points) in SCORING.items():
        rows = main[main["level2"] == level2]
        assert set(rows["level1"]) == {level1}
        assert set(rows["level2_points"]) == {declared}
        assert list(rows["points"]) == points
        assert list(rows["score"]) == points
    assert main["points"].sum() == 100
    assert main["score"].sum() == 100

    d = sub.tables[Kind.DEPT_INDICATORS]
    assert len(d.df) == 9
    for (_, row), (level2, level3, op, target, unit, actual) in zip(d.df.iterrows(), DEPT, strict=True):
        assert (row["level2"], row["level3"], row["op"]) == (level2, level3, op)
        if target is None:
            assert math.isnan(row["target"])
        else:
            assert row["target"] == target and row["unit"] == unit
            assert row["actual_text"] == actual
    restated = d.df[d.df["actual_op"].notna()]
    assert len(restated) == 7  # every quantitative 实际完成值 but one restates its target with ≥

    p = sub.tables[Kind.PROJECTS]
    assert [(r["name"], r["budget"], r["spent"]) for _, r in p.df.iterrows()] == PROJECTS
    assert p.total is not None
    assert round(float(p.total["budget"].iloc[0]), 2) == 104.28
    assert round(float(p.total["spent"].iloc[0]), 2) == 104.28
    assert set(p.df["type"]) == {"常年项目"}

    pi = sub.tables[Kind.PROJECT_INDICATORS].df
    assert list(pi["project"].unique()) == [name for name, _, _ in PROJECTS]
    for project, expected in PROJECT_INDICATORS.items():
        rows = pi[pi["project"] == project]
        assert len(rows) == len(expected), project
        for (_, row), (name, op, target, unit, actual) in zip(rows.iterrows(), expected, strict=True):
            assert name in row["level3"], (project, name)
            assert row["op"] is op
            if target is not None:
                assert row["target"] == target
                assert row["unit"] == unit
            if isinstance(actual, str):
                assert row["actual_text"] == actual
            elif actual is not None:
                assert row["actual"] == actual


def test_seed_workbook_reads_the_reports_figures(seed_workbook: Path) -> None:
    _check(read(seed_workbook))


def test_bundled_example_reads_the_reports_figures() -> None:
    before = EXAMPLE.read_bytes()
    _check(read(EXAMPLE))
    assert EXAMPLE.read_bytes() == before
