"""Property tests through the whole pipeline (writer → reader → check): rounding never alarms, drift always does.

A breakdown built from true amounts, each rounded to 2 decimals, with its total and shares
rounded from the true figures, is what a correct spreadsheet shows: B101 and B102 must never
fire on it. Move the total beyond what rounding can explain and B101 must always fire.
Each example writes a workbook, so the number of examples is kept small.
"""

from __future__ import annotations

import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.api import check
from evaltool.template import seed_data, write_workbook
from evaltool.template.data import Breakdown, BreakdownRow

CENT = Decimal("0.01")
# True amounts in 万元 with 4 decimals (what the ledger holds), 0.0001 … 5000.
TRUE_AMOUNTS = st.lists(st.integers(min_value=1, max_value=50_000_000), min_size=2, max_size=12).map(
    lambda xs: [Decimal(x).scaleb(-4) for x in xs]
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _breakdown(true: list[Decimal], total: Decimal | None = None) -> Breakdown:
    """Rows rounded from the true amounts; the total rounded from their true sum unless given."""
    whole = sum(true, Decimal(0))
    rows = [BreakdownRow(f"科目{i + 1}", float(_round(v)), float(_round(v / whole * 100))) for i, v in enumerate(true)]
    return Breakdown(rows=rows, total=float(_round(whole) if total is None else total), total_share=100)


def _check(breakdown: Breakdown) -> set[tuple[str, str]]:
    data = seed_data()
    data.income = breakdown
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "property.xlsx"
        write_workbook(path, data)
        report = check(path)
    assert report.error is None
    return {(f.code, str(f.cells[0])) for f in report.findings if f.sheet == "收入情况"}


@SETTINGS
@given(TRUE_AMOUNTS)
def test_correctly_rounded_breakdown_never_fails(true: list[Decimal]) -> None:
    found = {code for code, _ in _check(_breakdown(true))}
    assert not found & {"B101", "B102"}, found


@SETTINGS
@given(TRUE_AMOUNTS, st.integers(min_value=1, max_value=10_000), st.booleans())
def test_total_moved_beyond_the_rounding_interval_always_fails(true: list[Decimal], cents: int, up: bool) -> None:
    # The items as shown add up to Σ; n items and a total shown to 2 decimals explain a total
    # within (n + 1) × 0.005 of Σ. Any cent beyond that is more than rounding can explain.
    shown = sum((_round(v) for v in true), Decimal(0))
    slack = _round(Decimal(len(true) + 1) * Decimal("0.005"))
    total = shown + (slack + cents * CENT) * (1 if up else -1)
    if total <= 0:
        total = shown + slack + cents * CENT  # keep the total positive: a 0 total is B108's case
    found = _check(_breakdown(true, total))
    assert {cell for code, cell in found if code == "B101"}, found
