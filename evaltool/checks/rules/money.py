"""Rules: money — breakdowns add up, shares, subtotals, the balance, fund sources, unit mistakes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from evaltool.catalogue import ERROR, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import money_logic as ml
from evaltool.checks.context import Context
from evaltool.checks.rounding import Interval, allowed
from evaltool.findings import CellRef
from evaltool.layout import TABLES, Kind
from evaltool.model import Table

G = "金额 / money"
BREAKDOWNS = (Kind.INCOME, Kind.EXPENSE)
ZERO_IV = Interval.exact(0)


def _is_zero(iv: Interval | None) -> bool:
    """A figure shown as 0 (or left empty where a total belongs)."""
    return iv is None or (iv.lo <= 0 <= iv.hi)


def _sum_params(reported: Interval, computed: Interval) -> dict[str, Any]:
    return {
        "diff": ml.show(abs(reported.mid - computed.mid)),
        "allowed": ml.show(Decimal(str(allowed(reported, computed))), 4),
    }


def _breakdowns(ctx: Context) -> Iterator[Table]:
    for kind in BREAKDOWNS:
        table = ctx.table(kind)
        if table is not None:
            yield table


@rule(
    "B101",
    "breakdown-total-mismatch",
    ERROR,
    group=G,
    message_zh="{sheet}合计 {total} 与明细之和 {sum} 不符（相差 {diff}，舍入最多可解释 {allowed}）",
    message_en=(
        "{sheet} total {total} differs from its items' sum {sum} (difference {diff}; rounding explains up to {allowed})"
    ),
    hint_zh="请核对各明细金额和合计，使合计等于明细之和",
    hint_en="check the item amounts and the 合计 so that the total equals the sum of the items",
)
def breakdown_total(ctx: Context) -> Iterator[Hit]:
    """Checks that the items of 收入情况 / 支出情况 add up to the 合计 row.

    When 科目编码 is given, only the rows without a parent code count (a 类 row already
    holds its 款 rows). Figures shown to 2 decimals stand for ±0.005 each, so ten items
    may differ from the total by up to 0.055 without any mistake.

    Why it matters: a hand-typed total drifts when an item is edited, and every later
    figure (shares, balance) is computed from it.

    Example: the seed's items add up to 1482.06 against a 合计 of 1482.05 -> no finding
    (rounding); a 合计 of 1482.15 -> finding on the 合计 and every item.
    """
    for table in _breakdowns(ctx):
        trow = ax.total_row(table)
        if trow is None:
            continue
        reported = ml.interval_at(table, trow, "amount")
        involved = [ax.cell_at(table, r, "amount") for r in (trow, *ml.top_rows(table))]
        top = [r for r in ml.top_rows(table) if ax.number_at(table, r, "amount") is not None]
        if reported is None or not top or ml.any_unreadable(ctx, involved):
            continue
        parts = [ml.interval_at(table, r, "amount") for r in top]
        computed = ml.sum_interval(p for p in parts if p is not None)
        if _is_zero(reported) and computed.lo > 0:
            continue  # a 合计 of 0 over filled items: B108
        if not reported.meets(computed):
            yield hit(
                ax.cell_at(table, trow, "amount"),
                *(ax.cell_at(table, r, "amount") for r in top),
                sheet=table.sheet,
                total=ml.show(reported.mid),
                sum=ml.show(computed.mid),
                items=len(top),
                **_sum_params(reported, computed),
            )


@rule(
    "B102",
    "share-mismatch",
    ERROR,
    group=G,
    message_zh="“{name}”占比 {share}% 与金额 ÷ 合计 = {computed}% 不符",
    message_en="the share of {name!r}, {share} %, differs from amount ÷ total = {computed} %",
    hint_zh="请按“金额 ÷ 合计 × 100”重新计算占比（保留两位小数）",
    hint_en="recompute the share as amount ÷ total × 100 (two decimals)",
)
def share_mismatch(ctx: Context) -> Iterator[Hit]:
    """Checks each 占比 against its amount ÷ 合计, by rounding intervals.

    The quotient of two rounded figures is itself an interval; the printed share passes
    when its own interval (±0.005 for 2 decimals) meets it. A share that is right against
    the items' sum is accepted too (then only the 合计 is wrong, which B101 reports).

    Why it matters: shares are copied into the narrative of the report; a wrong one
    (38.28 % where 38.29 % is right) is a published error.

    Example: 行政运行 922.57 of 1482.05 shown as 62.25 -> no finding; shown as 62.35 -> finding.
    """
    for kind in BREAKDOWNS:
        table = ctx.table(kind)
        if table is None:
            continue
        trow = ax.total_row(table)
        suspects = {cell for cell, _, _ in ml.unit_outliers(ctx)}
        for r, verdict, computed, value in ml.share_checks(ctx, kind):
            if verdict != ml.MISMATCH or r == trow or ax.cell_at(table, r, "amount") in suspects:
                continue  # an amount in the wrong unit is reported once, by B109
            cells = [ax.cell_at(table, r, "share"), ax.cell_at(table, r, "amount")]
            if trow is not None:
                cells.append(ax.cell_at(table, trow, "amount"))
            yield hit(
                *cells,
                sheet=table.sheet,
                name=ax.text(ax.value_at(table, r, "name")),
                share=value,
                computed=ml.show(computed.mid),
            )


@rule(
    "B103",
    "shares-not-100",
    ERROR,
    group=G,
    message_zh="{sheet}的占比合计为 {sum}%，应为 100%",
    message_en="the shares on {sheet} add up to {sum} %, not 100 %",
    hint_zh="请核对各行占比，合计行占比应为 100",
    hint_en="check the shares; the 合计 row's share must be 100",
)
def shares_sum(ctx: Context) -> Iterator[Hit]:
    """Checks that the shares of a breakdown add up to 100 and that the 合计 row shows 100.

    Each share shown to 2 decimals stands for ±0.005, so ten shares may add up to
    99.95 … 100.05 without a mistake. Rows whose own share is already reported wrong
    (B102, B110) are not summed again.

    Why it matters: shares that do not close show that a figure was changed and the
    shares were not recomputed.

    Example: the seed's shares add up to 100.00 -> no finding; the 合计 row's 占比 typed as 99 -> finding.
    """
    for kind in BREAKDOWNS:
        table = ctx.table(kind)
        if table is None:
            continue
        trow = ax.total_row(table)
        checks = ml.share_checks(ctx, kind)
        for r, verdict, _, value in checks:
            if r == trow and verdict == ml.MISMATCH:
                yield hit(ax.cell_at(table, r, "share"), sheet=table.sheet, sum=value)
        if any(v not in (ml.OK, ml.SCALED) for r, v, _, _ in checks if r != trow):
            continue
        top = ml.top_rows(table)
        scaled = {r for r, v, _, _ in checks if v == ml.SCALED}
        shares = [ml.interval_at(table, r, "share") for r in top]
        shares = [
            s * Interval.exact(100) if s is not None and r in scaled else s for r, s in zip(top, shares, strict=True)
        ]
        if not shares or any(s is None for s in shares):
            continue
        got = ml.sum_interval(s for s in shares if s is not None)
        if not got.meets(Interval.exact(100)):
            anchor = ax.cell_at(table, trow, "share") if trow is not None else ax.cell_at(table, top[-1], "share")
            yield hit(anchor, *(ax.cell_at(table, r, "share") for r in top), sheet=table.sheet, sum=ml.show(got.mid))


@rule(
    "B104",
    "subtotal-mismatch",
    ERROR,
    group=G,
    message_zh="{sheet}科目 {code} 的金额 {total} 与其下级科目之和 {sum} 不符（相差 {diff}）",
    message_en="on {sheet}, subject {code} shows {total} but its sub-items add up to {sum} (difference {diff})",
    hint_zh="类级金额应等于所属款级之和，款级应等于所属项级之和，请核对",
    hint_en="a 类 row must equal the sum of its 款 rows and a 款 row the sum of its 项 rows; correct them",
)
def subtotal_mismatch(ctx: Context) -> Iterator[Hit]:
    """Checks 类/款/项 subtotals when 科目编码 is given (3, 5, 7 digits).

    A row whose code is a prefix of other rows' codes is their subtotal: a 类 (3 digits)
    is the sum of its 款 (5 digits), a 款 the sum of its 项 (7 digits).

    Why it matters: the functional classification is reconciled level by level against
    the final accounts (决算); a subtotal that does not close is a copying error.

    Example: 208 人力资源和社会保障 1078.54 over 20801 … + 20805 … adding up to 1078.54 ->
    no finding; 208 typed as 1087.54 -> finding on the 208 row and its 款 rows.
    """
    for table in _breakdowns(ctx):
        for parent, kids in ml.code_children(table).items():
            reported = ml.interval_at(table, parent, "amount")
            parts = [iv for r in kids if (iv := ml.interval_at(table, r, "amount")) is not None]
            involved = [ax.cell_at(table, r, "amount") for r in (parent, *kids)]
            if reported is None or not parts or ml.any_unreadable(ctx, involved):
                continue
            computed = ml.sum_interval(parts)
            if _is_zero(reported) and computed.lo > 0:
                continue  # B108
            if not reported.meets(computed):
                yield hit(
                    ax.cell_at(table, parent, "amount"),
                    *(ax.cell_at(table, r, "amount") for r in kids),
                    sheet=table.sheet,
                    code=ml.subject_code(ax.value_at(table, parent, "code")),
                    total=ml.show(reported.mid),
                    sum=ml.show(computed.mid),
                    **_sum_params(reported, computed),
                )


def _carry(ctx: Context, key: str) -> tuple[Interval, CellRef | None]:
    item = ctx.submission.basic.get(key)
    iv = ml.item_interval(item)
    return (iv if iv is not None else ZERO_IV), (item.cell if item is not None else None)


@rule(
    "B105",
    "income-expense-unbalanced",
    ERROR,
    group=G,
    message_zh=(
        "收支不平衡：本年收入 {income} + 年初结转结余 {opening} ≠ 本年支出 {expense} + 年末结转结余 {closing}"
        "（相差 {diff}）"
    ),
    message_en=(
        "income {income} + opening carry-over {opening} ≠ expense {expense} + closing carry-over {closing}"
        " (difference {diff})"
    ),
    hint_zh="请核对收入、支出合计和基本情况中的年初、年末结转结余",
    hint_en="check the income and expense totals and the carry-overs on 基本情况",
)
def income_expense_balance(ctx: Context) -> Iterator[Hit]:
    """Checks 本年收入 + 年初结转结余 = 本年支出 + 年末结转结余.

    Income and expense are the 合计 rows of 收入情况 and 支出情况 (the items' sum when a
    table has no 合计); the carry-overs come from 基本情况 (empty = 0, as the template says).
    The finding sits on the carry-overs: each total is held to its items by B101, so a gap
    between two totals that add up is a carry-over missing or wrong (湖南's form prints no
    结转 line: income 2030.12, expense 1925.67, the 104.45 belongs in 年末结转结余). The
    totals are named as 另见. The carry-over that would close the gap comes first.

    Why it matters: money does not appear or vanish; an unbalanced report has a wrong
    total or a carry-over left out.

    Example: the seed: 1482.05 + 0 = 1482.05 + 0 -> no finding; 支出情况 合计 1480.05 with
    no carry-over -> finding.
    """
    income_t, expense_t = ctx.table(Kind.INCOME), ctx.table(Kind.EXPENSE)
    if income_t is None or expense_t is None:
        return
    blocked = ml.unreadable_cells(ctx)
    income, expense = ml.breakdown_total(income_t, blocked), ml.breakdown_total(expense_t, blocked)
    if income is None or expense is None:
        return
    opening, opening_cell = _carry(ctx, "opening_balance")
    closing, closing_cell = _carry(ctx, "closing_balance")
    if ml.any_unreadable(ctx, (opening_cell, closing_cell)):
        return
    left, right = income[0] + opening, expense[0] + closing
    if not left.meets(right):
        # Money left over belongs in 年末结转结余 (or a typed one is wrong); money missing, in 年初.
        closing_first = left.lo > right.hi or not _is_zero(closing)
        carry = (closing_cell, opening_cell) if closing_first else (opening_cell, closing_cell)
        yield hit(
            *(c for c in carry if c is not None),
            related=(income[1], expense[1]),
            income=ml.show(income[0].mid),
            expense=ml.show(expense[0].mid),
            opening=ml.show(opening.mid),
            closing=ml.show(closing.mid),
            **_sum_params(left, right),
        )


def _basic(ctx: Context, key: str) -> tuple[Interval | None, CellRef | None]:
    item = ctx.submission.basic.get(key)
    return ml.item_interval(item), (item.cell if item is not None else None)


@rule(
    "B106",
    "fund-sources-mismatch",
    ERROR,
    group=G,
    message_zh="整体支出预算资金总额 {total} ≠ 财政拨款 {fiscal} + 其他资金 {other}（相差 {diff}）",
    message_en="total budget funds {total} ≠ fiscal appropriation {fiscal} + other funds {other} (difference {diff})",
    hint_zh="总额应等于财政拨款与其他资金之和，请核对",
    hint_en="the total must equal the fiscal appropriation plus other funds; correct them",
)
def fund_sources(ctx: Context) -> Iterator[Hit]:
    """Checks 整体支出预算资金总额 = 财政拨款 + 其他资金 (an empty 其他资金 is 0).

    An empty 财政拨款 is not judged: provincial forms print 一般公共预算 and 政府性基金 apart and no
    财政拨款 line (湖南), so the template cannot know it; nothing is said rather than a wrong sum.

    Why it matters: the fund sources are how the bureau traces the money; a total that
    is not their sum means one of them is wrong.

    Example: the seed: 1482.05 = 1482.05 + 0 -> no finding; 财政拨款 1400.00 with no
    其他资金 -> finding.
    """
    total_iv, total_cell = _basic(ctx, "total_funds")
    fiscal, fiscal_cell = _basic(ctx, "fiscal_funds")
    other, other_cell = _basic(ctx, "other_funds")
    if total_iv is None or total_cell is None or fiscal is None:
        return
    if ml.any_unreadable(ctx, (total_cell, fiscal_cell, other_cell)):
        return
    parts = (fiscal or ZERO_IV) + (other or ZERO_IV)
    if _is_zero(total_iv) and parts.lo > 0:
        return  # B108
    if not total_iv.meets(parts):
        yield hit(
            total_cell,
            *(c for c in (fiscal_cell, other_cell) if c is not None),
            total=ml.show(total_iv.mid),
            fiscal=ml.show((fiscal or ZERO_IV).mid),
            other=ml.show((other or ZERO_IV).mid),
            **_sum_params(total_iv, parts),
        )


@rule(
    "B107",
    "expense-exceeds-funds",
    WARNING,
    group=G,
    message_zh="本年支出 {expense} 超过可用资金：整体支出预算资金总额 {total} + 年初结转结余 {opening}",
    message_en=(
        "expense {expense} exceeds the funds available: total budget funds {total} + opening carry-over {opening}"
    ),
    hint_zh="请核对支出合计与整体支出预算资金总额，或说明超支原因",
    hint_en="check the expense total against the total budget funds, or explain the overspending",
)
def expense_within_funds(ctx: Context) -> Iterator[Hit]:
    """Checks that the 支出情况 合计 does not exceed 整体支出预算资金总额 plus 年初结转结余.

    Spending less than the budget is normal (执行率 < 100 %); spending more than the
    budget and the carry-over together is not possible without a mistake or an explanation.

    Why it matters: it ties the breakdown to the budget figures of 基本情况.

    Example: the seed: 1482.05 ≤ 1482.05 + 0 -> no finding; 支出情况 in 元 (14820500) -> finding.
    """
    table = ctx.table(Kind.EXPENSE)
    expense = ml.breakdown_total(table, ml.unreadable_cells(ctx)) if table is not None else None
    total_iv, total_cell = _basic(ctx, "total_funds")
    if expense is None or total_iv is None or total_cell is None or _is_zero(total_iv):
        return
    opening, opening_cell = _carry(ctx, "opening_balance")
    if ml.any_unreadable(ctx, (opening_cell,)):
        return
    available = total_iv + opening
    if expense[0].lo > available.hi:
        yield hit(
            expense[1],
            total_cell,
            expense=ml.show(expense[0].mid),
            total=ml.show(total_iv.mid),
            opening=ml.show(opening.mid),
        )


@rule(
    "B108",
    "zero-total-with-items",
    ERROR,
    group=G,
    message_zh="“{label}”为 {total}，但其下各项合计 {sum}",
    message_en="{label!r} is {total} although the items under it add up to {sum}",
    hint_zh="请填写总额（应为各项之和），不要留 0 或空白",
    hint_en="fill in the total (the sum of its items) instead of leaving 0 or blank",
)
def zero_total(ctx: Context) -> Iterator[Hit]:
    """Finds a 总额 left at 0 (or blank) while the rows under it hold money.

    Covers 整体支出预算资金总额 (0 or left blank) over 财政拨款 / 其他资金, and a 0 in the 合计
    of 收入情况 / 支出情况 / 项目支出 or in a 类 or 款 subtotal over its sub-items. A blank or
    unreadable table total is not reported here (the reader reports formulas it could not
    compute and values it could not read).

    Why it matters: a real and common error in published submissions: the total row of
    zeros while its 其中 rows hold the money (domain spec §5.1).

    Example: 整体支出预算资金总额 0 with 财政拨款 1482.05 -> finding; 1482.05 -> none.
    """
    total_iv, total_cell = _basic(ctx, "total_funds")
    fiscal, fiscal_cell = _basic(ctx, "fiscal_funds")
    other, other_cell = _basic(ctx, "other_funds")
    parts = (fiscal or ZERO_IV) + (other or ZERO_IV)
    total_item = ctx.submission.basic.get("total_funds")
    unreadable = total_iv is None and total_item is not None and ax.text(total_item.raw) != ""
    if total_cell is not None and (fiscal or other) and parts.lo > 0 and _is_zero(total_iv) and not unreadable:
        yield hit(
            total_cell,
            *(c for c in (fiscal_cell, other_cell) if c is not None),
            label="整体支出预算资金总额",
            total=0.0,
            sum=ml.show(parts.mid),
        )
    for table in _breakdowns(ctx):
        yield from _zero_table_total(table, [("amount", ml.top_rows(table))])
        for parent, kids in ml.code_children(table).items():
            reported = ml.interval_at(table, parent, "amount")
            kid_parts = [iv for r in kids if (iv := ml.interval_at(table, r, "amount")) is not None]
            if kid_parts and reported is not None and _is_zero(reported) and ml.sum_interval(kid_parts).lo > 0:
                yield hit(
                    ax.cell_at(table, parent, "amount"),
                    *(ax.cell_at(table, r, "amount") for r in kids),
                    label=f"{table.sheet} {ml.subject_code(ax.value_at(table, parent, 'code'))}",
                    total=0.0,
                    sum=ml.show(ml.sum_interval(kid_parts).mid),
                )
    projects = ctx.table(Kind.PROJECTS)
    if projects is not None:
        fields = [(f, ax.rows(projects)) for f in ("initial_budget", "budget", "spent") if f in projects.columns]
        yield from _zero_table_total(projects, fields)


def _zero_table_total(table: Table, fields: Sequence[tuple[str, list[int]]]) -> Iterator[Hit]:
    trow = ax.total_row(table)
    if trow is None:
        return
    layout = TABLES[table.kind]
    for field, items in fields:
        parts = [iv for r in items if (iv := ml.interval_at(table, r, field)) is not None]
        if not parts or ml.sum_interval(parts).lo <= 0:
            continue
        if field not in table.columns:
            continue
        reported = ml.interval_at(table, trow, field)
        # Only a 0 that is there: a blank or unreadable total is the reader's (F003/F004) to report.
        if reported is not None and _is_zero(reported):
            yield hit(
                ax.cell_at(table, trow, field),
                *(ax.cell_at(table, r, field) for r in items if ax.number_at(table, r, field) is not None),
                label=f"{table.sheet}合计{layout.column(field).header}",
                total=0.0,
                sum=ml.show(ml.sum_interval(parts).mid),
            )


@rule(
    "B109",
    "amount-unit-outlier",
    ERROR,
    group=G,
    message_zh="金额 {value} 约为同组金额（中位数 {median}）的 {ratio} 倍，疑似按“元”填入了以“{unit}”为单位的表",
    message_en=(
        "amount {value} is about {ratio}× its peers (median {median}): probably entered in 元 where {unit} is declared"
    ),
    hint_zh="请按基本情况中的金额单位（{unit}）填写，如 797876.4 元应填 79.79 万元",
    hint_en="enter amounts in the declared unit ({unit}): 797876.4 元 is 79.79 万元",
)
def unit_outlier(ctx: Context) -> Iterator[Hit]:
    """Finds an amount about 10 000× its peers: 元 entered where 万元 is declared.

    Peers are the other items of the same breakdown, the other amounts of 项目支出, and
    the amounts of 基本情况 with the two totals. An amount at least
    ``[money] unit_outlier_factor`` (default 3000) times the median of at least two peers
    is reported — where 万元 is declared, only from 10000 up (a 元 figure of at least
    1 万元), and never where 元 is declared (there is no smaller unit to mistype); the
    seed's legitimate spread (7.03 … 922.57) is about 130×.

    Why it matters: the same report often quotes a figure in both units (797876.4 元 =
    79.79 万元); copied into the wrong column it makes every total wrong by 10 000×.

    Example: the rent project's 全年预算数 typed as 797876.4 beside 16.8 and 7.69 -> finding;
    79.79 -> none.
    """
    unit = ax.text(ctx.submission.value("money_unit")) or "万元"
    for cell, value, median in ml.unit_outliers(ctx):
        yield hit(cell, value=value, median=ml.show(median), ratio=round(value / median), unit=unit)


@rule(
    "B110",
    "percent-typed-as-fraction",
    ERROR,
    group=G,
    message_zh="{column} {value} 像是按小数填写（应为 {computed}%），与本列按百分数填写的其他行不一致",
    message_en="{column} {value} looks typed as a fraction of 1 (it should be {computed} %); the column is in percent",
    hint_zh="请按百分数填写（如 62.25 表示 62.25%），或把单元格设置为百分比格式",
    hint_en="type the percentage (62.25 for 62.25 %), or format the cell as a percentage",
)
def percent_scale(ctx: Context) -> Iterator[Hit]:
    """Finds a 占比 or 执行率 typed as a fraction of 1 (0.9) where the column is in percent (90).

    A value at most 1 that disagrees with the computed percentage but agrees with it once
    multiplied by 100 was typed on the wrong scale. (A cell formatted as a percentage is
    read correctly either way. An .ods carries no number formats, so there such a value is
    taken as a percentage cell and counted as 100 × its value, not reported.)

    Why it matters: percentages typed as 0.9 in one row and 90 in the next are a common
    error of published reports (domain spec §5.12); sums and averages over the column
    become meaningless.

    Example: 行政运行 占比 0.6225 in a plain cell -> finding; 62.25 -> none.
    """
    for kind in BREAKDOWNS:
        table = ctx.table(kind)
        if table is None:
            continue
        for r, verdict, computed, value in ml.share_checks(ctx, kind):
            if verdict == ml.FRACTION:
                yield hit(
                    ax.cell_at(table, r, "share"),
                    column="占比",
                    value=value,
                    computed=ml.show(computed.mid),
                )
    projects = ctx.table(Kind.PROJECTS)
    if projects is not None:
        for r, verdict, computed, value in ml.rate_checks(ctx):
            if verdict == ml.FRACTION:
                yield hit(ax.cell_at(projects, r, "rate"), column="执行率", value=value, computed=ml.show(computed.mid))


@rule(
    "B111",
    "projects-exceed-department",
    ERROR,
    group=G,
    message_zh="项目支出合计{column} {projects} 超过{against} {department}",
    message_en="the projects' total {column} {projects} exceeds {against} {department}",
    hint_zh="项目资金是部门资金的一部分，请核对项目支出表和部门收支数",
    hint_en="project money is part of the department's; check 项目支出 against the department figures",
)
def projects_within_department(ctx: Context) -> Iterator[Hit]:
    """Checks that the projects' money fits inside the department's.

    The 项目支出 合计 全年执行数 cannot exceed the 支出情况 合计, and its 全年预算数 cannot
    exceed 整体支出预算资金总额 plus 年初结转结余: project spending is part of the
    department's spending.

    Why it matters: the two tables are filled from different documents; a project table
    in the wrong unit or with a project of another department shows up here.

    Example: the seed: projects 104.28 of 1482.05 -> no finding; a project 全年执行数 of
    1500 -> finding.
    """
    projects = ctx.table(Kind.PROJECTS)
    if projects is None:
        return
    trow = ax.total_row(projects)

    def projects_total(field: str) -> tuple[Interval, CellRef] | None:
        if field not in projects.columns:
            return None
        involved = [ax.cell_at(projects, r, field) for r in (*ax.rows(projects), *([trow] if trow is not None else []))]
        if ml.any_unreadable(ctx, involved):
            return None
        if trow is not None and (iv := ml.interval_at(projects, trow, field)) is not None and not _is_zero(iv):
            return iv, ax.cell_at(projects, trow, field)
        parts = [iv for r in ax.rows(projects) if (iv := ml.interval_at(projects, r, field)) is not None]
        if not parts:
            return None
        return ml.sum_interval(parts), ax.cell_at(projects, ax.rows(projects)[-1], field)

    expense_t = ctx.table(Kind.EXPENSE)
    expense = ml.breakdown_total(expense_t, ml.unreadable_cells(ctx)) if expense_t is not None else None
    spent = projects_total("spent")
    if spent is not None and expense is not None and spent[0].lo > expense[0].hi:
        yield hit(
            spent[1],
            expense[1],
            column="全年执行数",
            projects=ml.show(spent[0].mid),
            against="支出情况合计",
            department=ml.show(expense[0].mid),
        )
    funds, funds_cell = _basic(ctx, "total_funds")
    budget = projects_total("budget")
    if budget is not None and funds is not None and funds_cell is not None and not _is_zero(funds):
        opening, _ = _carry(ctx, "opening_balance")
        available = funds + opening
        if budget[0].lo > available.hi:
            yield hit(
                budget[1],
                funds_cell,
                column="全年预算数",
                projects=ml.show(budget[0].mid),
                against="整体支出预算资金总额 + 年初结转结余",
                department=ml.show(available.mid),
            )
