"""Rules on template v2's project sheets: 项目资金来源, 项目自评结论 (and 项目评分结构's full marks).

A v1 workbook has none of these sheets, so these rules find nothing there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from evaltool.catalogue import ERROR, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks import money_logic as ml
from evaltool.checks.context import Context
from evaltool.checks.indicator_rows import indicator_rows
from evaltool.checks.reasons import is_reason
from evaltool.checks.rounding import Interval, allowed, interval
from evaltool.codes import CONCLUSIONS, PROJECTS, SCORES
from evaltool.findings import CellRef
from evaltool.layout import FUNDS_TOTAL_LABEL, TABLES, Kind
from evaltool.model import Table
from evaltool.reading.numbers import clean

AMOUNTS: Final = ("initial_budget", "budget", "spent")
POINTS_DECIMALS: Final = 2
# Labels of the row holding a project's whole funds (the official cards' first money row).
_TOTAL_LABELS: Final = frozenset({clean(FUNDS_TOTAL_LABEL), "资金总额", "项目资金总额", "合计", "小计", "总额"})
_OF_WHICH: Final = re.compile(r"^(其中)[:：]?")
_PUNCT: Final = re.compile(r"[\W_]+")
# 评价等次 as people write them, to the grade names of ``[scoring] grades``.
_GRADE_WORDS: Final = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "较差": "差", "不合格": "差"}


# ---------------------------------------------------------------------------------------------
# 项目资金来源


def source_label(value: object) -> str:
    """A 资金来源 cell as compared: cleaned, without a leading ``其中：``."""
    return _OF_WHICH.sub("", clean(ax.text(value)))


@dataclass(slots=True)
class ProjectFunds:
    """One project's rows of 项目资金来源: its 年度资金总额 row and its 其中 rows."""

    project: str
    total: int | None = None
    sources: list[int] = field(default_factory=list)


def project_funds(table: Table) -> list[ProjectFunds]:
    """The projects of 项目资金来源 in sheet order (a blank 项目名称 carries the one above)."""
    out: list[ProjectFunds] = []
    current: ProjectFunds | None = None
    for r in ax.rows(table):
        name = ax.text(ax.value_at(table, r, "project"))
        label = source_label(ax.value_at(table, r, "source"))
        if not name and not label:
            continue
        if name and (current is None or ax.norm_name(name) != ax.norm_name(current.project)):
            current = ProjectFunds(name)
            out.append(current)
        if current is None:
            continue
        if label in _TOTAL_LABELS and current.total is None:
            current.total = r
        else:
            current.sources.append(r)
    return out


def has_field(table: Table, row: int, field_key: str) -> bool:
    """Whether the row has a cell of its own for the field.

    An official form without the field (the national card prints no 存在问题) points it at the
    project's name cell (reading/forms.py); such a field is absent, not empty.
    """
    if field_key not in table.columns:
        return False
    return field_key == "project" or ax.cell_at(table, row, field_key) != ax.cell_at(table, row, "project")


def _said(table: Table, row: int, field_key: str) -> bool:
    """Whether a text cell holds a written statement: the one reason judgement (checks/reasons.py),
    so 无, 暂无, 见附件 alone or the form's printed help text say nothing."""
    return has_field(table, row, field_key) and is_reason(ax.value_at(table, row, field_key))


