"""Money helpers shared by rules: figures as rounding intervals, 科目编码 levels, peers, key figures.

Cells are read through ``evaltool.checks.access`` (the one table access of the rules).

Every figure a rule compares goes through ``interval_at`` / ``item_interval`` so the allowed
difference always follows from how the figure is shown (``check/rounding.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from evaltool.checks.access import cell_at, number, number_at, places_at, rows, text, total_row, value_at
from evaltool.checks.rounding import Interval, as_float, interval, total
from evaltool.findings import CellRef
from evaltool.layout import Kind

if TYPE_CHECKING:
    from evaltool.checks.context import Context
    from evaltool.model import Item, Submission, Table

AMOUNT_DECIMALS: Final = 2  # the template shows amounts, shares and rates to 2 decimals
HUNDRED: Final = Decimal(100)
_CODE: Final = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def decimals_at(table: Table, row: int, field: str, default: int = AMOUNT_DECIMALS) -> int:
    """How many decimals the value at (row, field) is shown with (template default when unknown)."""
    places = places_at(table, row, field)
    return default if places is None else places


def interval_at(
    table: Table, row: int, field: str, *, truncated: bool = False, default: int = AMOUNT_DECIMALS
) -> Interval | None:
    """The rounding interval of the figure at (row, field), or None when the cell is empty."""
    v = number_at(table, row, field)
    if v is None:
        return None
    return interval(v, decimals_at(table, row, field, default), truncated=truncated)


def item_interval(item: Item | None, default: int = AMOUNT_DECIMALS) -> Interval | None:
    """The rounding interval of a 基本情况 figure, or None when absent / empty."""
    if item is None:
        return None
    v = number(item.value)
    if v is None:
        return None
    return interval(v, item.decimals if item.decimals is not None else default)


def show(value: Decimal | float, decimals: int = AMOUNT_DECIMALS) -> float:
    """A figure for messages and JSON, rounded to what the sheet shows."""
    return as_float(Decimal(value) if not isinstance(value, Decimal) else value, decimals)


def sum_interval(parts: Iterable[Interval]) -> Interval:
    """The interval of a sum."""
    return total(parts)


def shown_sum(parts: Sequence[Interval]) -> Decimal:
    """The sum of the figures as shown (centres of their intervals)."""
    return sum((p.mid for p in parts), Decimal(0))


# --- 科目编码 levels ---------------------------------------------------------------------------


def subject_code(value: Any) -> str:
    """A 科目编码 as digits ('' when empty or not a 3/5/7-digit code).

    Excel may hold 2080101 as a number: 2080101.0 becomes ``2080101``.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = "".join(text(value).split())
    return code if _CODE.match(code) else ""


def code_parents(table: Table) -> dict[int, int | None]:
    """Each data row's parent row by 科目编码 (the nearest ancestor code present), or None.

    A row without a code, or whose ancestors are not in the table, has no parent: it is
    one of the rows the 合计 adds up.
    """
    if "code" not in table.df.columns:
        return dict.fromkeys(rows(table))
    codes = {r: subject_code(value_at(table, r, "code")) for r in rows(table)}
    by_code: dict[str, int] = {}
    for r, c in codes.items():
        if c and c not in by_code:
            by_code[c] = r
    out: dict[int, int | None] = {}
    for r, c in codes.items():
        parent = None
        for length in (5, 3):
            if len(c) > length and c[:length] in by_code:
                parent = by_code[c[:length]]
                break
        out[r] = parent
    return out


def code_children(table: Table) -> dict[int, list[int]]:
    """Rows that have children by 科目编码 -> their direct children, in sheet order."""
    out: dict[int, list[int]] = {}
    for r, parent in code_parents(table).items():
        if parent is not None:
            out.setdefault(parent, []).append(r)
    return out


def top_rows(table: Table) -> list[int]:
    """The rows a 合计 adds up: those without a parent row by 科目编码."""
    return [r for r, parent in code_parents(table).items() if parent is None]


