"""Per-table pandera schemas; their failures map back to cells through the reader's addresses.

Each table kind's rules are declared once (``_Rules``) and validated in ONE
``validate(lazy=True)`` call (pandera costs per call, not per row): 收入情况 + 支出情况 as one
frame, 整体绩效目标 + 项目绩效指标 as one frame. Frames are indexed by Excel row (with the
sheet encoded above it), so every failure case names its cell. Values are coerced before
validation (text to '', numbers to float64/NaN) because pandera skips a column's value checks
after a dtype failure. Each ``Check`` carries its rule code as ``error``. The same rule
functions are first evaluated with plain pandas: a table kind that breaks none of them skips
pandera, and a valid workbook never imports it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from evaltool.catalogue import ERROR, WARNING, Hit, declare, hit
from evaltool.checks import access as ax
from evaltool.checks import money_logic as ml
from evaltool.checks import unfilled
from evaltool.checks.context import Context
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
    分值 and 自评得分 empty or "-": the seed prints its 分值 as "-"); the 得分 beside a 分值 on
    项目绩效指标 and 项目支出 (a row scored nowhere may leave both empty). When most actual
    values or scores of a workbook are empty these findings are folded into one V511.

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


@dataclass(slots=True)
class _Spec:
    """One validation call: the frame, its declared rules, and how to name a cell."""

    frame: pd.DataFrame
    rules: _Rules
    locate: Callable[[str, int, str], CellRef | None]
    header: Callable[[str, int, str], str]  # (sheet, row, field) -> the column's or item's name
    # How many 实际完成值 and how many 得分 cells of the frame must be filled (V511).
    self_evaluation: tuple[int, int] = (0, 0)


def _float(value: Any) -> float:
    """A cell value as float (NaN for empty / text / bool); numbers stay as typed, however large."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)


def _num(series: pd.Series) -> pd.Series:
    """Numbers as float64 always: an all-integer column would otherwise be int64."""
    import pandas as pd

    return pd.Series([_float(v) for v in series.tolist()], index=series.index, dtype="float64")


def _table_header(kind: Kind) -> Callable[[str, int, str], str]:
    def header(sheet: str, row: int, field: str) -> str:
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


Row = dict[str, Any]


def _frame(
    ctx: Context,
    kinds: tuple[Kind, ...],
    text: tuple[str, ...],
    numbers: tuple[str, ...],
    adjust: Callable[[Kind, Row], Row | None] = lambda kind, row: row,
) -> pd.DataFrame:
    """One frame over the tables of ``kinds`` (present ones), indexed by sheet × row (``_key``).

    Built from plain lists in one constructor call: column-by-column pandas assignment cost
    more than the validation itself. Text is stripped ('' for empty), numbers are float64.
    ``adjust`` may change a row or drop it (None).
    """
    import numpy as np
    import pandas as pd

    keys: list[int] = []
    columns: dict[str, list[Any]] = {f: [] for f in (*text, *numbers)}
    for kind in kinds:
        table = ctx.table(kind)
        if table is None or table.df.empty:
            continue
        df = table.df
        source = {f: df[f].tolist() for f in (*text, *numbers) if f in df.columns}
        for i, r in enumerate(df.index.tolist()):
            row: Row = {f: ax.text(source[f][i]) if f in source else "" for f in text}
            row.update({f: _float(source[f][i]) if f in source else math.nan for f in numbers})
            adjusted = adjust(kind, row)
            if adjusted is None:
                continue
            keys.append(_key(table.sheet, int(r)))
            for f, v in adjusted.items():
                columns[f].append(v)
    if not keys:
        return pd.DataFrame()
    data: dict[str, Any] = {f: columns[f] for f in text}
    data.update({f: np.asarray(columns[f], dtype="float64") for f in numbers})
    return pd.DataFrame(data, index=pd.Index(keys, name="cell_row"))


def _breakdown_row(kind: Kind, row: Row) -> Row | None:
    # A row holding only a 序号 or a 备注 is an unused template row, not a row to validate.
    filled = row["name"] or row["code"] or not (math.isnan(row["amount"]) and math.isnan(row["share"]))
    return row if filled else None


def _indicator_row(kind: Kind, row: Row) -> Row:
    if kind is Kind.DEPT_INDICATORS:
        # 整体绩效目标 has no 项目名称 column; a placeholder keeps the one-frame validation simple.
        row["project"] = "—"
    if not row["op"] and row["op_text"]:
        # An operator the reader could not parse is None, its text kept in op_text.
        row["op"] = row["op_text"]
    from evaltool.checks import indicator_logic as il

    row["table"], row["op_typed"] = kind.value, "y" if row["op"] else ""
    if not row["op"] and row["target_op"]:
        # 指标性质 left empty with the symbol typed in the target (``≥50个``): the rules use that.
        row["op"] = row["target_op"]
    if not row["op"] and il.text_target(row["target_text"]):
        # 指标性质 left empty beside a target in words (``效果明显``): the rules read it as 定性.
        row["op"] = "定性"
    return row


