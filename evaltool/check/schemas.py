"""Per-table pandera schemas; their failures map back to cells through the reader's addresses.

Each table kind is validated in ONE ``validate(lazy=True)`` call (pandera costs per call, not
per row): 收入情况 + 支出情况 as one frame, 整体绩效目标 + 项目绩效指标 as one frame. Frames
are indexed by (sheet, Excel row), so every failure case names its cell. Values are coerced
before validation (text to '' , numbers to float/NaN) because pandera skips a column's value
checks after a dtype failure. Each ``Check`` carries its rule code as ``error``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from evaltool.catalogue import ERROR, WARNING, Hit, declare, hit
from evaltool.check import money_logic as ml
from evaltool.check.context import Context
from evaltool.findings import CellRef
from evaltool.layout import BASIC_FIELDS, OPERATORS, PROJECT_TYPES, TABLES, FieldType, Kind

if TYPE_CHECKING:
    import pandas as pd

G = "表格数据 / schema"
BASIC_SHEET: Final = TABLES[Kind.BASIC].sheet
# Frames are indexed by Excel row; when two sheets share a frame the sheet is encoded above
# the row (pandera reports a MultiIndex only as text): key = sheet number × ROW_SPAN + row.
SHEETS: Final = tuple(layout.sheet for layout in TABLES.values())
ROW_SPAN: Final = 10_000_000  # more than Excel's 1,048,576 rows


def _key(sheet: str, row: int) -> int:
    return SHEETS.index(sheet) * ROW_SPAN + row


def _unkey(key: int) -> tuple[str, int]:
    sheet_no, row = divmod(int(key), ROW_SPAN)
    return SHEETS[sheet_no], row


declare(
    "V501",
    "required-value-missing",
    ERROR,
    group=G,
    message_zh="“{column}”未填写",
    message_en="{column!r} is empty",
    hint_zh="请填写该项（本行其他栏目已填写）",
    hint_en="fill in this cell (the rest of the row is filled)",
    doc="""Checks that the required cells of every filled row are filled.

    Required: 科目名称 and 金额 of a breakdown row; 项目名称, 全年预算数 and 全年执行数 of a
    project; 一级/二级/三级指标, 指标性质, 指标值 and 实际完成值 of an indicator (and its
    项目名称 on 项目绩效指标); 分值 and 自评得分 of a scoring row (a 扣分项 row may leave its
    自评得分 empty: nothing deducted).

    Why it matters: an empty cell in a filled row is a figure nobody can check.

    Example: a breakdown row with 科目名称 but no 金额 -> finding on the 金额 cell.""",
)
declare(
    "V502",
    "negative-amount",
    ERROR,
    group=G,
    message_zh="{column} {value} 为负数",
    message_en="{column} {value} is negative",
    hint_zh="金额不应为负数，请核对（冲减应在备注中说明）",
    hint_en="amounts cannot be negative; check the figure (explain any write-back in 备注)",
    doc="""Checks that amounts (breakdowns, projects, 基本情况 money items) are not negative.

    Why it matters: budget and spending figures are never negative in a self-evaluation;
    a minus sign is a typing or copying error.

    Example: 金额 -16.8 -> finding; 16.8 -> none.""",
)
declare(
    "V503",
    "percent-out-of-range",
    ERROR,
    group=G,
    message_zh="{column} {value} 超出合理范围（{range}）",
    message_en="{column} {value} is out of range ({range})",
    hint_zh="请核对该百分比",
    hint_en="check this percentage",
    doc="""Checks that 占比 lies within 0–100 and 执行率 is not negative.

    Why it matters: a share above 100 % or a negative rate cannot be right.

    Example: 占比 162.25 -> finding; 62.25 -> none.""",
)
declare(
    "V504",
    "points-out-of-range",
    ERROR,
    group=G,
    message_zh="{column} {value} 超出合理范围（{range}）",
    message_en="{column} {value} is out of range ({range})",
    hint_zh="分值和得分不能为负，自评总分应在 0–100 之间",
    hint_en="points and scores cannot be negative; the total self-score lies within 0–100",
    doc="""Checks that 分值 and 得分 are not negative and that 自评总分 lies within 0–100.

    Why it matters: scores outside their scale are typing errors.

    Example: 自评总分 110 -> finding; 100 -> none.""",
)
declare(
    "V506",
    "operator-unreadable",
    ERROR,
    group=G,
    message_zh="指标性质“{value}”无法识别",
    message_en="indicator type {value!r} is not recognised",
    hint_zh="请填写 ≥、≤、=、＞、＜ 或 定性（也可写 不低于、不高于 等）",
    hint_en="use ≥, ≤, =, ＞, ＜ or 定性 (不低于, 不高于 … are understood too)",
    doc="""Checks that 指标性质 is an operator the checker understands.

    Accepted: ≥ ≤ = ＞ ＜ 定性 and what people type for them (>=, ≧, 不低于, 不少于, <=,
    不高于, 不超过, 等于, full-width forms).

    Why it matters: without the operator nobody can say whether a target was met.

    Example: 不低于 -> no finding; 约等于 -> finding.""",
)
declare(
    "V507",
    "unit-missing",
    WARNING,
    group=G,
    message_zh="定量指标“{name}”没有度量单位",
    message_en="quantitative indicator {name!r} has no unit",
    hint_zh="请填写度量单位（如 %、万元、人、个、天）",
    hint_en="fill in the unit (%, 万元, 人, 个, 天 …)",
    doc="""Checks that a quantitative indicator (≥ ≤ = ＞ ＜) has a 度量单位.

    A unit typed inside the value (``95%``, ``≥50个``) counts as given.

    Why it matters: 32 means nothing without 万人; the unit decides how the target and the
    actual value compare.

    Example: 参保人员满意度 ≥ 90 with unit % -> no finding; unit empty -> finding.""",
)
declare(
    "V508",
    "project-type-unknown",
    WARNING,
    group=G,
    message_zh="项目类型“{value}”不是标准类型（{allowed}）",
    message_en="project type {value!r} is not a standard type ({allowed})",
    hint_zh="请从下拉列表中选择项目类型",
    hint_en="choose the project type from the drop-down list",
    doc="""Checks that 项目类型 is one of 常年项目, 一次性项目, 延续项目, 新增项目 (or empty).

    Why it matters: the finance bureau groups projects by type in its summaries.

    Example: 常年项目 -> no finding; 长期 -> finding.""",
)
declare(
    "V509",
    "count-invalid",
    ERROR,
    group=G,
    message_zh="{column} {value} 应为非负整数",
    message_en="{column} {value} must be a whole number, not negative",
    hint_zh="人数请填写整数",
    hint_en="enter head counts as whole numbers",
    doc="""Checks that the head counts of 基本情况 (编制, 在编, 退休, 编外) are whole numbers ≥ 0.

    (A fraction such as 58.5 is already reported by the reader as unreadable, F003.)

    Why it matters: a negative head count is a typing error (often an amount in the wrong row).

    Example: 退休人数 33 -> no finding; -3 -> finding.""",
)
declare(
    "V510",
    "subject-code-invalid",
    WARNING,
    group=G,
    message_zh="科目编码“{value}”应为 3、5 或 7 位数字（类、款、项）",
    message_en="subject code {value!r} should have 3, 5 or 7 digits (类, 款, 项)",
    hint_zh="请按政府收支分类科目填写编码，如 208、20801、2080101",
    hint_en="use the government classification codes, such as 208, 20801, 2080101",
    doc="""Checks that 科目编码, when given, has 3, 5 or 7 digits.

    Why it matters: the code's length says the level (类/款/项) that the subtotal rules
    (B104) rely on.

    Example: 2080101 -> no finding; 20801011 -> finding.""",
)

# Which cell a dataframe-level (row-wise) failure points at, per code.
_ROW_CHECK_FIELD: Final = {"V507": "unit", "V501": "score"}


@dataclass(slots=True)
class _Spec:
    """One validation call: the frame, its schema builder, and how to name a cell."""

    frame: pd.DataFrame
    build: Callable[[Any, Context], Any]  # (pandera module, ctx) -> DataFrameSchema
    locate: Callable[[str, int, str], CellRef | None]
    header: Callable[[str, str], str]


def _txt(series: pd.Series) -> pd.Series:
    """Text cells as stripped strings; empty / NaN as ''."""
    return series.map(ml.text).astype(str)


def _num(series: pd.Series) -> pd.Series:
    import pandas as pd

    def plain(v: Any) -> Any:
        return None if isinstance(v, bool) else v

    return pd.to_numeric(series.map(plain), errors="coerce")


def _table_header(kind: Kind) -> Callable[[str, str], str]:
    def header(sheet: str, field: str) -> str:
        for k in (kind, Kind.PROJECT_INDICATORS):
            try:
                return TABLES[k].column(field).header
            except KeyError:
                continue
        return field

    return header


def _locator(ctx: Context) -> Callable[[str, int, str], CellRef | None]:
    by_sheet = {t.sheet: t for t in ctx.submission.tables.values()}

    def locate(sheet: str, row: int, field: str) -> CellRef | None:
        table = by_sheet.get(sheet)
        if table is None or field not in table.columns:
            return None
        return table.ref(row, field)

    return locate


def _frame(ctx: Context, kinds: tuple[Kind, ...], text: tuple[str, ...], numbers: tuple[str, ...]) -> pd.DataFrame:
    """One frame over the tables of ``kinds`` (present ones), indexed by (sheet, row)."""
    import pandas as pd

    parts = []
    for kind in kinds:
        table = ctx.table(kind)
        if table is None or table.df.empty:
            continue
        df = table.df
        part = pd.DataFrame(index=pd.Index([_key(table.sheet, int(r)) for r in df.index], name="cell_row"))
        for f in text:
            part[f] = _txt(df[f]).to_numpy() if f in df.columns else ""
        for f in numbers:
            part[f] = _num(df[f]).to_numpy() if f in df.columns else math.nan
        parts.append(part)
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts) if len(parts) > 1 else parts[0]


def _nonempty(pa: Any, code: str = "V501") -> Any:
    return pa.Check(lambda s: s.str.len() > 0, error=code)


def _breakdown_schema(pa: Any, ctx: Context) -> Any:
    return pa.DataFrameSchema(
        {
            "name": pa.Column(str, _nonempty(pa)),
            "code": pa.Column(str, pa.Check(lambda s: (s == "") | (s.map(ml.subject_code) != ""), error="V510")),
            "amount": pa.Column(float, pa.Check.ge(0, error="V502"), nullable=False),
            "share": pa.Column(float, pa.Check.in_range(0, 100, error="V503"), nullable=True),
        }
    )


def _projects_schema(pa: Any, ctx: Context) -> Any:
    def amount(required: bool) -> Any:
        return pa.Column(float, pa.Check.ge(0, error="V502"), nullable=not required)

    return pa.DataFrameSchema(
        {
            "name": pa.Column(str, _nonempty(pa)),
            "type": pa.Column(str, pa.Check(lambda s: (s == "") | s.isin(PROJECT_TYPES), error="V508")),
            "initial_budget": amount(False),
            "budget": amount(True),
            "spent": amount(True),
            "rate": pa.Column(float, pa.Check.ge(0, error="V503"), nullable=True),
            "points": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=True),
            "score": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=True),
        }
    )


QUANTITATIVE: Final = tuple(op for op in OPERATORS if op != "定性")


def _indicators_schema(pa: Any, ctx: Context) -> Any:
    def unit_given(d: pd.DataFrame) -> pd.Series:
        quantitative = d["op"].isin(QUANTITATIVE)
        return ~quantitative | (d["unit"] != "") | (d["target_unit"] != "") | (d["actual_unit"] != "")

    return pa.DataFrameSchema(
        {
            "project": pa.Column(str, _nonempty(pa)),
            # Whether 一级 is in the configured hierarchy is rule I302's (indicators), not repeated here.
            "level1": pa.Column(str, _nonempty(pa)),
            "level2": pa.Column(str, _nonempty(pa)),
            "level3": pa.Column(str, _nonempty(pa)),
            "op": pa.Column(str, [_nonempty(pa), pa.Check(lambda s: (s == "") | s.isin(OPERATORS), error="V506")]),
            "target_text": pa.Column(str, _nonempty(pa)),
            "actual_text": pa.Column(str, _nonempty(pa)),
            "points": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=True),
            "score": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=True),
        },
        checks=[pa.Check(unit_given, error="V507")],
    )


def _scoring_schema(pa: Any, ctx: Context) -> Any:
    def score_given(d: pd.DataFrame) -> pd.Series:
        deduction = d["level1"].str.startswith("扣分项")
        return deduction | d["score"].notna()

    return pa.DataFrameSchema(
        {
            "level1": pa.Column(str, _nonempty(pa)),
            "level2": pa.Column(str, _nonempty(pa)),
            "level3": pa.Column(str, _nonempty(pa)),
            "points": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=False),
            "score": pa.Column(float, pa.Check.ge(0, error="V504"), nullable=True),
        },
        checks=[pa.Check(score_given, error="V501")],
    )


_COUNTS: Final = tuple(f.field for f in BASIC_FIELDS if f.type is FieldType.COUNT)
_AMOUNTS: Final = tuple(f.field for f in BASIC_FIELDS if f.type is FieldType.AMOUNT)


def _basic_schema(pa: Any, ctx: Context) -> Any:
    count = pa.Column(float, pa.Check(lambda s: (s >= 0) & (s % 1 == 0), error="V509"), nullable=True)
    columns = dict.fromkeys(_COUNTS, count)
    columns.update(dict.fromkeys(_AMOUNTS, pa.Column(float, pa.Check.ge(0, error="V502"), nullable=True)))
    columns["self_score"] = pa.Column(float, pa.Check.in_range(0, 100, error="V504"), nullable=True)
    return pa.DataFrameSchema(columns)


def _basic_frame(ctx: Context) -> pd.DataFrame:
    import pandas as pd

    basic = ctx.submission.basic
    fields = (*_COUNTS, *_AMOUNTS, "self_score")
    if not any(f in basic for f in fields):
        return pd.DataFrame()
    values = {f: [basic[f].value if f in basic else None] for f in fields}
    frame = pd.DataFrame(values, index=pd.Index([_key(BASIC_SHEET, 0)], name="cell_row"))
    for f in fields:
        frame[f] = _num(frame[f])
    return frame


_INDICATOR_TEXT: Final = (
    *("project", "level1", "level2", "level3", "op", "op_text", "unit"),
    *("target_text", "actual_text", "target_unit", "actual_unit"),
)


def _specs(ctx: Context) -> list[_Spec]:
    locate = _locator(ctx)
    specs = []

    breakdown = _frame(ctx, (Kind.INCOME, Kind.EXPENSE), ("name", "code"), ("amount", "share"))
    if not breakdown.empty:
        # A row holding only a 序号 or a 备注 is an unused template row, not a row to validate.
        keep = (
            (breakdown["name"] != "") | (breakdown["code"] != "") | breakdown[["amount", "share"]].notna().any(axis=1)
        )
        specs.append(_Spec(breakdown[keep], _breakdown_schema, locate, _table_header(Kind.INCOME)))

    projects = _frame(
        ctx,
        (Kind.PROJECTS,),
        ("name", "type"),
        ("initial_budget", "budget", "spent", "rate", "points", "score"),
    )
    if not projects.empty:
        specs.append(_Spec(projects, _projects_schema, locate, _table_header(Kind.PROJECTS)))

    indicators = _frame(
        ctx,
        (Kind.DEPT_INDICATORS, Kind.PROJECT_INDICATORS),
        _INDICATOR_TEXT,
        ("points", "score"),
    )
    if not indicators.empty:
        dept = indicators.index < _key(TABLES[Kind.DEPT_INDICATORS].sheet, 0) + ROW_SPAN
        # 整体绩效目标 has no 项目名称 column; a placeholder keeps the one-frame validation simple.
        indicators.loc[dept, "project"] = "—"
        # An operator the reader could not parse is None with its text kept in op_text.
        unparsed = (indicators["op"] == "") & (indicators["op_text"] != "")
        indicators.loc[unparsed, "op"] = indicators.loc[unparsed, "op_text"]
        specs.append(
            _Spec(indicators.drop(columns=["op_text"]), _indicators_schema, locate, _table_header(Kind.DEPT_INDICATORS))
        )

    scoring = _frame(ctx, (Kind.SCORING,), ("level1", "level2", "level3"), ("points", "score"))
    if not scoring.empty:
        specs.append(_Spec(scoring, _scoring_schema, locate, _table_header(Kind.SCORING)))

    basic = _basic_frame(ctx)
    if not basic.empty:
        labels = {f.field: f.label for f in BASIC_FIELDS}

        def locate_basic(sheet: str, row: int, field: str) -> CellRef | None:
            item = ctx.submission.basic.get(field)
            return item.cell if item is not None else None

        specs.append(_Spec(basic, _basic_schema, locate_basic, lambda sheet, field: labels.get(field, field)))
    return specs


_RANGES: Final = {"V503": {"share": "0–100", "rate": "≥ 0"}, "V504": {"self_score": "0–100"}}


def _plain(value: Any) -> Any:
    """A failure case as a plain JSON value."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return ml.show(value, 6) if math.isfinite(value) else None
    return value if isinstance(value, int | str) else str(value)


