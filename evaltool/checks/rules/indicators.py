"""Rules: indicators (I3xx) — categories, units, targets met or missed, for 整体绩效目标 and 项目绩效指标 alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from evaltool.catalogue import ERROR, INFO, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks.context import Context
from evaltool.checks.indicator_rows import IndicatorRow, indicator_rows, shown_actual, shown_target
from evaltool.checks.rounding import Interval, as_float, interval
from evaltool.findings import CellRef
from evaltool.layout import Kind
from evaltool.model import Op

if TYPE_CHECKING:
    pass

G = "绩效指标 / indicators"
COST_LEVEL1_FROM = 2021  # the year 成本指标 became a first-level category (national framework)


def _n(value: Decimal | float) -> float:
    return as_float(value if isinstance(value, Decimal) else Decimal(repr(float(value))))


# ---------------------------------------------------------------------------------------------
# Categories


@rule(
    "I301",
    "indicator-level2-wrong-parent",
    WARNING,
    group=G,
    message_zh="二级指标“{level2}”不属于一级指标“{level1}”（应在：{expected}）",
    message_en="second-level {level2!r} does not belong under first-level {level1!r} (belongs under: {expected})",
    hint_zh="把该指标移到正确的一级指标下，或改用该一级指标下的二级指标",
    hint_en="move the indicator under the right first-level category, or pick a second level of this one",
)
def level2_wrong_parent(ctx: Context) -> Iterator[Hit]:
    """Checks that each 二级指标 sits under the 一级指标 the hierarchy puts it under.

    Why it matters: finance bureaus score 产出 / 效益 / 满意度 separately; an indicator in the wrong
    branch is scored with the wrong weight. 成本指标 is accepted both as a 一级 (from 2021) and as a
    二级 under 产出指标 (older tables); the hierarchy is configurable (``[indicators] hierarchy``).
    Example: 效益指标 / 数量指标 -> finding; 产出指标 / 数量指标 -> none.
    """
    hierarchy = ctx.settings.hierarchy
    seen: set[CellRef] = set()
    for r in indicator_rows(ctx):
        if not r.level1 or not r.level2:
            continue
        if il.fits_hierarchy(r.level1, r.level2, hierarchy) is not False:
            continue
        cell = r.ref("level2")
        if cell in seen:
            continue
        seen.add(cell)
        parents = il.parent_of(r.level2, hierarchy)
        expected = "、".join(parents) if parents else "、".join(hierarchy.get(_known_parent(r.level1, ctx), ()))
        yield hit(cell, r.ref("level1"), level1=r.level1, level2=r.level2, expected=expected or "—")


def _known_parent(level1: str, ctx: Context) -> str:
    for parent in ctx.settings.hierarchy:
        if il.bare(parent) == il.bare(level1):
            return parent
    return level1


@rule(
    "I302",
    "indicator-level1-unknown",
    WARNING,
    group=G,
    message_zh="一级指标“{level1}”不在指标体系中（可用：{known}）",
    message_en="first-level indicator {level1!r} is not in the indicator hierarchy (known: {known})",
    hint_zh="一级指标请使用产出指标、效益指标、满意度指标（或成本指标）",
    hint_en="use 产出指标, 效益指标, 满意度指标 (or 成本指标) as first-level categories",
)
def level1_unknown(ctx: Context) -> Iterator[Hit]:
    """Checks that each 一级指标 is a first-level category of the configured hierarchy.

    Why it matters: an indicator outside 产出 / 效益 / 满意度 (/ 成本) cannot be weighted or
    compared with other units' reports. 成本指标 became a 一级 in 2021: in a report of an earlier
    评价年度 it belongs under 产出指标. Example: 一级 ``工作指标`` -> finding; ``产出指标`` -> none.
    """
    hierarchy = dict(ctx.settings.hierarchy)
    year = ax.number(ctx.submission.value("year"))
    if year is not None and year < COST_LEVEL1_FROM:
        hierarchy = {k: v for k, v in hierarchy.items() if il.bare(k) != "成本"}
    seen: set[CellRef] = set()
    for r in indicator_rows(ctx):
        if not r.level1 or il.fits_hierarchy(r.level1, r.level2 or "", hierarchy) is not None:
            continue
        cell = r.ref("level1")
        if cell not in seen:
            seen.add(cell)
            yield hit(cell, level1=r.level1, known="、".join(hierarchy))


@rule(
    "I303",
    "indicator-name-repeats-category",
    WARNING,
    group=G,
    message_zh="三级指标“{level3}”只是重复了上级指标名称，未说明考核内容",
    message_en="third-level indicator {level3!r} only repeats its category's name and says nothing measurable",
    hint_zh="写出具体考核的内容，如“培训人次”“发放准确率”",
    hint_en="name what is measured, e.g. 培训人次 (people trained) or 发放准确率 (payment accuracy)",
)
def name_repeats_category(ctx: Context) -> Iterator[Hit]:
    """Checks that a 三级指标 names something measurable rather than repeating its 二级 / 一级.

    Why it matters: an indicator called ``数量指标`` under 数量指标 measures nothing a reviewer
    can check. Example: 满意度指标 / 满意度指标 / ``满意度`` -> finding; ``参保人员满意度`` -> none.
    """
    for r in indicator_rows(ctx):
        if r.level3 and il.repeats_category(r.level3, r.level2, r.level1):
            yield hit(r.ref("level3"), level3=r.level3)


@rule(
    "I304",
    "indicator-duplicated",
    WARNING,
    group=G,
    message_zh="三级指标“{level3}”在同一{scope}中重复出现（另见第 {first_row} 行）",
    message_en="third-level indicator {level3!r} appears twice in the same {scope_en} ({scope}; also row {first_row})",
    hint_zh="删除重复的指标，或改成真正考核该二级指标的内容",
    hint_en="remove the repeated indicator, or replace it with one that measures its own category",
)
def duplicated(ctx: Context) -> Iterator[Hit]:
    """Checks that no 三级指标 appears twice in one table (per project for project indicators).

    Why it matters: a repeated indicator counts the same achievement twice and usually hides a
    category left without a real indicator (the seed repeats 基本养老金发放准确率 under 时效指标).
    Example: the same name under 质量指标 and 时效指标 -> finding on the second; distinct names -> none.
    """
    first: dict[tuple[str, str, str], IndicatorRow] = {}
    for r in indicator_rows(ctx):
        name = il.bare(r.level3)
        if not name:
            continue
        key = (r.table.sheet, il.bare(r.project), name)
        if key in first:
            prior = first[key]
            project = r.project is not None
            yield hit(
                r.ref("level3"),
                prior.ref("level3"),
                level3=r.level3,
                first_row=prior.row,
                scope="项目" if project else "表",
                scope_en="project" if project else "table",
            )
        else:
            first[key] = r


@rule(
    "I305",
    "indicator-wrong-category",
    WARNING,
    group=G,
    message_zh="指标“{level3}”的含义不属于“{level2}”，更像{suggested}",
    message_en="indicator {level3!r} does not measure what {level2!r} means; it reads like {suggested}",
    hint_zh="把指标放到相应的二级指标下，或为该二级指标设置名副其实的指标",
    hint_en="file the indicator under the matching category, or give this category an indicator of its own kind",
)
def wrong_category(ctx: Context) -> Iterator[Hit]:
    """Checks, by keywords, that an indicator has the meaning of its 二级 category.

    时效 wants time (及时, 按时, 时限, 完成时间, 年/月/日), 成本 money, 数量 counts, 质量 rates
    (合格, 准确, 达标). Only a name with none of its category's marks and a clear mark of another
    category is flagged: a heuristic, so a warning. Example: 时效指标 / 基本养老金发放准确率 (%) ->
    finding (an accuracy rate is 质量); 时效指标 / 资金在规定时间下达率 -> none.
    """
    for r in indicator_rows(ctx):
        suggested = il.category_conflict(r.level2, r.level3, r.unit)
        if suggested:
            yield hit(r.ref("level3"), r.ref("level2"), level3=r.level3, level2=r.level2, suggested=suggested)


# ---------------------------------------------------------------------------------------------
# Values and units


@rule(
    "I306",
    "target-not-measurable",
    ERROR,
    group=G,
    message_zh="定量指标（{op}）的指标值“{target}”不是数值，无法衡量",
    message_en="quantitative indicator ({op}) has target {target!r}, which is not a number and cannot be measured",
    hint_zh="填写可衡量的数值目标（如 ≥95 %），或把指标性质改为“定性”",
    hint_en="give a measurable number (e.g. ≥95 %), or mark the indicator 定性 (qualitative)",
)
def target_not_measurable(ctx: Context) -> Iterator[Hit]:
    """Checks that an indicator marked ≥ ≤ = ＞ ＜ has a number as its 指标值.

    Why it matters: ``效果明显`` or ``严格执行相关制度规定`` marked as quantitative cannot be met or
    missed, so the indicator can neither be checked nor scored. Example: ≥ / ``效果明显`` ->
    finding; ≥ / ``95`` -> none; 定性 / ``效果明显`` -> none.
    """
    for r in indicator_rows(ctx):
        if r.quantitative and r.target.text and r.target.figure is None:
            yield hit(r.ref("target"), r.ref("op"), op=str(r.op), target=r.target.text)


@rule(
    "I307",
    "actual-not-a-number",
    ERROR,
    group=G,
    message_zh="定量指标的实际完成值“{actual}”不是数值（指标值 {target}）",
    message_en="the actual value {actual!r} of a quantitative indicator is not a number (target {target})",
    hint_zh="填写实际达到的数值（如 32.89），不要只写“完成”",
    hint_en="enter the figure actually reached (e.g. 32.89), not just 完成 (done)",
)
def actual_not_number(ctx: Context) -> Iterator[Hit]:
    """Checks that a quantitative indicator's 实际完成值 is a number.

    Why it matters: ``完成`` says nothing about how far the target was reached; the reviewer cannot
    tell met from missed or check the score. Rows whose target is not a number either are left to
    I306. A target that is a figure is quantitative whatever its 指标性质 says, so a grade word
    (``达成预期指标``) against ``100%`` is reported when no operator is given too (the national card
    has no 指标性质 column); a 定性 row keeps its grade. Example: ≥ 95 % / ``完成`` -> finding;
    ``98.5`` -> none; ``1年内完成`` for ≤ 1 年 -> none; 定性 / ``效果明显`` / ``达成`` -> none.
    """
    for r in indicator_rows(ctx):
        figure_target = r.quantitative or (r.op is None and r.target.op is None)
        if figure_target and r.target.figure is not None and r.actual.text and r.actual.figure is None:
            yield hit(r.ref("actual"), r.ref("target"), actual=r.actual.text, target=shown_target(r))


@rule(
    "I308",
    "value-unit-conflict",
    ERROR,
    group=G,
    message_zh="“{value}”的单位 {value_unit} 与度量单位 {unit} 不符",
    message_en="{value!r} carries the unit {value_unit}, which does not match the unit column {unit}",
    hint_zh="统一单位：按度量单位填写数值，或更正度量单位",
    hint_en="use one unit: enter the value in the unit column's unit, or correct the unit column",
)
def value_unit_conflict(ctx: Context) -> Iterator[Hit]:
    """Checks that a unit typed inside a value agrees with the 度量单位 column (and with each other).

    Why it matters: ``28.8万元`` in a row measured in % is a different quantity altogether; the
    comparison with the target is meaningless. Compatible units (元 / 万元, 人 / 万人, 月 / 年) are
    fine. Example: unit % with actual ``28.8万元`` -> finding; unit 万人 with ``≥32 万人`` -> none.
    """
    known = (il.UnitKind.NONE, il.UnitKind.OTHER)
    for r in indicator_rows(ctx):
        for key, value in (("target", r.target), ("actual", r.actual)):
            u = value.unit
            if u.kind in known:
                continue
            other = r.unit
            if other.kind in known and key == "actual":
                other = r.target.unit  # no usable column unit: compare with the target's own
            if other.kind in known or il.conversion(u, other) is not None:
                continue
            yield hit(r.ref(key), r.ref("unit"), value=value.text or "", value_unit=u.text, unit=other.text)


@rule(
    "I309",
    "unit-does-not-fit-indicator",
    WARNING,
    group=G,
    message_zh="度量单位“{unit}”与指标“{level3}”不相称：{why}",
    message_en="unit {unit!r} does not fit indicator {level3!r}: {why_en} ({why})",
    hint_zh="比率用 %，金额用 元/万元，数量用 人/个/次 等，时效用 年/月/日；定性指标不填单位",
    hint_en="rates take %, money 元/万元, counts 人/个/次, timeliness 年/月/日; qualitative rows take no unit",
)
def unit_unfit(ctx: Context) -> Iterator[Hit]:
    """Checks that the 度量单位 fits what the indicator measures.

    A 定性 row with a % unit, a rate (…率, 满意度, 占比) in money, counts or time, a 成本 indicator
    counted in people or days, a 时效 indicator in money. Example: 定性 / unit % -> finding;
    参保人员满意度 / % -> none; 租金 / 元/年 -> none.
    """
    kinds = il.UnitKind
    for r in indicator_rows(ctx):
        why = why_en = ""
        k = r.unit.kind
        if r.op is Op.QUAL and k is kinds.PERCENT:
            why, why_en = "定性指标不应有百分比单位", "a qualitative indicator has no % unit"
        elif r.quantitative and il.looks_like_rate(r.level3) and k in (kinds.MONEY, kinds.COUNT, kinds.TIME):
            why, why_en = "比率类指标应以 % 计", "a rate is measured in %"
        elif il.is_cost_category(r.level1, r.level2) and k in (kinds.COUNT, kinds.TIME):
            why, why_en = "成本指标应以金额计", "a cost indicator is measured in money"
        elif "时效" in il.bare(r.level2) and k is kinds.MONEY:
            why, why_en = "时效指标应以时间或及时率计", "a timeliness indicator is measured in time or as a rate"
        if why:
            yield hit(
                r.ref("unit"), r.ref("level3"), unit=r.unit_text or "", level3=r.level3 or "", why=why, why_en=why_en
            )


@rule(
    "I318",
    "quantity-in-money",
    WARNING,
    group=G,
    message_zh="数量指标“{level3}”计量的是金额（{basis}）：这是成本指标，不是产出数量",
    message_en="quantity indicator {level3!r} measures money, {basis_en} ({basis}): it is a cost indicator, "
    "not an output",
    hint_zh="把该指标移到成本指标下，数量指标填写产出的数量（人、个、次、家等）",
    hint_en="file it under 成本指标 and give 数量指标 a count of what was delivered (人, 个, 次, 家 …)",
)
def quantity_in_money(ctx: Context) -> Iterator[Hit]:
    """Checks that a 数量指标 counts outputs rather than money.

    A 数量指标 whose unit (度量单位, else the unit typed in its target) is 元 / 万元, or, with no
    unit at all, whose name is an amount (工程资金金额, 经费, 预算 — not a rate such as 资金到位率)
    or whose target equals its project's 全年预算数 or 年初预算数 within rounding (河北: 43.2 for a
    43.2 budget), is a misfiled cost indicator, often the project's own budget restated as a
    "quantity" (the seed's 租金、物业费及水电费 = 797876.4 元/年 is its rent project's whole budget). Example:
    数量指标 / 租金 797876.4 元/年 -> finding; 数量指标 / 参保单位 7000 家 -> none.
    """
    budgets = _project_budgets(ctx)
    for r in indicator_rows(ctx):
        if il.bare(r.level2) != "数量":
            continue
        unit = r.unit if r.unit.kind is not il.UnitKind.NONE else r.target.unit
        if unit.kind is il.UnitKind.MONEY:
            basis, basis_en = f"单位 {unit.text}", f"unit {unit.text}"
        elif unit.kind is il.UnitKind.NONE and (word := il.money_name(r.level3)):
            basis, basis_en = f"名称“{word}”，未填单位", f"its name says {word}, no unit"
        elif unit.kind is il.UnitKind.NONE and (budget := _restated_budget(r, budgets)) is not None:
            basis, basis_en = f"指标值等于项目预算数 {budget}，未填单位", f"its target is the project's budget {budget}"
        else:
            continue
        cells = (r.ref("level3"), r.ref("unit") if r.unit_text else r.ref("target"), r.ref("level2"))
        yield hit(*cells, level3=r.level3 or "", basis=basis, basis_en=basis_en)


def _restated_budget(r: IndicatorRow, budgets: dict[str, list[Interval]]) -> str | None:
    """The project budget a unit-less target restates (equal within rounding), as shown; else None."""
    from evaltool.checks import money_logic as ml

    if r.target.figure is None or r.project is None:
        return None
    target = interval(r.target.figure.value, r.target.figure.places)
    return next((str(ml.show(b.mid)) for b in budgets.get(il.bare(r.project), ()) if target.meets(b)), None)


def _project_budgets(ctx: Context) -> dict[str, list[Interval]]:
    """Each project's non-zero 全年预算数 and 年初预算数 as rounding intervals, by bare project name."""
    from evaltool.checks import money_logic as ml

    table = ctx.table(Kind.PROJECTS)
    out: dict[str, list[Interval]] = {}
    if table is None:
        return out
    for row in ax.rows(table):
        name = il.bare(ax.text_or_none(ax.value_at(table, row, "name")))
        for field in ("budget", "initial_budget"):
            if field in table.columns and (iv := ml.interval_at(table, row, field)) is not None and iv.lo > 0:
                out.setdefault(name, []).append(iv)
    return out


