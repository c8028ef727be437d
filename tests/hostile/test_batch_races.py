"""Files that vanish or change while a batch runs: the run completes and accounts for every file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.hostile

EXAMPLE = Path(__file__).parents[2] / "examples" / "mistakes-2024.xlsx"


def test_files_vanishing_and_changing_during_a_batch(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    books = [inbox / f"单位{i:02d}.xlsx" for i in range(30)]
    for book in books:
        shutil.copyfile(EXAMPLE, book)
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )

    def meddle() -> None:
        # From the end of the list (checked last): delete some, truncate others, replace a few.
        time.sleep(0.05)
        data = EXAMPLE.read_bytes()
        for i, book in enumerate(reversed(books[10:])):
            if i % 3 == 0:
                book.unlink(missing_ok=True)
            elif i % 3 == 1:
                book.write_bytes(data[: len(data) // 3])
            else:
                book.write_bytes(b"not a workbook any more")
            time.sleep(0.02)

    thread = threading.Thread(target=meddle)
    thread.start()
    stdout, stderr = proc.communicate(timeout=600)
    thread.join()
    assert "Traceback" not in stderr, stderr[-3000:]
    assert proc.returncode == 1  # errors in every readable file; a vanished file is unreadable, not a run failure
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    seen = {f["relpath"]: f for f in doc["files"]}
    # Every file the batch found is accounted for: checked, or unreadable with its reason.
    assert seen, stdout
    for entry in seen.values():
        assert entry["status"] in ("errors", "unreadable"), entry
        if entry["status"] == "unreadable":
            assert entry["error"] and entry["error_reason"] in ("not_found", "corrupt", "not_workbook", "empty"), entry
    assert set(seen) <= {b.name for b in books}
    # The meddling raced the run; whichever way each race went, nothing was lost or crashed.
    print({s: sum(1 for e in seen.values() if e["status"] == s) for s in ("errors", "unreadable")})
