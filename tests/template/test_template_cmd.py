"""`evaltool template -o FILE`: writes the blank template, refuses to overwrite, fails in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from evaltool.cli.main import cli
from evaltool.exitcodes import ExitStatus
from evaltool.layout import META_SHEET, SHEET_ORDER


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["template", *args])
    return result.exit_code, result.output


def test_writes_a_fresh_template_through_the_real_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "模板 v1.xlsx"  # a path with a space and Chinese characters
    proc = subprocess.run(
        [sys.executable, "-m", "evaltool", "template", "-o", str(out)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == ExitStatus.OK, proc.stderr
    assert str(out) in proc.stdout
    assert load_workbook(out).sheetnames == [*SHEET_ORDER, META_SHEET]
    assert out.stat().st_mode & 0o644 == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".evaltool-")]


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"precious")
    code, output = _run("-o", str(out))
    assert code == ExitStatus.FAILURE
    assert "--force" in output and len(output.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"
    code, _ = _run("-o", str(out), "--force")
    assert code == ExitStatus.OK
    assert load_workbook(out).sheetnames[0] == SHEET_ORDER[0]


def test_clear_failures(tmp_path: Path) -> None:
    cases = {
        str(tmp_path / "missing" / "t.xlsx"): "不存在",
        str(tmp_path / "t.xls"): ".xlsx",
    }
    (tmp_path / "dir.xlsx").mkdir()
    cases[str(tmp_path / "dir.xlsx")] = "文件夹"
    for target, needle in cases.items():
        code, output = _run("-o", target)
        assert code == ExitStatus.FAILURE, target
        assert needle in output and "Traceback" not in output, output
        assert len(output.strip().splitlines()) == 1, output


def test_output_is_required() -> None:
    code, output = _run()
    assert code == 2 and "--output" in output


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xlsxwriter.exceptions import FileCreateError

    def boom(path: object, data: object = None) -> None:
        Path(str(path)).write_bytes(b"half")
        raise FileCreateError(OSError(28, "No space left on device"))

    monkeypatch.setattr("evaltool.template.writer.write_workbook", boom)
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"precious")
    code, output = _run("-o", str(out), "--force")
    assert code == ExitStatus.FAILURE
    assert "无法写入" in output and "No space left" in output and len(output.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