@rule(
    "I319",
    "indicator-not-measurable",
    WARNING,
    group=G,
    message_zh="指标“{level3}”无法衡量：{why}",
    message_en="indicator {level3!r} cannot be measured: {why_en} ({why})",
    hint_zh="改为可衡量的指标：写明衡量什么、目标值和度量单位（如 “设备完好率 ≥95 %”）",
    hint_en="make it measurable: say what is measured, the target value and its unit (e.g. 设备完好率 ≥95 %)",
)
def not_measurable(ctx: Context) -> Iterator[Hit]:
    """Finds indicators a reviewer cannot measure, whatever their 指标性质.

    Three shapes seen in real submissions: a yes/no question as the indicator (``是否满意``,
    ``是否解决…问题``: the answer is not a performance level); a target that only restates the
    indicator's own name where no 指标性质 says 定性 (``可持续`` → ``可持续``; a typed 定性 row whose
    standard is its name, ``按时全额缴纳``, is accepted); a bare figure with no unit for a notion that
    is no count, amount, time or proportion (``学校发展能力 100``). Shown at the name for the
    first, at the target for the others. Example: ``是否满意`` / 95 % -> finding; 学校发展能力 /
    100 (no unit) -> finding; 工程完工率 / 100 -> none; 定性 / 增强 -> none.
    """
    from evaltool.reading.numbers import clean, is_empty

    for r in indicator_rows(ctx):
        name = il.indicator_name(r.level3)
        if is_empty(name):
            continue  # a row marked not applicable ("/"): nothing to measure, nothing claimed
        target = (r.target.text or "").strip()
        # Typed 定性 with the name as its standard (``按时全额缴纳``) states what is checked; a name
        # restated where the form gives no 指标性质 (``可持续``) states nothing.
        typed_qualitative = ax.value_at(r.table, r.row, "op") is Op.QUAL
        if name.startswith("是否"):
            why, why_en, at = "是“是否…”的问题，不是绩效水平", "a yes/no question is no performance level", "level3"
        elif target and r.target.figure is None and clean(target) == name and not typed_qualitative:
            why, why_en, at = (
                f"指标值“{target}”只是重复指标名称",
                f"the target {target!r} only repeats the name",
                "target",
            )
        elif (
            r.target.figure is not None
            and r.target.op is None
            and r.unit.kind is il.UnitKind.NONE
            and r.target.unit.kind is il.UnitKind.NONE
            and not il.names_a_measure(name)
        ):
            why = f"指标值 {target} 没有单位，也不是数量、金额、时间或比例"
            why_en = f"the target {target} has no unit and the name is no count, amount, time or proportion"
            at = "target"
        else:
            continue
        yield hit(r.ref(at), level3=name, why=why, why_en=why_en)


