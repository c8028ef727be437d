"""What was read, written back as the current standard workbook: ``evaltool upgrade`` and ``convert``.

It sits above both the reader and the template writer (neither knows the other): a
``Submission`` — from a v1 workbook, or from an official form — becomes ``SubmissionData``
and is written by ``evaltool.template.write_workbook``. Every value the reader read is
written as read: numbers as numbers, text as typed (``≥32 万人`` stays text), a category's
declared points back in its name (``总体绩效（65分）``). A share, rate or 合计 is written as
the figure read (a formula's value, not the formula), so a wrong one stays wrong and the
new workbook is checked as the old one was. What is not kept: cell styles, comments, rows
and sheets the reader does not read, and where a table sat (tables start where the
template puts them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from evaltool.layout import BASIC_FIELDS, TABLES, FieldType, Kind
from evaltool.model import Submission, Table
from evaltool.template.data import (
    Breakdown,
    BreakdownRow,
    IndicatorRow,
    ProjectBlockRow,
    ProjectConclusionRow,
    ProjectFundRow,
    ProjectIndicatorRow,
    ProjectRow,
    Projects,
    Scoring,
    ScoringRow,
    Shown,
    SubmissionData,
    Value,
)

__all__ = ["prefill_v2", "to_data", "write_standard"]


def _plain(value: Any) -> Value:
    """A frame value as a cell value: NaN and None are empty, numpy numbers plain floats."""
    if value is None or isinstance(value, Shown):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


# Decimals the template shows each numeric field with; a figure shown otherwise is written
# with its own decimals (``Shown``), so its rounding interval (and every check on it) stays the same.
_SHOWN: Final = {FieldType.AMOUNT: 2, FieldType.PERCENT: 2, FieldType.POINTS: 2}


class _Rows:
    """One table's data rows as cell values (what ``write_workbook`` takes)."""

    def __init__(self, table: Table | None) -> None:
        self.table = table

    def _rows(self, values: Any, decimals: Any) -> list[dict[str, Any]]:
        assert self.table is not None
        types = {c.field: c.type for c in TABLES[self.table.kind].columns}
        out = []
        for (_, row), (_, dec) in zip(values.iterrows(), decimals.iterrows(), strict=True):
            item = {str(k): v for k, v in row.to_dict().items()}
            for key, ftype in types.items():
                places = _plain(dec.get(key)) if key in dec else None
                number = _plain(item.get(key))
                shown = _SHOWN.get(ftype)
                if (
                    shown is not None
                    and isinstance(number, int | float)
                    and isinstance(places, int)
                    and places != shown
                ):
                    item[key] = Shown(number, places)
            out.append(item)
        return out

    def __iter__(self) -> Any:
        if self.table is None:
            return iter(())
        return iter(self._rows(self.table.df, self.table.decimals))

    def total(self) -> dict[str, Any] | None:
        if self.table is None or self.table.total is None or self.table.total.empty:
            return None
        decimals = self.table.total_decimals
        assert decimals is not None
        return self._rows(self.table.total, decimals)[0]


def _get(row: dict[str, Any], key: str) -> Value:
    return _plain(row.get(key))


def _category(row: dict[str, Any], key: str) -> Value:
    """A category name with its declared points put back (总体绩效 + 65 -> 总体绩效（65分）)."""
    name = _get(row, key)
    points = _plain(row.get(key + "_points"))
    if name is None or points is None:
        return name
    return f"{name}（{points}分）"


def _indicator_value(row: dict[str, Any], key: str) -> Value:
    """指标值 / 实际完成值: the text as typed when it carries an operator or unit, else the number."""
    text = _get(row, key + "_text")
    number = _get(row, key)
    if row.get(key + "_op") or row.get(key + "_unit") or number is None:
        return text
    return number


def _op(row: dict[str, Any]) -> Value:
    op = row.get("op")
    if op is not None and not (isinstance(op, float) and math.isnan(op)):
        return str(op.value) if hasattr(op, "value") else str(op)
    return _get(row, "op_text")


def _breakdown(table: Table | None) -> Breakdown:
    rows = _Rows(table)
    out = Breakdown(
        rows=[
            BreakdownRow(
                name=_get(r, "name"),
                amount=_get(r, "amount"),
                share=_get(r, "share"),
                code=_get(r, "code"),
                note=_get(r, "note"),
                seq=_get(r, "seq") if _get(r, "seq") is not None else "",
            )
            for r in rows
        ]
    )
    total = rows.total()
    out.with_total = total is not None
    if total is not None:
        out.total = _get(total, "amount")
        out.total_share = _get(total, "share")
    return out