@rule(
    "P220",
    "fund-sources-mismatch",
    ERROR,
    group=PROJECTS,
    message_zh=(
        "“{project}”{column}：年度资金总额 {total} 与其中各来源之和 {sum} 不符（相差 {diff}，舍入最多可解释 {allowed}）"
    ),
    message_en=(
        "{project!r} {column}: 年度资金总额 {total} differs from its sources' sum {sum}"
        " (difference {diff}; rounding explains up to {allowed})"
    ),
    hint_zh="年度资金总额应等于其中各资金来源之和，请逐列核对",
    hint_en="the 年度资金总额 equals the sum of its 其中 sources in every column; check them",
)
def fund_sources(ctx: Context) -> Iterator[Hit]:
    """Checks that a project's 其中 sources add up to its 年度资金总额, in every money column.

    年初预算数, 全年预算数 and 全年执行数 each (a column no source fills is skipped), within
    rounding (checks/rounding.py).

    Why it matters: the cards of 财预〔2020〕10号 and the provinces split 年度资金总额 into
    当年财政拨款 / 上年结转资金 / 其他资金 (四川: 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金);
    a total of 0 above filled sources, or sources that do not add up, is a common real fault.

    Example: 年度资金总额 16.8 over 当年财政拨款 16.8 -> no finding; over 12 + 5 -> finding.
    """
    table = ctx.table(Kind.PROJECT_FUNDS)
    if table is None:
        return
    layout = TABLES[Kind.PROJECT_FUNDS]
    for funds in project_funds(table):
        if funds.total is None or not funds.sources:
            continue
        for column in AMOUNTS:
            if column not in table.columns:
                continue
            filled = [r for r in funds.sources if ax.number_at(table, r, column) is not None]
            reported = ml.interval_at(table, funds.total, column)
            if not filled:
                continue
            involved = [ax.cell_at(table, r, column) for r in (funds.total, *filled)]
            if ml.any_unreadable(ctx, involved):
                continue
            computed = ml.sum_interval(i for r in filled if (i := ml.interval_at(table, r, column)) is not None)
            if reported is None:
                reported = Interval.exact(0)  # an empty total above filled sources
            if not reported.meets(computed):
                yield hit(
                    *involved,
                    project=funds.project,
                    column=layout.column(column).header,
                    total=ml.show(reported.mid),
                    sum=ml.show(computed.mid),
                    diff=ml.show(abs(reported.mid - computed.mid)),
                    allowed=ml.show(Decimal(str(allowed(reported, computed))), 4),
                )


@rule(
    "P221",
    "source-overspent",
    WARNING,
    group=PROJECTS,
    message_zh="“{project}”的“{source}”全年执行数 {spent} 超过其全年预算数 {budget}，未说明原因",
    message_en="{project!r}: source {source!r} spent {spent}, more than its full-year budget {budget}, unexplained",
    hint_zh="请核对执行数，或在“说明”列写明超预算执行的原因（如资金调剂）",
    hint_en="check the figure, or explain in 说明 why this source spent more than its budget",
)
def source_overspent(ctx: Context) -> Iterator[Hit]:
    """Checks that no fund source (nor 年度资金总额) spent more than its 全年预算数 without a 说明.

    Beyond rounding: 16.80 of 16.8 is not over. A 说明 that says something (not 无 / - / /)
    explains it.

    Why it matters: money cannot be spent beyond its budget; a source over its budget is a
    typing error or a transfer between sources that must be written down.

    Example: 其他资金 全年预算数 2 / 全年执行数 3 with 说明 empty -> finding; with 说明 -> none.
    """
    table = ctx.table(Kind.PROJECT_FUNDS)
    if table is None or "budget" not in table.columns or "spent" not in table.columns:
        return
    for funds in project_funds(table):
        for r in ([funds.total] if funds.total is not None else []) + funds.sources:
            budget = ml.interval_at(table, r, "budget")
            spent = ml.interval_at(table, r, "spent")
            if budget is None or spent is None or spent.lo <= budget.hi or _said(table, r, "note"):
                continue
            cells = (ax.cell_at(table, r, "spent"), ax.cell_at(table, r, "budget"))
            if ml.any_unreadable(ctx, cells):
                continue
            yield hit(
                *cells,
                project=funds.project,
                source=ax.text(ax.value_at(table, r, "source")) or FUNDS_TOTAL_LABEL,
                spent=ml.show(spent.mid),
                budget=ml.show(budget.mid),
            )


def _project_rows(table: Table) -> dict[str, int]:
    """项目支出 rows by project name (compared loosely); the first of a repeated name."""
    out: dict[str, int] = {}
    for r in ax.rows(table):
        name = ax.norm_name(ax.value_at(table, r, "name"))
        if name:
            out.setdefault(name, r)
    return out