@rule(
    "I312",
    "actual-restates-target",
    WARNING,
    group=G,
    message_zh="实际完成值“{actual}”带有运算符，是在重述目标而不是实际完成的数值（指标值 {op}{target}）",
    message_en="actual value {actual!r} carries an operator: it restates a target instead of giving the figure "
    "reached (target {op}{target})",
    hint_zh="填写实际达到的具体数值（如 32.89 万人），不带 ≥、≤ 等符号",
    hint_en="enter the figure actually reached (e.g. 32.89 万人), without ≥ or ≤",
)
def restates_target(ctx: Context) -> Iterator[Hit]:
    """Checks that a 实际完成值 is a measured figure, not the target restated with its operator.

    Why it matters: ``≥32 万人`` as an actual value tells the reviewer nothing about what was reached
    — the report's own text gives 32.89 万; the seed does this in every row of its 附表2.
    Example: actual ``≥32 万人`` -> finding; ``32.89`` -> none.
    """
    for r in indicator_rows(ctx):
        if r.actual.op is not None and r.actual.figure is not None:
            yield hit(
                r.ref("actual"), r.ref("target"), actual=r.actual.text or "", op=str(r.op or ""), target=shown_target(r)
            )


@rule(
    "I313",
    "qualitative-with-number",
    WARNING,
    group=G,
    message_zh="定性指标的{what}“{value}”是数值",
    message_en="the {what_en} ({what}) {value!r} of a qualitative indicator is a number",
    hint_zh="数值目标请改为定量指标（≥、≤、= 等）；定性指标的实际完成值填写“达成年度指标”等等级或简要描述",
    hint_en="make a numeric target quantitative (≥, ≤, =); a qualitative row's actual is a grade "
    "(达成年度指标 …) or a short description",
)
def qualitative_with_number(ctx: Context) -> Iterator[Hit]:
    """Checks that a 定性 row has a description as target and a grade (or description) as actual.

    Accepted grades: 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差, and
    达成, 完成, 好, 较好, 增强, 满意 … or a short description. A bare number (``95%``) means the row
    should have been quantitative. Example: 定性 / actual ``95%`` -> finding; ``增强`` -> none.
    """
    for r in indicator_rows(ctx):
        if r.op is not Op.QUAL:
            continue
        for key, value, what, what_en in (
            ("target", r.target, "指标值", "target"),
            ("actual", r.actual, "实际完成值", "actual value"),
        ):
            if value.figure is not None and value.text and _bare_number(value.text):
                yield hit(r.ref(key), r.ref("op"), what=what, what_en=what_en, value=value.text)