def _scoring(table: Table | None) -> Scoring:
    rows = _Rows(table)
    out = Scoring(
        rows=[
            ScoringRow(
                _category(r, "level1"),
                _category(r, "level2"),
                _get(r, "level3"),
                _get(r, "points"),
                _get(r, "explanation"),
                _get(r, "score"),
                _get(r, "note"),
            )
            for r in rows
        ]
    )
    total = rows.total()
    if total is not None:
        out.with_total = True
        out.total_points, out.total_score = _get(total, "points"), _get(total, "score")
    return out


def _indicator_fields(r: dict[str, Any]) -> dict[str, Value]:
    return {
        "level1": _category(r, "level1"),
        "level2": _category(r, "level2"),
        "level3": _get(r, "level3"),
        "op": _op(r),
        "target": _indicator_value(r, "target"),
        "unit": _get(r, "unit"),
        "actual": _indicator_value(r, "actual"),
        "reason": _get(r, "reason"),
    }


def _projects(table: Table | None) -> Projects:
    rows = _Rows(table)
    fields = ("name", "type", "initial_budget", "budget", "spent", "rate", "points", "score", "note")
    out = Projects(rows=[ProjectRow(**{f: _get(r, f) for f in fields}) for r in rows])
    total = rows.total()
    out.with_total = total is not None
    if total is not None:
        for f in ("initial_budget", "budget", "spent", "rate", "points", "score"):
            setattr(out, f"total_{f}", _get(total, f))
    return out


def _plain_rows(table: Table | None, make: Callable[..., Any], fields: tuple[str, ...]) -> list[Any]:
    return [make(**{f: _get(r, f) for f in fields}) for r in _Rows(table)]


def to_data(sub: Submission) -> SubmissionData:
    """Everything the reader read, as data for the standard workbook (current version)."""
    basic: dict[str, Value] = {}
    for bf in BASIC_FIELDS:
        item = sub.basic.get(bf.field)
        if item is not None and item.value is not None:
            basic[bf.field] = item.value if not isinstance(item.value, float) else _plain(item.value)
    t = sub.tables.get
    return SubmissionData(
        basic=basic,
        income=_breakdown(t(Kind.INCOME)),
        expense=_breakdown(t(Kind.EXPENSE)),
        scoring=_scoring(t(Kind.SCORING)),
        dept_indicators=[IndicatorRow(**_indicator_fields(r)) for r in _Rows(t(Kind.DEPT_INDICATORS))],
        projects=_projects(t(Kind.PROJECTS)),
        project_indicators=[
            ProjectIndicatorRow(
                project=_get(r, "project"),
                points=_get(r, "points"),
                score=_get(r, "score"),
                **_indicator_fields(r),
            )
            for r in _Rows(t(Kind.PROJECT_INDICATORS))
        ],
        project_funds=_plain_rows(
            t(Kind.PROJECT_FUNDS),
            ProjectFundRow,
            ("project", "source", "initial_budget", "budget", "spent", "rate", "note"),
        ),
        project_blocks=_plain_rows(t(Kind.PROJECT_BLOCKS), ProjectBlockRow, ("project", "block", "points", "score")),
        project_conclusions=_plain_rows(
            t(Kind.PROJECT_CONCLUSIONS),
            ProjectConclusionRow,
            (
                "project",
                "goal",
                "achieved",
                "total_score",
                "grade",
                "conclusion",
                "problems",
                "measures",
                "project_lead",
                "finance_lead",
            ),
        ),
    )


def prefill_v2(data: SubmissionData) -> SubmissionData:
    """Start the v2 sheets of an upgraded v1 workbook from what v1 already says.

    Each project of 项目支出 gets its 年度资金总额 row (its own figures; the 其中 rows are the
    unit's to add) and a 项目自评结论 row naming it. Sheets already filled are left alone.
    """
    if not data.project_funds:
        data.project_funds = [
            ProjectFundRow(p.name, "年度资金总额", p.initial_budget, p.budget, p.spent, note=None)
            for p in data.projects.rows
            if p.name
        ]
    if not data.project_conclusions:
        data.project_conclusions = [ProjectConclusionRow(p.name) for p in data.projects.rows if p.name]
    return data


def write_standard(sub: Submission, path: Path, *, prefill: bool = False) -> None:
    """Write ``sub`` as the current standard workbook at ``path`` (atomically, by the caller's choice)."""
    from evaltool.template.writer import write_workbook

    data = to_data(sub)
    write_workbook(path, prefill_v2(data) if prefill else data)
