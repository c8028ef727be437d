"""Correct submissions that differ from the seed the way real units differ raise no error and no warning.

Each variant starts from the seed with its real faults corrected (restated targets replaced by
measured values, the 时效 row no longer repeating the 质量 accuracy rate) and changes what real
units change: the money unit, carry-over, 科目编码 subtotals, rounding, adjusted budgets, scored
indicators, deductions, category names, how values are typed. Infos are allowed only where the
rule's meaning calls for one (a target really missed, a target exceeded by far), listed per variant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evaltool.api import Report, check
from evaltool.findings import Severity
from evaltool.messages import message
from evaltool.template import SubmissionData, seed_data, write_workbook
from evaltool.template.data import (
    BreakdownRow,
    Formula,
    IndicatorRow,
    ProjectIndicatorRow,
)
from evaltool.template.seed import project_funds

Variant = Callable[[], SubmissionData]
VARIANTS: dict[str, Variant] = {}
# Allowed infos per variant: (code, primary cell).
EXPECTED_INFOS: dict[str, set[tuple[str, str]]] = {}


def variant(*infos: tuple[str, str]) -> Callable[[Variant], Variant]:
    """Register a variant and the infos it may (and must) give."""

    def register(fn: Variant) -> Variant:
        VARIANTS[fn.__name__] = fn
        EXPECTED_INFOS[fn.__name__] = set(infos)
        return fn

    return register


def clean() -> SubmissionData:
    """The seed with its real faults corrected (as in tests/batch/test_batch_run.py::clean_data)."""
    data = seed_data()
    for row in [*data.dept_indicators, *data.project_indicators]:
        if isinstance(row.actual, str) and row.actual[:1] in "≥≤":
            row.actual = row.target
    data.dept_indicators[6].level3 = "养老金按月发放及时率"
    # The rent project restates its budget (797876.4 元/年) as a 数量指标: count the payments instead.
    rent = next(r for r in data.project_indicators if r.level3 == "租金、物业费及水电费")
    rent.level3, rent.op, rent.target, rent.unit, rent.actual = "缴费次数", "=", 12, "次", 12
    return data


@variant()
def seed_corrected() -> SubmissionData:
    return clean()


@variant()
def amounts_in_yuan() -> SubmissionData:
    """金额单位 元: every amount ×10 000 (exact in 元, so the items add up), shares unchanged."""
    d = clean()
    d.basic["money_unit"] = "元"
    for key in ("budget_income", "budget_expense", "total_funds", "fiscal_funds"):
        d.basic[key] = 14820500 if key.endswith("funds") else 14746100
    for b in (d.income, d.expense):
        for r in b.rows:
            assert isinstance(r.amount, float)
            r.amount = round(r.amount * 10000, 2)
        b.rows[0].amount = 9225600  # the seed's items add up to 1482.06 万元; in 元 they are exact
        b.total = 14820500
    p = d.projects.rows
    p[0].budget = p[0].spent = 168000
    p[1].budget = p[1].spent = 76900
    p[2].initial_budget = p[2].budget = p[2].spent = 797876.4
    for r in d.project_indicators:
        if r.unit == "万元":
            assert isinstance(r.target, float)
            r.unit, r.target = "元", round(r.target * 10000, 2)
            r.actual = r.target
        elif r.unit == "元/年":
            r.unit = "元"
    return d


@variant()
def yuan_with_small_items() -> SubmissionData:
    """金额单位 元 with one large item beside two small ones: real money, not a unit mistake."""
    d = amounts_in_yuan()
    rows = [("行政运行", 9225600.0), ("其他人力资源和社会保障管理事务", 2000.0), ("公务员医疗补助", 1500.0)]
    for b in (d.income, d.expense):
        b.rows = [BreakdownRow(name, amount) for name, amount in rows]
        b.total = b.total_share = None
    d.basic.update(total_funds=9229100.0, fiscal_funds=9229100.0, budget_income=9229100.0, budget_expense=9229100.0)
    for r in d.project_indicators:
        if r.level3 == "资金全额下达":  # a money target in 万元 against 全年执行数 in 元
            r.target, r.unit, r.actual = 16.8, "万元", 16.8
    return d


@variant()
def carry_over_and_other_funds() -> SubmissionData:
    """Income 1482.05 + 年初 20.5 = expense 1489.35 + 年末 13.2; 总额 = 财政拨款 + 其他资金; 占比 formulas."""
    d = clean()
    d.basic.update(
        opening_balance=20.5, closing_balance=13.2, total_funds=1489.35, fiscal_funds=1400.35, other_funds=89
    )
    d.expense.rows[0].amount = 929.87
    d.expense.total = 1489.35
    for r in d.expense.rows:
        r.share = None
    d.expense.total_share = None
    return d


@variant()
def subject_codes_with_subtotals() -> SubmissionData:
    """科目编码 with 类 / 款 subtotal rows; the 项 add up to 1482.06 against a 合计 of 1482.05."""
    d = clean()
    rows = [
        ("208", "社会保障和就业支出", 1313.0, 88.59),
        ("20801", "人力资源和社会保障管理事务", 1079.34, 72.83),
        ("2080101", "行政运行", 922.57, 62.25),
        ("2080109", "社会保险经办机构", 139.97, 9.44),
        ("2080199", "其他人力资源和社会保障管理事务", 16.8, 1.13),
        ("20805", "行政事业单位养老支出", 233.66, 15.77),
        ("2080501", "行政单位离退休", 100.12, 6.76),
        ("2080505", "机关事业单位基本养老保险缴费", 110.66, 7.47),
        ("2080506", "机关事业单位职业年金缴费", 22.88, 1.54),
        ("210", "卫生健康支出", 77.35, 5.22),
        ("21011", "行政事业单位医疗", 77.35, 5.22),
        ("2101101", "行政单位医疗", 62.24, 4.2),
        ("2101103", "公务员医疗补助", 7.03, 0.47),
        ("2101199", "其他行政事业单位医疗", 8.08, 0.55),
        ("221", "住房保障支出", 91.71, 6.19),
        ("22102", "住房改革支出", 91.71, 6.19),
        ("2210201", "住房公积金", 91.71, 6.19),
    ]
    for b in (d.income, d.expense):
        b.rows = [BreakdownRow(name, amount, share, code=code) for code, name, amount, share in rows]
    return d


def _even_split(names: list[str], each: float, share: float) -> SubmissionData:
    d = clean()
    total = round(each * len(names), 2)
    for b in (d.income, d.expense):
        b.rows = [BreakdownRow(name, each, share) for name in names]
        b.total, b.total_share = total, 100
    d.basic.update(total_funds=total, fiscal_funds=total, budget_income=total, budget_expense=total)
    return d


@variant()
def shares_sum_to_99_99() -> SubmissionData:
    """Three equal items at 33.33 % each: the shares add up to 99.99 within rounding."""
    return _even_split(["行政运行", "社会保险经办机构", "住房公积金"], 500.0, 33.33)


@variant()
def shares_sum_to_100_02() -> SubmissionData:
    """Six equal items at 16.67 % each: the shares add up to 100.02 within rounding."""
    names = ["行政运行", "社会保险经办机构", "行政单位医疗", "住房公积金", "行政单位离退休", "公务员医疗补助"]
    return _even_split(names, 1000.0, 16.67)


@variant()
def wide_range_of_amounts() -> SubmissionData:
    """A large unit with one small item (2.35 万元 beside 35 210.45): not a 元/万元 mistake."""
    d = clean()
    rows = [
        ("行政运行", 35210.45),
        ("社会保险经办机构", 12003.6),
        ("其他社会保障和就业支出", 2.35),
        ("住房公积金", 1890.2),
        ("行政单位医疗", 1020.0),
    ]
    for b in (d.income, d.expense):
        b.rows = [BreakdownRow(name, amount) for name, amount in rows]
        b.total = b.total_share = None
    total = round(sum(a for _, a in rows), 2)
    d.basic.update(total_funds=total, fiscal_funds=total, budget_income=total, budget_expense=total)
    return d


@variant()
def adjusted_budgets_and_low_execution() -> SubmissionData:
    """全年预算数 ≠ 年初预算数 with a reason; 执行率 85.05 % with a reason; 得分 = 执行率 × 10 truncated."""
    d = clean()
    p = d.projects.rows
    p[0].initial_budget = 12.0
    p[0].note = "年中追加省级资金4.8万元，预算调整为16.8万元"
    p[0].points, p[0].score = 10, 10
    p[1].spent = 6.54  # 85.05 %
    p[1].note = "省级资金年中下达；部分工作经费因退休人员移交进度延后未支付，执行率低于90%"
    p[1].points, p[1].score = 10, 8.5
    p[2].initial_budget = p[2].budget = 80.5
    p[2].spent = 77.97  # 96.857 %: 9.6857 points shown truncated as 9.68
    p[2].points, p[2].score = 10, 9.68
    d.projects.total_points = 30
    for r in d.project_indicators:
        if r.level3 == "社会化管理工作成本":
            r.actual = 6.54
        if r.project == p[2].name and r.unit == "元/年":
            r.op, r.target, r.actual = "≤", 805000, 779700
    return d


@variant()
def execution_rates_typed() -> SubmissionData:
    """执行率 typed as a number, as a formula with its cached value, and as text with %."""
    d = adjusted_budgets_and_low_execution()
    p = d.projects.rows
    p[0].rate = 100
    p[1].rate = Formula("=6.54/7.69*100", 6.54 / 7.69 * 100)
    p[2].rate = "96.86%"
    return d


def _scored_project_indicators(d: SubmissionData) -> None:
    """Project indicators with 分值 / 得分: 产出 50, 效益 30, 满意度 10 (+ 执行率 10 in 项目支出)."""
    p1, p2, p3 = (str(r.name) for r in d.projects.rows)
    for r in d.projects.rows:
        r.points, r.score = 10, 10
    d.projects.total_points, d.projects.total_score = 30, 30
    row = ProjectIndicatorRow
    out, eff, sat, served = "产出指标", "效益指标", "满意度指标", "服务对象满意度指标"
    d.project_indicators = [
        row(p1, out, "质量指标", "养老金领取资格认证率", "=", 100, "%", 100, 10, 10),
        row(p1, out, "数量指标", "经办人员培训人次", "≥", 500, "人次", 460, 15, 13.8,
            "受汛期影响两期培训合并，培训人次未达目标；下年度提前安排培训计划"),
        row(p1, out, "时效指标", "资金下达时间", "≤", 12, "月", 11, 10, 10),
        row(p1, out, "质量指标", "业务办理差错率", "≤", 0.5, "%", 0.3, 10, 10),
        row(p1, out, "成本指标", "资金全额下达", "≤", 16.8, "万元", 16.8, 5, 5),
        row(p1, eff, "社会效益指标", "人民群众获得感、幸福感", "定性", "明显增强", None, "达成年度指标", 15, 14,
            "群众获得感有所提升，但宣传覆盖面不足；下年度加强政策宣传"),
        row(p1, eff, "可持续影响指标", "经办服务能力持续提升", "定性", "持续提升", None,
            "部分达成年度指标并具有一定效果", 15, 10, "部分系统升级延至下年；下年度继续推进"),
        # 92.01 / 95 × 10 = 9.6852…, shown truncated
        row(p1, sat, served, "参保人员满意度", "≥", 95, "%", 92.01, 10, 9.68, "部分群众对办理时长不满意；优化流程"),
        row(p2, out, "数量指标", "森工企业退休人员数量", "≥", 750, "人", 768, 20, 20),
        row(p2, out, "数量指标", "走访慰问次数", "≥", 4, "次", 4, 10, 10),
        row(p2, out, "时效指标", "完成时间", "定性", "12月底前完成", None, "12月底前完成", 10, 10),
        row(p2, out, "成本指标", "社会化管理工作成本", "≤", 7.69, "万元", 7.69, 10, 10),
        row(p2, eff, "社会效益指标", "获得感、幸福感增强，维护社会稳定", "定性", "增强", None, "达成", 30, 27,
            "部分偏远地区退休人员服务覆盖不足；下年度增加走访"),
        row(p2, sat, served, "森工退休人员满意度", "≥", 90, "%", 95, 10, 10),
        row(p3, out, "数量指标", "租用办公场所", "=", 1, "个", 1, 20, 20),
        row(p3, out, "质量指标", "按时全额缴纳", "定性", "按时全额缴纳", None, "按时全额缴纳", 10, 10),
        row(p3, out, "时效指标", "费用缴纳时限", "≤", 12, "月", 12, 10, 10),
        row(p3, out, "成本指标", "租金、物业费及水电费成本", "≤", 79.79, "万元", 79.79, 10, 10),
        row(p3, eff, "经济效益指标", "集中办公节约的场地费用", "≥", 5, "万元", 6.2, 10, 10),
        row(p3, eff, "社会效益指标", "保障单位正常运转", "定性", "正常运转", None, "达成年度指标", 20, 20),
        row(p3, sat, served, "物业服务满意度", "≥", 90, "%", 96, 10, 10),
    ]  # fmt: skip


# The three targets really missed in _scored_project_indicators (each scored down, with a reason).
MISSED = (("I310", "项目绩效指标!H6"), ("I310", "项目绩效指标!H11"), ("I310", "项目绩效指标!H12"))


@variant(*MISSED)
def scored_project_indicators() -> SubmissionData:
    d = clean()
    _scored_project_indicators(d)
    return d


@variant(*MISSED)
def cost_as_first_level() -> SubmissionData:
    """A 2024 table with 成本指标 as a 一级 and 经济成本指标 under it."""
    d = scored_project_indicators()
    for r in d.project_indicators:
        if r.level2 == "成本指标":
            r.level1, r.level2 = "成本指标", "经济成本指标"
    return d


@variant(*MISSED)
def numbered_categories() -> SubmissionData:
    """Categories numbered as printed forms number them: 一、产出指标, （一）数量指标."""
    d = scored_project_indicators()
    level1 = {"产出指标": "一、产出指标", "效益指标": "二、效益指标", "满意度指标": "三、满意度指标"}
    level2 = {"数量指标": "（一）数量指标", "质量指标": "（二）质量指标", "时效指标": "（三）时效指标"}
    for r in [*d.dept_indicators, *d.project_indicators]:
        r.level1 = level1[str(r.level1)]
        r.level2 = level2.get(str(r.level2), r.level2)
    return d


@variant(*MISSED)
def cost_of_a_component() -> SubmissionData:
    """A cost indicator for part of a project (培训成本 2.8 of the 16.8 spent)."""
    d = scored_project_indicators()
    p1 = d.projects.rows[0].name
    d.project_indicators[4] = ProjectIndicatorRow(p1, "产出指标", "成本指标", "培训成本", "≤", 3, "万元", 2.8, 5, 5)
    return d


@variant(*MISSED[:2])
def qualitative_budget_wording() -> SubmissionData:
    """定性 rows worded with the budget term 一般性支出 (not the grade 一般), full marks."""
    d = scored_project_indicators()
    r = d.project_indicators[7]  # the missed satisfaction row becomes a met 定性 row
    r.level2, r.level3, r.op, r.unit = "服务对象满意度指标", "参保人员满意度情况", "定性", None
    r.target, r.actual, r.score, r.reason = "群众满意", "群众满意", 10, None
    r = d.project_indicators[5]
    r.level3, r.target, r.actual = "一般性支出控制", "严控一般性支出", "一般性支出得到有效控制"
    r.score, r.reason = 15, None
    return d


@variant(*MISSED)
def qualitative_denied_failures() -> SubmissionData:
    """定性 actuals that deny a failure (未发生不满意投诉, 无未按时缴纳情况), full marks."""
    d = scored_project_indicators()
    r = d.project_indicators[12]
    r.actual, r.score, r.reason = "未发生不满意投诉，退休人员获得感增强", 30, None
    d.project_indicators[15].actual = "无未按时缴纳情况"
    return d


@variant()
def scoring_with_deduction() -> SubmissionData:
    """扣分项 2 points taken, 自评总分 98, with the optional 合计 row."""
    d = clean()
    d.scoring.rows[-1].score = 2
    d.scoring.rows[-1].note = "资料报送延迟，扣2分"
    d.basic["self_score"] = 98
    d.scoring.with_total = True
    return d


@variant()
def scoring_numbered_groups() -> SubmissionData:
    """Numbered groups (一、总体绩效（65分）, 三、扣分项（10分）) with 1 point deducted: 自评总分 99."""
    d = clean()
    numbers = {"总体绩效": "一、", "项目绩效": "二、", "扣分项": "三、"}
    for r in d.scoring.rows:
        r.level1 = next(n for k, n in numbers.items() if str(r.level1).startswith(k)) + str(r.level1)
        r.level2 = "（一）" + str(r.level2) if r.level2 != r.level3 else r.level2
    d.scoring.rows[-1].score = 1
    d.basic["self_score"] = 99
    return d


@variant()
def scoring_with_total_row() -> SubmissionData:
    d = clean()
    d.scoring.with_total = True
    return d


@variant()
def scoring_reduced_score() -> SubmissionData:
    """支出执行进度 5.5 of 6 and 1 point deducted: 自评总分 98.5."""
    d = clean()
    d.scoring.rows[3].score = 5.5
    d.scoring.rows[3].note = "1至6月执行进度未达序时进度"
    d.scoring.rows[-1].score = 1
    d.basic["self_score"] = 98.5
    d.scoring.with_total = True
    return d


@variant()
def department_indicators_variety() -> SubmissionData:
    """Counts in 次 / 个 / 家, a time target in 月, 成本 as a 一级, 经济效益 and 可持续影响 indicators."""
    d = clean()
    row = IndicatorRow
    out, eff = "产出指标", "效益指标"
    d.dept_indicators = [
        row(out, "数量指标", "享受养老保险待遇人数", "≥", 32, "万人", 32.89),
        row(out, "数量指标", "参保单位", "不少于", 7000, "家", 7215),
        row(out, "数量指标", "养老保险参保人数", ">=", 80, "万人", 82.34),
        row(out, "数量指标", "政策宣传活动", "≥", 12, "次", 15),
        row(out, "数量指标", "新建社保服务站点", "≥", 3, "个", 3),
        row(out, "质量指标", "基本养老金发放准确率", "≥", 95, "%", 99.5),
        row(out, "质量指标", "资金发放到位率", "=", 100, "%", 100),
        row(out, "时效指标", "养老金按月发放及时率", "≥", 99, "%", 100),
        row(out, "时效指标", "年度工作完成时间", "≤", 12, "月", 12),
        row("成本指标", "经济成本指标", "经办运行成本", "≤", 1482.05, "万元", 1482.05),
        row(eff, "经济效益指标", "基金征缴收入增长率", "≥", 3, "%", 3.4),
        row(eff, "社会效益指标", "基本养老金发放工作", "定性", "按时足额发放", None, "达成年度指标"),
        row(eff, "可持续影响指标", "社会保险制度可持续运行", "定性", "长期可持续", None, "好"),
        row("满意度指标", "服务对象满意度指标", "参保人员满意度", "≥", 90, "%", 95.6),
    ]
    return d


@variant()
def small_rates_beside_high_ones() -> SubmissionData:
    """Rates that are normally small (结余率, 占比, 失业率) typed in percent beside 95 / 100 %."""
    d = clean()
    out = "产出指标"
    d.dept_indicators += [
        IndicatorRow(out, "质量指标", "城镇登记失业率", "≤", 4.5, "%", 3.2),
        IndicatorRow(out, "质量指标", "资金结余率", "≤", 1, "%", 0.8),
        IndicatorRow(out, "质量指标", "待遇重复领取发生率", "＜", 0.5, "%", 0.12),
        IndicatorRow("效益指标", "可持续影响指标", "信息化建设支出占比", "≥", 0.5, "%", 0.56),
    ]
    return d


@variant()
def values_typed_as_people_type_them() -> SubmissionData:
    """Operators in words or inside the target, units inside values, full-width digits, thousands separators."""
    d = clean()
    row = IndicatorRow
    out = "产出指标"
    d.dept_indicators = [
        row(out, "数量指标", "享受养老保险待遇人数", None, "≥32万人", "万人", "32.89万人"),
        row(out, "数量指标", "参保单位", "＞＝", "７０００", "家", "7,215"),
        row(out, "数量指标", "养老保险参保人数", "大于等于", 80, "万人", " 82.34 "),
        row(out, "质量指标", "基本养老金发放准确率", "≥", "95%", "%", "99.5％"),
        row(out, "质量指标", "资金发放到位率", "等于", "100%", "%", "100%"),
        row(out, "质量指标", "业务差错率", "不高于", 1, "%", 0.4),
        row(out, "时效指标", "养老金按月发放及时率", "≧", 99, "%", 100),
        row("效益指标", "社会效益指标", "基本养老金发放工作", "定性", "按时足额发放", None, "完成"),
        row("满意度指标", "满意度指标", "参保人员满意度", "≥", 90, "%", 95.6),
    ]
    return d


@variant()
def time_targets() -> SubmissionData:
    """Time targets as ``12月`` / ``11月`` in 月, 定性 ones answered with a date, and a number typed as text."""
    d = clean()
    p1, p2, p3 = (r.name for r in d.projects.rows)
    row = ProjectIndicatorRow
    d.project_indicators = [r for r in d.project_indicators if r.level2 != "时效指标"] + [
        row(p1, "产出指标", "时效指标", "资金下达时间", "≤", "12月", "月", "11月"),
        row(p2, "产出指标", "时效指标", "完成时间", "定性", "12月底前完成", None, "2024年12月完成"),
        row(p2, "产出指标", "时效指标", "资料报送时间", "定性", "按季度报送", None, "12月底前"),
        row(p3, "产出指标", "时效指标", "费用缴纳时间", "≤", 12, "月", "12"),
    ]
    return d


@variant()
def units_variety() -> SubmissionData:
    """Counts in 件 / 期 / 户 / 场 / 项 / 台 / 起 / 万人次, area, 天 and 年, ＜ / ＞ targets, = 0 met by 0."""
    d = clean()
    row = IndicatorRow
    out, qty, qual, time = "产出指标", "数量指标", "质量指标", "时效指标"
    d.dept_indicators = [
        row(out, qty, "受理业务件数", "≥", 12000, "件", 13560),
        row(out, qty, "开展培训期数", "≥", 4, "期", 5),
        row(out, qty, "上门服务户数", "≥", 300, "户", 321),
        row(out, qty, "举办宣传活动场次", "≥", 10, "场", 12),
        row(out, qty, "完成信息化改造项目", "≥", 2, "项", 2),
        row(out, qty, "购置自助终端设备", "=", 6, "台", 6),
        row(out, qty, "服务大厅改造面积", "≥", 500, "平方米", 520),
        row(out, qty, "经办服务人次", "≥", 8, "万人次", 9.1),
        row(out, qual, "安全责任事故", "=", 0, "起", 0),
        row(out, qual, "群众投诉率", "＜", 1, "%", 0.2),
        row(out, qual, "业务差错率", "≤", 0.5, "%", 0),
        row(out, time, "资金拨付时间", "≤", 30, "天", 25),
        row(out, time, "待遇发放及时率", "＞", 99, "%", 99.8),
        row(out, time, "年度任务完成时限", "≤", 1, "年", 1),
        row("效益指标", "社会效益指标", "基本养老金发放工作", "定性", "优", None, "优"),
        row("效益指标", "社会效益指标", "社会保障水平", "定性", "稳步提高", None, "较好"),
        row("满意度指标", "满意度指标", "参保人员满意度", "≥", "≥90%", "%", 95.6),
    ]
    return d


@variant(*MISSED, ("I310", "项目绩效指标!H8"), ("I310", "项目绩效指标!H5"))
def missed_targets_scored() -> SubmissionData:
    """≤ missed (0.5 / 0.6 × 10 = 8.33), = missed (98.5 / 100 × 10), a score rounded up (9.69 for 9.6852)."""
    d = scored_project_indicators()
    r = d.project_indicators[3]
    r.actual, r.score, r.reason = 0.6, 8.33, "新系统上线初期差错增加；加强培训"
    r = d.project_indicators[0]
    r.actual, r.score, r.reason = 98.5, 9.85, "部分人员认证延至次年；加强提醒"
    d.project_indicators[7].score = 9.69
    return d


@variant(*MISSED)
def qualitative_band_edges() -> SubmissionData:
    """达成 at 80 % of its points (较好 12 of 15), full marks for 好 and for a ≤ target met by 0."""
    d = scored_project_indicators()
    r = d.project_indicators[5]
    r.actual, r.score = "较好", 12
    d.project_indicators[12].actual, d.project_indicators[12].score = "好", 24
    d.project_indicators[3].actual = 0
    return d


@variant()
def rates_and_scores_as_typed() -> SubmissionData:
    """执行率 as text (100%, 85.1%, 97%), 得分 rounded (8.51, 9.69), mid-year 年初预算数 left empty."""
    d = adjusted_budgets_and_low_execution()
    p = d.projects.rows
    p[0].rate, p[1].rate, p[2].rate = "100%", "85.1%", "97%"
    p[1].score, p[2].score = 8.51, 9.69
    p[1].initial_budget = None
    p[1].type = "一次性项目"
    d.project_indicators[0].project = " 社保公共服务能力建设资金 "
    return d


@variant()
def scoring_ascii_parens_without_deduction() -> SubmissionData:
    """Declared points as 总体绩效 (65 分) with ASCII parentheses; no 扣分项 group at all."""
    d = clean()
    d.scoring.rows = d.scoring.rows[:-1]
    for r in d.scoring.rows:
        r.level1 = str(r.level1).replace("（", "(").replace("）", ")").replace("分", " 分")
        r.level2 = str(r.level2).replace("（", "(").replace("）", ")")
    return d


@variant()
def scoring_groups_left_blank() -> SubmissionData:
    """一级 / 二级 left blank under the first row of their group, not merged."""
    d = clean()
    d.merge_categories = False
    prev1 = prev2 = None
    for r in d.scoring.rows:
        l1, l2 = r.level1, r.level2
        r.level1 = "" if l1 == prev1 else l1
        r.level2 = "" if l2 == prev2 else l2
        prev1, prev2 = l1, l2
    return d


@variant()
def basic_and_shares_as_typed() -> SubmissionData:
    """基本情况 typed as text (1,474.61, 1474.61万元, -, 无, 2024年, 2025年4月25日); 占比 left empty."""
    d = clean()
    d.basic.update(
        budget_income="1,474.61",
        budget_expense="1474.61万元",
        total_funds="1,482.05",
        fiscal_funds="1482.05",
        other_funds="-",
        opening_balance="无",
        closing_balance="—",
        year="2024年",
        filled_on="2025年4月25日",
        filled_by="张三",
        phone="0812-3334567",
    )
    for b in (d.income, d.expense):
        for r in b.rows:
            r.share = ""
        b.total_share = ""
    for r in d.dept_indicators:
        if r.op == "≥" and r.unit == "%":
            r.target = f"≥{r.target}%"
            r.actual = f"{r.actual}%"
    return d


@variant()
def provincial_satisfaction_names() -> SubmissionData:
    """满意度 second levels as provincial forms print them (issue 13)."""
    d = clean()
    names = iter(["服务对象满意度指标等", "群众满意度指标", "社会公众或服务对象满意度指标"])
    for r in d.project_indicators:
        if r.level1 == "满意度指标":
            r.level2 = next(names)
    d.dept_indicators[-1].level2 = "服务对象满意度指标等"
    return d


@variant()
def operators_as_provinces_type_them() -> SubmissionData:
    """指标性质 typed ═ ⩾ 不低于 达到 以上 ⩽ 不超过 …; a target typed 90%以上 with 指标性质 empty;
    an actual typed 达到96%."""
    d = clean()
    spellings = {"=": iter(["═", "﹦", "＝", "约", "等于"] * 3), "≥": iter(["⩾", "不低于", "达到", "以上", "≧"] * 3)}
    spellings["≤"] = iter(["⩽", "不超过", "以下", "≦"] * 3)
    for r in [*d.dept_indicators, *d.project_indicators]:
        if r.op in spellings:
            r.op = next(spellings[str(r.op)])
    satisfied = d.dept_indicators[-1]
    satisfied.op, satisfied.target, satisfied.actual = None, "90%以上", 93
    d.dept_indicators[3].actual = "达到96%"  # a figure reached, not the target restated
    return d


@variant()
def deduction_points_as_printed() -> SubmissionData:
    """The 扣分项 row's 分值 typed "-" as the seed report prints it."""
    d = clean()
    d.scoring.rows[-1].points = "-"
    return d


