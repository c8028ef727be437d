"""The indicator row model: one row of 整体绩效目标 or 项目绩效指标 with everything the rules compare.

Built once per run (``indicator_rows``, cached on the context) and shared by the indicator
(I3xx) and score (S4xx) rules; it lives outside the rule modules so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks.context import Context
from evaltool.findings import CellRef
from evaltool.layout import Kind
from evaltool.model import Op, Table


@dataclass(frozen=True, slots=True)
class Value:
    """An indicator value (指标值 / 实际完成值) as the rules see it."""

    text: str | None  # the cell as typed
    figure: il.Figure | None  # the number, its shown decimals and its unit (embedded, else 度量单位)
    op: Op | None  # an operator typed inside the value (``≥32 万人``)
    unit: il.Unit  # the unit typed inside the value (NONE when none)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One row of either indicator table, with everything the rules compare."""

    table: Table
    row: int
    project: str | None
    level1: str | None
    level2: str | None
    level3: str | None
    op: Op | None
    unit_text: str | None
    unit: il.Unit  # the 度量单位 column
    target: Value
    actual: Value
    points: il.Figure | None
    score: il.Figure | None
    reason: str | None

    def ref(self, field_key: str) -> CellRef:
        """The cell of one of this row's fields."""
        return ax.cell_at(self.table, self.row, field_key)

    @property
    def quantitative(self) -> bool:
        """Operator ≥ ≤ = ＞ ＜ (not 定性, not missing)."""
        return self.op in il.QUANTITATIVE

    @property
    def measured(self) -> bool:
        """Both figures are numbers and the actual is a measured value (no operator restating the target)."""
        return self.target.figure is not None and self.actual.figure is not None and self.actual.op is None

    def verdict(self) -> il.Verdict:
        """Met / missed for a quantitative row with measured figures; 定性 by its grade."""
        if self.op is Op.QUAL:
            grade = il.qualitative_grade(self.actual.text)
            if grade in (il.NOT_ACHIEVED, il.PARTLY):
                return il.Verdict.MISSED
            return il.Verdict.MET if grade == il.ACHIEVED else il.Verdict.UNKNOWN
        if not self.quantitative or not self.measured:
            return il.Verdict.UNKNOWN
        return il.judge(self.op, self.target.figure, self.actual.figure)

    @property
    def label(self) -> str:
        """The indicator's name for messages (project-qualified)."""
        name = self.level3 or self.level2 or "?"
        return f"{self.project}：{name}" if self.project else name


def embedded_unit(text: Any, column: il.Unit) -> il.Unit:
    """The unit typed inside a value; a bare scale (``32.89万``) takes the column's noun."""
    u = il.parse_unit(text)
    raw = ax.text_or_none(text)
    if raw and raw in ("万", "亿", "千", "百") and column.kind is not il.UnitKind.NONE:
        if column.text.startswith(raw):
            return column
        scale = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}[raw]
        return il.Unit(raw + column.text, column.kind, column.base, column.factor * scale, column.per)
    return u


class _RowReader:
    """One data row's values and shown decimals, read from the table's dict copies."""

    __slots__ = ("row", "table")

    def __init__(self, table: Table, row: int) -> None:
        self.table, self.row = table, row

    def get(self, column: str) -> Any:
        return ax.value_at(self.table, self.row, column)

    def value(self, key: str, column: il.Unit) -> Value:
        text = ax.text_or_none(self.get(f"{key}_text"))
        number = ax.number(self.get(key))
        raw_op = self.get(f"{key}_op")
        op = raw_op if isinstance(raw_op, Op) else None
        unit = embedded_unit(self.get(f"{key}_unit"), column)
        known = unit.kind not in (il.UnitKind.NONE, il.UnitKind.OTHER)
        figure = None
        if number is not None:
            figure = il.Figure(number, ax.places_at(self.table, self.row, key), unit if known else column)
        return Value(text, figure, op, unit)

    def points(self, key: str) -> il.Figure | None:
        n = ax.number(self.get(key))
        return None if n is None else il.Figure(n, ax.places_at(self.table, self.row, key))


def indicator_rows(ctx: Context) -> list[IndicatorRow]:
    """Every row of 整体绩效目标 then 项目绩效指标, parsed once per run (cached on the context)."""
    cached = ctx.cache.get("indicator_rows")
    if cached is not None:
        return list(cached)
    out: list[IndicatorRow] = []
    for kind in (Kind.DEPT_INDICATORS, Kind.PROJECT_INDICATORS):
        table = ctx.table(kind)
        if table is None:
            continue
        for r in ax.rows(table):
            rv = _RowReader(table, r)
            op = rv.get("op")
            unit_text = ax.text_or_none(rv.get("unit"))
            unit = il.parse_unit(unit_text)
            level3 = ax.text_or_none(rv.get("level3"))
            levels = (ax.text_or_none(rv.get("level1")), ax.text_or_none(rv.get("level2")))
            target = rv.value("target", unit)
            actual = rv.value("actual", unit)
            if level3 is None and target.text is None and actual.text is None:
                continue  # a blank row inside the table
            out.append(
                IndicatorRow(
                    table=table,
                    row=r,
                    project=ax.text_or_none(rv.get("project")) if kind is Kind.PROJECT_INDICATORS else None,
                    level1=levels[0],
                    level2=levels[1],
                    level3=level3,
                    # 指标性质 left empty with the symbol typed in the target (``≥50个``): use that;
                    # 定量指标 (no direction, 重庆's form) is read by what the row measures; left
                    # empty beside a target in words (``效果明显``) the row is 定性.
                    op=op
                    if isinstance(op, Op)
                    else target.op
                    or il.implied_direction(rv.get("op_text"), *levels, level3)
                    or (Op.QUAL if rv.get("op_text") is None and il.text_target(target.text) else None),
                    unit_text=unit_text,
                    unit=unit,
                    target=target,
                    actual=actual,
                    points=rv.points("points"),
                    score=rv.points("score"),
                    reason=ax.text_or_none(rv.get("reason")),
                )
            )
    ctx.cache["indicator_rows"] = tuple(out)
    return out


def shown_target(r: IndicatorRow) -> str:
    """The target as a reader would say it: value and unit (``32 万人``)."""
    return _with_unit(r.target, r.unit_text)


def shown_actual(r: IndicatorRow) -> str:
    """The actual value as a reader would say it: value and unit (``72.74 %``)."""
    return _with_unit(r.actual, r.unit_text)


def _with_unit(value: Value, unit_text: str | None) -> str:
    text = value.text or ""
    if text and unit_text and value.figure is not None and value.unit.kind is il.UnitKind.NONE:
        return f"{text} {unit_text}"
    return text