Test = Callable[[Any], Any]  # Series -> bool Series (a column rule) or DataFrame -> bool Series (a row rule)


@dataclass(frozen=True, slots=True)
class _Rules:
    """One table kind's schema, declared once.

    ``columns``: (column, code, ok) — ok(values) is True where valid; empty (NaN) values pass.
    ``required``: numeric columns that must be filled (an empty one is V501).
    ``rows``: (code, field, ok) — ok(frame) is True per valid row; the failure is shown at ``field``.

    ``_to_pandera`` turns it into a ``DataFrameSchema``; ``_passes`` evaluates the same
    functions with plain pandas, so a valid workbook never pays for importing pandera.
    """

    columns: tuple[tuple[str, str, Test], ...] = ()
    required: tuple[str, ...] = ()
    rows: tuple[tuple[str, str, Test], ...] = ()


def _nonempty(s: pd.Series) -> pd.Series:
    return s != ""


def _not_negative(s: pd.Series) -> pd.Series:
    return s >= 0


def _percent(s: pd.Series) -> pd.Series:
    return (s >= 0) & (s <= 100)


def _to_pandera(pa: Any, rules: _Rules) -> Any:
    """The pandera schema of a declaration. Columns carry no dtype: the frame is coerced
    already, and pandera's string-dtype check costs about a millisecond per column."""
    checks: dict[str, list[Any]] = {}
    for column, code, ok in rules.columns:
        checks.setdefault(column, []).append(pa.Check(ok, error=code))
    for column in rules.required:
        checks.setdefault(column, [])
    return pa.DataFrameSchema(
        {c: pa.Column(checks=cs, nullable=c not in rules.required) for c, cs in checks.items()},
        # A row-wise check names its code and the field its failure is shown at: ``V501@score``.
        checks=[pa.Check(ok, error=f"{code}@{field}") for code, field, ok in rules.rows],
    )


def _passes(frame: pd.DataFrame, rules: _Rules) -> bool:
    """Whether every rule holds, judged with plain pandas (the same functions pandera runs)."""
    for column, _, ok in rules.columns:
        values = frame[column]
        if not bool((values.isna() | ok(values)).all()):
            return False
    if any(not bool(frame[c].notna().all()) for c in rules.required):
        return False
    return all(bool(ok(frame).all()) for _, _, ok in rules.rows)


def _breakdown_rules(ctx: Context) -> _Rules:
    return _Rules(
        columns=(
            ("name", "V501", _nonempty),
            ("code", "V510", lambda s: (s == "") | (s.map(ml.subject_code) != "")),
            ("amount", "V502", _not_negative),
            ("share", "V503", _percent),
        ),
        required=("amount",),
    )


def _projects_rules(ctx: Context) -> _Rules:
    return _Rules(
        columns=(
            ("name", "V501", _nonempty),
            ("type", "V508", lambda s: (s == "") | s.isin(PROJECT_TYPES)),
            *((field, "V502", _not_negative) for field in ("initial_budget", "budget", "spent")),
            ("rate", "V503", _not_negative),
            ("points", "V504", _not_negative),
            ("score", "V504", _not_negative),
        ),
        required=("budget", "spent"),
        rows=(("V501", "score", _scored_if_weighted),),
    )


QUANTITATIVE: Final = tuple(op for op in OPERATORS if op != "定性")


def _unit_given(d: pd.DataFrame) -> pd.Series:
    quantitative = d["op"].isin(QUANTITATIVE)
    return ~quantitative | (d["unit"] != "") | (d["target_unit"] != "") | (d["actual_unit"] != "")


def _indicators_rules(ctx: Context) -> _Rules:
    # Whether 一级 is in the configured hierarchy is rule I302's (indicators), and an operator
    # the reader cannot parse is its F003: neither is repeated here.
    required_text = ("project", "level1", "level2", "level3", "target_text", "actual_text")
    return _Rules(
        columns=(
            *((field, "V501", _nonempty) for field in required_text),
            ("points", "V504", _not_negative),
            ("score", "V504", _not_negative),
        ),
        rows=(("V507", "unit", _unit_given), ("V501", "score", _scored_if_weighted), ("V501", "op", _op_given)),
    )


