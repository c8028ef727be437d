"""The standard workbook's contract: sheet names, header texts and the field keys code uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

TEMPLATE_ID: Final = "evaltool-selfeval"
TEMPLATE_VERSION: Final = 2
# Versions this reader knows; a v1 workbook has no 项目资金来源 / 项目评分结构 / 项目自评结论 sheets.
TEMPLATE_VERSIONS: Final = (1, 2)
META_SHEET: Final = "_meta"
INSTRUCTIONS_SHEET: Final = "填报说明"
# Our own sheet in annotated copies; the reader ignores it so a re-check matches the original.
RESULT_SHEET: Final = "校验结果"
TOTAL_LABEL: Final = "合计"


class Kind(StrEnum):
    """Every table of the standard workbook, in sheet order."""

    BASIC = "basic"
    INCOME = "income"
    EXPENSE = "expense"
    SCORING = "scoring"
    DEPT_INDICATORS = "dept_indicators"
    PROJECTS = "projects"
    PROJECT_INDICATORS = "project_indicators"
    # Template v2: what the official project cards hold besides 项目支出 and its indicators.
    PROJECT_FUNDS = "project_funds"
    PROJECT_BLOCKS = "project_blocks"
    PROJECT_CONCLUSIONS = "project_conclusions"


class FieldType(StrEnum):
    """How a column's cells are parsed."""

    TEXT = "text"
    AMOUNT = "amount"  # money in the declared 金额单位, shown to 2 decimals
    PERCENT = "percent"  # a share or rate in percent (62.25 means 62.25 %)
    POINTS = "points"  # scores and weights
    COUNT = "count"
    YEAR = "year"
    DATE = "date"
    OPERATOR = "operator"  # 指标性质
    INDICATOR_VALUE = "indicator_value"  # 指标值 / 实际完成值: number or text, may embed an operator
    CATEGORY = "category"  # 一级 / 二级 指标: carried down when merged or left blank, may declare points


@dataclass(frozen=True, slots=True)
class Column:
    """One header of a table: the key code uses, the text on the sheet, how to parse it."""

    field: str
    header: str
    type: FieldType
    required: bool = False
    # Other spellings people use for this header (matched after normalisation).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A sheet holding one table."""

    kind: Kind
    sheet: str
    columns: tuple[Column, ...]

    def column(self, field: str) -> Column:
        """The column with this field key."""
        for col in self.columns:
            if col.field == field:
                return col
        raise KeyError(field)


T, A, P, S = FieldType.TEXT, FieldType.AMOUNT, FieldType.PERCENT, FieldType.POINTS

_BREAKDOWN = (
    Column("seq", "序号", T),
    Column("code", "科目编码", T),
    Column("name", "科目名称", T, required=True),
    Column("amount", "金额", A, required=True),
    Column("share", "占比（%）", P, aliases=("占比", "占比(%)", "比例（%）", "比例")),
    Column("note", "备注", T),
)

_INDICATOR_COMMON = (
    Column("level1", "一级指标", FieldType.CATEGORY, required=True),
    Column("level2", "二级指标", FieldType.CATEGORY, required=True),
    Column("level3", "三级指标", T, required=True),
    Column("op", "指标性质", FieldType.OPERATOR, required=True, aliases=("绩效指标性质",)),
    Column("target", "指标值", FieldType.INDICATOR_VALUE, required=True, aliases=("绩效指标值",)),
    Column("unit", "度量单位", T, aliases=("绩效度量单位", "计量单位")),
    Column(
        "actual",
        "实际完成值",
        FieldType.INDICATOR_VALUE,
        required=True,
        aliases=("实际完成指标值", "实际完成"),
    ),
)