@rule(
    "P222",
    "funds-differ-from-project",
    ERROR,
    group=PROJECTS,
    message_zh="“{project}”年度资金总额的{column} {funds} 与项目支出表的 {project_value} 不符",
    message_en="{project!r}: 年度资金总额 {column} {funds} differs from 项目支出's {project_value}",
    hint_zh="项目资金来源的年度资金总额应与项目支出表中该项目的金额一致",
    hint_en="a project's 年度资金总额 equals its figures on 项目支出",
)
def funds_match_project(ctx: Context) -> Iterator[Hit]:
    """Checks that a project's 年度资金总额 row agrees with its 项目支出 row, column by column.

    Within rounding; a project missing from 项目支出 is not reported here.

    Why it matters: both rows describe the same money; when they differ one of them is wrong.

    Example: 项目支出 全年预算数 16.8, 年度资金总额 16.8 -> no finding; 18.6 -> finding.
    """
    funds_table = ctx.table(Kind.PROJECT_FUNDS)
    projects = ctx.table(Kind.PROJECTS)
    if funds_table is None or projects is None:
        return
    rows = _project_rows(projects)
    layout = TABLES[Kind.PROJECT_FUNDS]
    for funds in project_funds(funds_table):
        r = rows.get(ax.norm_name(funds.project))
        if funds.total is None or r is None:
            continue
        for column in AMOUNTS:
            if column not in funds_table.columns or column not in projects.columns:
                continue
            mine = ml.interval_at(funds_table, funds.total, column)
            theirs = ml.interval_at(projects, r, column)
            cells = (ax.cell_at(funds_table, funds.total, column), ax.cell_at(projects, r, column))
            if mine is None or theirs is None or mine.meets(theirs) or ml.any_unreadable(ctx, cells):
                continue
            yield hit(
                *cells,
                project=funds.project,
                column=layout.column(column).header,
                funds=ml.show(mine.mid),
                project_value=ml.show(theirs.mid),
            )


# ---------------------------------------------------------------------------------------------
# 项目自评结论


@dataclass(frozen=True, slots=True)
class Score:
    """A project's own figures for its 总分: execution score, indicator scores, points lost."""

    parts: tuple[Interval, ...]
    cells: tuple[CellRef, ...]
    lost: tuple[CellRef, ...]  # cells showing points lost or a target missed


def _points(table: Table, row: int, field_key: str) -> Interval | None:
    return ml.interval_at(table, row, field_key, truncated=True, default=POINTS_DECIMALS)


def project_score(ctx: Context, project: str) -> Score:
    """What 项目支出 and 项目绩效指标 say about one project's score."""
    parts: list[Interval] = []
    cells: list[CellRef] = []
    lost: list[CellRef] = []
    key = ax.norm_name(project)
    projects = ctx.table(Kind.PROJECTS)
    if projects is not None and "score" in projects.columns:
        r = _project_rows(projects).get(key)
        if r is not None and (score := _points(projects, r, "score")) is not None:
            parts.append(score)
            cells.append(ax.cell_at(projects, r, "score"))
            pts = ax.number_at(projects, r, "points")
            if pts is not None and score.hi < Decimal(repr(pts)):
                lost.append(ax.cell_at(projects, r, "score"))
    for ind in indicator_rows(ctx):
        if ind.project is None or ax.norm_name(ind.project) != key:
            continue
        if ind.score is not None:
            parts.append(interval(ind.score.value, ind.score.places, truncated=True))
            cells.append(ind.ref("score"))
            if ind.points is not None and interval(ind.score.value, ind.score.places, truncated=True).hi < (
                ind.points.exact
            ):
                lost.append(ind.ref("score"))
        if ind.verdict() is il.Verdict.MISSED:
            lost.append(ind.ref("actual"))
    return Score(tuple(parts), tuple(cells), tuple(dict.fromkeys(lost)))


def _conclusions(ctx: Context) -> Iterator[tuple[Table, int, str]]:
    table = ctx.table(Kind.PROJECT_CONCLUSIONS)
    if table is None:
        return
    for r in ax.rows(table):
        name = ax.text(ax.value_at(table, r, "project"))
        if name:
            yield table, r, name


