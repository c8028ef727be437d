"""Official project cards rebuilt as workbooks (xlsxwriter), laid out as the published forms are.

``national``: 财预〔2020〕10号 附件 项目支出绩效自评表; ``sichuan``: 四川 部门预算项目支出绩效自评表.
Merged label cells, a blank spacer row, 其中 rows and the help text the forms print are part of
the layout. ``write_cards`` puts several cards on one sheet (stacked) or one per sheet, and
returns where each value landed, so tests can name the form's own cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Cell = str | float | int | None


@dataclass
class Fund:
    """A money row: 年度资金总额 (first) or a source."""

    label: str
    initial: Cell
    budget: Cell
    spent: Cell
    rate: Cell = None
    note: Cell = None


@dataclass
class Indicator:
    level1: str
    level2: str
    level3: str
    target: Cell
    actual: Cell
    points: Cell
    score: Cell
    reason: Cell = None
    op: Cell = None  # 四川 only
    unit: Cell = None  # 四川 only


@dataclass
class CardData:
    """One card as printed."""

    project: str
    unit: str
    department: str
    year: int
    funds: list[Fund]
    points: Cell  # 执行率 分值 / 权重
    score: Cell  # 执行率 得分
    goal: str
    achieved: str
    indicators: list[Indicator]
    total_points: Cell = 100
    total_score: Cell = None
    conclusion: Cell = None
    problems: Cell = None
    measures: Cell = None
    leads: tuple[str, str] = ("", "")
    extra: dict[str, Any] = field(default_factory=dict)


SICHUAN_HELP = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


class _Sheet:
    def __init__(self, wb: Any, ws: Any, where: dict[str, str]) -> None:
        self.wb, self.ws, self.where = wb, ws, where
        self.border = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter", "font_name": "宋体"})
        self.title = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.center = wb.add_format({"align": "center"})

    def put(self, row: int, col: int, value: Cell, key: str | None = None) -> None:
        if value is None or value == "":
            self.ws.write_blank(row - 1, col, None, self.border)
        elif isinstance(value, int | float):
            self.ws.write_number(row - 1, col, value, self.border)
        else:
            self.ws.write_string(row - 1, col, value, self.border)
        if key is not None:
            self.where[key] = f"{self.ws.name}!{chr(65 + col)}{row}"

    def merge(self, row: int, c1: int, c2: int, value: Cell, key: str | None = None, rows: int = 1) -> None:
        if rows > 1 or c2 > c1:
            self.ws.merge_range(row - 1, c1, row - 1 + rows - 1, c2, "", self.border)
        self.put(row, c1, value, key)


def _head(s: _Sheet, card: CardData, top: int, n: int, title: str, last: int, unit_at: int) -> int:
    """Title, year, 项目名称, 主管部门 | 实施单位; returns the next row."""
    p = f"{n}."
    s.ws.merge_range(top - 1, 0, top - 1, last, title, s.title)
    s.ws.merge_range(top, 0, top, last, f"（{card.year}年度）", s.center)
    r = top + 2
    s.put(r, 0, "项目名称")
    s.merge(r, 1, last, card.project, p + "project")
    r += 1
    s.put(r, 0, "主管部门")
    s.merge(r, 1, unit_at - 1, card.department, p + "department")
    s.merge(r, unit_at, unit_at + 1, "实施单位")
    s.merge(r, unit_at + 2, last, card.unit, p + "unit")
    return r + 1


def _national(s: _Sheet, card: CardData, top: int, n: int) -> int:
    p = f"{n}."
    r = _head(s, card, top, n, "项目支出绩效自评表", 8, 4)
    money = r
    s.merge(r, 0, 0, "项目资金（万元）", rows=len(card.funds) + 1)
    for col, text in enumerate(["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], start=1):
        s.put(r, col, text)
    s.put(r, 8, "")
    for i, fund in enumerate(card.funds):
        r += 1
        s.put(r, 1, fund.label, f"{p}fund{i}.label")
        s.put(r, 2, fund.initial, f"{p}fund{i}.initial")
        s.put(r, 3, fund.budget, f"{p}fund{i}.budget")
        s.put(r, 4, fund.spent, f"{p}fund{i}.spent")
        if i == 0:
            s.put(r, 5, card.points, p + "points")
            s.put(r, 6, fund.rate, f"{p}fund{i}.rate")
            s.put(r, 7, card.score, p + "score")
        else:
            for col in (5, 6, 7):
                s.put(r, col, "—" if col != 6 else fund.rate, f"{p}fund{i}.rate" if col == 6 else None)
        s.put(r, 8, "")
    assert money
    r += 1
    s.merge(r, 0, 0, "年度总体目标", rows=2)
    s.merge(r, 1, 4, "预期目标")
    s.merge(r, 5, 8, "实际完成情况")
    r += 1
    s.merge(r, 1, 4, card.goal, p + "goal")
    s.merge(r, 5, 8, card.achieved, p + "achieved")
    r += 1
    heads = [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    for col, text in enumerate(heads):
        s.put(r, col, text)
    first = r + 1
    for i, ind in enumerate(card.indicators):
        r += 1
        s.put(r, 0, "")
        prev = card.indicators[i - 1] if i else None
        s.put(r, 1, ind.level1 if prev is None or prev.level1 != ind.level1 else "", f"{p}ind{i}.level1")
        s.put(r, 2, ind.level2 if prev is None or prev.level2 != ind.level2 else "", f"{p}ind{i}.level2")
        s.put(r, 3, ind.level3, f"{p}ind{i}.level3")
        s.put(r, 4, ind.target, f"{p}ind{i}.target")
        s.put(r, 5, ind.actual, f"{p}ind{i}.actual")
        s.put(r, 6, ind.points, f"{p}ind{i}.points")
        s.put(r, 7, ind.score, f"{p}ind{i}.score")
        s.put(r, 8, ind.reason, f"{p}ind{i}.reason")
    s.ws.merge_range(first - 2, 0, r - 1, 0, "绩效指标", s.border)
    r += 1
    s.merge(r, 0, 5, "总分")
    s.put(r, 6, card.total_points, p + "total_points")
    s.put(r, 7, card.total_score, p + "total_score")
    s.put(r, 8, "")
    return r


def _sichuan(s: _Sheet, card: CardData, top: int, n: int) -> int:
    p = f"{n}."
    r = _head(s, card, top, n, "部门预算项目支出绩效自评表", 9, 5)
    r += 1  # a blank spacer row, as the exported form has
    s.merge(r, 0, 0, "预算执行情况（万元）（10分）", rows=len(card.funds) + 1)
    for col, text in enumerate(
        ["", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"], start=1
    ):
        if col == 8:
            s.merge(r, 8, 9, text)
        else:
            s.put(r, col, text)
    for i, fund in enumerate(card.funds):
        r += 1
        s.put(r, 1, fund.label, f"{p}fund{i}.label")
        s.put(r, 2, fund.initial, f"{p}fund{i}.initial")
        s.put(r, 3, fund.budget, f"{p}fund{i}.budget")
        s.put(r, 4, fund.spent, f"{p}fund{i}.spent")
        s.put(r, 5, fund.rate, f"{p}fund{i}.rate")
        s.put(r, 6, card.points if i == 0 else "", p + "points" if i == 0 else None)
        s.put(r, 7, card.score if i == 0 else "", p + "score" if i == 0 else None)
        s.merge(r, 8, 9, fund.note if fund.note is not None else (SICHUAN_HELP if i == 0 else ""), f"{p}fund{i}.note")
    r += 1
    s.put(r, 0, "项目年度目标")
    s.merge(r, 1, 9, card.goal, p + "goal")
    r += 1
    s.put(r, 0, "年度目标完成情况")
    s.merge(r, 1, 9, card.achieved, p + "achieved")
    r += 1
    heads = [
        "绩效指标（90分）",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "权重",
        "完成值",
        "得分",
        "未完成原因分析",
    ]
    s.merge(r, 0, 0, heads[0])
    for col, text in enumerate(heads[1:], start=1):
        if col <= 9:
            s.put(r, col, text if col < 10 else None)
    s.ws.write_string(r - 1, 10, heads[-1], s.border)
    for i, ind in enumerate(card.indicators):
        r += 1
        s.put(r, 0, "")
        s.put(r, 1, ind.level1, f"{p}ind{i}.level1")
        s.put(r, 2, ind.level2, f"{p}ind{i}.level2")
        s.put(r, 3, ind.level3, f"{p}ind{i}.level3")
        s.put(r, 4, ind.op, f"{p}ind{i}.op")
        s.put(r, 5, ind.target, f"{p}ind{i}.target")
        s.put(r, 6, ind.unit, f"{p}ind{i}.unit")
        s.put(r, 7, ind.points, f"{p}ind{i}.points")
        s.put(r, 8, ind.actual, f"{p}ind{i}.actual")
        s.put(r, 9, ind.score, f"{p}ind{i}.score")
        s.put(r, 10, ind.reason, f"{p}ind{i}.reason")
    r += 1
    s.merge(r, 0, 6, "合计")
    s.put(r, 7, card.total_points, p + "total_points")
    s.put(r, 8, "")
    s.put(r, 9, card.total_score, p + "total_score")
    for key, text, value in (
        ("conclusion", "评价结论", card.conclusion),
        ("problems", "存在问题", card.problems),
        ("measures", "改进措施", card.measures),
    ):
        r += 1
        s.put(r, 0, text)
        s.merge(r, 1, 10, value, p + key)
    r += 1
    s.put(r, 0, "项目负责人")
    s.merge(r, 1, 4, card.leads[0], p + "project_lead")
    s.merge(r, 5, 6, "财务负责人")
    s.merge(r, 7, 10, card.leads[1], p + "finance_lead")
    return r


LAYOUTS = {"national": _national, "sichuan": _sichuan}


def write_cards(path: Path, cards: list[CardData], layout: str, *, stacked: bool = False) -> dict[str, str]:
    """Write the cards; returns ``{"1.project": "Sheet1!B3", ...}`` (card number, then the value)."""
    import xlsxwriter

    where: dict[str, str] = {}
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1") if stacked else None
    top = 1
    for n, card in enumerate(cards, start=1):
        if not stacked:
            ws = wb.add_worksheet(f"项目{n}")
            top = 1
        assert ws is not None
        ws.set_column(0, 0, 14)
        ws.set_column(1, 10, 15)
        ws.set_default_row(32)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        last = LAYOUTS[layout](_Sheet(wb, ws, where), card, top, n)
        top = last + 3  # stacked cards: two blank rows between them
    wb.close()
    return where