TABLES: Final[dict[Kind, TableLayout]] = {
    Kind.BASIC: TableLayout(Kind.BASIC, "基本情况", (Column("key", "项目", T, True), Column("value", "内容", T, True))),
    Kind.INCOME: TableLayout(Kind.INCOME, "收入情况", _BREAKDOWN),
    Kind.EXPENSE: TableLayout(Kind.EXPENSE, "支出情况", _BREAKDOWN),
    Kind.SCORING: TableLayout(
        Kind.SCORING,
        "自评打分表",
        (
            Column("level1", "一级指标", FieldType.CATEGORY, required=True),
            Column("level2", "二级指标", FieldType.CATEGORY, required=True),
            Column("level3", "三级指标", T, required=True),
            Column("points", "分值", S, required=True, aliases=("指标分值",)),
            Column("explanation", "指标解释", T),
            Column("score", "自评得分", S, required=True, aliases=("得分",)),
            Column("note", "备注", T),
        ),
    ),
    Kind.DEPT_INDICATORS: TableLayout(
        Kind.DEPT_INDICATORS,
        "整体绩效目标",
        (*_INDICATOR_COMMON, Column("reason", "偏差原因及改进措施", T, aliases=("偏差原因",))),
    ),
    Kind.PROJECTS: TableLayout(
        Kind.PROJECTS,
        "项目支出",
        (
            Column("name", "项目名称", T, required=True),
            Column("type", "项目类型", T),
            Column("initial_budget", "年初预算数", A),
            Column("budget", "全年预算数", A, required=True),
            Column("spent", "全年执行数", A, required=True),
            Column("rate", "执行率（%）", P, aliases=("执行率", "执行率(%)")),
            Column("points", "分值", S),
            Column("score", "得分", S),
            Column("note", "备注", T),
        ),
    ),
    Kind.PROJECT_INDICATORS: TableLayout(
        Kind.PROJECT_INDICATORS,
        "项目绩效指标",
        (
            Column("project", "项目名称", T, required=True),
            *_INDICATOR_COMMON,
            Column("points", "分值", S),
            Column("score", "得分", S),
            Column("reason", "偏差原因及改进措施", T, aliases=("偏差原因",)),
        ),
    ),
    Kind.PROJECT_FUNDS: TableLayout(
        Kind.PROJECT_FUNDS,
        "项目资金来源",
        (
            Column("project", "项目名称", T, required=True),
            Column("source", "资金来源", T, required=True, aliases=("资金类别", "资金性质")),
            Column("initial_budget", "年初预算数", A),
            Column("budget", "全年预算数", A, required=True, aliases=("调整后预算数",)),
            Column("spent", "全年执行数", A, required=True, aliases=("预算执行数", "实际执行数")),
            Column("rate", "执行率（%）", P, aliases=("执行率", "执行率(%)")),
            Column("note", "说明", T, aliases=("备注",)),
        ),
    ),
    Kind.PROJECT_BLOCKS: TableLayout(
        Kind.PROJECT_BLOCKS,
        "项目评分结构",
        (
            Column("project", "项目名称", T, required=True),
            Column("block", "评分部分", T, required=True, aliases=("评分内容",)),
            Column("points", "分值", S, required=True),
            Column("score", "得分", S),
        ),
    ),
    Kind.PROJECT_CONCLUSIONS: TableLayout(
        Kind.PROJECT_CONCLUSIONS,
        "项目自评结论",
        (
            Column("project", "项目名称", T, required=True),
            Column("goal", "预期目标", T, aliases=("年度总体目标", "年度目标")),
            Column("achieved", "实际完成情况", T),
            Column("total_score", "总分", S, aliases=("自评总分", "自评得分")),
            Column("grade", "评价等次", T, aliases=("自评等级", "等级")),
            Column("conclusion", "评价结论", T, aliases=("自评结论",)),
            Column("problems", "存在问题", T, aliases=("存在的问题", "主要问题")),
            Column("measures", "改进措施", T, aliases=("改进建议", "整改措施", "相关建议")),
            Column("project_lead", "项目负责人", T),
            Column("finance_lead", "财务负责人", T),
        ),
    ),
}