# A date or deadline (2024年12月完成, 12月底前): a description of when, not a bare number.
_DATE: Final = re.compile(r"\d\s*[年月]\s*\d|\d\s*月\s*[底末初中前内]")


def _bare_number(text: str) -> bool:
    """Only a number (with an operator or unit), no words describing an outcome."""
    from evaltool.reading.numbers import clean

    s = clean(text)
    return not _DATE.search(s) and sum(ch.isdigit() for ch in s) * 2 >= len(s)


# ---------------------------------------------------------------------------------------------
# Met, missed, exceeded


def _cmp_params(r: IndicatorRow) -> dict[str, Any]:
    return {
        "indicator": r.label,
        "op": str(r.op or ""),
        "target": shown_target(r),
        "actual": shown_actual(r),
    }


@rule(
    "I310",
    "target-missed",
    INFO,
    group=G,
    message_zh="“{indicator}”未达到目标：实际 {actual}，目标 {op}{target}",
    message_en="{indicator!r} missed its target: actual {actual}, target {op}{target}",
    hint_zh="在偏差原因及改进措施中说明未完成的原因，并按完成程度打分",
    hint_en="explain the shortfall under 偏差原因及改进措施 and score by the degree of completion",
)
def target_missed(ctx: Context) -> Iterator[Hit]:
    """Reports an indicator whose 实际完成值 does not meet its target.

    ≥ / ＞ need actual ≥ / > target, ≤ / ＜ the reverse, = equality within rounding; 元 and 万元
    (人 and 万人, 月 and 年) are converted; ``1年内完成`` meets ≤ 1 年. A 定性 row graded 未达成 or
    部分达成 is missed too. Info: missing a target is not an error of the report, but it needs a
    reason (I311) and a matching score (S407). Example: ≥ 95 % / 94.2 -> finding; 96 -> none.
    """
    for r in indicator_rows(ctx):
        if r.verdict() is il.Verdict.MISSED:
            yield hit(r.ref("actual"), r.ref("target"), **_cmp_params(r))