@variant()
def reasons_after_printed_instructions() -> SubmissionData:
    """The form's printed help text left in 备注, the unit's own reason written after it."""
    d = clean()
    printed = "预算执行率未达到90%的需说明原因（100字以内），对于年中发生预算调整的，应单独说明理由。"
    for p in d.projects.rows[:2]:
        p.note = printed + str(p.note)
    return d


def _unexpected(path: Path, name: str) -> list[str]:
    report = check(path)
    assert report.error is None
    return [
        f"{f.severity.name} {f.code} {[str(c) for c in f.cells]} {message(f, 'en')}"
        for f in report.findings
        if f.severity is not Severity.INFO or (f.code, str(f.cells[0])) not in EXPECTED_INFOS[name]
    ] + [f"missing info {code} {cell}" for code, cell in EXPECTED_INFOS[name] - _infos(report)]


def _infos(report: Report) -> set[tuple[str, str]]:
    return {(f.code, str(f.cells[0])) for f in report.findings if f.severity is Severity.INFO}


def _v2_in_step(data: SubmissionData) -> SubmissionData:
    """Template v2's sheets agreeing with what a variant changed on the v1 sheets.

    The funds follow 项目支出; 存在问题 names the shortfalls that variants with points lost explain.
    """
    data.project_funds = project_funds(data.projects.rows)
    for row in data.project_conclusions:
        row.problems = "个别指标未达到年度目标或有扣分，原因见各指标偏差原因分析。"
    return data


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_correct_variant_raises_no_alarm(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.xlsx"
    write_workbook(path, _v2_in_step(VARIANTS[name]()))
    assert _unexpected(path, name) == []


def test_percentages_as_fractions_in_percent_cells(tmp_path: Path) -> None:
    """执行率 0.8505 and every 占比 as 0.6225 … in %-formatted cells (how Excel stores 85.05 %)."""
    from openpyxl import load_workbook

    d = adjusted_budgets_and_low_execution()
    p = d.projects
    p.rows[0].rate, p.rows[1].rate, p.rows[2].rate = 100, 85.05, 96.86
    p.total_initial_budget, p.total_budget, p.total_spent, p.total_rate = 92.5, 104.99, 101.31, 96.49
    path = tmp_path / "percent-cells.xlsx"
    for fund in _v2_in_step(d).project_funds:
        budget, spent = fund.budget, fund.spent
        assert isinstance(budget, int | float) and isinstance(spent, int | float)
        fund.rate = round(spent / budget * 100, 2) if budget else ""
    write_workbook(path, d)  # no formula left: openpyxl would drop their cached values
    wb = load_workbook(path)
    try:
        cells = [(wb["项目支出"]["F6"], 0.8505)]
        for sheet in ("收入情况", "支出情况"):
            ws = wb[sheet]
            for r in range(5, 15):
                share = ws[f"E{r}"].value
                assert isinstance(share, (int, float))
                cells.append((ws[f"E{r}"], share / 100))
            cells.append((ws["E15"], 1))
        for cell, value in cells:
            cell.value, cell.number_format = value, "0.00%"
        wb.save(path)
    finally:
        wb.close()
    assert _unexpected(path, "adjusted_budgets_and_low_execution") == []
