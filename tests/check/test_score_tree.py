"""The 自评打分表 tree: a table whose groups add up never fails; one whose declared points are off always does."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool import api
from evaltool.template import seed_data, write_workbook
from evaltool.template.data import Scoring, ScoringRow

# A tree: level1 groups -> level2 groups -> rows of (points, score in hundredths of the points).
rows_st = st.lists(st.tuples(st.integers(1, 10), st.integers(0, 100)), min_size=1, max_size=4)
tree_st = st.lists(st.lists(rows_st, min_size=1, max_size=3), min_size=1, max_size=3)


_A = "甲乙丙丁"  # group names end in a letter: the reader reads 一级0（1分） as a name ending in a digit


def _write(tree: list[list[list[tuple[int, int]]]], bump: int, score_shift: float, where: Path) -> tuple[Path, float]:
    """The tree as a workbook; ``bump`` adds to the first 二级's declared points; returns the 自评总分 written."""
    rows: list[ScoringRow] = []
    total = 0.0
    for i, level1 in enumerate(tree):
        l1_points = sum(p for level2 in level1 for p, _ in level2)
        for j, level2 in enumerate(level1):
            declared = sum(p for p, _ in level2) + (bump if (i, j) == (0, 0) else 0)
            for k, (points, share) in enumerate(level2):
                score = round(points * share / 100, 2)
                total += score
                rows.append(
                    ScoringRow(
                        f"一级{_A[i]}（{l1_points}分）",
                        f"二级{_A[i]}{_A[j]}（{declared}分）",
                        f"指标{i}{j}{k}",
                        points,
                        None,
                        score,
                    )
                )
    data = seed_data()
    data.scoring = Scoring(rows=rows)
    reported = round(total + score_shift, 2)
    data.basic["self_score"] = reported
    path = where / "tree.xlsx"
    write_workbook(path, data)
    return path, reported


def _codes(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in api.check(path).findings:
        out.setdefault(f.code, []).append(str(f.cells[0]) if f.cells else "")
    return out


@settings(max_examples=12, deadline=None)
@given(tree=tree_st)
def test_a_tree_that_adds_up_never_fails(tree: list[list[list[tuple[int, int]]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = _write(tree, 0, 0.0, Path(tmp))
        codes = _codes(path)
    assert "S402" not in codes
    assert "S405" not in codes
    assert "X900" not in codes
    full = sum(p for level1 in tree for level2 in level1 for p, _ in level2) == 100
    assert ("S403" in codes) is not full


@settings(max_examples=12, deadline=None)
@given(tree=tree_st, bump=st.sampled_from([1, 2, 5]), shift_steps=st.integers(1, 5))
def test_declared_points_or_total_off_always_fail(
    tree: list[list[list[tuple[int, int]]]], bump: int, shift_steps: int
) -> None:
    n_rows = sum(len(level2) for level1 in tree for level2 in level1)
    # Beyond what rounding and truncation of every row's score (½ + 1 hundredth each) can explain.
    shift = n_rows * 0.015 + 0.02 + shift_steps * 0.01
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = _write(tree, bump, -shift, Path(tmp))
        codes = _codes(path)
    assert "自评打分表!B5" in codes.get("S402", [])
    assert codes.get("S405") == ["基本情况!B22"]