# The tables template v2 added; a v1 workbook (or one not from the template) may lack them.
V2_KINDS: Final = frozenset({Kind.PROJECT_FUNDS, Kind.PROJECT_BLOCKS, Kind.PROJECT_CONCLUSIONS})

SHEET_ORDER: Final[tuple[str, ...]] = (
    INSTRUCTIONS_SHEET,
    *(layout.sheet for layout in TABLES.values()),
)
# The sheets of template v1 (what `evaltool upgrade` starts from and tests write as v1).
SHEET_ORDER_V1: Final[tuple[str, ...]] = (
    INSTRUCTIONS_SHEET,
    *(layout.sheet for kind, layout in TABLES.items() if kind not in V2_KINDS),
)


@dataclass(frozen=True, slots=True)
class BasicField:
    """One key of the 基本情况 sheet."""

    field: str
    label: str
    type: FieldType
    required: bool = False
    empty_is_zero: bool = False


BASIC_FIELDS: Final[tuple[BasicField, ...]] = (
    BasicField("unit_name", "单位名称", T, required=True),
    BasicField("unit_code", "单位编码", T, required=True),
    BasicField("department", "主管部门", T),
    BasicField("year", "评价年度", FieldType.YEAR, required=True),
    BasicField("money_unit", "金额单位", T, required=True),
    BasicField("staff_quota", "核定编制人数", FieldType.COUNT),
    BasicField("staff_actual", "实有在编人数", FieldType.COUNT),
    BasicField("retired", "退休人数", FieldType.COUNT),
    BasicField("contract_staff", "编外聘用人数", FieldType.COUNT),
    BasicField("budget_income", "年初预算收入", A),
    BasicField("budget_expense", "年初预算支出", A),
    BasicField("opening_balance", "年初结转结余", A, empty_is_zero=True),
    BasicField("closing_balance", "年末结转结余", A, empty_is_zero=True),
    BasicField("total_funds", "整体支出预算资金总额", A),
    BasicField("fiscal_funds", "财政拨款", A),
    BasicField("other_funds", "其他资金", A, empty_is_zero=True),
    BasicField("annual_goal", "年度总体目标", T),
    BasicField("self_score", "自评总分", S),
    BasicField("filled_by", "填报人", T),
    BasicField("phone", "联系电话", T),
    BasicField("filled_on", "填报日期", FieldType.DATE),
)

MONEY_UNITS: Final = ("万元", "元")
# 项目资金来源: the row holding a project's whole funds, and the 其中 rows of the official cards.
FUNDS_TOTAL_LABEL: Final = "年度资金总额"
FUND_SOURCES_NATIONAL: Final = ("当年财政拨款", "上年结转资金", "其他资金")  # 财预〔2020〕10号
FUND_SOURCES_SICHUAN: Final = ("财政资金", "财政专户管理资金", "单位资金", "其他资金")
# 评价等次 from 总分 (at least 90 优, 80 良, 60 中, else 差); configurable as scoring.grade_bands.
GRADES: Final = ("优", "良", "中", "差")
DEFAULT_GRADE_BANDS: Final = (90.0, 80.0, 60.0)
OPERATORS: Final = ("≥", "≤", "=", "＞", "＜", "定性")
PROJECT_TYPES: Final = ("常年项目", "一次性项目", "延续项目", "新增项目")

# The indicator category tree (domain spec §3); configurable, these are the national defaults.
# The 满意度 names are the ones real forms print: 服务对象满意度指标 (the national project form;
# 天长市 2023 card's 注 "服务对象满意度指标10分"), 满意度指标 (池州市贵池区 2022 项目支出绩效自评表),
# 社会公众或服务对象满意度指标 and 群众满意度指标 (provincial forms seen in issue 13's documents).
# A printed trailing 等 (服务对象满意度指标等) is ignored when names are compared (indicator_logic.bare).
DEFAULT_HIERARCHY: Final[dict[str, tuple[str, ...]]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标", "社会公众或服务对象满意度指标", "群众满意度指标", "满意度指标"),
}
