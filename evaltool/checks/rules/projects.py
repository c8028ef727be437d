"""Rules: projects — 项目支出 totals, 执行率 and its score, written reasons, indicators per project."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from evaltool.catalogue import ERROR, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import money_logic as ml
from evaltool.checks.context import Context
from evaltool.checks.reasons import is_reason
from evaltool.checks.rounding import Interval, allowed, interval
from evaltool.layout import TABLES, Kind
from evaltool.model import Table

G = "项目 / projects"
AMOUNTS = ("initial_budget", "budget", "spent")


def _projects(ctx: Context) -> Table | None:
    return ctx.table(Kind.PROJECTS)


def _name(table: Table, row: int) -> str:
    return ax.text(ax.value_at(table, row, "name"))


def _computed_rate(table: Table, row: int) -> Interval | None:
    budget = ml.interval_at(table, row, "budget")
    spent = ml.interval_at(table, row, "spent")
    if budget is None or spent is None:
        return None
    return ml.ratio_percent(spent, budget)


def _has_note(table: Table, row: int) -> bool:
    # A reason, not a placeholder or the form's printed help text (checks/reasons.py).
    return "note" in table.df.columns and is_reason(ax.value_at(table, row, "note"))


@rule(
    "P201",
    "project-total-mismatch",
    ERROR,
    group=G,
    message_zh="项目支出合计{column} {total} 与各项目之和 {sum} 不符（相差 {diff}，舍入最多可解释 {allowed}）",
    message_en=(
        "the 项目支出 total {column} {total} differs from the projects' sum {sum}"
        " (difference {diff}; rounding explains up to {allowed})"
    ),
    hint_zh="请核对各项目金额与合计行",
    hint_en="check the project amounts and the 合计 row",
)
def project_total(ctx: Context) -> Iterator[Hit]:
    """Checks that the projects add up to the 合计 row, for 年初预算数, 全年预算数 and 全年执行数.

    Why it matters: the project total is quoted in the report (常年项目 3 个, 104.28 万元)
    and compared with the department's expense.

    Example: the seed: 16.8 + 7.69 + 79.79 = 104.28 -> no finding; 合计 全年执行数 114.28 -> finding.
    """
    table = _projects(ctx)
    if table is None:
        return
    trow = ax.total_row(table)
    if trow is None:
        return
    layout = TABLES[Kind.PROJECTS]
    for field in AMOUNTS:
        if field not in table.columns:
            continue
        reported = ml.interval_at(table, trow, field)
        items = [r for r in ax.rows(table) if ax.number_at(table, r, field) is not None]
        parts = [ml.interval_at(table, r, field) for r in items]
        involved = [ax.cell_at(table, r, field) for r in (trow, *ax.rows(table))]
        if reported is None or not items or ml.any_unreadable(ctx, involved):
            continue
        computed = ml.sum_interval(p for p in parts if p is not None)
        if reported.lo <= 0 <= reported.hi and computed.lo > 0:
            continue  # a 合计 of 0 over filled rows: B108
        if not reported.meets(computed):
            yield hit(
                ax.cell_at(table, trow, field),
                *(ax.cell_at(table, r, field) for r in items),
                column=layout.column(field).header,
                total=ml.show(reported.mid),
                sum=ml.show(computed.mid),
                diff=ml.show(abs(reported.mid - computed.mid)),
                allowed=ml.show(Decimal(str(allowed(reported, computed))), 4),
            )


@rule(
    "P202",
    "execution-rate-mismatch",
    ERROR,
    group=G,
    message_zh="“{name}”执行率 {rate}% 与 全年执行数 ÷ 全年预算数 = {computed}% 不符",
    message_en="the execution rate of {name!r}, {rate} %, differs from spent ÷ adjusted budget = {computed} %",
    hint_zh="执行率 = 全年执行数 ÷ 全年预算数（调整后预算，不是年初预算数）× 100，请重新计算",
    hint_en="execution rate = spent ÷ full-year (adjusted) budget × 100, not ÷ the initial budget; recompute it",
)
def execution_rate(ctx: Context) -> Iterator[Hit]:
    """Checks each 执行率 against 全年执行数 ÷ 全年预算数 (the 合计 row's too), by rounding intervals.

    The denominator is the adjusted full-year budget, not 年初预算数; a rate computed on
    the initial budget is reported (``initial_based`` is set in the figures).

    Why it matters: the execution rate drives the execution score and the written
    reasons required below the threshold.

    Example: 16.8 of 16.8 shown as 100 -> no finding; 7.69 of 7.69 shown as 90 -> finding.
    """
    table = _projects(ctx)
    if table is None:
        return
    for r, verdict, computed, value in ml.rate_checks(ctx):
        if verdict != ml.MISMATCH:
            continue
        initial_based = False
        initial = ml.interval_at(table, r, "initial_budget") if "initial_budget" in table.columns else None
        spent = ml.interval_at(table, r, "spent")
        if initial is not None and spent is not None and (alt := ml.ratio_percent(spent, initial)) is not None:
            initial_based = interval(value, ml.decimals_at(table, r, "rate")).meets(alt)
        name = _name(table, r) if r in table.df.index else "合计"
        yield hit(
            ax.cell_at(table, r, "rate"),
            related=(ax.cell_at(table, r, "spent"), ax.cell_at(table, r, "budget")),
            name=name,
            rate=value,
            computed=ml.show(computed.mid),
            initial_based=initial_based,
        )


@rule(
    "P203",
    "execution-score-mismatch",
    ERROR,
    group=G,
    message_zh="“{name}”执行率得分 {score} 与 min(执行率 {rate}%, 100%) × 分值 {weight} = {computed} 不符",
    message_en=(
        "the execution score of {name!r}, {score}, differs from min(rate {rate} %, 100 %) × weight {weight}"
        " = {computed}"
    ),
    hint_zh="执行率得分 = min(执行率, 100%) × 分值，请重新计算",
    hint_en="execution score = min(execution rate, 100 %) × weight; recompute it",
)
def execution_score(ctx: Context) -> Iterator[Hit]:
    """Checks a project's 得分 against min(执行率, 100 %) × its weight.

    The weight is the row's 分值 when filled, else ``[execution] weight`` (default 10).
    The rate is recomputed from 全年执行数 ÷ 全年预算数. Scores may be truncated rather than
    rounded (9.6852 shown as 9.68 is accepted). A score computed from the printed 执行率 is
    accepted too when that rate agrees with the figures within its rounding (北京's card prints
    50 % for 154.74 / 310.2 = 49.88 % and scores 5, not 4.99).

    Why it matters: an execution score above what the rate earns inflates the project's
    self-evaluation.

    Example: 100 % executed, weight 10, 得分 10 -> no finding; 72.74 % executed with 得分 10 -> finding.
    """
    table = _projects(ctx)
    if table is None or "score" not in table.columns:
        return
    printed = {
        r: interval(value, ml.decimals_at(table, r, "rate")) for r, v, _, value in ml.rate_checks(ctx) if v == ml.OK
    }
    for r in ax.rows(table):
        score = ax.number_at(table, r, "score")
        rate = _computed_rate(table, r)
        if score is None or rate is None:
            continue
        weight = ml.interval_at(table, r, "points") if "points" in table.columns else None
        weight_value = ax.number_at(table, r, "points") if weight is not None else ctx.settings.execution_weight
        if weight is None:
            weight = Interval.exact(ctx.settings.execution_weight)
        reported = interval(score, ml.decimals_at(table, r, "score"), truncated=True)
        computed, *also = [_rate_score(x, weight) for x in (rate, printed.get(r)) if x is not None]
        if not any(reported.meets(c) for c in (computed, *also)):
            yield hit(
                ax.cell_at(table, r, "score"),
                related=(ax.cell_at(table, r, "spent"), ax.cell_at(table, r, "budget")),
                name=_name(table, r),
                score=score,
                rate=ml.show(rate.mid),
                weight=weight_value,
                computed=ml.show(computed.mid),
            )


def _rate_score(rate: Interval, weight: Interval) -> Interval:
    """min(rate, 100 %) × weight."""
    capped = rate.cap(ml.HUNDRED)
    return Interval(capped.lo / ml.HUNDRED, capped.hi / ml.HUNDRED) * weight


@rule(
    "P204",
    "execution-over-100",
    WARNING,
    group=G,
    message_zh="“{name}”全年执行数 {spent} 超过全年预算数 {budget}（执行率 {rate}%）",
    message_en="{name!r} spent {spent}, more than its full-year budget {budget} (execution rate {rate} %)",
    hint_zh="请核对执行数和预算数，确属超预算支出的请在备注中说明",
    hint_en="check the spent and budget figures; explain any real overspending in 备注",
)
def execution_over_100(ctx: Context) -> Iterator[Hit]:
    """Finds a project that spent more than its full-year budget (执行率 above 100 %).

    Judged on the figures (全年执行数 > 全年预算数 beyond rounding), not on the typed rate.
    A project with no budget but money spent is reported too, and so is the 合计 row (overspending
    there is overspending of the whole, even when the rows do not show it).

    Why it matters: spending beyond the adjusted budget is not allowed without an
    adjustment; usually one of the two figures is wrong.

    Example: 16.8 spent of 16.8 -> no finding; 18.8 spent of 16.8 -> finding.
    """
    table = _projects(ctx)
    if table is None:
        return
    total = ax.total_row(table)
    for r in [*ax.rows(table), *([] if total is None else [total])]:
        budget = ml.interval_at(table, r, "budget")
        spent = ml.interval_at(table, r, "spent")
        if budget is None or spent is None or spent.lo <= budget.hi:
            continue
        rate = ml.ratio_percent(spent, budget)
        yield hit(
            ax.cell_at(table, r, "spent"),
            ax.cell_at(table, r, "budget"),
            name="合计" if r == total else _name(table, r),
            spent=ml.show(spent.mid),
            budget=ml.show(budget.mid),
            rate=ml.show(rate.mid) if rate is not None else "∞",
        )


@rule(
    "P205",
    "low-execution-without-reason",
    WARNING,
    group=G,
    message_zh="“{name}”执行率 {rate}% 低于 {threshold}%，但备注中没有说明原因",
    message_en="{name!r} has an execution rate of {rate} %, below {threshold} %, with no reason in 备注",
    hint_zh="请在备注中写明执行率偏低的原因和改进措施",
    hint_en="write the reason for the low execution rate and the remedy in 备注",
)
def low_execution_reason(ctx: Context) -> Iterator[Hit]:
    """Requires a written reason (备注) when 执行率 is below ``[execution] threshold`` (default 90 %).

    A placeholder (无, 暂无, /, 见附件 alone) or the form's printed help text (…需说明原因（100字以内）)
    is no reason (``checks/reasons.py``, shared by every rule that asks for one).

    Why it matters: Sichuan's rules require an explanation of low execution; the finance
    bureau reads it when it sets next year's budget.

    Example: 60 % executed with 备注 empty -> finding; with a reason -> none; threshold 50 -> none.
    """
    table = _projects(ctx)
    if table is None:
        return
    threshold = Decimal(str(ctx.settings.execution_threshold))
    for r in ax.rows(table):
        rate = _computed_rate(table, r)
        if rate is None or rate.hi >= threshold or _has_note(table, r):
            continue
        # The missing reason is the fault; the rate and the amounts behind it are right.
        figures = [ax.cell_at(table, r, "rate")] if "rate" in table.columns else []
        figures += [ax.cell_at(table, r, "spent"), ax.cell_at(table, r, "budget")]
        at = ax.cell_at(table, r, "note") if "note" in table.columns else figures[0]
        yield hit(
            at,
            related=figures,
            name=_name(table, r),
            rate=ml.show(rate.mid),
            threshold=ctx.settings.execution_threshold,
        )


@rule(
    "P206",
    "budget-adjusted-without-reason",
    WARNING,
    group=G,
    message_zh="“{name}”全年预算数 {budget} 与年初预算数 {initial} 不同，但备注中没有说明调整原因",
    message_en="{name!r} has a full-year budget of {budget}, not its initial {initial}, with no reason in 备注",
    hint_zh="请在备注中写明预算调整的原因（如年中追加、调减）",
    hint_en="write why the budget was adjusted (added or cut during the year) in 备注",
)
def adjusted_reason(ctx: Context) -> Iterator[Hit]:
    """Requires a written reason (备注) when 全年预算数 differs from 年初预算数.

    Turned off with ``[execution] reason_when_adjusted = false``. An empty 年初预算数 is
    not compared (0 is: money added during the year). Placeholders and printed help text are
    no reason (as for P205).

    Why it matters: budget adjustments are reviewed; an unexplained one is the first
    question the finance bureau asks.

    Example: the seed's mid-year projects (0 → 16.8) carry a reason -> no finding; the
    reason removed -> finding.
    """
    table = _projects(ctx)
    if table is None or not ctx.settings.reason_when_adjusted or "initial_budget" not in table.columns:
        return
    for r in ax.rows(table):
        initial = ml.interval_at(table, r, "initial_budget")
        budget = ml.interval_at(table, r, "budget")
        if initial is None or budget is None or initial.meets(budget) or _has_note(table, r):
            continue
        # The fault is the missing reason: the 备注 cell (both budgets are 另见 and in the message);
        # without a 备注 column, the two budgets that differ.
        amounts = [ax.cell_at(table, r, "initial_budget"), ax.cell_at(table, r, "budget")]
        noted = "note" in table.columns
        yield hit(
            *([ax.cell_at(table, r, "note")] if noted else amounts),
            related=amounts if noted else (),
            name=_name(table, r),
            initial=ml.show(initial.mid),
            budget=ml.show(budget.mid),
        )


@rule(
    "P207",
    "indicator-unknown-project",
    ERROR,
    group=G,
    message_zh="项目绩效指标中的项目“{name}”不在项目支出表中",
    message_en="project {name!r} of 项目绩效指标 is not a row of 项目支出",
    hint_zh="项目名称须与项目支出表中的名称完全一致",
    hint_en="use exactly the project name of the 项目支出 table",
)
def unknown_project(ctx: Context) -> Iterator[Hit]:
    """Checks that every 项目绩效指标 row names a project of 项目支出.

    Names are compared ignoring spaces and full-/half-width differences.

    Why it matters: indicators of an unknown project cannot be tied to its money, and a
    misspelt name usually means the project's real indicators are missing.

    Example: 社保公共服务能力建设资金 -> no finding; 社保公共服务能力建设经费 -> finding.
    """
    projects, indicators = _projects(ctx), ctx.table(Kind.PROJECT_INDICATORS)
    if projects is None or indicators is None or "project" not in indicators.columns:
        return
    known = {ax.norm_name(ax.value_at(projects, r, "name")) for r in ax.rows(projects)}
    for r in ax.rows(indicators):
        name = ax.text(ax.value_at(indicators, r, "project"))
        if name and ax.norm_name(name) not in known:
            yield hit(ax.cell_at(indicators, r, "project"), name=name)


@rule(
    "P208",
    "project-without-indicators",
    WARNING,
    group=G,
    message_zh="项目“{name}”在项目绩效指标表中没有任何指标",
    message_en="project {name!r} has no indicators in 项目绩效指标",
    hint_zh="请在项目绩效指标表中填写该项目的绩效指标及完成情况",
    hint_en="add the project's indicators and their results to 项目绩效指标",
)
def project_without_indicators(ctx: Context) -> Iterator[Hit]:
    """Finds a 项目支出 row with no rows in 项目绩效指标.

    Why it matters: every project self-evaluation reports its indicators; without them
    80–90 of its 100 points are unsupported.

    Example: the seed's three projects each have six indicators -> no finding; a fourth
    project without indicators -> finding.
    """
    projects, indicators = _projects(ctx), ctx.table(Kind.PROJECT_INDICATORS)
    if projects is None or indicators is None or "project" not in indicators.columns:
        return
    named = {ax.norm_name(ax.value_at(indicators, r, "project")) for r in ax.rows(indicators)}
    for r in ax.rows(projects):
        name = _name(projects, r)
        if name and ax.norm_name(name) not in named:
            yield hit(ax.cell_at(projects, r, "name"), name=name)


@rule(
    "P209",
    "duplicate-project",
    WARNING,
    group=G,
    message_zh="项目“{name}”在项目支出表中出现了 {count} 次",
    message_en="project {name!r} appears {count} times in 项目支出",
    hint_zh="请合并重复的项目行，或用不同的名称区分",
    hint_en="merge the repeated rows or give the projects distinct names",
)
def duplicate_project(ctx: Context) -> Iterator[Hit]:
    """Finds a project name used on more than one 项目支出 row.

    Why it matters: indicators are tied to projects by name; two rows of one name make
    that ambiguous, and the money is often counted twice.

    Example: three distinct names -> no finding; the rent project typed twice -> finding
    on the second row.
    """
    table = _projects(ctx)
    if table is None:
        return
    seen: dict[str, list[int]] = {}
    for r in ax.rows(table):
        key = ax.norm_name(ax.value_at(table, r, "name"))
        if key:
            seen.setdefault(key, []).append(r)
    for found in seen.values():
        for r in found[1:]:
            yield hit(
                ax.cell_at(table, r, "name"),
                ax.cell_at(table, found[0], "name"),
                name=_name(table, r),
                count=len(found),
            )


@rule(
    "P210",
    "project-without-money",
    WARNING,
    group=G,
    message_zh="项目“{name}”的全年预算数和全年执行数都是 0",
    message_en="project {name!r} has a full-year budget and spending of 0",
    hint_zh="填写项目的全年预算数和全年执行数（资金来源明细中的金额应汇总到年度资金总额行）",
    hint_en="enter the project's full-year budget and spending (the sources' amounts add up to the total row)",
)
def project_without_money(ctx: Context) -> Iterator[Hit]:
    """Finds a project whose 全年预算数 and 全年执行数 are both 0.

    Why it matters: a project evaluated for its use of money has money; a 0 total usually means the
    amounts were written only in the 其中 (source) rows and the 年度资金总额 row was left at 0
    (安徽 2022 cards: 0 / 0 while 本年财政拨款 held 89.974). Its execution rate and score then mean
    nothing. Example: 0 / 0 -> finding on both; 16.8 / 16.8 -> none; budget 0, spent 5 -> P204.
    """
    table = _projects(ctx)
    if table is None or "budget" not in table.columns or "spent" not in table.columns:
        return
    for r in ax.rows(table):
        budget, spent = ml.interval_at(table, r, "budget"), ml.interval_at(table, r, "spent")
        if budget is None or spent is None or not _name(table, r):
            continue
        if budget.lo <= 0 <= budget.hi and spent.lo <= 0 <= spent.hi:
            yield hit(ax.cell_at(table, r, "budget"), ax.cell_at(table, r, "spent"), name=_name(table, r))
