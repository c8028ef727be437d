"""Console summaries: readable on Windows code pages, short, in Chinese or English."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from evaltool.api import Report
from evaltool.errors import UnreadableError
from evaltool.findings import CellRef, Finding, Severity
from evaltool.report import console


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")


def test_a_console_that_cannot_print_chinese_is_switched_to_utf8() -> None:
    cp437 = _stream("cp437")
    console.prepare(cp437)
    assert cp437.encoding == "utf-8"
    cp437.write("✔ 通过")  # no UnicodeEncodeError
    gbk = _stream("gbk")
    console.prepare(gbk)
    assert gbk.encoding == "gbk" and gbk.errors == "replace"  # Chinese works; keep the code page
    assert console.marks(gbk) == ("√", "×")
    assert console.marks(_stream("utf-8")) == ("✔", "✘")
    assert console.marks(_stream("ascii")) == ("OK", "X")


def _findings(n: int) -> list[Finding]:
    return [
        Finding("F003", Severity.ERROR, (CellRef("收入情况", f"D{5 + i}"),), {"raw": f"约{i}", "expected": "金额"})
        for i in range(n)
    ]


def test_summary_lists_the_first_errors_and_counts_the_rest(tmp_path: Path) -> None:
    report = Report(path=tmp_path / "甲.xlsx", findings=_findings(5), unit_name="甲单位", unit_code="A1")
    report.annotated = tmp_path / "甲_校验结果.xlsx"
    text = console.file_summary(report, "zh")
    lines = text.splitlines()
    assert lines[0] == "✘ 甲.xlsx：有错误（错误 5，警告 0，提示 0）"
    assert lines[1] == "  单位：甲单位（A1）"
    assert lines[2] == f"  标注副本：{tmp_path / '甲_校验结果.xlsx'}"
    assert lines[4].startswith("  · 收入情况!D5 [F003] ")
    assert lines[-1] == "  ……另有 2 条错误，详见标注副本"
    en = console.file_summary(report, "en").splitlines()
    assert en[0] == "✘ 甲.xlsx: errors (errors 5, warnings 0, info 0)"
    assert en[-1] == "  ... 2 more error(s), see the annotated copy"


def test_unreadable_and_passed_files(tmp_path: Path) -> None:
    gone = Report(path=tmp_path / "x.xlsx", error=UnreadableError(tmp_path / "x.xlsx", "not_found"))
    assert console.file_summary(gone, "zh", mark=("√", "×")) == f"× {tmp_path / 'x.xlsx'}: 文件不存在"
    ok = Report(path=tmp_path / "y.xlsx", findings=[Finding("F005", Severity.INFO)])
    ok.annotated = tmp_path / "y_校验结果.xlsx"
    assert console.file_summary(ok, "zh", proof=True).splitlines() == [
        "✔ y.xlsx：通过（错误 0，警告 0，提示 1）",
        f"  通过证明：{tmp_path / 'y_校验结果.xlsx'}",
    ]
    assert console.total_summary([gone, ok]) == "共 2 个文件：通过 1，有警告 0，有错误 0，无法读取 1"


def test_pause_does_not_wait_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.StringIO("")  # not a TTY: a scheduled or piped run must never hang
    monkeypatch.setattr(sys, "stdin", stdin)
    console.pause("zh")
    assert stdin.tell() == 0
