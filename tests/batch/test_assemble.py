"""Assembling a run: roster matching, flags, missing units, changes since last run, exit code."""

from __future__ import annotations

from evaltool.batch.assemble import build_rows, exit_status
from evaltool.batch.roster import Roster, Unit
from evaltool.exitcodes import ExitStatus
from tests.batch.helpers import finding, result


def _roster(*codes: str) -> Roster:
    return Roster({c: Unit(c, f"单位{c}") for c in codes})


def test_roster_flags_and_missing() -> None:
    results = [
        result("a.xlsx", "101"),
        result("b1.xlsx", "102", finding("I312", "warning")),
        result("b2.xlsx", "102"),
        result("z.xlsx", "999"),
        result("nocode.xlsx", None),
        result("104_单位.xlsx", None, status="unreadable", error_reason="corrupt"),
        result("x.xlsx", "105", unit_name="别的名字"),
    ]
    rows = build_rows(results, _roster("101", "102", "103", "104", "105"), None)
    by_file = {r.result.relpath if r.result else f"missing:{r.code}": r for r in rows}
    assert [r.code for r in rows][:6] == ["101", "102", "102", "103", "104", "105"]
    assert by_file["a.xlsx"].flags == []
    assert ("duplicate", "") in by_file["b1.xlsx"].flags
    assert ("duplicate", "") in by_file["b2.xlsx"].flags
    assert by_file["z.xlsx"].flags == [("not_on_roster", "")]
    assert by_file["nocode.xlsx"].flags == [("no_code", "")]
    assert by_file["104_单位.xlsx"].code == "104"
    assert by_file["104_单位.xlsx"].flags == [("inferred", "")]
    assert by_file["x.xlsx"].flags == [("name_mismatch", "单位105")]
    assert "名单：单位105" in by_file["x.xlsx"].flag_text("zh")
    assert by_file["missing:103"].status == "missing"
    assert "missing:104" not in by_file  # its unreadable file names it
    assert exit_status(rows) is ExitStatus.FINDINGS


def test_exit_codes() -> None:
    assert exit_status(build_rows([result("a.xlsx", "1")], None, None)) is ExitStatus.OK
    warned = [result("a.xlsx", "1", finding("I312", "warning"))]
    assert exit_status(build_rows(warned, None, None)) is ExitStatus.OK
    errored = [result("a.xlsx", "1", finding("B101"))]
    assert exit_status(build_rows(errored, None, None)) is ExitStatus.FINDINGS
    unreadable = [result("a.xlsx", None, status="unreadable")]
    assert exit_status(build_rows(unreadable, None, None)) is ExitStatus.FINDINGS
    assert exit_status(build_rows([], _roster("1"), None)) is ExitStatus.FINDINGS  # missing
    dup = [result("a.xlsx", "1"), result("b.xlsx", "1")]
    assert exit_status(build_rows(dup, None, None)) is ExitStatus.FINDINGS


def test_changes_since_previous_run() -> None:
    before = [
        result("a.xlsx", "101", finding("B101", cell="D15"), finding("I312", "warning", "G5"), sha="1"),
        result("b.xlsx", "102", sha="2"),
        result("c.xlsx", "103", finding("B101"), sha="3"),
    ]
    now = [
        result("a.xlsx", "101", finding("I312", "warning", "G5"), finding("S401", cell="F9"), sha="1b"),
        result("b.xlsx", "102", sha="2"),
        result("new.xlsx", "104", sha="4"),
    ]
    rows = {r.code: r for r in build_rows(now, _roster("101", "102", "103", "104"), before)}
    a = rows["101"].change
    assert a is not None and a.kind == "resubmitted"
    assert [f.code for f in a.new] == ["S401"]
    assert [f.code for f in a.resolved] == ["B101"]
    assert a.text("zh", "errors") == "重新提交；新增 1 项（S401）；已解决 1 项"
    b = rows["102"].change
    assert b is not None and b.kind == "unchanged" and not b.new and not b.resolved
    c = rows["103"].change
    assert c is not None and c.kind == "withdrawn" and rows["103"].status == "missing"
    d = rows["104"].change
    assert d is not None and d.kind == "first"
    fixed = build_rows([result("c.xlsx", "103", sha="3b")], None, before)[0].change
    assert fixed is not None
    assert fixed.text("zh", "passed") == "重新提交；已解决 1 项；有错误 → 通过"
    assert fixed.text("en", "passed") == "resubmitted; 1 resolved; errors → passed"
    # The first run has nothing to compare with.
    assert build_rows(now, None, None)[0].change is None
