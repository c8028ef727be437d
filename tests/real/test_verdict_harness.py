"""The harness itself: where-parsing and which findings count as an alarm at a mark."""

from __future__ import annotations

import pytest

from evaltool.findings import CellRef, Finding, Severity
from tests.real.verdict import Place, alarms, parse_where


def test_parse_where() -> None:
    assert parse_where("项目绩效指标!J5") == Place("项目绩效指标", 5, "J")
    assert parse_where("项目支出!12") == Place("项目支出", 12, None)
    for bad in ("J5", "项目支出!", "项目支出!J0", "项目支出!5J"):
        with pytest.raises(ValueError):
            parse_where(bad)


def test_alarms_need_warning_or_error_at_the_cell_or_row() -> None:
    at = (CellRef("项目支出", "F6"),)
    error = Finding("P201", Severity.ERROR, at)
    info = Finding("I900", Severity.INFO, at)
    elsewhere = Finding("P202", Severity.WARNING, (CellRef("项目支出", "F7"), CellRef("项目绩效指标", "F6")))
    findings = [error, info, elsewhere]
    assert alarms(findings, "项目支出!F6") == [error]
    assert alarms(findings, "项目支出!6") == [error]
    assert alarms(findings, "项目支出!G6") == []
    assert alarms(findings, "项目支出!7") == [elsewhere]
    assert alarms([info], "项目支出!F6") == []


def test_a_cell_a_finding_only_relates_is_not_its_location() -> None:
    score, budget = CellRef("项目支出", "H5"), CellRef("项目支出", "D5")
    p203 = Finding("P203", Severity.ERROR, (score,), {}, (budget,))
    assert alarms([p203], "项目支出!H5") == [p203]
    assert alarms([p203], "项目支出!D5") == []
    assert alarms([p203], "项目支出!5") == [p203]
