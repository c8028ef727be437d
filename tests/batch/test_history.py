"""History: runs, files and findings in SQLite; reuse of unchanged files; nothing lost on a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from evaltool.batch.history import SCHEMA_VERSION, History, HistoryError, rules_version
from tests.batch.helpers import finding, result


def _run(h: History, fp: str = "fp", rules: str = "r1") -> int:
    return h.start_run("0.1.0", fp, rules, Path("/in"), Path("/out"))


def test_record_and_reuse(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    run = _run(h)
    res = result("a.xlsx", "101", finding("B101", params_value=1.5), finding("I312", "warning"), sha="abc")
    res.annotated, res.annotated_sha256 = "a_校验结果.xlsx", "def"
    h.record(run, res)
    h.finish_run(run, 1)
    again = h.reusable("abc", "fp", "r1")
    assert again is not None and again.reused
    assert again.checked_run == run
    assert [f.code for f in again.findings] == ["B101", "I312"]
    assert again.findings[1].message_en == ""  # slim: the texts stay in the database
    assert again.counts == {"error": 1, "warning": 1, "info": 0}
    assert again.figures["expense_total"] == 1482.05
    assert again.annotated == "a_校验结果.xlsx"
    # Any change of content, settings or rules means "check again".
    assert h.reusable("abd", "fp", "r1") is None
    assert h.reusable("abc", "fp2", "r1") is None
    assert h.reusable("abc", "fp", "r2") is None
    # A reused result recorded in a later run keeps pointing at the run that checked it.
    run2 = _run(h)
    h.record(run2, again)
    copied = h.files_of_run(run2)[0]
    assert copied.checked_run == run and copied.history_id == again.history_id != res.history_id
    # ... and its findings were copied whole, texts and figures included.
    assert [f.message_en for f in copied.findings] == ["problem B101", "problem I312"]
    assert copied.findings[0].params == {"params_value": 1.5}
    assert h.findings(copied.history_id or 0) == copied.findings
    assert h.previous_run(run2) == run
    h.close()


def test_timeouts_are_not_reused(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    run = _run(h)
    h.record(run, result("slow.xlsx", None, sha="s", status="unreadable", error_reason="timeout"))
    h.record(run, result("bad.xlsx", None, sha="b", status="unreadable", error_reason="corrupt"))
    assert h.reusable("s", "fp", "r1") is None
    assert h.reusable("b", "fp", "r1") is not None


def test_crash_mid_run_loses_nothing_recorded(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    h = History(path)
    run = _run(h)
    h.record(run, result("a.xlsx", "101", finding(), sha="abc"))
    # Simulate a crash: another connection sees the committed row before the run finishes.
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert other.execute("SELECT count(*) FROM findings").fetchone()[0] == 1
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    h.db.close()  # no finish_run: the run stays "running"
    h2 = History(path)
    assert h2.reusable("abc", "fp", "r1") is not None
    assert h2.previous_run(_run(h2)) is None  # an unfinished run is not "the previous run"
    h2.close()


def test_bad_database(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError):
        History(path)
    newer = tmp_path / "n.sqlite"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer"):
        History(newer)


def test_rules_version_is_stable() -> None:
    assert rules_version() == rules_version()
    assert len(rules_version()) == 16


def test_a_long_batch_holds_no_findings_in_memory(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    run = _run(h)
    res = result("a.xlsx", "101", finding("B101"), finding("I312", "warning"), finding("B101"), sha="abc")
    h.record(run, res)
    slim = res.slim()
    assert slim.findings == []  # the texts and cells are in the history
    assert [code for code, _, _ in slim.codes()] == ["B101", "I312", "B101"]
    assert slim.tally[0] is slim.tally[2]  # one shared triple per distinct (code, severity, name)
    h.finish_run(run, 1)
    files = h.files_of_run(run, findings=False)
    assert [f.findings for f in files] == [[]]
    keys = [f.key() for f in h.slim_findings(files[0].history_id or 0)]
    assert keys == [f.key() for f in h.findings(files[0].history_id or 0)] and len(keys) == 3


def test_a_slim_result_is_made_whole_from_the_history(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    run = _run(h)
    res = result("a.xlsx", "101", finding("B101"), sha="abc")
    res.annotated, res.annotated_sha256, res.error_zh = "a_校验结果.xlsx", "def", "说明"
    h.record(run, res)
    figures, annotated = dict(res.figures), res.annotated
    slim = res.slim()
    assert slim.figures == {} and slim.annotated is None and slim.error_zh is None
    whole = h.full(slim)
    assert whole.figures == figures and whole.annotated == annotated and whole.error_zh == "说明"
    assert whole.relpath == "a.xlsx" and whole.codes() == slim.codes()
    unrecorded = result("b.xlsx", "102", finding("B101"))
    assert unrecorded.slim().findings and h.full(unrecorded) is unrecorded  # nothing to read back