def _op_given(d: pd.DataFrame) -> pd.Series:
    # 指标性质 typed on no row of a table is a form without that column (the national card prints
    # 年度指标值 only, ``≥50个`` or ``效果明显``): nothing to require there. Otherwise each row needs one.
    typed_somewhere = (d["op_typed"] != "").groupby(d["table"]).transform("any").astype(bool)
    return (d["op"] != "") | ~typed_somewhere


def _scored_if_weighted(d: pd.DataFrame) -> pd.Series:
    # A 分值 without its 得分 is a self-evaluation not done; a row weighted nowhere is not scored.
    return d["points"].isna() | d["score"].notna()


def _deduction(d: pd.DataFrame) -> pd.Series:
    from evaltool.checks import indicator_logic as il

    return d["level1"].map(lambda name: il.bare(name).startswith("扣分")).astype(bool)  # also 三、扣分项


def _score_given(d: pd.DataFrame) -> pd.Series:
    # A 扣分项 row may leave its 自评得分 empty: nothing deducted.
    return _deduction(d) | d["score"].notna()


def _points_given(d: pd.DataFrame) -> pd.Series:
    # A 扣分项 row may carry "-" (as the seed report prints it), nothing, or the group's points.
    return _deduction(d) | d["points"].notna()


def _scoring_rules(ctx: Context) -> _Rules:
    return _Rules(
        columns=(
            *((field, "V501", _nonempty) for field in ("level1", "level2", "level3")),
            ("points", "V504", _not_negative),
            ("score", "V504", _not_negative),
        ),
        rows=(("V501", "points", _points_given), ("V501", "score", _score_given)),
    )


_COUNTS: Final = tuple(f.field for f in BASIC_FIELDS if f.type is FieldType.COUNT)
_AMOUNTS: Final = tuple(f.field for f in BASIC_FIELDS if f.type is FieldType.AMOUNT)


def _basic_rules(ctx: Context) -> _Rules:
    # Long format (one row per item, like the sheet): one column instead of twelve, because
    # pandera's cost is per column and per check, not per row.
    def rule(kind: str, ok: Test) -> Test:
        return lambda d: (d["kind"] != kind) | d["value"].isna() | ok(d["value"])

    return _Rules(
        rows=(
            ("V509", "value", rule("count", lambda v: (v >= 0) & (v % 1 == 0))),
            ("V502", "value", rule("amount", _not_negative)),
            ("V504", "value", rule("score", _percent)),
        )
    )


def _basic_frame(ctx: Context) -> pd.DataFrame:
    """基本情况's numeric items, one row per item, indexed by the item's Excel row."""
    import pandas as pd

    kinds = {**dict.fromkeys(_COUNTS, "count"), **dict.fromkeys(_AMOUNTS, "amount"), "self_score": "score"}
    items = [(f, item) for f, item in ctx.submission.basic.items() if f in kinds and item.cell.row > 0]
    if not items:
        return pd.DataFrame()
    frame = pd.DataFrame(
        {"field": [f for f, _ in items], "kind": [kinds[f] for f, _ in items]},
        index=pd.Index([_key(BASIC_SHEET, item.cell.row) for _, item in items], name="cell_row"),
    )
    frame["value"] = _num(pd.Series([item.value for _, item in items], index=frame.index))
    return frame


# Frame columns holding the text of a sheet column (the cell is the sheet column's).
_TEXT_OF: Final = {"target_text": "target", "actual_text": "actual", "op_text": "op"}
_INDICATOR_TEXT: Final = (
    *("project", "level1", "level2", "level3", "op", "op_text", "unit"),
    *("target_text", "actual_text", "target_unit", "actual_unit", "target_op"),
    *("table", "op_typed"),  # which table a row is in, and whether its 指标性质 was typed (_op_given)
)


