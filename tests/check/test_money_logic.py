"""money_logic helpers: the peers' median (元 vs 万元) and 科目编码 levels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.checks.money_logic import outliers, subject_code
from evaltool.findings import CellRef


def _brute(values: list[tuple[CellRef, float]], factor: float, floor: float) -> list[tuple[CellRef, float, float]]:
    positive = [(c, v) for c, v in values if v > 0]
    out = []
    for i, (cell, v) in enumerate(positive):
        peers = sorted(p for j, (_, p) in enumerate(positive) if j != i)
        if len(peers) < 2:
            continue
        mid = len(peers) // 2
        median = peers[mid] if len(peers) % 2 else (peers[mid - 1] + peers[mid]) / 2
        if median > 0 and v >= factor * median and v >= floor:
            out.append((cell, v, median))
    return out


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 7.03, 16.8, 922.57, 10_000.0, 797_876.4, 9_171_000.0]), max_size=9),
    st.sampled_from([0.0, 10_000.0]),
)
def test_outliers_match_the_definition(amounts: list[float], floor: float) -> None:
    values = [(CellRef("支出情况", f"D{i + 5}"), v) for i, v in enumerate(amounts)]
    key = str
    assert sorted(outliers(values, 3000, floor), key=key) == sorted(_brute(values, 3000, floor), key=key)


def test_outliers_on_the_seed_spread_and_a_yuan_figure() -> None:
    seed = [7.03, 8.08, 16.8, 22.88, 62.24, 91.71, 100.12, 110.66, 139.97, 922.57]
    cells = [(CellRef("支出情况", f"D{i + 5}"), v) for i, v in enumerate(seed)]
    assert outliers(cells, 3000, 10_000) == []
    cells[-1] = (cells[-1][0], 917_100.0)
    assert [(str(c), v) for c, v, _ in outliers(cells, 3000, 10_000)] == [("支出情况!D14", 917_100.0)]


def test_subject_codes() -> None:
    assert subject_code("208") == "208"
    assert subject_code(2080101.0) == "2080101"
    assert subject_code(" 20801 ") == "20801"
    assert subject_code("2080") == ""
    assert subject_code("20801011") == ""
    assert subject_code(None) == ""
