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
    name_zh: str = ""  # the short name a Chinese user reads (`evaltool rules`, 规则统计); ``name`` is the English


_TABLE: Final = (
    Code("F001", "missing-sheet", READING, ERROR, name_zh="缺少工作表"),
    Code("F002", "missing-column", READING, ERROR, name_zh="缺少表头列"),
    Code("F003", "unreadable-value", READING, ERROR, name_zh="数值无法识别"),
    Code("F004", "formula-not-calculated", READING, WARNING, name_zh="公式未计算"),
    Code("F005", "not-standard-template", READING, INFO, name_zh="非标准模板"),
    Code("F006", "error-value", READING, ERROR, name_zh="单元格为错误值"),
    Code("F007", "missing-basic-item", READING, ERROR, name_zh="缺少基本情况项目"),
    Code("F008", "formula-computed", READING, INFO, name_zh="公式已自行计算"),
    Code("F009", "limit-exceeded", READING, ERROR, name_zh="超出处理上限"),
    Code("F010", "duplicate-column", READING, WARNING, name_zh="表头列重复"),
    Code("F011", "duplicate-sheet", READING, ERROR, name_zh="工作表名重复"),
    Code("F012", "older-template-version", READING, INFO, name_zh="旧版模板"),
    Code("F020", "read-as-official-form", READING, INFO, name_zh="按官方表式读取"),
    Code("F021", "form-label-unplaced", READING, WARNING, name_zh="表式标签未定位"),
    Code("T001", "money-unit-invalid", STRUCTURE, ERROR, name_zh="金额单位无效"),
    Code("T002", "year-implausible", STRUCTURE, ERROR, name_zh="评价年度不合理"),
    Code("T003", "fill-date-implausible", STRUCTURE, WARNING, name_zh="填报日期不合理"),
    Code("T004", "staff-over-quota", STRUCTURE, WARNING, name_zh="实有人数超过编制"),
    Code("V501", "required-value-missing", SCHEMA, ERROR, name_zh="必填项未填"),
    Code("V502", "negative-amount", SCHEMA, ERROR, name_zh="金额为负数"),
    Code("V503", "percent-out-of-range", SCHEMA, ERROR, name_zh="百分比超出范围"),
    Code("V504", "points-out-of-range", SCHEMA, ERROR, name_zh="分值超出范围"),
    Code(
        "V505",
        "unknown-level1",
        SCHEMA,
        WARNING,
        REMOVED,
        "I302 reports an unknown 一级 (indicator-level1-unknown)",
        name_zh="一级指标未知（已停用）",
    ),
    Code("V507", "unit-missing", SCHEMA, WARNING, name_zh="缺少度量单位"),
    Code("V508", "project-type-unknown", SCHEMA, WARNING, name_zh="项目类型不标准"),
    Code("V509", "count-invalid", SCHEMA, ERROR, name_zh="数量不是非负整数"),
    Code("V510", "subject-code-invalid", SCHEMA, WARNING, name_zh="科目编码无效"),
    Code("V511", "self-evaluation-not-filled", SCHEMA, ERROR, name_zh="自评未填写"),
    Code("B101", "breakdown-total-mismatch", MONEY, ERROR, name_zh="明细合计不符"),
    Code("B102", "share-mismatch", MONEY, ERROR, name_zh="占比计算不符"),
    Code("B103", "shares-not-100", MONEY, ERROR, name_zh="占比合计不为100%"),
    Code("B104", "subtotal-mismatch", MONEY, ERROR, name_zh="上下级科目金额不符"),
    Code("B105", "income-expense-unbalanced", MONEY, ERROR, name_zh="收支不平衡"),
    Code("B106", "fund-sources-mismatch", MONEY, ERROR, name_zh="资金来源合计不符"),
    Code("B107", "expense-exceeds-funds", MONEY, WARNING, name_zh="支出超过可用资金"),
    Code("B108", "zero-total-with-items", MONEY, ERROR, name_zh="总额为0但有明细"),
    Code("B109", "amount-unit-outlier", MONEY, ERROR, name_zh="金额单位疑似填错"),
    Code("B110", "percent-typed-as-fraction", MONEY, ERROR, name_zh="百分比按小数填写"),
    Code("B111", "projects-exceed-department", MONEY, ERROR, name_zh="项目支出超过部门支出"),
    Code("P201", "project-total-mismatch", PROJECTS, ERROR, name_zh="项目合计不符"),
    Code("P202", "execution-rate-mismatch", PROJECTS, ERROR, name_zh="执行率计算不符"),
    Code("P203", "execution-score-mismatch", PROJECTS, ERROR, name_zh="执行率得分不符"),
    Code("P204", "execution-over-100", PROJECTS, WARNING, name_zh="执行数超过预算数"),
    Code("P205", "low-execution-without-reason", PROJECTS, WARNING, name_zh="执行率低且未说明"),
    Code("P206", "budget-adjusted-without-reason", PROJECTS, WARNING, name_zh="预算调整未说明"),
    Code("P207", "indicator-unknown-project", PROJECTS, ERROR, name_zh="指标中的项目不在项目表"),
    Code("P208", "project-without-indicators", PROJECTS, WARNING, name_zh="项目没有绩效指标"),
    Code("P209", "duplicate-project", PROJECTS, WARNING, name_zh="项目重复"),
    Code("P210", "project-without-money", PROJECTS, WARNING, name_zh="项目预算与执行数均为0"),
    Code("P220", "fund-sources-mismatch", PROJECTS, ERROR, name_zh="项目资金来源不符"),
    Code("P221", "source-overspent", PROJECTS, WARNING, name_zh="资金来源超支"),
    Code("P222", "funds-differ-from-project", PROJECTS, ERROR, name_zh="资金与项目表不符"),
    Code("I301", "indicator-level2-wrong-parent", INDICATORS, WARNING, name_zh="二级指标归属错误"),
    Code("I302", "indicator-level1-unknown", INDICATORS, WARNING, name_zh="一级指标不在体系中"),
    Code("I303", "indicator-name-repeats-category", INDICATORS, WARNING, name_zh="三级指标只重复上级名称"),
    Code("I304", "indicator-duplicated", INDICATORS, WARNING, name_zh="指标重复"),
    Code("I305", "indicator-wrong-category", INDICATORS, WARNING, name_zh="指标归类不当"),
    Code("I306", "target-not-measurable", INDICATORS, ERROR, name_zh="定量指标值不可衡量"),
    Code("I307", "actual-not-a-number", INDICATORS, ERROR, name_zh="实际完成值不是数值"),
    Code("I308", "value-unit-conflict", INDICATORS, ERROR, name_zh="数值单位与度量单位不符"),
    Code("I309", "unit-does-not-fit-indicator", INDICATORS, WARNING, name_zh="度量单位与指标不相称"),
    Code("I310", "target-missed", INDICATORS, INFO, name_zh="未达到目标"),
    Code("I311", "reason-missing", INDICATORS, WARNING, name_zh="未填写偏差原因"),
    Code("I312", "actual-restates-target", INDICATORS, WARNING, name_zh="实际值重述目标"),
    Code("I313", "qualitative-with-number", INDICATORS, WARNING, name_zh="定性指标填了数值"),
    Code("I314", "target-exceeded-by-far", INDICATORS, INFO, name_zh="实际值远超目标"),
    Code("I315", "percent-scale-mixed", INDICATORS, WARNING, name_zh="百分比口径不一致"),
    Code("I316", "cost-contradicts-spending", INDICATORS, WARNING, name_zh="成本指标与支出不符"),
    Code("I317", "target-not-judged", INDICATORS, WARNING, name_zh="指标性质无法判断"),
    Code("I318", "quantity-in-money", INDICATORS, WARNING, name_zh="数量指标以金额计量"),
    Code("I319", "indicator-not-measurable", INDICATORS, WARNING, name_zh="指标无法衡量"),
    Code("S401", "score-above-points", SCORES, ERROR, name_zh="得分超过分值"),
    Code("S402", "group-points-mismatch", SCORES, ERROR, name_zh="分组分值合计不符"),
    Code("S403", "scoring-total-not-full-marks", SCORES, ERROR, name_zh="分值合计不是满分"),
    Code("S404", "scoring-total-row-mismatch", SCORES, ERROR, name_zh="打分表合计行不符"),
    Code("S405", "self-score-mismatch", SCORES, ERROR, name_zh="自评总分不符"),
    Code("S406", "project-weights-mismatch", SCORES, WARNING, name_zh="项目指标分值不符"),
    Code("S407", "full-marks-on-missed-target", SCORES, ERROR, name_zh="未达目标却得满分"),
    Code("S408", "score-above-completion", SCORES, WARNING, name_zh="得分高于完成程度"),
    Code("S409", "qualitative-score-out-of-band", SCORES, WARNING, name_zh="定性指标得分超出档次"),
    Code("S410", "scoring-row-docked-without-reason", SCORES, WARNING, name_zh="扣分未说明原因"),
    Code("S420", "project-total-score-mismatch", SCORES, ERROR, name_zh="项目总分不符"),
    Code("S421", "grade-mismatch", SCORES, ERROR, name_zh="评价等级不符"),
    Code("C601", "achieved-restates-goal", CONCLUSIONS, WARNING, name_zh="成效重述目标"),
    Code("C602", "problems-denied", CONCLUSIONS, WARNING, name_zh="否认存在问题"),
    Code("C603", "measures-missing", CONCLUSIONS, WARNING, name_zh="缺少改进措施"),
    Code("X900", "internal-error", INTERNAL, ERROR, name_zh="内部错误"),
)

CODES: Final[dict[str, Code]] = {c.code: c for c in _TABLE}
