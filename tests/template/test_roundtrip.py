"""Reading what the writer wrote gives back the data, value by value, at the cells the placement names."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from evaltool.api import read
from evaltool.layout import BASIC_FIELDS, TEMPLATE_VERSION, Kind
from evaltool.model import Submission, Table
from evaltool.template import (
    IndicatorRow,
    ProjectIndicatorRow,
    SubmissionData,
    WorkbookPlacement,
    place,
    seed_data,
    write_workbook,
)
from evaltool.template.writer import number


def _eq(got: Any, want: Any) -> bool:
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got)) or got == 0
    if isinstance(want, int | float) and not isinstance(want, bool):
        return got is not None and not (isinstance(got, float) and math.isnan(got)) and abs(float(got) - want) < 1e-9
    if isinstance(want, dt.date):
        return bool(got == (want.date() if isinstance(want, dt.datetime) else want))
    return bool(got == want)


def _rows(table: Table) -> list[dict[str, Any]]:
    return [dict(zip(table.df.columns, values, strict=True)) for values in table.df.itertuples(index=False)]


def _check(sub: Submission, data: SubmissionData, placement: WorkbookPlacement) -> None:
    for bf in BASIC_FIELDS:
        item = sub.basic.get(bf.field)
        expected = data.basic.get(bf.field)
        assert item is not None, bf.field
        assert _eq(item.value, expected), (bf.field, item.value, expected)
        assert f"{item.cell.sheet}!{item.cell.ref}" == placement.basic_cell(bf.field)

    for kind, breakdown in ((Kind.INCOME, data.income), (Kind.EXPENSE, data.expense)):
        table = sub.tables[kind]
        rows = _rows(table)
        assert [r["name"] for r in rows] == [b.name for b in breakdown.rows]
        assert all(_eq(r["amount"], b.amount) for r, b in zip(rows, breakdown.rows, strict=True))
        assert all(_eq(r["share"], b.share) for r, b in zip(rows, breakdown.rows, strict=True))
        assert table.total is not None
        assert _eq(table.total.iloc[0]["amount"], number(breakdown.total))
        tp = placement.tables[kind]
        assert f"{table.sheet}!{table.ref(tp.first_row, 'amount').ref}" == tp.cell("amount", 0)
        assert f"{table.sheet}!{table.ref(tp.total_row or 0, 'amount').ref}" == tp.total_cell("amount")

    scoring = _rows(sub.tables[Kind.SCORING])
    assert len(scoring) == len(data.scoring.rows)
    for got, srow in zip(scoring, data.scoring.rows, strict=True):
        assert f"{got['level1']}（{got['level1_points']:g}分）" == srow.level1
        assert f"{got['level2']}（{got['level2_points']:g}分）" == srow.level2 or got["level2"] == srow.level2
        assert (got["level3"], got["points"], got["score"]) == (srow.level3, srow.points, srow.score)

    pairs: list[tuple[Kind, Sequence[IndicatorRow | ProjectIndicatorRow]]] = [
        (Kind.DEPT_INDICATORS, data.dept_indicators),
        (Kind.PROJECT_INDICATORS, data.project_indicators),
    ]
    for kind, indicators in pairs:
        rows = _rows(sub.tables[kind])
        assert len(rows) == len(indicators)
        for got, irow in zip(rows, indicators, strict=True):
            assert (got["level1"], got["level2"], got["level3"], str(got["op"])) == (
                irow.level1,
                irow.level2,
                irow.level3,
                irow.op,
            )
            assert got["unit"] == irow.unit
            for field in ("target", "actual"):
                value = getattr(irow, field)
                if isinstance(value, str):
                    assert got[f"{field}_text"] == value
                else:
                    assert _eq(got[field], value), (irow.level3, field, got[field], value)
            if kind is Kind.PROJECT_INDICATORS:
                assert got["project"] == getattr(irow, "project", None)

    projects = sub.tables[Kind.PROJECTS]
    rows = _rows(projects)
    assert [r["name"] for r in rows] == [p.name for p in data.projects.rows]
    for got, prow in zip(rows, data.projects.rows, strict=True):
        for field in ("initial_budget", "budget", "spent"):
            assert _eq(got[field], getattr(prow, field)), (prow.name, field)
        assert _eq(got["rate"], 100.0)  # the formula's cached value
    assert projects.total is not None
    assert _eq(projects.total.iloc[0]["budget"], 104.28)
    assert _eq(projects.total.iloc[0]["spent"], 104.28)


def test_seed_example_reads_back_as_the_seed_data(seed_workbook: Path) -> None:
    data = seed_data()
    sub = read(seed_workbook)
    assert sub.findings == []
    assert sub.from_template and sub.template_version == TEMPLATE_VERSION
    _check(sub, data, place(data))


@pytest.mark.parametrize("merge", [True, False])
def test_other_layouts_read_back_the_same(tmp_path: Path, merge: bool) -> None:
    data = seed_data()
    data.merge_categories = merge
    path = tmp_path / "moved.xlsx"
    placement = write_workbook(path, data, title_rows=7, meta=False)
    sub = read(path)
    assert not sub.from_template
    _check(sub, data, placement)