def _specs(ctx: Context) -> list[_Spec]:
    locate = _locator(ctx)
    specs = []

    breakdown = _frame(ctx, (Kind.INCOME, Kind.EXPENSE), ("name", "code"), ("amount", "share"), _breakdown_row)
    if not breakdown.empty:
        specs.append(_Spec(breakdown, _breakdown_rules(ctx), locate, _table_header(Kind.INCOME)))

    projects = _frame(
        ctx,
        (Kind.PROJECTS,),
        ("name", "type"),
        ("initial_budget", "budget", "spent", "rate", "points", "score"),
    )
    if not projects.empty:
        weighted = int(projects["points"].notna().sum())
        specs.append(_Spec(projects, _projects_rules(ctx), locate, _table_header(Kind.PROJECTS), (0, weighted)))

    indicators = _frame(
        ctx, (Kind.DEPT_INDICATORS, Kind.PROJECT_INDICATORS), _INDICATOR_TEXT, ("points", "score"), _indicator_row
    )
    if not indicators.empty:
        to_fill = (len(indicators), int(indicators["points"].notna().sum()))
        specs.append(_Spec(indicators, _indicators_rules(ctx), locate, _table_header(Kind.DEPT_INDICATORS), to_fill))

    scoring = _frame(ctx, (Kind.SCORING,), ("level1", "level2", "level3"), ("points", "score"))
    if not scoring.empty:
        scored = int((~_deduction(scoring)).sum())
        specs.append(_Spec(scoring, _scoring_rules(ctx), locate, _table_header(Kind.SCORING), (0, scored)))

    basic = _basic_frame(ctx)
    if not basic.empty:
        labels = {f.field: f.label for f in BASIC_FIELDS}

        def locate_basic(sheet: str, row: int, field: str) -> CellRef | None:
            item = ctx.submission.basic.get(str(basic.at[_key(sheet, row), "field"]))
            return item.cell if item is not None else None

        def label(sheet: str, row: int, field: str) -> str:
            key = str(basic.at[_key(sheet, row), "field"])
            return labels.get(key, key)

        specs.append(_Spec(basic, _basic_rules(ctx), locate_basic, label))
    return specs


_RANGES: Final = {"V503": {"share": "0–100", "rate": "≥ 0"}, "V504": {"value": "0–100"}}


def _plain(value: Any) -> Any:
    """A failure case as a plain JSON value."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return ml.show(value, 6) if math.isfinite(value) else None
    return value if isinstance(value, int | str) else str(value)


def _params(code: str, spec: _Spec, sheet: str, row: int, field: str, value: Any, ctx: Context) -> dict[str, Any]:
    params: dict[str, Any] = {"sheet": sheet, "column": spec.header(sheet, row, field)}
    if code == "V501":
        return params
    params["value"] = _plain(value)
    if code in _RANGES:
        params["range"] = _RANGES[code].get(field, "≥ 0")
    elif code == "V508":
        params["allowed"] = "、".join(PROJECT_TYPES)
    elif code == "V507":
        params["name"] = ax.text(spec.frame.at[_key(sheet, row), "level3"])
    return params


def _hits(errors: pd.DataFrame, spec: _Spec, ctx: Context) -> Iterator[tuple[str, Hit]]:
    seen: set[tuple[str, str]] = set()
    blocked = ml.unreadable_cells(ctx)
    # Records, not itertuples: a namedtuple cannot have a field called "index".
    for case in errors.to_dict("records"):
        check, _, shown_at = str(case["check"]).partition("@")
        code = "V501" if check == "not_nullable" else check
        where = case["index"]
        if not code.startswith("V5") or where is None:
            continue  # a dtype failure cannot happen: every column is coerced first
        sheet, row = _unkey(int(where))
        column = case["column"] if isinstance(case["column"], str) else None
        value: Any = case["failure_case"]
        if case["schema_context"] == "DataFrameSchema":
            # A row-wise check fails once per column: report the row once, at its own field.
            column = shown_at
            value = spec.frame.at[_key(sheet, row), column]
        if column is None:
            continue
        # The frame holds an indicator value's text (``actual_text``): the cell is the value's.
        column = _TEXT_OF.get(column, column)
        cell = spec.locate(sheet, row, column)
        # A carried-down category points at the cell it came from: report that cell once.
        # A cell the reader could not read (F003/F004/F006) is empty here, but not "empty".
        if cell is None or (code, str(cell)) in seen or cell in blocked:
            continue
        seen.add((code, str(cell)))
        yield code, hit(cell, **_params(code, spec, sheet, row, column, value, ctx))


def validate(ctx: Context) -> Iterator[tuple[str, Hit]]:
    """Validate each table kind in one call; yield (rule code, hit) per failing cell."""
    # Only tables that break a rule go through pandera (for its failure cases); a valid
    # workbook never imports it (~0.12 s of a single-file check).
    specs = _specs(ctx)
    failing = [spec for spec in specs if not spec.frame.empty and not _passes(spec.frame, spec.rules)]
    if not failing:
        return
    import pandera.pandas as pa

    found: list[tuple[str, Hit]] = []
    for spec in failing:
        schema = _to_pandera(pa, spec.rules)
        try:
            schema.validate(spec.frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            found.extend(_hits(exc.failure_cases, spec, ctx))
    actuals = sum(spec.self_evaluation[0] for spec in specs)
    if not ctx.settings.enabled(unfilled.CODE):
        yield from found  # V511 switched off: its cells stay V501 findings of their own
        return
    yield from unfilled.fold(found, actuals, sum(spec.self_evaluation[1] for spec in specs))
