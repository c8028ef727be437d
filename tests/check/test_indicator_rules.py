"""Indicator and score rules on the seed example: no errors, warnings only at the report's real faults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evaltool import api
from evaltool.config import settings_from_mapping
from evaltool.findings import Severity
from tests.check.test_examples import SEED_WARNINGS

# The seed report's own faults (domain spec §3, template.md): one list, kept in test_examples.
SEED_FAULTS = SEED_WARNINGS


def _mine(report: api.Report) -> list[tuple[str, str, Severity]]:
    return [(f.code, str(f.cells[0]), f.severity) for f in report.findings if f.code[0] in "IS" or f.code == "X900"]


def test_seed_raises_only_its_real_faults(seed_workbook: Path) -> None:
    found = _mine(api.check(seed_workbook))
    assert {(code, cell) for code, cell, _ in found} == SEED_FAULTS
    assert all(sev is Severity.WARNING for _, _, sev in found)


def test_seed_figures(seed_workbook: Path) -> None:
    report = api.check(seed_workbook)
    figures = report.to_dict("zh")["figures"]
    assert figures["recomputed_score"] == 100
    assert figures["grade"] == "优"


def test_grade_follows_the_configured_cut_offs(seed_workbook: Path, edit_cells: Callable[..., Path]) -> None:
    path = edit_cells(seed_workbook, {"自评打分表!F6": 4, "基本情况!B22": 96})
    settings = settings_from_mapping({"scoring": {"grades": {"A": 97, "B": 80}}})
    report = api.check(path, settings)
    figures = report.to_dict("zh")["figures"]
    assert figures["recomputed_score"] == 96
    assert figures["grade"] == "B"
    assert not [f for f in report.findings if f.code == "S405"]


def test_rules_survive_a_blank_template(blank_template: Path) -> None:
    # Nothing to compare, and no rule may break (an exception would be an X900 finding).
    assert not [f for f in api.check(blank_template).findings if f.code == "X900"]


ODD_CELLS = (
    *("整体绩效目标!D5", "整体绩效目标!E6", "整体绩效目标!F7", "整体绩效目标!G8"),
    *("项目绩效指标!F14", "项目绩效指标!H14", "项目绩效指标!I14", "项目绩效指标!J14", "项目绩效指标!I9"),
    *("项目绩效指标!J9", "自评打分表!A5", "自评打分表!B6", "自评打分表!D7", "自评打分表!F8"),
    *("基本情况!B22", "项目支出!E6"),
)
ODD = ["—", "abc", "≥", "%%", 1e300, -5, 0, "0", "≤0", "１２．５％", "=1/0", "1年内", "万", "≥", "未达成"]


@pytest.mark.parametrize("value", ODD)
def test_rules_survive_odd_values(seed_workbook: Path, edit_cells: Callable[..., Path], value: object) -> None:
    path = edit_cells(seed_workbook, dict.fromkeys(ODD_CELLS, value))
    broken = [f.params for f in api.check(path).findings if f.code == "X900"]
    assert not [p for p in broken if str(p["rule"])[0] in "IS"]
