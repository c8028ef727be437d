"""The reader's codes for official forms: "F020" (read as a form) and "F021" (a label it cannot place).

The layouts themselves are tested in tests/forms.
"""

from __future__ import annotations

from pathlib import Path

from evaltool.api import read
from tests.forms.build import write_cards
from tests.forms.cards import NATIONAL


def test_a_form_is_read_with_a_note_and_a_standard_workbook_is_not(tmp_path: Path) -> None:
    write_cards(tmp_path / "form.xlsx", [NATIONAL["shanxi_2020"]], "national")
    codes = [f.code for f in read(tmp_path / "form.xlsx").findings]
    assert codes.count("F020") == 1 and "F021" not in codes and "F001" not in codes


def test_a_form_missing_its_indicator_header_names_it(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "form.xlsx"
    write_cards(path, [NATIONAL["shanxi_2020"]], "national")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in ("一级指标", "三级指标"):
                cell.value = "指标"
    wb.save(path)
    unplaced = [f for f in read(path).findings if f.code == "F021"]
    assert [f.params["part"] for f in unplaced] == ["indicators"]
    assert "一级指标" in unplaced[0].params["label"]
