"""Rules: scores (S4xx) — 得分 ≤ 分值, the 自评打分表 tree, 自评总分, project weights, score inflation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from evaltool.catalogue import ERROR, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks.context import Context
from evaltool.checks.indicator_rows import indicator_rows, shown_actual, shown_target
from evaltool.checks.rounding import Interval, as_float, interval, total
from evaltool.findings import CellRef
from evaltool.layout import Kind
from evaltool.model import Op, Table

G = "评分 / scores"
# A self-evaluation is scored out of 100 by definition (the grade cut-offs are on this scale).
FULL_MARKS: Final = Decimal(100)
EXECUTION_KEY: Final = "执行率"


def _n(value: Decimal) -> float:
    return as_float(value, 4)


def _exact(value: float) -> Decimal:
    # 分值 are weights: exact as written (8 is 8, not 7.5–8.5); only 得分 are rounded or truncated.
    return il.Figure(value).exact


def _score_iv(table: Table, row: int, key: str, value: float) -> Interval:
    places = ax.places_at(table, row, key)
    return interval(value, places if places is not None else il.Figure(value).places, truncated=True)


# ---------------------------------------------------------------------------------------------
# S401: 得分 ≤ 分值 everywhere


@rule(
    "S401",
    "score-above-points",
    ERROR,
    group=G,
    message_zh="得分 {score} 超过分值 {points}",
    message_en="score {score} is above the points available ({points})",
    hint_zh="得分不能高于分值，请按实际完成情况重新打分",
    hint_en="a score cannot exceed its points: score again by what was achieved",
)
def score_above_points(ctx: Context) -> Iterator[Hit]:
    """Checks 得分 ≤ 分值 in 自评打分表 (its 合计 row too), 项目绩效指标 and 项目支出.

    Why it matters: a score above its weight is impossible and inflates the total; the 扣分项
    row cannot deduct more than its points either. Example: 分值 4, 自评得分 5 -> finding; 4 -> none.
    """
    for kind, points_key, score_key in (
        (Kind.SCORING, "points", "score"),
        (Kind.PROJECT_INDICATORS, "points", "score"),
        (Kind.PROJECTS, "points", "score"),
    ):
        table = ctx.table(kind)
        if table is None or points_key not in table.df.columns or score_key not in table.df.columns:
            continue
        rows: list[tuple[Any, Any, Any, Any]] = [
            (r, ax.value_at(table, int(r), points_key), ax.value_at(table, int(r), score_key), table)
            for r in table.df.index
        ]
        if table.total is not None and points_key in table.total.columns and score_key in table.total.columns:
            rows += [
                (r, ax.value_at(table, r, points_key), ax.value_at(table, r, score_key), None)
                for r in table.total.index
            ]
        for r, p, s, source in rows:
            points, score = ax.number(p), ax.number(s)
            if points is None or score is None:
                continue
            places = ax.places_at(source, int(r), score_key) if source is not None else None
            given = interval(score, places if places is not None else il.Figure(score).places)
            if given.lo > _exact(points):
                yield hit(
                    table.ref(int(r), score_key), related=[table.ref(int(r), points_key)], score=score, points=points
                )


# ---------------------------------------------------------------------------------------------
# The 自评打分表 tree


@dataclass(slots=True)
class Group:
    """A group of 自评打分表 rows sharing a 一级 (or 一级 + 二级) name."""

    name: str
    declared: float | None  # points written in the name: 总体绩效（65分）
    cell: CellRef  # the name's cell
    rows: list[int] = field(default_factory=list)
    children: list[Group] = field(default_factory=list)
    deduction: bool = False


@dataclass(slots=True)
class ScoringTree:
    """The 自评打分表 read as a tree, and its sums."""

    table: Table
    groups: list[Group]
    points: Decimal  # sum of 分值 of the non-扣分项 rows (exact)
    score: Interval  # sum of 自评得分 of the non-扣分项 rows
    deductions: Interval  # sum of the 扣分项 rows' 自评得分
    score_cells: list[CellRef]
    score_shown: Decimal = Decimal(0)  # the same sums of the figures as shown, for messages
    deducted_shown: Decimal = Decimal(0)

    @property
    def recomputed(self) -> Decimal:
        """The scores as shown minus the deductions as shown."""
        return self.score_shown - self.deducted_shown


def _is_deduction(name: str | None) -> bool:
    # il.bare drops numbering (三、扣分项) and declared points (扣分项（10分）).
    return bool(name) and il.bare(name).startswith("扣分")


def scoring_tree(ctx: Context) -> ScoringTree | None:
    """The 自评打分表 as a tree of groups (cached per run); ``checks/figures.py`` reads its figures."""
    if "scoring_tree" in ctx.cache:
        cached: ScoringTree | None = ctx.cache["scoring_tree"]
        return cached
    table = ctx.table(Kind.SCORING)
    tree: ScoringTree | None = None
    if table is not None:
        groups: dict[str, Group] = {}
        points = Decimal(0)
        scores: list[Interval] = []
        deductions: list[Interval] = []
        score_cells: list[CellRef] = []
        shown_sum = {True: Decimal(0), False: Decimal(0)}
        for row in table.df.index:
            r = int(row)
            l1, l2 = ax.text_or_none(ax.value_at(table, r, "level1")), ax.text_or_none(ax.value_at(table, r, "level2"))
            p, s = ax.number_at(table, r, "points"), ax.number_at(table, r, "score")
            if l1 is None and l2 is None and ax.text_or_none(ax.value_at(table, r, "level3")) is None and p is None:
                continue
            g1 = groups.get(l1 or "")
            if g1 is None:
                g1 = Group(l1 or "", ax.number_at(table, r, "level1_points"), ax.cell_at(table, r, "level1"))
                g1.deduction = _is_deduction(l1)
                groups[l1 or ""] = g1
            if g1.declared is None:
                g1.declared = ax.number_at(table, r, "level1_points")
            g2 = next((g for g in g1.children if g.name == (l2 or "")), None)
            if g2 is None:
                g2 = Group(l2 or "", ax.number_at(table, r, "level2_points"), ax.cell_at(table, r, "level2"))
                g1.children.append(g2)
            if g2.declared is None:
                g2.declared = ax.number_at(table, r, "level2_points")
            g1.rows.append(r)
            g2.rows.append(r)
            if s is not None:
                (deductions if g1.deduction else scores).append(_score_iv(table, r, "score", s))
                shown_sum[g1.deduction] += il.Figure(s, ax.places_at(table, r, "score")).exact
                if not g1.deduction:
                    score_cells.append(table.ref(r, "score"))
            if p is not None and not g1.deduction:
                points += _exact(p)
        tree = ScoringTree(
            table, list(groups.values()), points, total(scores), total(deductions), score_cells, *shown_sum.values()
        )
        tree.score_shown, tree.deducted_shown = shown_sum[False], shown_sum[True]
    ctx.cache["scoring_tree"] = tree
    return tree


def _rows_points(table: Table, rows: list[int]) -> Decimal | None:
    values = [ax.number_at(table, r, "points") for r in rows]
    present = [_exact(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@rule(
    "S402",
    "group-points-mismatch",
    ERROR,
    group=G,
    message_zh="“{group}”声明 {declared} 分，下级分值合计 {computed} 分",
    message_en="{group!r} declares {declared} points but its parts add up to {computed}",
    hint_zh="调整下级指标的分值，使其合计等于该组声明的分值",
    hint_en="adjust the parts' points so they add up to the group's declared points",
)
def group_points(ctx: Context) -> Iterator[Hit]:
    """Checks that every group of 自评打分表 with declared points gets them from its children.

    ``总体绩效（65分）`` = its 二级 groups (15 + 25 + 10 + 9 + 6 in the seed), each 二级 group
    (``预算管理（25分）``) = its rows' 分值 (8 + 4 + 6 + 2 + 5). A 二级 group with no declared points
    counts with the sum of its rows. Points are weights: compared exactly.
    Example: 履职效能（15分） over rows of 10 and 4 -> finding; 10 and 5 -> none.
    """
    tree = scoring_tree(ctx)
    if tree is None:
        return
    t = tree.table
    for g1 in tree.groups:
        for g2 in g1.children:
            computed = _rows_points(t, g2.rows)
            if g2.declared is not None and computed is not None and computed != _exact(g2.declared):
                cells = [t.ref(r, "points") for r in g2.rows]
                yield hit(g2.cell, *cells, group=g2.name, declared=g2.declared, computed=_n(computed))
        if g1.declared is None:
            continue
        parts: list[Decimal] = []
        for g2 in g1.children:
            own = _exact(g2.declared) if g2.declared is not None else _rows_points(t, g2.rows)
            if own is not None:
                parts.append(own)
        if parts and sum(parts, Decimal(0)) != _exact(g1.declared):
            cells = [g2.cell for g2 in g1.children]
            yield hit(g1.cell, *cells, group=g1.name, declared=g1.declared, computed=_n(sum(parts, Decimal(0))))


@rule(
    "S403",
    "scoring-total-not-full-marks",
    ERROR,
    group=G,
    message_zh="自评打分表分值合计 {points} 分，应为 {expected} 分（不含扣分项）",
    message_en="the scoring table's points add up to {points}, not {expected} (deductions excluded)",
    hint_zh="调整各项分值，使总分为 100 分；扣分项单列，不计入 100 分",
    hint_en="adjust the points to total 100; the 扣分项 group is separate and not part of the 100",
)
def total_full_marks(ctx: Context) -> Iterator[Hit]:
    """Checks that the 自评打分表's 分值 (扣分项 group aside) add up to 100.

    Why it matters: the score and the grade (优 ≥ 90 …) are on a 100-point scale; a table of 95
    points caps every unit below 优. Example: the seed's 65 + 35 -> none; a row's 分值 4 -> 3 -> finding.
    """
    tree = scoring_tree(ctx)
    if tree is None or tree.points == 0:
        return
    if tree.points != FULL_MARKS:
        first = tree.groups[0].cell if tree.groups else CellRef(tree.table.sheet, "A1")
        yield hit(first, points=_n(tree.points), expected=_n(FULL_MARKS))


@rule(
    "S404",
    "scoring-total-row-mismatch",
    ERROR,
    group=G,
    message_zh="自评打分表合计行的{what} {reported} 与各行计算值 {computed} 不符（舍入允许 ±{allowed}）",
    message_en="the scoring table's 合计 {what_en} ({what}) {reported} differs from its rows' {computed} "
    "(rounding allows ±{allowed})",
    hint_zh="合计行应等于各行之和（得分减去扣分项）",
    hint_en="make the 合计 row the rows' sum (score minus the deductions)",
)
def total_row(ctx: Context) -> Iterator[Hit]:
    """Checks the optional 合计 row of 自评打分表: 分值 = the rows' points (扣分项 aside, or with it),
    自评得分 = the rows' scores − the 扣分项 deductions, within rounding (truncation accepted).

    Example: 合计 自评得分 99 while every row has full marks -> finding; 100 -> none.
    """
    tree = scoring_tree(ctx)
    if tree is None or tree.table.total is None:
        return
    t = tree.table
    tot = t.total
    assert tot is not None
    r = int(tot.index[0])
    p = ax.number_at(t, r, "points")
    if p is not None:
        with_deductions = tree.points + (
            _rows_points(t, [x for g in tree.groups if g.deduction for x in g.rows]) or Decimal(0)
        )
        if _exact(p) not in (tree.points, with_deductions):
            yield hit(
                t.ref(r, "points"), what="分值", what_en="points", reported=p, computed=_n(tree.points), allowed=0.0
            )
    s = ax.number_at(t, r, "score")
    if s is not None:
        computed = tree.score - tree.deductions
        places = ax.places_at(t, r, "score")
        given = interval(s, places if places is not None else il.Figure(s).places, truncated=True)
        if not given.meets(computed):
            yield hit(
                t.ref(r, "score"),
                related=tree.score_cells,
                what="自评得分",
                what_en="score",
                reported=s,
                computed=_n(tree.recomputed),
                allowed=_n(computed.half_width + given.half_width),
            )


@rule(
    "S405",
    "self-score-mismatch",
    ERROR,
    group=G,
    message_zh="自评总分 {reported} 与自评打分表计算值 {computed}（得分 {score} − 扣分 {deducted}）不符",
    message_en="自评总分 {reported} differs from the scoring table's {computed} "
    "(scores {score} − deductions {deducted})",
    hint_zh="自评总分应等于自评打分表各项得分之和减去扣分项",
    hint_en="make 自评总分 the sum of the scoring table's scores minus the deductions",
)
def self_score(ctx: Context) -> Iterator[Hit]:
    """Checks 基本情况!自评总分 = the 自评打分表's scores − its 扣分项 deductions (rounding and truncation
    accepted). Also gives the report its key figures: ``recomputed_score`` and ``grade`` (优/良/中/差 by
    ``[scoring] grades``, of the reported 自评总分, else of the recomputed one).

    Why it matters: the 自评总分 decides the grade the unit reports. Example: 自评总分 100 with one row
    scored 3 of 4 -> finding; 99 -> none.
    """
    tree = scoring_tree(ctx)
    item = ctx.submission.basic.get("self_score")
    if tree is None or item is None or not tree.score_cells:
        return
    reported = ax.number(item.value)
    if reported is None:
        return
    given = interval(
        reported, item.decimals if item.decimals is not None else il.Figure(reported).places, truncated=True
    )
    computed = tree.score - tree.deductions
    if not given.meets(computed):
        yield hit(
            item.cell,
            related=tree.score_cells,
            reported=reported,
            computed=_n(tree.recomputed),
            score=_n(tree.score_shown),
            deducted=_n(tree.deducted_shown),
        )


# ---------------------------------------------------------------------------------------------
# Project weights and indicator scores


def _weight_key(level1: str | None, keys: list[str]) -> str | None:
    b = il.bare(level1)
    for k in keys:
        if il.bare(k) == b:
            return k
    if "成本" in b:  # 成本指标 as a 一级 (from 2021) counts with 产出 unless weighted on its own
        return next((k for k in keys if il.bare(k) == "产出"), None)
    return None


@rule(
    "S406",
    "project-weights-mismatch",
    WARNING,
    group=G,
    message_zh="项目“{project}”的{category}分值合计 {points}，应为 {expected}（评分方案 {profile}：{blocks}）",
    message_en="project {project!r}: {category} points add up to {points}, expected {expected} "
    "(scoring profile {profile}: {blocks})",
    hint_zh="按评分方案的分值块分配分值；本省表式不同时在 evaltool.toml 中设置 profile（national / sichuan / anhui）",
    hint_en="weight the blocks as the scoring profile says; set profile (national / sichuan / anhui) in "
    "evaltool.toml when your province's form differs",
)
def project_weights(ctx: Context) -> Iterator[Hit]:
    """Checks each scored project's weights against the blocks of its scoring profile.

    The blocks are ``[scoring] project_weights``, from the bundled ``profile`` (``evaltool.toml``):
    ``national`` 执行率 10 + 产出 50 + 效益 30 + 满意度 10 (成本指标 as a 一级 counts with 产出);
    ``sichuan`` 执行率 10 + 绩效指标 90 and ``anhui`` 执行率 20 + 绩效指标 80, whose indicator block
    names no 一级, so only the indicators' total is judged and the split is the unit's. The 执行率
    block is the project's 项目支出 分值. Only a project whose every indicator row has a 分值 is
    judged. Example (national): 产出 40 + 效益 40 -> finding on both; 50 + 30 + 10 with 执行率 10 ->
    none; the same 40 + 40 + 10 under ``sichuan`` -> none.
    """
    weights = dict(ctx.settings.project_weights)
    shown: dict[str, Any] = {
        "profile": ctx.settings.profile,
        "blocks": "、".join(f"{k} {float(v):g}" for k, v in weights.items()),
    }
    indicator_keys = [k for k in weights if k != EXECUTION_KEY]
    by_level1 = any(il.bare(k) in {il.bare(p) for p in ctx.settings.hierarchy} for k in indicator_keys)
    projects: dict[str, list[Any]] = {}
    for r in indicator_rows(ctx):
        if r.project is not None:
            projects.setdefault(r.project, []).append(r)
    ptable = ctx.table(Kind.PROJECTS)
    project_row: dict[str, int] = {}
    if ptable is not None:
        for prow in ptable.df.index:
            project_row.setdefault(il.bare(ax.text_or_none(ax.value_at(ptable, int(prow), "name"))), int(prow))
    for project, rows in projects.items():
        scored = [r for r in rows if r.points is not None]
        if not scored or len(scored) < len(rows):
            continue  # weights are judged only for a project whose every indicator is scored
        sums: dict[str, Decimal] = {}
        first: dict[str, Any] = {}
        for r in scored:
            key = _weight_key(r.level1, indicator_keys) if by_level1 else "*"
            if key is None:
                continue
            sums[key] = sums.get(key, Decimal(0)) + r.points.exact
            first.setdefault(key, r)
        expected = {k: Decimal(repr(weights[k])) for k in indicator_keys} if by_level1 else None
        if expected is None:
            want = sum((Decimal(repr(weights[k])) for k in indicator_keys), Decimal(0))
            got = sums.get("*", Decimal(0))
            if got != want:
                r0 = scored[0]
                yield hit(
                    r0.ref("points"), project=project, category="指标", points=_n(got), expected=_n(want), **shown
                )
        else:
            for key, want in expected.items():
                got = sums.get(key, Decimal(0))
                if got == want:
                    continue
                r0 = first.get(key, scored[0])
                cells = [
                    r.ref("points") for r in scored if key in sums and _weight_key(r.level1, indicator_keys) == key
                ]
                yield hit(r0.ref("level1" if key not in sums else "points"), *cells, project=project, category=key,
                          points=_n(got), expected=_n(want), **shown)  # fmt: skip
        if EXECUTION_KEY in weights and ptable is not None and "points" in ptable.df.columns:
            prow = project_row.get(il.bare(project))
            p = ax.number_at(ptable, prow, "points") if prow is not None else None
            want = Decimal(repr(weights[EXECUTION_KEY]))
            if prow is not None and p is not None and _exact(p) != want:
                yield hit(ptable.ref(prow, "points"), project=project, category=EXECUTION_KEY,
                          points=p, expected=_n(want), **shown)  # fmt: skip


def _score_params(r: Any, implied: Interval | None) -> dict[str, Any]:
    return {
        "indicator": r.label,
        "score": r.score.value,
        "points": r.points.value,
        "op": str(r.op or ""),
        "target": shown_target(r),
        "actual": shown_actual(r),
        # What the completion earns, as people would write it (the interval only decides).
        "implied": round(float(implied.mid), 2) if implied is not None else None,
    }


@rule(
    "S407",
    "full-marks-on-missed-target",
    ERROR,
    group=G,
    message_zh="“{indicator}”未达到目标（实际 {actual}，目标 {op}{target}）却得满分 {score}；"
    "按完成程度最多 {implied} 分",
    message_en="{indicator!r} missed its target (actual {actual}, target {op}{target}) yet has full marks "
    "{score}; its completion earns at most {implied}",
    hint_zh="按完成程度打分：正向指标 实际/目标 × 分值，反向指标 目标/实际 × 分值",
    hint_en="score by completion: actual/target × points for ≥, target/actual × points for ≤",
)
def full_marks_missed(ctx: Context) -> Iterator[Hit]:
    """Checks that a missed quantitative target does not get full marks (score inflation).

    The most common fault finance bureaus find (政府采购执行率 72.74 % against 100 %, full score).
    A department form may score its indicators on 自评打分表 instead (重庆: one 打分表 row per
    indicator, same name): a 整体绩效目标 row without 分值 is then judged by the one 打分表 row of
    its name, and the finding sits on that row's 自评得分.
    Example: = 100 % / 72.74, 分值 10, 得分 10 -> finding; 得分 7.27 -> none.
    """
    for r, implied in _scored(ctx):
        if r.score is None or r.points is None:
            continue
        full = interval(r.score.value, r.score.places, truncated=True).meets(Interval.exact(r.points.exact))
        if full and implied.hi < r.points.exact:
            yield hit(r.ref("score"), r.ref("actual"), r.ref("target"), **_score_params(r, implied))
    yield from _full_marks_on_scoring_table(ctx)


def _full_marks_on_scoring_table(ctx: Context) -> Iterator[Hit]:
    """S407 for 整体绩效目标 rows scored on the 自评打分表 row of the same name."""
    table = ctx.table(Kind.SCORING)
    if table is None or "score" not in table.df.columns or "points" not in table.df.columns:
        return
    by_name: dict[str, list[int]] = {}
    for row in ax.rows(table):
        by_name.setdefault(il.bare(ax.text_or_none(ax.value_at(table, row, "level3"))), []).append(row)
    for r in indicator_rows(ctx):
        if r.table.kind is not Kind.DEPT_INDICATORS or r.points is not None or not r.quantitative or not r.measured:
            continue
        rows = by_name.get(il.bare(r.level3), []) if r.level3 else []
        points, score = (
            (ax.number_at(table, rows[0], k) for k in ("points", "score")) if len(rows) == 1 else (None, None)
        )
        if points is None or score is None:
            continue
        assert r.target.figure is not None and r.actual.figure is not None
        implied = il.implied_score(r.op, r.target.figure, r.actual.figure, points, ctx.settings.reverse_scoring)
        places = ax.places_at(table, rows[0], "score")
        given = interval(score, places if places is not None else il.Figure(score).places, truncated=True)
        if implied is not None and given.meets(Interval.exact(_exact(points))) and implied.hi < _exact(points):
            params = {"indicator": r.label, "score": score, "points": points, "op": str(r.op or "")}
            params |= {"target": shown_target(r), "actual": shown_actual(r), "implied": round(float(implied.mid), 2)}
            yield hit(table.ref(rows[0], "score"), related=(r.ref("actual"), r.ref("target")), **params)


@rule(
    "S408",
    "score-above-completion",
    WARNING,
    group=G,
    message_zh="“{indicator}”得分 {score} 高于完成程度应得的 {implied} 分"
    "（实际 {actual}，目标 {op}{target}，分值 {points}）",
    message_en="{indicator!r} scores {score}, above the {implied} its completion earns "
    "(actual {actual}, target {op}{target}, points {points})",
    hint_zh="按完成程度打分：正向指标 实际/目标 × 分值，反向指标 目标/实际 × 分值",
    hint_en="score by completion: actual/target × points for ≥, target/actual × points for ≤",
)
def score_above_completion(ctx: Context) -> Iterator[Hit]:
    """Checks a quantitative indicator's 得分 against the score its completion implies (domain §4).

    正向 (≥ ＞ =): A/T × w; 反向 (≤ ＜): T/A × w, or (1 − (A−T)/T) × w with ``[scoring] reverse =
    "linear"``; truncated scores are accepted. Full marks on a missed target are S407 (error); this
    is a partial score still above the formula. Example: ≥ 100 / 80, 分值 10, 得分 9 -> finding; 8 -> none.
    """
    for r, implied in _scored(ctx):
        if r.score is None or r.points is None:
            continue
        full = interval(r.score.value, r.score.places, truncated=True).meets(Interval.exact(r.points.exact))
        if full and implied.hi < r.points.exact:
            continue  # S407
        if il.inflated(r.score, implied):
            yield hit(r.ref("score"), r.ref("actual"), **_score_params(r, implied))


def _scored(ctx: Context) -> list[tuple[Any, Interval]]:
    """Scored quantitative rows with the score their completion implies (shared by S407 and S408)."""
    cached = ctx.cache.get("implied_scores")
    if cached is None:
        cached = ctx.cache["implied_scores"] = list(_implied(ctx))
    return list(cached)


def _implied(ctx: Context) -> Iterator[tuple[Any, Interval]]:
    for r in indicator_rows(ctx):
        if r.points is None or r.score is None or not r.quantitative or not r.measured:
            continue
        assert r.target.figure is not None and r.actual.figure is not None
        implied = il.implied_score(r.op, r.target.figure, r.actual.figure, r.points.value, ctx.settings.reverse_scoring)
        if implied is not None:
            yield r, implied


@rule(
    "S409",
    "qualitative-score-out-of-band",
    WARNING,
    group=G,
    message_zh="定性指标“{indicator}”评为“{grade}”，得分 {score} 不在 {low}–{high} 分范围内（分值 {points}）",
    message_en="qualitative indicator {indicator!r} is graded {grade}, but its score {score} is outside "
    "{low}–{high} (points {points})",
    hint_zh="按等级打分：达成 80–100%、部分达成 60–80%、未达成 0–60% 的分值（以本地规定为准）",
    hint_en="score by grade: 达成 80–100 %, 部分达成 60–80 %, 未达成 0–60 % of the points (or your local bands)",
)
def qualitative_band(ctx: Context) -> Iterator[Hit]:
    """Checks that a 定性 indicator's 得分 lies in the band of its grade (``[scoring] qualitative_bands``).

    The grade is read from the 实际完成值: 达成年度指标 / 部分达成年度指标并具有一定效果 /
    未达成年度指标且效果较差, or words like 完成, 好, 增强, 满意. A description without a grade word is
    not judged. Example: ``部分达成…`` with 10 of 10 -> finding; with 7 of 10 -> none.
    """
    bands = ctx.settings.qualitative_bands
    for r in indicator_rows(ctx):
        if r.op is not Op.QUAL or r.points is None or r.score is None:
            continue
        grade = il.qualitative_grade(r.actual.text)
        band = il.band_of(grade, bands) if grade else None
        if band is None:
            continue
        w = r.points.exact
        low = w * Decimal(repr(band[0])) / 100
        high = w * Decimal(repr(band[1])) / 100
        given = interval(r.score.value, r.score.places, truncated=True)
        if not given.meets(Interval(low, high)):
            yield hit(
                r.ref("score"),
                r.ref("actual"),
                indicator=r.label,
                grade=grade,
                score=r.score.value,
                points=r.points.value,
                low=_n(low),
                high=_n(high),
            )
