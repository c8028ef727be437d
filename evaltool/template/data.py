"""Plain dataclasses describing what a submission holds, for the template writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell: ``text`` starts with ``=``.

    ``value`` is the cached result stored in the file (what a reader sees before anyone
    opens Excel). ``None`` stores no cached value at all, like a file written by a script
    and never opened in a spreadsheet application.
    """

    text: str
    value: float | int | str | None = None

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


@dataclass(frozen=True, slots=True)
class Shown:
    """A number shown with its own decimals rather than the template's (``9`` not ``9.00``).

    ``evaltool convert`` writes a form's figures so: the decimals a figure is shown with decide
    its rounding interval, so they decide what the checks say.
    """

    value: float | int
    decimals: int


# What a cell may hold. Numbers are written as numbers, ``str`` as text exactly as given
# (so tests can write messy input like "1,482.05" or "≥32 万人"), ``Formula`` as a
# formula. ``None`` means "the template's default": the pre-filled formula where the
# template has one (合计, 占比, 执行率), else an empty cell. ``""`` is always an empty cell.
Value: TypeAlias = float | int | str | dt.date | dt.datetime | Formula | Shown | None


@dataclass(slots=True)
class BreakdownRow:
    """One row of 收入情况 / 支出情况."""

    name: Value
    amount: Value
    share: Value = None  # None: the template's 占比 formula (amount ÷ 合计 × 100)
    code: Value = None
    note: Value = None
    seq: Value = None  # None: the row's position, 1, 2, …


@dataclass(slots=True)
class Breakdown:
    """A breakdown by functional classification, with its 合计 row."""

    rows: list[BreakdownRow] = field(default_factory=list)
    total: Value = None  # None: =SUM(...) with its cached value; a number: typed
    total_share: Value = None  # None: the 占比 formula, 100 when 合计 is not 0
    total_label: str = "合计"
    with_total: bool = True  # False: no 合计 row at all


@dataclass(slots=True)
class ScoringRow:
    """One row of 自评打分表. ``level1`` / ``level2`` may declare points: 总体绩效（65分）."""

    level1: Value
    level2: Value
    level3: Value
    points: Value
    explanation: Value = None
    score: Value = None
    note: Value = None


@dataclass(slots=True)
class Scoring:
    """The department scoring table. It has no 合计 row unless ``with_total``."""

    rows: list[ScoringRow] = field(default_factory=list)
    with_total: bool = False
    total_points: Value = None  # None: SUM of the non-扣分项 rows
    total_score: Value = None  # None: SUM of the non-扣分项 scores minus the 扣分项 scores


@dataclass(slots=True)
class IndicatorRow:
    """One row of 整体绩效目标."""

    level1: Value
    level2: Value
    level3: Value
    op: Value
    target: Value
    unit: Value
    actual: Value
    reason: Value = None


@dataclass(slots=True)
class ProjectRow:
    """One row of 项目支出."""

    name: Value
    type: Value = None
    initial_budget: Value = None
    budget: Value = None
    spent: Value = None
    rate: Value = None  # None: the template's 执行率 formula (全年执行数 ÷ 全年预算数 × 100)
    points: Value = None
    score: Value = None
    note: Value = None


@dataclass(slots=True)
class Projects:
    """The 项目支出 table and its 合计 row (None totals are SUM formulas)."""

    rows: list[ProjectRow] = field(default_factory=list)
    total_initial_budget: Value = None
    total_budget: Value = None
    total_spent: Value = None
    total_rate: Value = None
    total_points: Value = None  # left empty unless given
    total_score: Value = None
    with_total: bool = True


@dataclass(slots=True)
class ProjectIndicatorRow:
    """One row of 项目绩效指标."""

    project: Value
    level1: Value
    level2: Value
    level3: Value
    op: Value
    target: Value
    unit: Value
    actual: Value
    points: Value = None
    score: Value = None
    reason: Value = None


@dataclass(slots=True)
class ProjectFundRow:
    """One row of 项目资金来源 (v2): a project's 年度资金总额, or one of its 其中 sources."""

    project: Value
    source: Value  # 年度资金总额, or 当年财政拨款 / 上年结转资金 / 其他资金 / 财政资金 …
    initial_budget: Value = None
    budget: Value = None
    spent: Value = None
    rate: Value = None  # None: the template's 执行率 formula (全年执行数 ÷ 全年预算数 × 100)
    note: Value = None


@dataclass(slots=True)
class ProjectBlockRow:
    """One row of 项目评分结构 (v2): a scoring block of a project's profile (产出指标 50 …)."""

    project: Value
    block: Value
    points: Value
    score: Value = None


@dataclass(slots=True)
class ProjectConclusionRow:
    """One row of 项目自评结论 (v2): the closing block of a project card."""

    project: Value
    goal: Value = None  # 年度总体目标 · 预期目标
    achieved: Value = None  # 实际完成情况
    total_score: Value = None
    grade: Value = None  # 优 / 良 / 中 / 差
    conclusion: Value = None
    problems: Value = None
    measures: Value = None
    project_lead: Value = None
    finance_lead: Value = None


@dataclass(slots=True)
class SubmissionData:
    """Everything that goes into one workbook.

    ``basic`` maps field keys of ``layout.BASIC_FIELDS`` to values (missing keys are
    left empty). ``merge_categories`` merges runs of equal 一级 / 二级 names downwards, as
    printed reports do; otherwise each row repeats them.
    """

    basic: dict[str, Value] = field(default_factory=dict)
    income: Breakdown = field(default_factory=Breakdown)
    expense: Breakdown = field(default_factory=Breakdown)
    scoring: Scoring = field(default_factory=Scoring)
    dept_indicators: list[IndicatorRow] = field(default_factory=list)
    projects: Projects = field(default_factory=Projects)
    project_indicators: list[ProjectIndicatorRow] = field(default_factory=list)
    project_funds: list[ProjectFundRow] = field(default_factory=list)
    project_blocks: list[ProjectBlockRow] = field(default_factory=list)
    project_conclusions: list[ProjectConclusionRow] = field(default_factory=list)
    merge_categories: bool = True
