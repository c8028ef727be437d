"""`evaltool check` through the real entry point (a subprocess each; kept few, ~0.6 s apiece)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from evaltool.api import check
from evaltool.layout import RESULT_SHEET
from evaltool.report.output import document, dumps
from evaltool.template import write_workbook
from evaltool.template.examples import mistakes_data

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "evaltool", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mistakes") / "mistakes-2024.xlsx"
    write_workbook(path, mistakes_data())
    return path


def test_several_files_with_spaces_chinese_a_missing_one_and_a_non_workbook(
    seed_workbook: Path, mistakes: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "自评 材料"
    folder.mkdir()
    seed = Path(shutil.copyfile(seed_workbook, folder / "攀枝花 2024 自评.xlsx"))
    wrong = Path(shutil.copyfile(mistakes, folder / "mistakes.xlsx"))
    fake = folder / "不是工作簿.xlsx"
    fake.write_text("单位名称,金额\n甲,1\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (seed, wrong, fake)}

    result = run(seed, wrong, folder / "缺失.xlsx", fake, cwd=tmp_path)

    assert result.returncode == 2, result.stderr  # a file could not be read
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("✔ 攀枝花 2024 自评.xlsx：有警告")
    assert any(line.startswith("✘ mistakes.xlsx：有错误") for line in out)
    assert f"✘ {folder / '缺失.xlsx'}: 文件不存在" in out
    assert any(line.startswith(f"✘ {fake}: 不是 Excel 工作簿") for line in out)
    assert out[-1] == "共 4 个文件：通过 0，有警告 1，有错误 1，无法读取 2"
    copy = folder / "攀枝花 2024 自评_校验结果.xlsx"
    assert f"  标注副本：{copy}" in out
    assert (folder / "mistakes_校验结果.xlsx").is_file()
    assert {p: p.read_bytes() for p in before} == before  # inputs never written
    link = openpyxl.load_workbook(copy)[RESULT_SHEET]["E2"].hyperlink  # the first finding, under the header
    assert link is not None and link.location.startswith("'整体绩效目标'!")


def test_a_dropped_folder_checks_the_workbooks_in_it(seed_workbook: Path, tmp_path: Path) -> None:
    folder = tmp_path / "提交 材料"
    folder.mkdir()
    shutil.copyfile(seed_workbook, folder / "甲.xlsx")
    (folder / "~$甲.xlsx").write_bytes(b"lock")  # Excel's lock file
    (folder / "甲_校验结果.xlsx").write_bytes(b"an earlier copy")
    (folder / "说明.txt").write_text("x", encoding="utf-8")
    result = run(folder, "--no-annotate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("✔ 甲.xlsx：有警告") and "共" not in result.stdout  # one file only


def test_seed_exits_0_and_mistakes_exit_1(seed_workbook: Path, mistakes: Path, tmp_path: Path) -> None:
    ok = run("check", seed_workbook, "--no-annotate", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert not list(seed_workbook.parent.glob("*_校验结果.xlsx"))
    bad = run("check", mistakes, "--no-annotate", "--lang", "en", cwd=tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.startswith("✘ mistakes-2024.xlsx: errors (errors ")


def test_json_is_one_document_equal_to_the_api(seed_workbook: Path, mistakes: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = run("check", seed_workbook, mistakes, "--format", "json", "--out-dir", out_dir, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    got = json.loads(result.stdout)
    reports = [check(seed_workbook), check(mistakes)]
    reports[0].annotated = out_dir / "panzhihua-2024_校验结果.xlsx"
    reports[1].annotated = out_dir / "mistakes-2024_校验结果.xlsx"
    for report in reports:
        report.copy_writer = "splice"  # what made each copy (issue 11: a fallback is never silent)
    assert got == json.loads(dumps(document(reports)))
    assert got["tool"] == "evaltool" and [f["status"] for f in got["files"]] == ["warnings", "errors"]
    assert all(Path(f["annotated"]).is_file() for f in got["files"])


def test_unwritable_outputs_are_one_line_exit_2(seed_workbook: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    result = run(seed_workbook, "--out-dir", blocker / "out", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if "未能写出标注副本" in line]
    assert len(failed) == 1 and str(blocker / "out" / "panzhihua-2024_校验结果.xlsx") in failed[0]

    (tmp_path / "panzhihua-2024_校验结果.xlsx").mkdir()  # the copy's name is taken by a folder
    result = run(seed_workbook, "--out-dir", tmp_path, "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert json.loads(result.stdout)["files"][0]["annotated"] is None
    assert result.stderr.count("\n") == 1 and "同名文件夹已存在" in result.stderr


def test_usage_problems_exit_2_in_one_line(seed_workbook: Path, tmp_path: Path) -> None:
    bad = tmp_path / "evaltool.toml"
    bad.write_text("[rules]\ndisabel = []\n", encoding="utf-8")
    result = run("check", seed_workbook, "--config", bad, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "did you mean 'disable'" in result.stderr
    result = run("--pause", cwd=tmp_path)  # a launcher double-clicked with nothing dropped on it
    assert result.returncode == 2 and "拖放" in result.stderr
    result = run("check", seed_workbook, "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_pause_waits_for_enter_on_a_terminal(tmp_path: Path) -> None:
    import pty
    import select

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    master, slave = pty.openpty()  # a terminal, as a double-clicked launcher gives
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaltool", "--pause", "缺失.xlsx"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
    )
    os.close(slave)
    seen = b""
    try:
        while "按回车键".encode() not in seen:
            ready, _, _ = select.select([master], [], [], 30)
            assert ready, f"no prompt; got {seen!r}"
            seen += os.read(master, 4096)
        assert proc.poll() is None  # waiting for Enter
        os.write(master, b"\n")
        assert proc.wait(timeout=30) == 2
    finally:
        proc.kill()
        os.close(master)
    assert "文件不存在".encode() in seen


def test_every_command_help_has_an_example_in_chinese_too() -> None:
    from click.testing import CliRunner

    from evaltool.cli.main import cli

    for args in ([], ["check"], ["batch"], ["rules"], ["template"], ["launcher"]):
        shown = CliRunner().invoke(cli, [*args, "--help"]).output
        assert "示例" in shown and "  evaltool " in shown, args
        assert any("\u4e00" <= ch <= "\u9fff" for ch in shown.split("Options:")[0]), args
