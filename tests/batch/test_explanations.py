"""A unit's 情况说明 texts reach the bureau: console, 汇总.xlsx, results.json and results.csv."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from evaltool.api import check
from evaltool.cli.main import cli
from evaltool.layout import RESULT_SHEET
from evaltool.report.annotate import write_copy
from evaltool.report.console import file_summary
from evaltool.template import seed_data, write_workbook


def _explained_copy(tmp_path: Path, how_many: int | None, code: str = "101") -> tuple[Path, int]:
    """The seed's annotated copy with ``how_many`` of its warnings explained (None: all of them)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "seed.xlsx"
    data = seed_data()
    data.basic["unit_code"] = code
    write_workbook(source, data)
    copy = write_copy(check(source), tmp_path / "seed_校验结果.xlsx")
    wb = openpyxl.load_workbook(copy)
    ws = wb[RESULT_SHEET]
    warning_rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == "警告"]
    for n, r in enumerate(warning_rows[:how_many]):
        ws.cell(row=r, column=8).value = f"已核实，说明 {n + 1}"
    wb.save(copy)
    return copy, len(warning_rows)


def test_the_console_counts_explained_warnings(tmp_path: Path) -> None:
    copy, warnings = _explained_copy(tmp_path, 2)
    assert warnings > 2
    assert f"已说明 2 / {warnings} 条警告" in file_summary(check(copy))
    every, _ = _explained_copy(tmp_path / "all", None)
    shown = file_summary(check(every))
    assert f"全部 {warnings} 条警告均已说明" in shown and "逐条说明" not in shown


def test_explanations_reach_the_summary_json_and_csv(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy, warnings = _explained_copy(tmp_path, 2)
    (inbox / "101.xlsx").write_bytes(copy.read_bytes())
    every, _ = _explained_copy(tmp_path / "all", None, "102")
    (inbox / "102.xlsx").write_bytes(every.read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(inbox), "--out-dir", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"警告已说明 {2 + warnings}/{2 * warnings}" in result.output

    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    units = {r[2]: r for r in wb["单位汇总"].iter_rows(min_row=2, values_only=True)}
    assert units["101.xlsx"][14] == f"2 / {warnings}"
    assert units["102.xlsx"][14] == f"{warnings} / {warnings}（全部已说明）"
    head = [c.value for c in wb["问题明细"][1]]
    column = head.index("情况说明")
    texts = [r[column] for r in wb["问题明细"].iter_rows(min_row=2, values_only=True) if r[2] == "101.xlsx"]
    assert sorted(t for t in texts if t) == ["已核实，说明 1", "已核实，说明 2"]

    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    first = next(f for f in doc["files"] if f["relpath"] == "101.xlsx")
    assert sorted(f["explanation"] for f in first["findings"] if f["explanation"]) == [
        "已核实，说明 1",
        "已核实，说明 2",
    ]
    with (out / "results.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(1 for r in rows if r["file"] == "101.xlsx" and r["explanation"]) == 2

    # A second run reuses the unchanged files: their explanations come back from the history.
    again = CliRunner().invoke(cli, ["batch", str(inbox), "--out-dir", str(out), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    units = {
        r[2]: r for r in openpyxl.load_workbook(out / "汇总.xlsx")["单位汇总"].iter_rows(min_row=2, values_only=True)
    }
    assert units["101.xlsx"][14] == f"2 / {warnings}"


def test_a_history_written_before_gets_the_explanation_column(tmp_path: Path) -> None:
    from evaltool.batch.history import History

    path = tmp_path / "history.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE findings (file_id INTEGER NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL,"
        " severity TEXT NOT NULL, sheet TEXT, cells TEXT NOT NULL, params TEXT NOT NULL,"
        " name TEXT NOT NULL DEFAULT '', message_zh TEXT NOT NULL, message_en TEXT NOT NULL,"
        " hint_zh TEXT NOT NULL, hint_en TEXT NOT NULL, PRIMARY KEY (file_id, seq)); PRAGMA user_version=1;"
    )
    db.close()
    History(path).close()
    db = sqlite3.connect(path)
    columns = {row[1] for row in db.execute("PRAGMA table_info(findings)")}
    db.close()
    assert "explanation" in columns
