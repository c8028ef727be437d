"""The rounding-interval rule: consistent within rounding, and only within rounding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from evaltool.checks.rounding import Interval, consistent, interval, shown, total

SEED_ITEMS = [922.57, 139.97, 16.8, 100.12, 110.66, 22.88, 62.24, 7.03, 8.08, 91.71]


def test_seed_rounding_difference_is_consistent() -> None:
    items = total(interval(v, 2) for v in SEED_ITEMS)
    assert shown(sum(SEED_ITEMS), 2) == Decimal("1482.06")
    assert consistent(interval(1482.05, 2), items)


def test_a_difference_beyond_rounding_is_not() -> None:
    items = total(interval(v, 2) for v in SEED_ITEMS)
    assert not consistent(interval(1482.15, 2), items)
    assert not consistent(interval(1481.95, 2), items)


def test_float_noise_is_the_shown_figure() -> None:
    assert shown(1012.9599999999998, 2) == Decimal("1012.96")
    assert shown(16.8, 2) == Decimal("16.80")


def test_share_interval_division() -> None:
    share = interval(139.97, 2) / interval(1482.05, 2) * Interval.exact(100)
    assert consistent(interval(9.44, 2), share)
    assert not consistent(interval(9.43, 2), share)


def test_truncated_scores() -> None:
    assert consistent(interval(9.68, 2, truncated=True), Interval.exact(9.6852))
    assert not consistent(interval(9.68, 2), Interval.exact(9.6852))


cents = st.integers(min_value=0, max_value=10**9)


@given(st.lists(cents, min_size=1, max_size=30), st.integers(min_value=0, max_value=10**4))
def test_correctly_rounded_breakdown_never_fails(raw: list[int], scale: int) -> None:
    # True values with 4 decimals, shown rounded to 2: the shown total always reconciles.
    true = [Decimal(r) / 10000 + Decimal(scale) for r in raw]
    items = [round(float(t), 2) for t in true]
    reported_total = round(float(sum(true)), 2)
    assert consistent(interval(reported_total, 2), total(interval(v, 2) for v in items))


@given(st.lists(cents, min_size=1, max_size=30), st.integers(min_value=1, max_value=10**6))
def test_total_moved_beyond_the_interval_always_fails(raw: list[int], extra: int) -> None:
    items = [float(Decimal(r) / 100) for r in raw]
    n = len(items)
    # Items allow ±0.005 each, the total ±0.005: a total moved by more than (n+1)·0.005 cannot meet.
    moved = float(sum(Decimal(r) / 100 for r in raw) + Decimal(n + 1) * Decimal("0.005") + Decimal(extra) / 100)
    assert not consistent(interval(moved, 2), total(interval(v, 2) for v in items))


def test_absurd_figures_do_not_raise() -> None:
    huge = total([interval(1e300, 2), interval(1e300, 2)])
    assert consistent(interval(2e300, 2), huge)
    assert not consistent(interval(1.0, 2), huge)
    assert shown(float("inf"), 2).is_infinite()