# --- peers: 元 entered where 万元 is declared --------------------------------------------------


def outliers(
    values: Sequence[tuple[CellRef, float]], factor: float, floor: float = 0.0
) -> list[tuple[CellRef, float, float]]:
    """Values at least ``factor`` times the median of their peers: (cell, value, peers' median).

    Only positive values count, and a value needs at least two peers: with a single peer
    nobody can say which of the two is off. Values below ``floor`` are never reported.
    """
    positive = sorted(((v, c) for c, v in values if v > 0), key=lambda vc: vc[0])
    ordered = [v for v, _ in positive]
    n = len(ordered)
    out = []
    # Sorted once: the median of "everyone but k" is read off the sorted list (O(n log n) in all,
    # a sheet of thousands of rows included).
    for k, (v, cell) in enumerate(positive):
        m = n - 1
        if m < 2:
            break

        def peer(j: int, k: int = k) -> float:
            return ordered[j] if j < k else ordered[j + 1]

        median = peer(m // 2) if m % 2 else (peer(m // 2 - 1) + peer(m // 2)) / 2
        if median > 0 and v >= factor * median and v >= floor:
            out.append((cell, v, median))
    return out


# --- percent scale: 0.9 typed where 90 is meant ------------------------------------------------


def fraction_typed(reported: Interval, computed: Interval, value: float) -> bool:
    """Whether a percent figure that disagrees was typed as a fraction of 1 (0.6225 for 62.25 %).

    True when the figure is at most 1 and, read as a fraction (×100), it agrees with the
    computed percentage; the reported interval scales with it.
    """
    if not 0 < value <= 1:
        return False
    scaled = Interval(reported.lo * HUNDRED, reported.hi * HUNDRED)
    return scaled.meets(computed) and not reported.meets(computed)


# --- key figures --------------------------------------------------------------------------------


# Reader codes for a value cell it could not read (text, an uncalculated formula, #N/A):
# rules do not reconcile figures that include such a cell — it is reported once, by the reader.
UNREADABLE_CODES: Final = ("F003", "F004", "F006")


def unreadable_cells(ctx: Context) -> frozenset[CellRef]:
    """The cells the reader reported as unreadable (cached per run)."""
    if "unreadable_cells" not in ctx.cache:
        ctx.cache["unreadable_cells"] = frozenset(
            f.cells[0] for f in ctx.submission.findings if f.code in UNREADABLE_CODES and f.cells
        )
    found: frozenset[CellRef] = ctx.cache["unreadable_cells"]
    return found


def any_unreadable(ctx: Context, cells: Iterable[CellRef | None]) -> bool:
    """Whether any of these cells holds a value the reader could not read."""
    blocked = unreadable_cells(ctx)
    return bool(blocked) and any(c in blocked for c in cells if c is not None)


def breakdown_total(table: Table, blocked: frozenset[CellRef] = frozenset()) -> tuple[Interval, CellRef] | None:
    """A breakdown's total: the 合计 amount when given, else the sum of its top rows.

    None when it cannot be known: no figures, or a figure involved is in ``blocked``. A 合计
    of 0 over no items is a table left empty (a project card has no 支出情况), not a department
    that spent nothing: None too, so no rule compares the department's money with it.
    """
    row = total_row(table)
    if row is not None:
        if cell_at(table, row, "amount") in blocked:
            return None
        iv = interval_at(table, row, "amount")
        if iv is not None:
            if iv.lo <= 0 <= iv.hi and all(number_at(table, r, "amount") is None for r in rows(table)):
                return None
            return iv, cell_at(table, row, "amount")
    if any(cell_at(table, r, "amount") in blocked for r in top_rows(table)):
        return None
    parts = [iv for r in top_rows(table) if (iv := interval_at(table, r, "amount")) is not None]
    if not parts:
        return None
    anchor = top_rows(table)[-1]
    return sum_interval(parts), cell_at(table, anchor, "amount")


def money_figures(ctx: Context) -> dict[str, float]:
    """收入合计 / 支出合计 and the projects' budget and spending totals, as the sheets show them."""
    sub: Submission = ctx.submission
    out: dict[str, float] = {}
    for kind, key in ((Kind.INCOME, "income_total"), (Kind.EXPENSE, "expense_total")):
        table = sub.tables.get(kind)
        found = breakdown_total(table, unreadable_cells(ctx)) if table is not None else None
        if found is not None:
            out[key] = show(found[0].mid)
    projects = sub.tables.get(Kind.PROJECTS)
    if projects is not None:
        for field, key in (("budget", "project_budget_total"), ("spent", "project_spent_total")):
            parts = [iv for r in rows(projects) if (iv := interval_at(projects, r, field)) is not None]
            if parts:
                out[key] = show(shown_sum(parts))
    return out


# --- percent figures computed from amounts: 占比 and 执行率 ---------------------------------------

# SCALED: agrees once read as a fraction of 1, in a file without number formats (.ods), where
# that is what a percentage cell showing 62.25 % holds: right, and worth 100 × its value.
OK, FRACTION, MISMATCH, SCALED = "ok", "fraction", "mismatch", "scaled"


def percent_verdict(
    reported_value: float, reported: Interval, computed: Sequence[Interval], formats_known: bool = True
) -> str:
    """``ok`` when the reported percent agrees with any computed candidate, ``fraction`` when it
    agrees only once read as a fraction of 1 (0.6225 for 62.25), else ``mismatch``.

    Without number formats (an .ods) a fraction may be a percentage cell showing 62.25 %: it
    cannot be told from a typing error, so it is ``scaled`` (right, worth 100 × its value).
    """
    if any(reported.meets(c) for c in computed):
        return OK
    if any(fraction_typed(reported, c, reported_value) for c in computed):
        return FRACTION if formats_known else SCALED
    return MISMATCH


def ratio_percent(part: Interval, whole: Interval) -> Interval | None:
    """``part ÷ whole × 100`` as an interval, or None when ``whole`` may be 0."""
    if whole.lo <= 0:
        return None
    q = part / whole
    return Interval(q.lo * HUNDRED, q.hi * HUNDRED)


def share_checks(ctx: Context, kind: Kind) -> list[tuple[int, str, Interval, float]]:
    """For each row of a breakdown with an amount and a 占比: (row, verdict, computed, reported).

    The 占比 may be computed against the 合计 or against the items' sum: when the 合计 itself
    is wrong the total rule reports it, and the shares are not blamed a second time.
    The 合计 row's own 占比 is included (computed: 100).
    """
    key = f"share_checks:{kind}"
    if key in ctx.cache:
        return list(ctx.cache[key])
    table = ctx.table(kind)
    out: list[tuple[int, str, Interval, float]] = []
    if table is not None and "share" in table.df.columns:
        denominators: list[Interval] = []
        trow = total_row(table)
        if trow is not None and (t := interval_at(table, trow, "amount")) is not None:
            denominators.append(t)
        parts = [iv for r in top_rows(table) if (iv := interval_at(table, r, "amount")) is not None]
        if parts:
            denominators.append(sum_interval(parts))
        for r in rows(table):
            amount = interval_at(table, r, "amount")
            share_value = number_at(table, r, "share")
            if amount is None or share_value is None:
                continue
            candidates = [c for d in denominators if (c := ratio_percent(amount, d)) is not None]
            if not candidates:
                continue
            reported = interval(share_value, decimals_at(table, r, "share"))
            verdict = percent_verdict(share_value, reported, candidates, ctx.submission.formats_known)
            out.append((r, verdict, candidates[0], share_value))
        if trow is not None and (tshare := number_at(table, trow, "share")) is not None:
            tamount = number_at(table, trow, "amount")
            if tamount is not None and tamount > 0:
                reported = interval(tshare, decimals_at(table, trow, "share"))
                hundred = Interval.exact(100)
                verdict = percent_verdict(tshare, reported, [hundred], ctx.submission.formats_known)
                out.append((trow, verdict, hundred, tshare))
    ctx.cache[key] = out
    return list(out)


def rate_checks(ctx: Context) -> list[tuple[int, str, Interval, float]]:
    """For each 项目支出 row (合计 included) with a 执行率: (row, verdict, computed, reported).

    执行率 = 全年执行数 ÷ 全年预算数 × 100 (the adjusted budget, not 年初预算数).
    """
    if "rate_checks" in ctx.cache:
        return list(ctx.cache["rate_checks"])
    table = ctx.table(Kind.PROJECTS)
    out: list[tuple[int, str, Interval, float]] = []
    if table is not None and "rate" in table.df.columns:
        trow = total_row(table)
        for r in [*rows(table), *([trow] if trow is not None else [])]:
            rate = number_at(table, r, "rate")
            budget = interval_at(table, r, "budget")
            spent = interval_at(table, r, "spent")
            if rate is None or budget is None or spent is None:
                continue
            computed = ratio_percent(spent, budget)
            if computed is None:
                continue
            reported = interval(rate, decimals_at(table, r, "rate"))
            verdict = percent_verdict(rate, reported, [computed], ctx.submission.formats_known)
            out.append((r, verdict, computed, rate))
    ctx.cache["rate_checks"] = out
    return list(out)


def unit_outliers(ctx: Context) -> list[tuple[CellRef, float, float]]:
    """Amounts about 10 000× their peers (元 entered where 万元 is declared): (cell, value, median).

    Peers: the items of one breakdown; the amounts of 项目支出; the 基本情况 amounts together
    with the two breakdown totals. Cached per run (B109 reports them, B102 skips them).
    """
    if "unit_outliers" in ctx.cache:
        return list(ctx.cache["unit_outliers"])
    factor = ctx.settings.unit_outlier_factor
    pools: list[list[tuple[CellRef, float]]] = []
    breakdowns = [t for k in (Kind.INCOME, Kind.EXPENSE) if (t := ctx.table(k)) is not None]
    for table in breakdowns:
        pools.append(
            [(cell_at(table, r, "amount"), v) for r in rows(table) if (v := number_at(table, r, "amount")) is not None]
        )
    projects = ctx.table(Kind.PROJECTS)
    if projects is not None:
        pools.append(
            [
                (cell_at(projects, r, f), v)
                for r in rows(projects)
                for f in ("initial_budget", "budget", "spent")
                if f in projects.columns and (v := number_at(projects, r, f)) is not None
            ]
        )
    dept: list[tuple[CellRef, float]] = []
    for key in ("budget_income", "budget_expense", "total_funds", "fiscal_funds", "other_funds"):
        item = ctx.submission.basic.get(key)
        if item is not None and (v := number(item.value)) is not None:
            dept.append((item.cell, v))
    for table in breakdowns:
        trow = total_row(table)
        if trow is not None and (v := number_at(table, trow, "amount")) is not None:
            dept.append((cell_at(table, trow, "amount"), v))
    pools.append(dept)
    # Where 万元 is declared, a figure typed in 元 is at least 10000 unless the money is under
    # 1 万元: smaller outliers are real small items among large ones, not a unit mistake.
    unit = "".join(text(ctx.submission.value("money_unit")).split()) or "万元"
    floor = 10_000.0 if unit == "万元" else 0.0
    # Where 元 is declared there is no smaller unit to have typed by mistake: a large item
    # among small ones (9225600 元 beside 2000 and 1500) is real money.
    found = [] if unit == "元" else [o for pool in pools for o in outliers(pool, factor, floor)]
    ctx.cache["unit_outliers"] = found
    return list(found)
