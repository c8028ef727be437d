"""Roster files: CSV (UTF-8 or GBK) and workbooks, header below a title, numeric codes, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.batch.roster import RosterError, infer_code, load_roster, normalise_code


def test_csv_utf8_and_gbk(tmp_path: Path) -> None:
    text = "单位编码,单位名称\n101,甲单位\n 102 ,乙单位\n\n101,重复\n"
    for encoding in ("utf-8-sig", "gbk"):
        path = tmp_path / f"roster-{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        roster = load_roster(path)
        assert list(roster.units) == ["101", "102"]
        assert roster.units["102"].name == "乙单位"
        assert roster.duplicates == ["101"]


def test_workbook_with_title_and_number_codes(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_string(0, 0, "2024 年自评单位名单")
    ws.write_string(2, 0, "序号")
    ws.write_string(2, 1, "单位名称")
    ws.write_string(2, 2, "单位编码")
    ws.write_number(3, 0, 1)
    ws.write_string(3, 1, "甲单位")
    ws.write_number(3, 2, 101)  # typed as a number: read back as 101.0
    ws.write_number(4, 0, 2)
    ws.write_string(4, 1, "乙单位")
    ws.write_string(4, 2, "００２")  # full-width digits
    book.close()
    roster = load_roster(path)
    assert list(roster.units) == ["101", "002"]
    assert roster.units["101"].name == "甲单位"


def test_bad_rosters(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not found"):
        load_roster(tmp_path / "none.csv")
    path = tmp_path / "r.csv"
    path.write_text("code-less,header\n1,2\n", encoding="utf-8")
    with pytest.raises(RosterError, match="单位编码"):
        load_roster(path)
    bad = tmp_path / "r.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(RosterError, match="cannot read"):
        load_roster(bad)


def test_normalise_and_infer(tmp_path: Path) -> None:
    assert normalise_code(101.0) == "101"
    assert normalise_code(" 1 01 ") == "101"
    assert normalise_code("101.00") == "101"
    assert normalise_code("") is None
    path = tmp_path / "r.csv"
    path.write_text("单位编码,单位名称\n101,甲\n102,乙\n", encoding="utf-8")
    roster = load_roster(path)
    assert infer_code("sub/101_甲单位.xlsx", roster) == "101"
    assert infer_code("101-102.xlsx", roster) is None  # ambiguous
    assert infer_code("1010.xlsx", roster) is None  # a token, not a substring
