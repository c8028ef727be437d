"""Template v1 workbooks are read as before (plus F012); v2 workbooks must hold the v2 sheets."""

from __future__ import annotations

from pathlib import Path

from evaltool.api import read
from evaltool.layout import SHEET_ORDER_V1, TABLES, TEMPLATE_VERSION, V2_KINDS, Kind
from evaltool.template import seed_data, write_workbook


def test_a_v1_workbook_gets_one_note_and_no_missing_sheets(tmp_path: Path) -> None:
    path = tmp_path / "v1.xlsx"
    write_workbook(path, seed_data(), version=1)
    sub = read(path)
    assert sub.template_version == 1
    assert [(f.code, dict(f.params)) for f in sub.findings] == [("F012", {"version": 1, "current": TEMPLATE_VERSION})]
    assert not V2_KINDS & sub.tables.keys()


def test_a_v2_workbook_gets_no_note(tmp_path: Path) -> None:
    path = tmp_path / "v2.xlsx"
    write_workbook(path, seed_data())
    sub = read(path)
    assert sub.findings == []
    assert sub.tables.keys() >= V2_KINDS


def test_a_v2_workbook_without_a_v2_sheet_misses_it(tmp_path: Path) -> None:
    path = tmp_path / "v2-short.xlsx"
    write_workbook(path, seed_data(), sheets=[*SHEET_ORDER_V1, TABLES[Kind.PROJECT_FUNDS].sheet])
    sub = read(path)
    missing = sorted(f.params["sheet"] for f in sub.findings if f.code == "F001")
    assert missing == sorted(TABLES[k].sheet for k in (Kind.PROJECT_BLOCKS, Kind.PROJECT_CONCLUSIONS))


def test_a_workbook_not_from_the_template_may_lack_the_v2_sheets(tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    write_workbook(path, seed_data(), meta=False, version=1)
    assert [f.code for f in read(path).findings] == ["F005"]