@rule(
    "S420",
    "project-total-score-mismatch",
    ERROR,
    group=SCORES,
    message_zh="“{project}”总分 {total} 与 执行率得分 + 各指标得分之和 = {sum} 不符",
    message_en="{project!r}: 总分 {total} differs from the execution score + the indicator scores = {sum}",
    hint_zh="总分 = 项目支出表的执行率得分 + 该项目各绩效指标得分之和，请重新合计",
    hint_en="总分 = the execution-rate score on 项目支出 + the project's indicator scores; add them up again",
)
def project_total_score(ctx: Context) -> Iterator[Hit]:
    """Checks a project's 总分 against its execution-rate 得分 plus the sum of its indicator 得分.

    Within rounding; scores may be truncated (9.68 for 9.6852). Nothing is checked when the
    project has no scores at all on 项目支出 and 项目绩效指标.

    Why it matters: the 总分 decides the 评价等次; a total that is not the sum of its parts is
    the most frequent arithmetic fault of the published cards.

    Example: 10 + 45 + 28 + 9 = 92 with 总分 92 -> no finding; 总分 95 -> finding.
    """
    for table, r, name in _conclusions(ctx):
        total = _points(table, r, "total_score")
        if total is None:
            continue
        score = project_score(ctx, name)
        if not score.parts:
            continue
        computed = ml.sum_interval(score.parts)
        if not total.meets(computed):
            yield hit(
                ax.cell_at(table, r, "total_score"),
                *score.cells,
                project=name,
                total=ml.show(total.mid),
                sum=ml.show(computed.mid),
            )


def grade_word(value: object) -> str:
    """A 评价等次 cell as a grade name: 优秀 → 优, 良好 → 良 …"""
    text = clean(ax.text(value)).rstrip("等级")
    return _GRADE_WORDS.get(text, text)


@rule(
    "S421",
    "grade-mismatch",
    ERROR,
    group=SCORES,
    message_zh="“{project}”评价等次“{grade}”与总分 {total} 不符（应为“{expected}”）",
    message_en="{project!r}: grade {grade!r} does not match 总分 {total} (it should be {expected!r})",
    hint_zh="评价等次按总分确定：90 分（含）以上为优，80（含）–90 分为良，60（含）–80 分为中，60 分以下为差",
    hint_en="the grade follows the total: 90 and above 优, 80–90 良, 60–80 中, below 60 差 (per [scoring] grades)",
)
def grade(ctx: Context) -> Iterator[Hit]:
    """Checks that a project's 评价等次 is the grade its 总分 earns by ``[scoring] grades``.

    Defaults: 优 from 90, 良 from 80, 中 from 60, else 差; 优秀 / 良好 / 中等 / 较差 are read as
    优 / 良 / 中 / 差. A 总分 whose rounding straddles a cut-off accepts either grade.

    Why it matters: the grade is what summaries count; one that its own total does not earn
    is either a wrong total or a flattering grade.

    Example: 总分 92 / 优 -> no finding; 总分 85 / 优 -> finding.
    """
    for table, r, name in _conclusions(ctx):
        total = _points(table, r, "total_score")
        given = grade_word(ax.value_at(table, r, "grade"))
        if total is None or not given:
            continue
        expected = {
            il.grade_of(float(total.lo), ctx.settings.grades),
            il.grade_of(float(total.hi), ctx.settings.grades),
        }
        if given not in expected:
            yield hit(
                ax.cell_at(table, r, "grade"),
                ax.cell_at(table, r, "total_score"),
                project=name,
                grade=ax.text(ax.value_at(table, r, "grade")),
                total=ml.show(total.mid),
                expected="/".join(sorted(expected)),
            )


def _bare_text(value: object) -> str:
    """Text compared for repetition: cleaned, without punctuation, numbering marks or spaces."""
    return _PUNCT.sub("", clean(ax.text(value)))


@rule(
    "C601",
    "achieved-restates-goal",
    WARNING,
    group=CONCLUSIONS,
    message_zh="“{project}”的实际完成情况只是重复了预期目标",
    message_en="{project!r}: 实际完成情况 only repeats the 预期目标",
    hint_zh="写明实际完成了什么（数量、质量、时效、效果），而不是照抄预期目标",
    hint_en="write what was actually achieved (figures, dates, effects), not the target again",
)
def achieved_restates_goal(ctx: Context) -> Iterator[Hit]:
    """Reports a 实际完成情况 that says nothing the 预期目标 does not already say.

    Compared without spaces and punctuation: the same text, or a part of it.

    Why it matters: the 年度总体目标 block asks what was achieved against what was planned; a
    copy of the plan reports nothing (a fault reviewers mark on many published cards).

    Example: 预期目标 "完成培训2000人次" / 实际完成情况 the same -> finding;
    "完成培训2136人次" -> none.
    """
    for table, r, name in _conclusions(ctx):
        goal = _bare_text(ax.value_at(table, r, "goal"))
        achieved = _bare_text(ax.value_at(table, r, "achieved"))
        if len(achieved) >= 4 and achieved in goal:
            yield hit(ax.cell_at(table, r, "achieved"), ax.cell_at(table, r, "goal"), project=name)


