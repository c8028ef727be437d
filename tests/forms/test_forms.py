"""Published project cards rebuilt in their official layouts are read as they are (reading/forms.py).

Six real cards (four national 财预〔2020〕10号 cards, two 四川 cards) one per sheet and stacked on one
sheet: every finding names the form's own cells, and `evaltool convert` gives a standard workbook
whose check gives the same findings, cells aside.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner
from openpyxl import load_workbook

from evaltool.api import check, read
from evaltool.cli.main import cli
from evaltool.exitcodes import ExitStatus
from evaltool.findings import Finding
from evaltool.layout import TABLES, Kind
from tests.forms.build import CardData, write_cards
from tests.forms.cards import NATIONAL, SICHUAN

CARDS: dict[str, tuple[str, CardData]] = {
    **{name: ("national", card) for name, card in NATIONAL.items()},
    **{name: ("sichuan", card) for name, card in SICHUAN.items()},
}


def _form(tmp_path: Path, name: str) -> tuple[Path, dict[str, str]]:
    layout, card = CARDS[name]
    path = tmp_path / f"{name}.xlsx"
    return path, write_cards(path, [card], layout)


def _rules(findings: list[Finding]) -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    """What the rules found, cells aside (the reader's notes differ by design: F020 vs none)."""
    return Counter(
        (f.code, tuple(sorted((k, str(v)) for k, v in f.params.items()))) for f in findings if f.code[0] != "F"
    )


@pytest.mark.parametrize("name", sorted(CARDS))
def test_a_card_is_read_at_its_own_cells(tmp_path: Path, name: str) -> None:
    path, where = _form(tmp_path, name)
    layout, card = CARDS[name]
    sub = read(path)
    assert [f.params for f in sub.findings if f.code == "F020"] == [{"layout": layout, "cards": 1}]
    assert not [f for f in sub.findings if f.code == "F021"]
    projects = sub.tables[Kind.PROJECTS]
    assert list(projects.df["name"]) == [card.project]
    assert str(projects.ref(int(projects.df.index[0]), "name")) == where["1.project"]
    assert str(projects.ref(int(projects.df.index[0]), "budget")) == where["1.fund0.budget"]
    funds = sub.tables[Kind.PROJECT_FUNDS]
    assert len(funds.df) == len(card.funds)
    indicators = sub.tables[Kind.PROJECT_INDICATORS]
    assert len(indicators.df) == len(card.indicators)
    first = int(indicators.df.index[0])
    assert str(indicators.ref(first, "level3")) == where["1.ind0.level3"]
    # Every finding names cells of the form's own sheets (never a standard sheet the form lacks).
    report = check(path)
    sheets = set(load_workbook(path, read_only=True).sheetnames)
    assert report.error is None
    assert {c.sheet for f in report.findings for c in f.cells} <= sheets
    assert "X900" not in {f.code for f in report.findings}


def test_findings_land_on_the_form_cells_a_reviewer_marks(tmp_path: Path) -> None:
    found: dict[str, set[tuple[str, str]]] = {}
    for name in ("yunnan_2020", "shanxi_2020", "hebei_2019", "sichuan_daying_2023"):
        path, where = _form(tmp_path, name)
        found[name] = {(f.code, str(f.cells[0])) for f in check(path).findings if f.cells}
        found[name + ".where"] = {(k, v) for k, v in where.items()}
    w = {name: dict(found[name + ".where"]) for name in ("yunnan_2020", "shanxi_2020", "hebei_2019")}
    # 实际完成情况 repeating 预期目标 word for word (云南).
    assert ("C601", w["yunnan_2020"]["1.achieved"]) in found["yunnan_2020"]
    # 27 of 30 points without a reason (山西).
    assert ("I311", w["shanxi_2020"]["1.ind4.reason"]) in found["shanxi_2020"]
    # 执行率 86 % without a written reason (河北): the national card has no reason cell, so it is shown
    # at the project's name.
    assert ("P205", w["hebei_2019"]["1.project"]) in found["hebei_2019"]


@pytest.mark.parametrize("layout", ["national", "sichuan"])
def test_stacked_cards_read_like_cards_on_their_own_sheets(tmp_path: Path, layout: str) -> None:
    cards = [card for lay, card in CARDS.values() if lay == layout]
    stacked, apart = tmp_path / "stacked.xlsx", tmp_path / "apart.xlsx"
    where = write_cards(stacked, cards, layout, stacked=True)
    write_cards(apart, cards, layout)
    sub = read(stacked)
    assert list(sub.tables[Kind.PROJECTS].df["name"]) == [c.project for c in cards]
    assert where[f"{len(cards)}.project"].startswith("Sheet1!")
    assert _rules(check(stacked).findings) == _rules(check(apart).findings)


@pytest.mark.parametrize("name", [*sorted(CARDS), "stacked"])
def test_convert_gives_the_same_findings(tmp_path: Path, name: str) -> None:
    if name == "stacked":
        form = tmp_path / "stacked.xlsx"
        write_cards(form, [card for lay, card in CARDS.values() if lay == "national"], "national", stacked=True)
    else:
        form, _ = _form(tmp_path, name)
    out = tmp_path / "标准模板.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(form), "-o", str(out)])
    assert result.exit_code == ExitStatus.OK, result.output
    converted = check(out)
    assert converted.error is None
    assert "F020" not in {f.code for f in converted.findings}
    assert _rules(converted.findings) == _rules(check(form).findings)
    assert TABLES[Kind.PROJECT_FUNDS].sheet in load_workbook(out, read_only=True).sheetnames


def _odd_card(path: Path, indicator_headers: list[str], money: bool = True) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("自评表")
    rows: list[list[Any]] = [["项目支出绩效自评表"], ["项目名称", "某项目"], ["主管部门", "某局", "实施单位", "某局"]]
    if money:
        rows += [["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
        rows += [["", "年度资金总额", 10, 10, 10, 10, "100%", 10]]
    rows += [
        ["绩效指标", *indicator_headers],
        ["", "产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 50, 50, ""],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    wb.close()


def test_a_label_that_cannot_be_placed_is_named(tmp_path: Path) -> None:
    # 北京's 2016 card prints a 得分计算方法 column the national card has not.
    path = tmp_path / "beijing.xlsx"
    headers = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "得分计算方法"]
    _odd_card(path, headers)
    unplaced = [f for f in read(path).findings if f.code == "F021"]
    assert [f.params["label"] for f in unplaced] == ["得分计算方法"]
    assert str(unplaced[0].cells[0]) == "自评表!I6"


def test_a_card_without_its_money_block_says_so(tmp_path: Path) -> None:
    path = tmp_path / "no-money.xlsx"
    _odd_card(path, ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"], money=False)
    sub = read(path)
    assert [f.params["part"] for f in sub.findings if f.code == "F021"] == ["money"]
    assert Kind.PROJECT_INDICATORS in sub.tables


def test_batch_takes_forms_beside_standard_workbooks(tmp_path: Path) -> None:
    from evaltool.template import seed_data, write_workbook

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_workbook(inbox / "standard.xlsx", seed_data())
    write_cards(inbox / "form.xlsx", [NATIONAL["shanxi_2020"]], "national")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(inbox), "--out-dir", str(out), "-j", "1"])
    assert result.exit_code in (ExitStatus.OK, ExitStatus.FINDINGS), result.output
    text = (out / "results.csv").read_text(encoding="utf-8-sig")
    assert "form.xlsx" in text and "standard.xlsx" in text
