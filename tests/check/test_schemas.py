"""The pandera stage: one call per table kind, one finding per failing cell, cells on the right sheet."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evaltool.api import check
from evaltool.messages import message

ROOT = Path(__file__).parents[2]


def _findings(path: Path, code: str) -> list[Any]:
    report = check(path)
    assert report.error is None
    assert "X900" not in {f.code for f in report.findings}
    return [f for f in report.findings if f.code == code]


def test_one_validate_call_per_failing_table_kind(
    seed_workbook: Path, edit_cells: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandera.pandas as pa

    calls: list[int] = []
    original = pa.DataFrameSchema.validate

    def counting(self: Any, frame: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(frame))
        return original(self, frame, *args, **kwargs)

    monkeypatch.setattr(pa.DataFrameSchema, "validate", counting)
    check(seed_workbook)
    assert calls == [], "a valid workbook is judged without pandera"
    broken = {
        "基本情况!B22": 110,
        "支出情况!D6": -1,
        "项目支出!E5": -1,
        "项目绩效指标!J5": -1,
        "自评打分表!F6": -1,
    }
    check(edit_cells(seed_workbook, broken))
    # 基本情况, 收入+支出, 项目支出, 整体绩效目标+项目绩效指标, 自评打分表: five calls, whatever the rows.
    assert len(calls) == 5
    assert 9 + 18 in calls, "both indicator tables in one frame"
    assert 20 in calls, "both breakdowns in one frame"


def test_a_valid_workbook_does_not_import_pandera(seed_workbook: Path) -> None:
    code = (
        "import sys; from evaltool.api import check; "
        f"r = check({str(seed_workbook)!r}); "
        "assert r.error is None; print('pandera' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_row_wise_failure_is_one_finding_at_its_cell(seed_workbook: Path, edit_cells: Callable[..., Path]) -> None:
    # A dataframe-level check fails once per column in pandera; the finding is per cell.
    found = _findings(edit_cells(seed_workbook, {"整体绩效目标!F9": None, "自评打分表!F6": None}), "V507")
    assert [str(f.cells[0]) for f in found] == ["整体绩效目标!F9"]
    assert message(found[0]) == "定量指标“资金发放到位率”没有度量单位"
    scores = _findings(edit_cells(seed_workbook, {"自评打分表!F6": None}), "V501")
    assert [str(f.cells[0]) for f in scores] == ["自评打分表!F6"]


def test_failures_in_a_shared_frame_keep_their_sheet(seed_workbook: Path, edit_cells: Callable[..., Path]) -> None:
    path = edit_cells(seed_workbook, {"收入情况!D6": -1, "支出情况!D7": -2, "项目绩效指标!J5": -1})
    cells = sorted(str(f.cells[0]) for f in _findings(path, "V502"))
    assert cells == ["支出情况!D7", "收入情况!D6"]
    negative = next(f for f in _findings(path, "V502") if f.cells[0].sheet == "支出情况")
    assert message(negative) == "金额 -2 为负数"
    assert message(negative, "en") == "金额 -2 is negative"
    assert [str(f.cells[0]) for f in _findings(path, "V504")] == ["项目绩效指标!J5"]


def test_basic_items_are_named_in_messages(seed_workbook: Path, edit_cells: Callable[..., Path]) -> None:
    found = _findings(edit_cells(seed_workbook, {"基本情况!B22": 110, "基本情况!B12": -3}), "V504")
    assert [message(f) for f in found] == ["自评总分 110 超出合理范围（0–100）"]
    counts = _findings(edit_cells(seed_workbook, {"基本情况!B12": -3}), "V509")
    assert [message(f) for f in counts] == ["退休人数 -3 应为非负整数"]


def test_unreadable_value_is_reported_once_by_the_reader(seed_workbook: Path, edit_cells: Callable[..., Path]) -> None:
    path = edit_cells(seed_workbook, {"收入情况!D6": "约140", "项目支出!E6": "#N/A", "项目绩效指标!E5": "差不多"})
    report = check(path)
    at = {(f.code, str(f.cells[0])) for f in report.findings}
    assert ("F003", "收入情况!D6") in at and ("F006", "项目支出!E6") in at and ("F003", "项目绩效指标!E5") in at
    # Not "empty" (V501), and no reconciliation over a figure nobody could read (B101, P201, B105).
    assert not {code for code, cell in at if code in ("V501", "B101", "B105", "P201")}, sorted(at)
    assert "income_total" in report.figures, "the typed 合计 is still known"
