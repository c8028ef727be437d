"""A self-evaluation never filled in (every 实际完成值 and 得分 blank) fails with one clear finding."""

from __future__ import annotations

from pathlib import Path

from evaltool.api import check
from evaltool.findings import Severity
from evaltool.template import SubmissionData, write_workbook
from tests.cli.test_check_cli import run


def _never_filled(data: SubmissionData) -> SubmissionData:
    """The seed as a unit hands it in before doing the work: 分值 printed, nothing measured or scored."""
    for row in [*data.dept_indicators, *data.project_indicators]:
        row.actual = None
    for p in data.project_indicators:
        p.points, p.score = 10, None
    for project in data.projects.rows:
        project.points, project.score = 10, None
    for s in data.scoring.rows:
        s.score = None
    data.basic["self_score"] = None
    return data


def test_every_actual_and_score_blank_exits_1_with_one_finding(seed_data: SubmissionData, tmp_path: Path) -> None:
    path = tmp_path / "未填.xlsx"
    write_workbook(path, _never_filled(seed_data))
    report = check(path)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["V511"]
    assert "V501" not in {f.code for f in report.findings}
    # Every empty cell is named (so coloured in the copy): 9 + 18 actuals, 18 + 3 scores, 23 自评得分.
    assert len(errors[0].cells) == errors[0].params["empty"] == 9 + 18 + 18 + 3 + 23
    result = run(path, "--no-annotate", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "自评未完成" in result.stdout


def test_one_blank_actual_stays_a_finding_of_its_own(seed_data: SubmissionData, tmp_path: Path) -> None:
    seed_data.project_indicators[0].actual = None
    path = tmp_path / "一处未填.xlsx"
    write_workbook(path, seed_data)
    codes = [(f.code, str(f.cells[0])) for f in check(path).findings if f.severity is Severity.ERROR]
    assert codes == [("V501", "项目绩效指标!H5")]