def _params(code: str, spec: _Spec, sheet: str, row: int, field: str, value: Any, ctx: Context) -> dict[str, Any]:
    params: dict[str, Any] = {"sheet": sheet, "column": spec.header(sheet, field)}
    if code == "V501":
        return params
    params["value"] = _plain(value)
    if code in _RANGES:
        params["range"] = _RANGES[code].get(field, "≥ 0")
    elif code == "V508":
        params["allowed"] = "、".join(PROJECT_TYPES)
    elif code == "V507":
        params["name"] = ml.text(spec.frame.at[_key(sheet, row), "level3"])
    return params


def _hits(errors: pd.DataFrame, spec: _Spec, ctx: Context) -> Iterator[tuple[str, Hit]]:
    seen: set[tuple[str, str]] = set()
    # Records, not itertuples: a namedtuple cannot have a field called "index".
    for case in errors.to_dict("records"):
        check = str(case["check"])
        code = "V501" if check == "not_nullable" else check
        where = case["index"]
        if not code.startswith("V5") or where is None:
            continue  # a dtype failure cannot happen: every column is coerced first
        sheet, row = _unkey(int(where))
        column = case["column"] if isinstance(case["column"], str) else None
        value: Any = case["failure_case"]
        if case["schema_context"] == "DataFrameSchema":
            # A row-wise check fails once per column: report the row once, at its own field.
            column, value = _ROW_CHECK_FIELD[code], None
        if column is None:
            continue
        cell = spec.locate(sheet, row, column)
        # A carried-down category points at the cell it came from: report that cell once.
        if cell is None or (code, str(cell)) in seen:
            continue
        seen.add((code, str(cell)))
        yield code, hit(cell, **_params(code, spec, sheet, row, column, value, ctx))


def validate(ctx: Context) -> Iterator[tuple[str, Hit]]:
    """Validate each table kind in one call; yield (rule code, hit) per failing cell.

    Also records the key money figures (收入/支出合计) for the report: this runs for every
    submission whatever rules are enabled.
    """
    ml.record_figures(ctx)
    specs = _specs(ctx)
    if not specs:
        return
    import pandera.pandas as pa

    for spec in specs:
        if spec.frame.empty:
            continue
        schema = spec.build(pa, ctx)
        try:
            schema.validate(spec.frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            yield from _hits(exc.failure_cases, spec, ctx)
