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


def test_a_pass_by_switching_rules_off_shows_on_the_proof(tmp_path: Path) -> None:
    import openpyxl

    from evaltool.api import check
    from evaltool.layout import RESULT_SHEET

    book = tmp_path / "自评.xlsx"
    shutil.copyfile(EXAMPLE, book)
    codes = sorted({f.code for f in check(book).findings if f.severity.label != "info"})
    assert codes, "the example has warnings to switch off"
    quoted = ", ".join(f'"{c}"' for c in codes)
    (tmp_path / "evaltool.toml").write_text(f"[rules]\ndisable = [{quoted}]\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", str(book)], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert run.returncode == 0, run.stderr
    ws = openpyxl.load_workbook(tmp_path / "自评_校验结果.xlsx")[RESULT_SHEET]
    shown = {row[0]: row[3] for row in ws.iter_rows(values_only=True) if row[0]}
    assert str(shown["结论"]).endswith("通过：未发现错误或警告")
    assert shown["已停用的规则"] == "、".join(codes) and str(shown["配置文件"]).startswith("evaltool.toml（SHA-256 ")
