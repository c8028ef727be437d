"""A bad evaltool.toml beside a workbook is named in one line, and the file is not checked (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "panzhihua-2024.xlsx"


def test_bad_config_beside_the_workbook(tmp_path: Path) -> None:
    book = tmp_path / "自评 表.xlsx"
    shutil.copyfile(EXAMPLE, book)
    (tmp_path / "evaltool.toml").write_text("[execution]\nthreshhold = 80\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", str(book), "--no-annotate", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    import json

    doc = json.loads(run.stdout)
    entry = doc["files"][0]
    assert entry["error_reason"] == "config"
    assert "did you mean 'threshold'" in entry["error"]
