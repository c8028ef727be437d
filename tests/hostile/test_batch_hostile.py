"""Issue 10: one unit's file never stops the night's batch, writes outside OUT, or corrupts the summary.

Each test runs the real ``evaltool batch`` and holds the outputs to being written and well-formed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.hostile.batchrun import EXAMPLE, ROOT, batch, copy_well_formed, files, strict_constant, well_formed

GBK_NAME = "单位甲".encode("gbk") + b".xlsx"  # as unzipping a Windows archive on Linux leaves it


@pytest.mark.skipif(os.name == "nt", reason="Windows names are always Unicode")
def test_undecodable_file_name_among_good_files(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copyfile(EXAMPLE, inbox / "good.xlsx")
    shutil.copyfile(EXAMPLE, os.path.join(os.fsencode(inbox), GBK_NAME))
    shutil.copyfile(EXAMPLE, inbox / "new\nline.xlsx")  # a newline in a name must not split a log line
    (inbox / os.fsdecode(b"notes-\xff.pdf")).write_bytes(b"%PDF")
    run = batch(inbox, out)
    assert run.returncode == 1, run.stderr
    doc = well_formed(out)
    entries = files(doc)
    shown = os.fsdecode(GBK_NAME).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    assert set(entries) == {"good.xlsx", shown, "new\\x0aline.xlsx"}
    for entry in entries.values():
        assert entry["status"] == "errors" and entry["annotated"], entry
        copy_well_formed(Path(entry["annotated"]))
    assert [u["path"] for u in doc["unusable"]] == ["notes-\\xff.pdf"]
    assert all(line.startswith("20") for line in run.stderr.splitlines()), run.stderr  # one line per event
    db = sqlite3.connect(out / "history.sqlite")
    assert {r[0] for r in db.execute("SELECT path FROM files")} == set(entries)
    # The second night reuses every result and finishes too.
    again = batch(inbox, out)
    assert again.returncode == 1, again.stderr
    assert all(e["reused"] for e in files(well_formed(out)).values())


def _with_cell(dest: Path, sheet: str, ref: str, value: object, source: Path = EXAMPLE) -> Path:
    book = openpyxl.load_workbook(source)
    book[sheet][ref] = value
    book.save(dest)
    return dest


@pytest.mark.parametrize("typed", ["1e999", "9" * 400, "-1E+400"], ids=["1e999", "400-nines", "-1E+400"])
def test_a_number_beyond_float_is_a_reading_finding_never_a_figure(tmp_path: Path, typed: str) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copyfile(EXAMPLE, inbox / "good.xlsx")
    _with_cell(inbox / "huge.xlsx", "基本情况", "B22", typed)  # 自评总分
    for night in (1, 2):  # the second night reuses the result from the history and must finish too
        run = batch(inbox, out)
        assert run.returncode == 1, (night, run.stderr)
        entry = files(well_formed(out))["huge.xlsx"]
        assert entry["figures"]["self_score"] is None
        assert any(f["code"] == "F003" and f["cells"] == ["B22"] for f in entry["findings"]), entry["findings"]
    shown = subprocess.run(
        [sys.executable, "-m", "evaltool", "check", str(inbox / "huge.xlsx"), "--format", "json", "--no-annotate"],
        capture_output=True, text=True, encoding="utf-8", check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    doc = json.loads(shown.stdout, parse_constant=strict_constant)
    assert doc["files"][0]["figures"]["self_score"] is None
