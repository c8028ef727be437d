"""Hand-built batch results for the unit tests of history, assembly and outputs."""

from __future__ import annotations

from typing import Any

from evaltool.batch.record import FileResult
from evaltool.result import FindingRecord


def finding(code: str = "B101", severity: str = "error", cell: str = "D15", **params: Any) -> FindingRecord:
    """One finding on 支出情况."""
    return FindingRecord(
        code=code,
        severity=severity,
        sheet="支出情况",
        cells=[cell],
        params=dict(params),
        name="rule-" + code.lower(),
        message_zh=f"问题 {code}",
        message_en=f"problem {code}",
        hint_zh="请修改",
        hint_en="fix it",
    )


def result(relpath: str, code: str | None, *findings: FindingRecord, sha: str = "", **kw: Any) -> FileResult:
    """A checked file with these findings (status derived from them)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    status = "errors" if counts["error"] else "warnings" if counts["warning"] else "passed"
    return FileResult(
        relpath=relpath,
        sha256=sha or f"sha-{relpath}",
        size=10,
        status=kw.pop("status", status),
        unit_code=code,
        unit_name=kw.pop("unit_name", f"单位{code}"),
        counts=counts,
        figures=kw.pop("figures", {"expense_total": 1482.05, "self_score": 100.0, "recomputed_score": 98.5}),
        findings=list(findings),
        **kw,
    )
