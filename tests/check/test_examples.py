"""The bundled examples: the seed has no error and exactly its known faults; every mistake is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.api import Report, check
from evaltool.findings import Severity
from evaltool.template.examples import (
    MISTAKES,
    MISTAKES_EXAMPLE,
    MISTAKES_EXAMPLE_V1,
    SEED_EXAMPLE,
    SEED_EXAMPLE_V1,
)

ROOT = Path(__file__).parents[2]

# Every warning the seed example gives, each a real fault of the published report
# (listed for people in examples/README.md): (code, primary cell).
SEED_WARNINGS = {
    # 实际完成值 restating the target with its operator (≥32 万人) instead of a measured value.
    ("I312", "整体绩效目标!G5"),
    ("I312", "整体绩效目标!G6"),
    ("I312", "整体绩效目标!G7"),
    ("I312", "整体绩效目标!G8"),
    ("I312", "整体绩效目标!G10"),
    ("I312", "整体绩效目标!G11"),
    ("I312", "整体绩效目标!G13"),
    ("I312", "项目绩效指标!H10"),
    ("I312", "项目绩效指标!H12"),
    ("I312", "项目绩效指标!H16"),
    # The 时效指标 row repeats the 质量指标 accuracy indicator 基本养老金发放准确率.
    ("I304", "整体绩效目标!C11"),
    ("I305", "整体绩效目标!C11"),
    # The rent project's 数量指标 is its budget restated in 元 (797876.4 元/年): a cost indicator.
    ("I318", "项目绩效指标!D17"),
}


@pytest.fixture(scope="module", params=[SEED_EXAMPLE, SEED_EXAMPLE_V1], ids=["v2", "v1"])
def seed_report(request: pytest.FixtureRequest) -> Report:
    report = check(ROOT / request.param)
    assert report.error is None
    return report


def test_seed_has_no_error(seed_report: Report) -> None:
    errors = [
        (f.code, [str(c) for c in f.cells], dict(f.params))
        for f in seed_report.findings
        if f.severity is Severity.ERROR
    ]
    assert errors == []


def test_seed_warnings_are_exactly_its_known_faults(seed_report: Report) -> None:
    warnings = {(f.code, str(f.cells[0])) for f in seed_report.findings if f.severity is Severity.WARNING}
    assert warnings == SEED_WARNINGS


def test_seed_key_figures(seed_report: Report) -> None:
    assert seed_report.figures["expense_total"] == 1482.05
    assert seed_report.figures["income_total"] == 1482.05
    assert seed_report.figures["project_budget_total"] == 104.28


def test_every_mistake_names_its_codes() -> None:
    assert MISTAKES, "the mistakes example defines its mistakes"
    assert [m.id for m in MISTAKES if not m.expected_codes] == []


def test_seed_infos_are_the_template_version_note_only(seed_report: Report) -> None:
    # A v1 workbook gets exactly one more finding than a v2 one: F012, a newer template exists.
    infos = [f.code for f in seed_report.findings if f.severity is Severity.INFO]
    assert infos == (["F012"] if seed_report.path.parent.name == "v1" else [])


@pytest.mark.parametrize("example", [MISTAKES_EXAMPLE, MISTAKES_EXAMPLE_V1], ids=["v2", "v1"])
def test_mistakes_example_reports_every_mistake_at_its_cell(example: Path) -> None:
    report = check(ROOT / example)
    assert report.error is None
    at: dict[str, set[str]] = {}
    for f in report.findings:
        for cell in f.cells:
            at.setdefault(str(cell), set()).add(f.code)
    missing = {
        m.id: (f"{m.sheet}!{m.cell}", sorted(at.get(f"{m.sheet}!{m.cell}", set())))
        for m in MISTAKES
        if not set(m.expected_codes) <= at.get(f"{m.sheet}!{m.cell}", set())
    }
    assert missing == {}
    assert "X900" not in {f.code for f in report.findings}


def test_seed_typed_as_printed_has_no_error(tmp_path: Path) -> None:
    # The report prints the 扣分项 row's 分值 as "-" (its group header says 扣分项（10分）).
    from evaltool.template import seed_data, write_workbook

    data = seed_data()
    deduction = [r for r in data.scoring.rows if str(r.level1).startswith("扣分项")]
    assert len(deduction) == 1
    deduction[0].points = "-"
    path = tmp_path / "as-printed.xlsx"
    write_workbook(path, data)
    report = check(path)
    assert [(f.code, str(f.cells[0])) for f in report.findings if f.severity is Severity.ERROR] == []
    warnings = {(f.code, str(f.cells[0])) for f in report.findings if f.severity is Severity.WARNING}
    assert warnings == SEED_WARNINGS