@rule(
    "I317",
    "target-not-judged",
    WARNING,
    group=G,
    message_zh="指标性质“{op}”无法识别，无法判断“{indicator}”是否达到目标（实际 {actual}，目标 {target}）",
    message_en="the 指标性质 {op!r} cannot be read, so whether {indicator!r} met its target cannot be judged "
    "(actual {actual}, target {target})",
    hint_zh="指标性质填写 ≥、≤、=、＞、＜ 或 定性",
    hint_en="write the 指标性质 as ≥, ≤, =, ＞, ＜ or 定性",
)
def target_not_judged(ctx: Context) -> Iterator[Hit]:
    """Reports a row whose target cannot be judged met or missed because its operator is unreadable.

    An operator in no spelling of ``reading/operators.py`` (nor typed in the target, ``≥50个``) must
    not switch the met / missed check (I310, S407) off silently: when the actual differs from the
    target the row is reported here (an actual equal to its target meets ≥, ≤ and = alike).
    Example: 指标性质 ``≈≈`` with 97 against 99 -> finding; ``═`` (read as =) -> none.
    """
    for r in indicator_rows(ctx):
        if r.op is not None or not r.measured:
            continue
        assert r.target.figure is not None and r.actual.figure is not None
        if il.judge(Op.EQ, r.target.figure, r.actual.figure) is not il.Verdict.MISSED:
            continue  # equal (met whatever the operator), or units I308 reports
        params = {**_cmp_params(r), "op": ax.text(ax.value_at(r.table, r.row, "op_text"))}
        yield hit(r.ref("op"), r.ref("actual"), r.ref("target"), **params)


