"""A file the process may not read: one line with the reason, and the other files are still checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.hostile

EXAMPLES = Path(__file__).parents[2] / "examples"


def _unprivileged() -> list[str]:
    """A command prefix under which file modes apply (root bypasses them unless its capabilities go)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = inbox / "无权限.xlsx"
    shutil.copyfile(EXAMPLES / "panzhihua-2024.xlsx", secret)
    secret.chmod(0)
    shutil.copyfile(EXAMPLES / "mistakes-2024.xlsx", inbox / "ok.xlsx")
    return inbox, secret


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_unprivileged(), sys.executable, "-m", "evaltool", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_check_reports_an_unreadable_file_and_checks_the_rest(locked: tuple[Path, Path]) -> None:
    inbox, secret = locked
    run = _run("check", str(secret), str(inbox / "ok.xlsx"), "--no-annotate", "--format", "json")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    files = {Path(f["path"]).name: f for f in json.loads(run.stdout)["files"]}
    assert files["无权限.xlsx"]["error_reason"] == "permission"
    assert files["ok.xlsx"]["status"] == "errors"


def test_batch_reports_an_unreadable_file_and_checks_the_rest(locked: tuple[Path, Path], tmp_path: Path) -> None:
    inbox, _ = locked
    out = tmp_path / "out"
    run = _run("batch", str(inbox), "--out-dir", str(out), "--jobs", "1")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    listed = {f["relpath"]: f for f in doc["files"]}
    unusable = {u["path"]: u for u in doc["unusable"]}
    # Either listed as an unreadable submission or as an unusable file, with its reason: never dropped.
    if "无权限.xlsx" in listed:
        assert listed["无权限.xlsx"]["status"] == "unreadable" and listed["无权限.xlsx"]["error"]
    else:
        assert unusable["无权限.xlsx"]["reason"]
    assert listed["ok.xlsx"]["status"] == "errors"