@rule(
    "C602",
    "problems-denied",
    WARNING,
    group=CONCLUSIONS,
    message_zh="“{project}”存在问题填“{problems}”，但项目有扣分或未完成的指标（{count} 处）",
    message_en=(
        "{project!r}: 存在问题 says {problems!r}, but the project lost points or missed targets ({count} places)"
    ),
    hint_zh="写明扣分和未完成指标反映的问题",
    hint_en="state the problems behind the points lost and the targets missed",
)
def problems_denied(ctx: Context) -> Iterator[Hit]:
    """Reports 存在问题 empty or "无" while the project lost points or missed a target.

    Empty counts when the rest of the closing block (评价结论, 改进措施) is written; a block left
    wholly unfilled (as on the national card, which prints none) denies nothing.

    Points lost: an execution-rate or indicator 得分 below its 分值, or a 总分 below the full
    marks (the sum of 项目评分结构's 分值 for the project, else 100). A missed target: a
    measured 实际完成值 short of its 指标值, or a 定性 grade 部分达成 / 未达成.

    Why it matters: a card that loses points yet reports no problem is sent back by the
    finance bureau; the problems section is where the shortfall is explained.

    Example: 得分 8 of 分值 10 with 存在问题 "无" -> finding; with a problem named -> none.
    """
    for table, r, name in _conclusions(ctx):
        if not has_field(table, r, "problems") or _said(table, r, "problems"):
            continue
        written = ax.text(ax.value_at(table, r, "problems"))
        if not written and not (_said(table, r, "conclusion") or _said(table, r, "measures")):
            continue  # the closing block left wholly unfilled: nothing was denied
        score = project_score(ctx, name)
        lost = list(score.lost)
        total = _points(table, r, "total_score")
        full = _full_marks(ctx, name)
        if total is not None and total.hi < full:
            lost.insert(0, ax.cell_at(table, r, "total_score"))
        if lost:
            yield hit(
                ax.cell_at(table, r, "problems"),
                *lost,
                project=name,
                problems=ax.text(ax.value_at(table, r, "problems")) or "（空）",
                count=len(lost),
            )


def _full_marks(ctx: Context, project: str) -> Decimal:
    """A project's full marks: its 项目评分结构 分值 summed, else 100."""
    table = ctx.table(Kind.PROJECT_BLOCKS)
    total = Decimal(0)
    found = False
    if table is not None:
        key = ax.norm_name(project)
        for r in ax.rows(table):
            pts = ax.number_at(table, r, "points")
            if ax.norm_name(ax.value_at(table, r, "project")) == key and pts is not None:
                total += Decimal(repr(pts))
                found = True
    return total if found else Decimal(100)


@rule(
    "C603",
    "measures-missing",
    WARNING,
    group=CONCLUSIONS,
    message_zh="“{project}”写明了存在问题，但改进措施为空",
    message_en="{project!r}: 存在问题 names problems but 改进措施 is empty",
    hint_zh="针对所列问题写明改进措施",
    hint_en="state what will be done about the problems listed",
)
def measures_missing(ctx: Context) -> Iterator[Hit]:
    """Reports an empty (or "无") 改进措施 where 存在问题 names problems.

    Why it matters: the finance bureau follows up on the measures; a problem without one is
    not closed.

    Example: 存在问题 "部分资金支付滞后" / 改进措施 "" -> finding; "加快支付进度" -> none.
    """
    for table, r, name in _conclusions(ctx):
        if not has_field(table, r, "measures") or not _said(table, r, "problems") or _said(table, r, "measures"):
            continue
        yield hit(ax.cell_at(table, r, "measures"), ax.cell_at(table, r, "problems"), project=name)