@rule(
    "I311",
    "reason-missing",
    WARNING,
    group=G,
    message_zh="“{indicator}”{why}，但未填写偏差原因及改进措施",
    message_en="{indicator!r}: {why_en} ({why}), but 偏差原因及改进措施 is empty",
    hint_zh="写明未完成（或扣分）的原因和改进措施",
    hint_en="state why the target was missed (or points lost) and what will be done about it",
)
def reason_missing(ctx: Context) -> Iterator[Hit]:
    """Checks that a missed target, or a 得分 below its 分值, has a reason in 偏差原因及改进措施.

    A placeholder (无, 暂无, /, 见附件 alone), help text printed by the form ("对照年度目标，说明…")
    or our template's own 填写说明 is no reason (``checks/reasons.py``).

    Why it matters: the reason is what the finance bureau reads; a shortfall without one is sent
    back. Example: ≥ 95 % / 94 with the reason empty -> finding; with a reason -> none.
    """
    from evaltool.checks.reasons import is_reason

    for r in indicator_rows(ctx):
        if is_reason(r.reason) or "reason" not in r.table.columns:
            continue  # 无 / 暂无 / 见附件 / the form's printed help text is no reason
        why = why_en = ""
        # At fault: the missing reason, and the cell that shows the shortfall — the actual of a
        # missed target; the score docked from a target that was met (a met target earns its 分值).
        # A figure the rule cannot fault (a met actual, a docked score of a qualitative row) is 另见.
        verdict = r.verdict()
        cells, related = [r.ref("reason")], [r.ref("actual")]
        if verdict is il.Verdict.MISSED:
            why, why_en = "未达到目标", "target missed"
            cells, related = [r.ref("reason"), r.ref("actual")], []
        elif r.points is not None and r.score is not None and il.scored_below(r.score, r.points):
            why, why_en = f"得分 {r.score.exact} 低于分值 {r.points.exact}", "scored below its points"
            (cells if _earns_full_marks(r, verdict) else related).append(r.ref("score"))
        if why:
            yield hit(*cells, related=related, indicator=r.label, why=why, why_en=why_en)


