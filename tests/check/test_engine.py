"""The engine: a breaking rule becomes X900 and the others still run; settings change outcomes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evaltool.api import check
from evaltool.catalogue import Hit
from evaltool.checks import schemas
from evaltool.checks.context import Context
from evaltool.checks.registry import load_all
from evaltool.config import Settings
from evaltool.findings import Severity


def _boom(ctx: Context) -> Iterator[Hit]:
    raise KeyError("no such column")


def test_a_rule_that_raises_becomes_x900_and_the_others_still_run(
    seed_workbook: Path, edit_cells: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = load_all()
    monkeypatch.setitem(rules, "T004", dataclasses.replace(rules["T004"], func=_boom))
    path = edit_cells(seed_workbook, {"收入情况!D15": 1482.15})
    report = check(path)
    internal = [f for f in report.findings if f.code == "X900"]
    assert len(internal) == 1
    assert internal[0].params["rule"] == "T004"
    assert "KeyError" in internal[0].params["error"]
    assert internal[0].severity is Severity.ERROR
    codes = {f.code for f in report.findings}
    assert "B101" in codes, "the other rules still ran"


def test_broken_schemas_become_x900_and_the_rules_still_run(
    seed_workbook: Path, edit_cells: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Context) -> Iterator[tuple[str, Hit]]:
        raise ValueError("schema exploded")

    monkeypatch.setattr(schemas, "validate", broken)
    report = check(edit_cells(seed_workbook, {"收入情况!D15": 1482.15}))
    assert [f.params["rule"] for f in report.findings if f.code == "X900"] == ["schemas"]
    assert "B101" in {f.code for f in report.findings}


def test_settings_file_beside_the_workbook_changes_outcomes(
    seed_workbook: Path, edit_cells: Callable[..., Path], tmp_path: Path
) -> None:
    # 79.58 % executed without a reason: a warning at the default threshold of 90 %.
    path = edit_cells(seed_workbook, {"项目支出!E7": 63.5, "基本情况!B11": 63})
    before = {f.code: f.severity for f in check(path).findings}
    assert before["P205"] is Severity.WARNING and before["T004"] is Severity.WARNING
    (path.parent / "evaltool.toml").write_text(
        '[execution]\nthreshold = 75\n[rules]\ndisable = ["T004"]\n',
        encoding="utf-8",
    )
    after = check(path)
    codes = {f.code: f.severity for f in after.findings}
    assert "P205" not in codes, "threshold lowered to 75 %"
    assert "T004" not in codes, "disabled"
    # A regraded rule keeps firing, at the configured severity.
    (path.parent / "evaltool.toml").write_text('[rules.severity]\nP205 = "error"\n', encoding="utf-8")
    assert {f.code: f.severity for f in check(path).findings}["P205"] is Severity.ERROR


def test_without_number_formats_a_fraction_share_is_not_blamed(seed_workbook: Path) -> None:
    """An .ods carries no number formats: 0.6225 may be a percentage cell showing 62.25 %."""
    from evaltool.api import read
    from evaltool.checks.engine import run_checks
    from evaltool.config import Settings
    from tests.conftest import edit_cells

    fractions = {f"收入情况!E{r}": v for r, v in zip(range(5, 16), FRACTIONS, strict=True)}
    edited = edit_cells(seed_workbook, {**fractions, "项目支出!F5": 1})
    submission = read(edited)
    codes = {f.code for f in run_checks(submission, Settings())[0]}
    assert "B110" in codes  # formats known: a plain cell holding 0.6225 was typed on the wrong scale
    submission.formats_known = False
    codes = {f.code for f in run_checks(submission, Settings())[0]}
    assert not codes & {"B110", "B102", "B103", "P202", "P204", "P205"}  # the fractions add up to 100 % once scaled
    # ... and a scaled column that does not add up is still caught.
    submission = read(edit_cells(seed_workbook, {**fractions, "收入情况!E6": 0.0844}))
    submission.formats_known = False
    assert "B102" in {f.code for f in run_checks(submission, Settings())[0]}


# The seed's 收入情况 shares (E5:E15, the 合计 included) as a percentage cell holds them.
FRACTIONS = (0.6225, 0.0944, 0.0113, 0.0676, 0.0747, 0.0154, 0.042, 0.0047, 0.0055, 0.0619, 1.0)


def test_figures_do_not_depend_on_which_rules_run(seed_workbook: Path) -> None:
    # The key figures are an engine step of their own: disabling every rule keeps all of them.
    every = Settings(disabled=frozenset(load_all()))
    quiet = check(seed_workbook, every)
    assert quiet.findings == []
    full = check(seed_workbook).figures
    assert quiet.figures == full
    assert {"money_unit", "income_total", "expense_total", "recomputed_score", "grade", "self_score"} <= set(full)
    assert full["recomputed_score"] is not None and full["grade"]
