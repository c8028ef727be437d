"""The static catalogue of every rule code: code, name, family, default severity, status.

One table, as ruff's ``codes.rs``: configuration is validated against it without importing a
rule, and a removed code stays here (status ``removed``) so an ``evaltool.toml`` naming it still
loads, with a deprecation note. Each active code is declared once more where its rule lives
(``catalogue.rule`` / ``catalogue.declare``, with its messages and docstring), and that
declaration must agree with this table (checked when it is made). A new rule: add its row here,
then declare it beside its function.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from evaltool.findings import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Families: how the catalogue, docs/rules.md and `evaltool rules` group the codes.
READING: Final = "读取 / reading"
STRUCTURE: Final = "基本情况 / structure"
SCHEMA: Final = "表格数据 / schema"
MONEY: Final = "金额 / money"
PROJECTS: Final = "项目 / projects"
INDICATORS: Final = "绩效指标 / indicators"
SCORES: Final = "评分 / scores"
CONCLUSIONS: Final = "自评结论 / conclusions"
INTERNAL: Final = "内部 / internal"


class CodeStatus(StrEnum):
    """Whether a code still runs."""

    ACTIVE = "active"
    REMOVED = "removed"  # no longer reported; a config naming it loads with a deprecation note


ACTIVE, REMOVED = CodeStatus.ACTIVE, CodeStatus.REMOVED


@dataclass(frozen=True, slots=True)
class Code:
    """One row of the table."""

    code: str
    name: str
    family: str
    severity: Severity
    status: CodeStatus = ACTIVE
    note: str = ""  # for a removed code: what reports it now, or why it went


_TABLE: Final = (
    Code("F001", "missing-sheet", READING, ERROR),
    Code("F002", "missing-column", READING, ERROR),
    Code("F003", "unreadable-value", READING, ERROR),
    Code("F004", "formula-not-calculated", READING, WARNING),
    Code("F005", "not-standard-template", READING, INFO),
    Code("F006", "error-value", READING, ERROR),
    Code("F007", "missing-basic-item", READING, ERROR),
    Code("F008", "formula-computed", READING, INFO),
    Code("F009", "limit-exceeded", READING, ERROR),
    Code("F010", "duplicate-column", READING, WARNING),
    Code("F011", "duplicate-sheet", READING, ERROR),
    Code("F012", "older-template-version", READING, INFO),
    Code("F020", "read-as-official-form", READING, INFO),
    Code("F021", "form-label-unplaced", READING, WARNING),
    Code("T001", "money-unit-invalid", STRUCTURE, ERROR),
    Code("T002", "year-implausible", STRUCTURE, ERROR),
    Code("T003", "fill-date-implausible", STRUCTURE, WARNING),
    Code("T004", "staff-over-quota", STRUCTURE, WARNING),
    Code("V501", "required-value-missing", SCHEMA, ERROR),
    Code("V502", "negative-amount", SCHEMA, ERROR),
    Code("V503", "percent-out-of-range", SCHEMA, ERROR),
    Code("V504", "points-out-of-range", SCHEMA, ERROR),
    Code("V505", "unknown-level1", SCHEMA, WARNING, REMOVED, "I302 reports an unknown 一级 (indicator-level1-unknown)"),
    Code("V507", "unit-missing", SCHEMA, WARNING),
    Code("V508", "project-type-unknown", SCHEMA, WARNING),
    Code("V509", "count-invalid", SCHEMA, ERROR),
    Code("V510", "subject-code-invalid", SCHEMA, WARNING),
    Code("V511", "self-evaluation-not-filled", SCHEMA, ERROR),
    Code("B101", "breakdown-total-mismatch", MONEY, ERROR),
    Code("B102", "share-mismatch", MONEY, ERROR),
    Code("B103", "shares-not-100", MONEY, ERROR),
    Code("B104", "subtotal-mismatch", MONEY, ERROR),
    Code("B105", "income-expense-unbalanced", MONEY, ERROR),
    Code("B106", "fund-sources-mismatch", MONEY, ERROR),
    Code("B107", "expense-exceeds-funds", MONEY, WARNING),
    Code("B108", "zero-total-with-items", MONEY, ERROR),
    Code("B109", "amount-unit-outlier", MONEY, ERROR),
    Code("B110", "percent-typed-as-fraction", MONEY, ERROR),
    Code("B111", "projects-exceed-department", MONEY, ERROR),
    Code("P201", "project-total-mismatch", PROJECTS, ERROR),
    Code("P202", "execution-rate-mismatch", PROJECTS, ERROR),
    Code("P203", "execution-score-mismatch", PROJECTS, ERROR),
    Code("P204", "execution-over-100", PROJECTS, WARNING),
    Code("P205", "low-execution-without-reason", PROJECTS, WARNING),
    Code("P206", "budget-adjusted-without-reason", PROJECTS, WARNING),
    Code("P207", "indicator-unknown-project", PROJECTS, ERROR),
    Code("P208", "project-without-indicators", PROJECTS, WARNING),
    Code("P209", "duplicate-project", PROJECTS, WARNING),
    Code("P210", "project-without-money", PROJECTS, WARNING),
    Code("P220", "fund-sources-mismatch", PROJECTS, ERROR),
    Code("P221", "source-overspent", PROJECTS, WARNING),
    Code("P222", "funds-differ-from-project", PROJECTS, ERROR),
    Code("I301", "indicator-level2-wrong-parent", INDICATORS, WARNING),
    Code("I302", "indicator-level1-unknown", INDICATORS, WARNING),
    Code("I303", "indicator-name-repeats-category", INDICATORS, WARNING),
    Code("I304", "indicator-duplicated", INDICATORS, WARNING),
    Code("I305", "indicator-wrong-category", INDICATORS, WARNING),
    Code("I306", "target-not-measurable", INDICATORS, ERROR),
    Code("I307", "actual-not-a-number", INDICATORS, ERROR),
    Code("I308", "value-unit-conflict", INDICATORS, ERROR),
    Code("I309", "unit-does-not-fit-indicator", INDICATORS, WARNING),
    Code("I310", "target-missed", INDICATORS, INFO),
    Code("I311", "reason-missing", INDICATORS, WARNING),
    Code("I312", "actual-restates-target", INDICATORS, WARNING),
    Code("I313", "qualitative-with-number", INDICATORS, WARNING),
    Code("I314", "target-exceeded-by-far", INDICATORS, INFO),
    Code("I315", "percent-scale-mixed", INDICATORS, WARNING),
    Code("I316", "cost-contradicts-spending", INDICATORS, WARNING),
    Code("I317", "target-not-judged", INDICATORS, WARNING),
    Code("I318", "quantity-in-money", INDICATORS, WARNING),
    Code("I319", "indicator-not-measurable", INDICATORS, WARNING),
    Code("S401", "score-above-points", SCORES, ERROR),
    Code("S402", "group-points-mismatch", SCORES, ERROR),
    Code("S403", "scoring-total-not-full-marks", SCORES, ERROR),
    Code("S404", "scoring-total-row-mismatch", SCORES, ERROR),
    Code("S405", "self-score-mismatch", SCORES, ERROR),
    Code("S406", "project-weights-mismatch", SCORES, WARNING),
    Code("S407", "full-marks-on-missed-target", SCORES, ERROR),
    Code("S408", "score-above-completion", SCORES, WARNING),
    Code("S409", "qualitative-score-out-of-band", SCORES, WARNING),
    Code("S410", "scoring-row-docked-without-reason", SCORES, WARNING),
    Code("S420", "project-total-score-mismatch", SCORES, ERROR),
    Code("S421", "grade-mismatch", SCORES, ERROR),
    Code("C601", "achieved-restates-goal", CONCLUSIONS, WARNING),
    Code("C602", "problems-denied", CONCLUSIONS, WARNING),
    Code("C603", "measures-missing", CONCLUSIONS, WARNING),
    Code("X900", "internal-error", INTERNAL, ERROR),
)

CODES: Final[dict[str, Code]] = {c.code: c for c in _TABLE}