def _earns_full_marks(r: IndicatorRow, verdict: il.Verdict) -> bool:
    """A quantitative target met, or an actual equal to its target whatever the operator (95 % / 95 %)."""
    if verdict is il.Verdict.MET and r.quantitative:
        return True
    if r.measured:
        assert r.target.figure is not None and r.actual.figure is not None
        return il.judge(Op.EQ, r.target.figure, r.actual.figure) is il.Verdict.MET
    target, actual = (r.target.text or "").strip(), (r.actual.text or "").strip()
    return bool(target) and target == actual


@rule(
    "I314",
    "target-exceeded-by-far",
    INFO,
    group=G,
    message_zh="“{indicator}”实际 {actual} 超过目标 {op}{target} 的 {ratio} 倍，目标可能定得过低",
    message_en="{indicator!r}: actual {actual} is more than {ratio}× its target {op}{target}; "
    "the target may be too low",
    hint_zh="下年度设定目标时参考实际水平，适当提高",
    hint_en="set next year's target closer to what is actually reached",
)
def exceeded_far(ctx: Context) -> Iterator[Hit]:
    """Reports a ≥ / ＞ target beaten by more than ``[indicators] exceeded_ratio`` (default 1.3) times.

    Why it matters: a target far below what is routinely reached measures nothing; finance
    bureaus ask for realistic targets. Example: ≥ 100 人 / 180 -> finding; 120 -> none.
    """
    ratio = ctx.settings.exceeded_ratio
    for r in indicator_rows(ctx):
        if not (r.quantitative and r.measured) or r.target.figure is None or r.actual.figure is None:
            continue
        if il.exceeded_by_far(r.op, r.target.figure, r.actual.figure, ratio):
            yield hit(r.ref("actual"), r.ref("target"), ratio=float(ratio), **_cmp_params(r))


