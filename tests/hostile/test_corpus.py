"""Every hostile case keeps its promise: no traceback, the input untouched, a clear outcome, bounded cost."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest

from evaltool.api import check
from tests.hostile.corpus import CASES, Case

pytestmark = pytest.mark.hostile

FAST = [c for c in CASES if not c.slow]
SLOW = [c for c in CASES if c.slow]
# Generous bounds: a case that hangs or grows without bound fails, a loaded CI machine does not.
SECONDS_PER_CASE = 60.0
A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _keeps_promise(case: Case, path: Path) -> None:
    before = _sha(path)
    started = time.perf_counter()
    report = check(path, case.settings)
    elapsed = time.perf_counter() - started
    assert _sha(path) == before, "the input file was modified"
    assert elapsed < SECONDS_PER_CASE, f"took {elapsed:.1f}s"
    codes = {f.code for f in report.findings}
    assert "X900" not in codes, [f.params for f in report.findings if f.code == "X900"]
    if case.unreadable:
        assert report.error is not None, f"expected unreadable ({case.unreadable}), got {sorted(codes)}"
        if case.unreadable != "*":
            assert report.error.reason == case.unreadable, report.error.message()
        line = report.error.message("zh")
        assert "\n" not in line and path.name in line
        assert report.exit_status == 2
        return
    assert report.error is None, report.error.message()
    assert set(case.codes) <= codes, f"missing {set(case.codes) - codes}; got {sorted(codes)}"
    assert not set(case.absent) & codes, f"unexpected {set(case.absent) & codes}"
    sheets = set(report.sheet_order)
    for finding in report.findings:
        for cell in finding.cells:
            assert cell.sheet in sheets, f"{finding.code} names a sheet that does not exist: {cell}"
            assert A1.match(cell.ref), f"{finding.code} names a malformed cell {cell.ref!r}"


@pytest.mark.parametrize("case", FAST, ids=[c.name for c in FAST])
def test_case_keeps_its_promise(case: Case, corpus: dict[str, Path]) -> None:
    _keeps_promise(case, corpus[case.name])


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=[c.name for c in SLOW])
def test_slow_case_keeps_its_promise(case: Case, tmp_path: Path) -> None:
    _keeps_promise(case, case.build(tmp_path))


def test_many_findings_are_all_reported(corpus: dict[str, Path]) -> None:
    report = check(corpus["many-findings"])
    # Each of the 5,000 rows scores above its points and names no project: nothing is dropped.
    assert len(report.findings) >= 10_000


def test_readme_reliability_table_lists_every_case() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reliability", 1)[-1]
    for case in CASES:
        assert f"`{case.name}`" in section, f"README Reliability table lacks {case.name}"
