"""A finding's location is the cell at fault; the cells it was computed from are only "另见".

A reviewer reading a finding on a correct 全年预算数 (because the execution score computed
from it is wrong) loses trust in every other finding. So ``Finding.cells`` holds the cells at
fault and ``Finding.related`` the figures behind it, which the annotated copy names as 另见.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.api import check
from evaltool.catalogue import hit
from evaltool.findings import CellRef
from tests.conftest import edit_cells

# (edits, code, the cells at fault, the cells it was computed from)
CASES = [
    ({"项目支出!G5": 10, "项目支出!H5": 8}, "P203", ["项目支出!H5"], ["项目支出!E5", "项目支出!D5"]),
    (
        {"项目支出!E5": 10.0, "项目支出!I5": None},
        "P205",
        ["项目支出!I5"],
        ["项目支出!F5", "项目支出!E5", "项目支出!D5"],
    ),
    ({"自评打分表!F6": 10}, "S401", ["自评打分表!F6"], ["自评打分表!D6"]),
    ({"自评打分表!F6": 7}, "S410", ["自评打分表!G6"], ["自评打分表!F6"]),
    # a missed target: the actual shows the shortfall; a docked qualitative score may be right
    ({"项目绩效指标!H5": 10, "项目绩效指标!K5": None}, "I311", ["项目绩效指标!K5", "项目绩效指标!H5"], []),
    (
        {"项目绩效指标!I5": 10, "项目绩效指标!J5": 8},
        "I311",
        ["项目绩效指标!K5", "项目绩效指标!J5"],
        ["项目绩效指标!H5"],
    ),
]


@pytest.mark.parametrize(("edits", "code", "at_fault", "related"), CASES, ids=[c[1] for c in CASES])
def test_a_finding_names_the_cell_at_fault_and_relates_its_figures(
    seed_workbook: Path, edits: dict[str, object], code: str, at_fault: list[str], related: list[str]
) -> None:
    report = check(edit_cells(seed_workbook, edits))
    mine = [f for f in report.findings if f.code == code and str(f.cells[0]) == at_fault[0]]
    assert len(mine) == 1, [(f.code, [str(c) for c in f.cells]) for f in report.findings]
    assert [str(c) for c in mine[0].cells] == at_fault
    assert [str(c) for c in mine[0].related] == related


def test_a_self_score_mismatch_names_the_self_score_only(seed_workbook: Path) -> None:
    report = check(edit_cells(seed_workbook, {"基本情况!B22": 95}))
    (s405,) = [f for f in report.findings if f.code == "S405"]
    assert [str(c) for c in s405.cells] == ["基本情况!B22"]
    assert s405.related and all(c.sheet == "自评打分表" for c in s405.related)


def test_hit_names_a_cell_once_and_never_relates_a_cell_at_fault() -> None:
    a, b, c = CellRef("S", "A1"), CellRef("S", "B1"), CellRef("S", "C1")
    h = hit(a, b, a, related=[b, c, c], x=1)
    assert h.cells == (a, b)
    assert h.related == (c,)
    assert h.params == {"x": 1}