@rule(
    "I315",
    "percent-scale-mixed",
    WARNING,
    group=G,
    message_zh="百分比“{value}”像是按小数填写（{scaled}%），而其他百分比按整数填写（如 {peer}）",
    message_en="percentage {value!r} looks typed as a fraction ({scaled}%) while others are in percent (e.g. {peer})",
    hint_zh="百分比统一按百分数填写：90% 填 90",
    hint_en="type every percentage the same way: 90 % as 90",
)
def percent_scale(ctx: Context) -> Iterator[Hit]:
    """Checks that % values of one table use one scale (0.9 in one row and 90 in the next).

    Flagged: a row whose target and actual sit on different scales (target 90, actual 0.96);
    and a high-valued rate (满意度, 合格率, 到位率 … with ≥ / = / ＞) typed between 0.5 and 1 in a
    table whose other % figures are above 1. Small rates (差错率 ≤ 0.5 %, 增长率 ≥ 1 %) are left
    alone. Example: 满意度 ≥ 0.9 next to 准确率 ≥ 95 -> finding; both 90 / 95 -> none.
    """
    by_table: dict[str, list[IndicatorRow]] = {}
    for r in indicator_rows(ctx):
        if r.quantitative and r.unit.kind is il.UnitKind.PERCENT:
            by_table.setdefault(r.table.sheet, []).append(r)
    for rows in by_table.values():
        big = [(r, v) for r in rows for v in (r.target.figure, r.actual.figure) if v is not None and v.value > 1]
        for r in rows:
            pairs = [(k, v) for k, v in (("target", r.target), ("actual", r.actual)) if v.figure is not None]
            for key, value in pairs:
                f = value.figure
                assert f is not None
                if not 0 < f.value <= 1:
                    continue
                other = next((v.figure for k, v in pairs if k != key), None)
                if other is not None and 20 <= other.value / f.value <= 500:
                    peer = (r, other)  # the same row on the other scale
                elif r.op in (Op.GE, Op.GT, Op.EQ) and f.value >= 0.5 and big and il.high_rate(r.level3):
                    peer = big[0]
                else:
                    continue
                peer_key = "actual" if peer[0] is r and key == "target" else "target"
                yield hit(
                    r.ref(key),
                    peer[0].ref(peer_key),
                    value=value.text or "",
                    scaled=_n(f.value * 100),
                    peer=_n(peer[1].value),
                )


@rule(
    "I316",
    "cost-contradicts-spending",
    WARNING,
    group=G,
    message_zh="成本指标“{indicator}”实际完成值 {actual}（折合 {converted} {money_unit}）与项目全年执行数 {spent} 不符",
    message_en="cost indicator {indicator!r}: actual {actual} (= {converted} {money_unit}) contradicts the "
    "project's spending {spent}",
    hint_zh="成本指标的实际完成值应取自项目支出表的实际支出数",
    hint_en="take the cost indicator's actual value from the money actually spent in 项目支出",
)
def cost_vs_spending(ctx: Context) -> Iterator[Hit]:
    """Checks a project's cost indicator (成本指标) against its 全年执行数 in 项目支出.

    When the cost indicator covers the whole project (its target or actual equals the project's
    budget) its actual must equal what was spent; a part can never exceed the whole. Amounts are
    converted (797876.4 元 = 79.79 万元) and compared within the spending's rounding. Example:
    ≤ 90 万元 "met" with 90 while 89.97 was spent -> finding; 16.8 for 16.80 spent -> none.
    """
    projects = ctx.table(Kind.PROJECTS)
    if projects is None:
        return
    money = il.parse_unit(ctx.submission.value("money_unit", "万元"))
    if money.kind is not il.UnitKind.MONEY:
        money = il.parse_unit("万元")
    by_name: dict[str, int] = {}
    for row in projects.df.index:
        name = ax.text_or_none(ax.value_at(projects, int(row), "name"))
        if name:
            by_name.setdefault(il.bare(name), int(row))
    for r in indicator_rows(ctx):
        if r.project is None or not il.is_cost_category(r.level1, r.level2) or not r.measured:
            continue
        actual = r.actual.figure
        assert actual is not None and r.target.figure is not None
        if actual.unit.kind is not il.UnitKind.MONEY or actual.unit.per not in ("", "年"):
            continue
        prow = by_name.get(il.bare(r.project))
        if prow is None:
            continue
        spent_v = ax.number_at(projects, prow, "spent")
        if spent_v is None:
            continue
        spent = interval(spent_v, ax.places_at(projects, prow, "spent") or 2)
        factor = il.conversion(actual.unit, money)
        if factor is None:
            continue
        value = actual.exact * factor
        # The actual is taken as exact unless it is shown finer than the spending (元 vs 万元).
        finer = actual.span.half_width * factor
        actual_iv = Interval(value - finer, value + finer) if finer < spent.half_width else Interval(value, value)
        if actual_iv.lo > spent.hi:
            contradicts = True
        else:
            budgets = [
                interval(b, ax.places_at(projects, prow, key) or 2)
                for key in ("budget", "initial_budget")
                if (b := ax.number_at(projects, prow, key)) is not None
            ]
            t = r.target.figure
            tf = il.conversion(t.unit, money)
            target_iv = Interval(t.span.lo * tf, t.span.hi * tf) if tf is not None else None
            whole = any(b.meets(actual_iv) or (target_iv is not None and b.meets(target_iv)) for b in budgets)
            contradicts = whole and not actual_iv.meets(spent)
        if contradicts:
            yield hit(
                r.ref("actual"),
                projects.ref(prow, "spent"),
                indicator=r.label,
                actual=r.actual.text or "",
                converted=_n(value),
                money_unit=money.text,
                spent=_n(spent.mid),
            )
