"""Read the official project cards (项目支出绩效自评表) as they are printed, into the standard model.

Understood layouts (docs/reading.md shows each):

- ``national``: 财预〔2020〕10号 附件 — 项目资金（万元） block of 年初预算数 | 全年预算数 | 全年执行数 |
  分值 | 执行率 | 得分 with 年度资金总额 and its 其中 rows, 年度总体目标 (预期目标 | 实际完成情况),
  绩效指标 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, 总分;
- ``sichuan``: 四川 部门预算项目支出绩效自评表 — 预算执行情况（10分） block of 年初预算 | 调整后预算数 |
  预算执行数 | 预算执行率 | 权重 | 得分 over 总额 and 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金,
  项目年度目标 / 年度目标完成情况, 绩效指标（90分） with 指标性质, 指标值, 度量单位, 权重, 完成值,
  未完成原因分析, then 评价结论, 存在问题, 改进措施, 项目负责人, 财务负责人.

A card is found by its 项目名称 label; several cards may sit on one sheet (stacked) or one per
sheet. Every part of a card is found by its label, wherever it sits. Each table is read by the
same ``TableBuilder`` as the standard workbook, from a *virtual* sheet holding the card's cells
under the standard headers; the addresses are then mapped back, so every value keeps the
form's own cell (``Sheet1!D7``) and findings land there. A card whose money block or indicator
header cannot be found, or a header label the reader cannot place, is a finding (F021) naming
the label — never a silent partial read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from evaltool.findings import CellRef, Finding
from evaltool.layout import TABLES, Kind
from evaltool.model import Item, Submission, Table
from evaltool.reading.cells import CellReader, finding
from evaltool.reading.raw import RawBook, RawCell, RawSheet, address, split_address
from evaltool.reading.tables import Header, TableBuilder, header_key

# Labels, compared after ``header_key`` (folded, no spaces) with any （…） part removed.
PROJECT_LABELS: Final = frozenset({"项目名称"})
UNIT_LABELS: Final = frozenset({"实施单位", "项目单位", "单位名称", "预算单位", "项目实施单位"})
DEPARTMENT_LABELS: Final = frozenset({"主管部门", "主管单位"})
MONEY_COLUMNS: Final[dict[str, frozenset[str]]] = {
    "initial_budget": frozenset({"年初预算数", "年初预算"}),
    "budget": frozenset({"全年预算数", "调整后预算数", "调整预算数", "全年预算"}),
    "spent": frozenset({"全年执行数", "预算执行数", "执行数", "全年执行"}),
    "rate": frozenset({"执行率", "预算执行率"}),
    "points": frozenset({"分值", "权重"}),
    "score": frozenset({"得分"}),
    "note": frozenset({"原因", "说明", "备注", "偏差原因"}),
}
MONEY_BLOCK_LABELS: Final = frozenset({"项目资金", "预算执行情况", "资金情况", "项目资金情况"})
FUND_TOTALS: Final = frozenset({"年度资金总额", "总额", "合计", "资金总额", "项目资金总额"})
INDICATOR_COLUMNS: Final[dict[str, frozenset[str]]] = {
    "level1": frozenset({"一级指标"}),
    "level2": frozenset({"二级指标"}),
    "level3": frozenset({"三级指标"}),
    "op": frozenset({"指标性质"}),
    "target": frozenset({"年度指标值", "指标值", "目标值"}),
    "unit": frozenset({"度量单位", "计量单位"}),
    "actual": frozenset({"实际完成值", "完成值", "全年实际值"}),
    "points": frozenset({"分值", "权重"}),
    "score": frozenset({"得分"}),
    "reason": frozenset({"偏差原因分析及改进措施", "未完成原因分析", "偏差原因及改进措施", "偏差原因"}),
}
INDICATOR_BLOCK_LABELS: Final = frozenset({"绩效指标", "年度绩效指标"})
GOAL_LABELS: Final = frozenset({"年度总体目标", "项目年度目标", "年度目标", "总体目标"})
GOAL_COLUMNS: Final = {"goal": frozenset({"预期目标"}), "achieved": frozenset({"实际完成情况"})}
ACHIEVED_LABELS: Final = frozenset({"年度目标完成情况", "目标完成情况", "实际完成情况"})
TOTAL_SCORE_LABELS: Final = frozenset({"总分", "合计", "自评总分"})
CONCLUSION_LABELS: Final[dict[str, frozenset[str]]] = {
    "grade": frozenset({"评价等次", "自评等级", "评价等级", "自评等次"}),
    "conclusion": frozenset({"评价结论", "自评结论"}),
    "problems": frozenset({"存在问题", "存在的问题", "主要问题"}),
    "measures": frozenset({"改进措施", "改进建议", "整改措施"}),
    "project_lead": frozenset({"项目负责人"}),
    "finance_lead": frozenset({"财务负责人"}),
}
SICHUAN_MARKS: Final = frozenset({"权重", "完成值", "未完成原因分析", "预算执行情况", "调整后预算数"})
_BRACKETS: Final = re.compile(r"[(（][^)）]*[)）]")
_YEAR: Final = re.compile(r"(20\d\d)\s*年度?")
_OF_WHICH: Final = re.compile(r"^其中[:：]?")


def label(value: Any) -> str:
    """A cell as a label: folded, without spaces, （…） parts, ``*`` markers or a leading 其中："""
    if not isinstance(value, str):
        return ""
    return _OF_WHICH.sub("", _BRACKETS.sub("", header_key(value)))


@dataclass(slots=True)
class Card:
    """One project card: its sheet and the rows it spans."""

    sheet: RawSheet
    top: int
    bottom: int
    layout: str = "national"

    def rows(self) -> range:
        """The card's rows."""
        return range(self.top, self.bottom + 1)

    def row_cells(self, row: int) -> list[tuple[int, RawCell]]:
        """The non-empty cells of a row, left to right."""
        return sorted((c, cell) for (r, c), cell in self.sheet.cells.items() if r == row and _filled(cell))

    def find(self, labels: Iterable[str], rows: Iterable[int] | None = None) -> tuple[int, int] | None:
        """The first cell (row, col) whose label is one of ``labels``."""
        wanted = frozenset(labels)
        for row in rows if rows is not None else self.rows():
            for col, cell in self.row_cells(row):
                if label(cell.value) in wanted:
                    return row, col
        return None

    def right_of(self, row: int, col: int) -> tuple[int, int]:
        """The first filled cell right of (row, col), else the next cell (where a value belongs)."""
        for c, _ in self.row_cells(row):
            if c > col:
                return row, c
        return row, col + 1


def _filled(cell: RawCell) -> bool:
    value = cell.value
    return not (value is None or (isinstance(value, str) and not value.strip())) or cell.formula is not None


Source = tuple[RawSheet, int, int]  # sheet, row, col of a form cell


@dataclass(slots=True)
class Virtual:
    """A standard table laid out on a virtual sheet, remembering each virtual cell's form cell."""

    kind: Kind
    sheet: RawSheet = field(init=False)
    origin: dict[tuple[int, int], str] = field(default_factory=dict)
    row: int = 1

    def __post_init__(self) -> None:
        self.sheet = RawSheet(TABLES[self.kind].sheet)

    def column(self, field_key: str) -> int:
        """The virtual column of a field (its position in the standard layout)."""
        return [c.field for c in TABLES[self.kind].columns].index(field_key) + 1

    def add(self, values: dict[str, Source | None], at: dict[str, Source] | None = None) -> None:
        """One data row; ``at`` names where a field the form has no cell for is to be shown.

        Any other field without a form cell points at the row's first form cell.
        """
        self.row += 1
        fallback: str | None = None
        for key, (sheet, r, c) in (at or {}).items():
            self.origin[(self.row, self.column(key))] = f"{sheet.name}!{address(r, c)}"
        for key, src in values.items():
            if src is None:
                continue
            sheet, r, c = src
            col = self.column(key)
            where = f"{sheet.name}!{address(r, c)}"
            fallback = fallback or where
            self.origin[(self.row, col)] = where
            cell = sheet.cells.get((r, c))
            if cell is not None and _filled(cell):
                # A formula is kept as its cached value: its references point into the form, not here.
                self.sheet.cells[(self.row, col)] = RawCell(cell.value, cell.fmt, None, cell.cached)
        for col in range(1, len(TABLES[self.kind].columns) + 1):
            if fallback is not None:
                self.origin.setdefault((self.row, col), fallback)
        self.sheet.max_row = self.row

    def build(self, reader: CellReader) -> Table:
        """Read the virtual sheet like a standard one, then point every address at the form."""
        columns = {c.field: i + 1 for i, c in enumerate(TABLES[self.kind].columns)}
        table = TableBuilder(reader, self.sheet, TABLES[self.kind], Header(1, columns)).build()
        table.cells = table.cells.apply(lambda col: col.map(self.where))
        return table

    def where(self, addr: Any) -> Any:
        """The form cell of a virtual address (``B2`` -> ``Sheet1!D7``)."""
        if not isinstance(addr, str) or not addr or "!" in addr:
            return addr
        return self.origin.get(split_address(addr), addr)


def find_cards(book: RawBook) -> list[Card]:
    """Every card of the book: each 项目名称 label starts one, up to the next (or the sheet's end)."""
    cards: list[Card] = []
    for sheet in book.sheets:
        starts = sorted({r for (r, c), cell in sheet.cells.items() if label(cell.value) in PROJECT_LABELS and c <= 3})
        for i, top in enumerate(starts):
            bottom = starts[i + 1] - 1 if i + 1 < len(starts) else max(sheet.max_row, top)
            # The card's title and year sit just above its 项目名称 row.
            cards.append(Card(sheet, max(1, top - 3) if i == 0 else top, bottom))
    for card in cards:
        texts = {label(cell.value) for (r, _), cell in card.sheet.cells.items() if r in card.rows()}
        if texts & SICHUAN_MARKS:
            card.layout = "sichuan"
    return cards


def looks_like_forms(book: RawBook) -> bool:
    """Whether the book holds at least one card (a 项目名称 label and a money or indicator header)."""
    for card in find_cards(book):
        if _header(card, MONEY_COLUMNS, ("initial_budget", "budget")) or _header(
            card, INDICATOR_COLUMNS, ("level1", "level3")
        ):
            return True
    return False


def _header(
    card: Card, columns: dict[str, frozenset[str]], needed: tuple[str, ...]
) -> tuple[int, dict[str, int], list[tuple[int, str]]] | None:
    """The first row of the card holding the ``needed`` column labels: (row, field -> col, unplaced)."""
    for row in card.rows():
        found: dict[str, int] = {}
        unplaced: list[tuple[int, str]] = []
        for col, cell in card.row_cells(row):
            key = label(cell.value)
            fld = next((f for f, names in columns.items() if key in names), None)
            if fld is not None and fld not in found:
                found[fld] = col
            elif isinstance(cell.value, str):
                unplaced.append((col, cell.value.strip()))
        if all(n in found for n in needed):
            return row, found, unplaced
    return None


@dataclass(slots=True)
class FormReader:
    """Reads every card of a book into one Submission."""

    path: Path
    book: RawBook
    basic: dict[str, Item] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    tables: dict[Kind, Virtual] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in (Kind.PROJECTS, Kind.PROJECT_INDICATORS, Kind.PROJECT_FUNDS, Kind.PROJECT_CONCLUSIONS):
            self.tables[kind] = Virtual(kind)

    def unplaced(self, card: Card, row: int, col: int, text: str, part: str) -> None:
        """A label the reader could not place (F021)."""
        cell = CellRef(card.sheet.name, address(row, col))
        self.findings.append(finding("F021", (cell,), sheet=card.sheet.name, label=text, part=part))

    def read(self) -> Submission:
        """Read every card; the tables' virtual sheets then go through the standard table reader."""
        cards = find_cards(self.book)
        layouts = sorted({c.layout for c in cards})
        for card in cards:
            self.card(card)
        self.findings.insert(0, finding("F020", (), layout="、".join(layouts), cards=len(cards)))
        # The virtual sheets join the book while the cell reader reads them (it indexes sheets by name).
        for v in self.tables.values():
            self.book.sheets.append(v.sheet)
        reader = CellReader(self.book)
        tables = {kind: v.build(reader) for kind, v in self.tables.items() if v.row > 1}
        for f in reader.findings:  # values the table reader could not read: at the form's cells
            self.findings.append(Finding(f.code, f.severity, tuple(self._form_cell(c) for c in f.cells), f.params))
        for v in self.tables.values():
            self.book.sheets.remove(v.sheet)
        return Submission(
            path=self.path,
            basic=self.basic,
            tables=tables,
            findings=self.findings,
            from_template=False,
            template_version=None,
            sheet_order=[s.name for s in self.book.sheets],
            formats_known=self.book.formats,
        )

    def _form_cell(self, cell: CellRef) -> CellRef:
        for v in self.tables.values():
            if cell.sheet == v.sheet.name:
                where = v.where(cell.ref)
                if "!" in where:
                    sheet, ref = where.rsplit("!", 1)
                    return CellRef(sheet, ref)
        return cell

    # ---- one card ----------------------------------------------------------------------------

    def card(self, card: Card) -> None:
        sheet = card.sheet
        at = card.find(PROJECT_LABELS)
        assert at is not None  # a card starts at its 项目名称 label
        name_at = card.right_of(*at)
        name_cell = sheet.cells.get(name_at)
        name = str(name_cell.value).strip() if name_cell is not None and _filled(name_cell) else ""
        name_src: Source = (sheet, *name_at)
        self._basic(card)
        money = _header(card, MONEY_COLUMNS, ("initial_budget", "budget"))
        if money is None:
            self.unplaced(card, *at, "项目资金 / 年初预算数 / 全年预算数", "money")
        else:
            self._money(card, money, name_src)
        indicators = _header(card, INDICATOR_COLUMNS, ("level1", "level3"))
        end = card.bottom
        if indicators is None:
            self.unplaced(card, *at, "绩效指标 / 一级指标 / 三级指标", "indicators")
        else:
            end = self._indicators(card, indicators, name_src, name)
        self._conclusion(card, name_src, indicators, end)

    def _basic(self, card: Card) -> None:
        sheet = card.sheet
        for labels, key in ((UNIT_LABELS, "unit_name"), (DEPARTMENT_LABELS, "department")):
            at = card.find(labels)
            if at is None or key in self.basic:
                continue
            r, c = card.right_of(*at)
            cell = sheet.cells.get((r, c))
            if cell is not None and isinstance(cell.value, str) and label(cell.value) not in UNIT_LABELS:
                self.basic[key] = Item(cell.value.strip(), CellRef(sheet.name, address(r, c)), cell.value)
        if "year" not in self.basic:
            for (r, c), cell in sorted(sheet.cells.items()):
                if r <= card.top + 3 and isinstance(cell.value, str) and (m := _YEAR.search(cell.value)):
                    self.basic["year"] = Item(int(m.group(1)), CellRef(sheet.name, address(r, c)), cell.value)
                    break
        if "money_unit" not in self.basic:
            for (r, c), cell in sorted(sheet.cells.items()):
                if card.top <= r <= card.bottom and isinstance(cell.value, str) and "万元" in cell.value:
                    self.basic["money_unit"] = Item("万元", CellRef(sheet.name, address(r, c)), cell.value)
                    break

    def _money(self, card: Card, header: tuple[int, dict[str, int], list[tuple[int, str]]], name: Source) -> None:
        row, cols, unplaced = header
        first = min(cols.values())
        for col, text in unplaced:
            if col > first and label(text) not in MONEY_BLOCK_LABELS:
                self.unplaced(card, row, col, text, "money")
        funds = self.tables[Kind.PROJECT_FUNDS]
        sheet = card.sheet
        total: int | None = None
        for r in range(row + 1, card.bottom + 1):
            texts = [(c, cell) for c, cell in card.row_cells(r) if c < first and isinstance(cell.value, str)]
            labels = [label(cell.value) for _, cell in texts]
            if any(key in GOAL_LABELS | INDICATOR_BLOCK_LABELS | {"一级指标", "预期目标"} for key in labels):
                break
            own = [(c, cell) for c, cell in texts if label(cell.value) not in MONEY_BLOCK_LABELS]
            values = [c for c, _ in card.row_cells(r) if c >= first]
            if not own and not values:
                break
            if not own:
                continue
            source_col = own[-1][0]
            src: dict[str, Source | None] = {"project": name, "source": (sheet, r, source_col)}
            for key in ("initial_budget", "budget", "spent", "rate", "note"):
                src[key] = (sheet, r, cols[key]) if key in cols else None
            funds.add(src)
            if total is None and label(own[-1][1].value) in FUND_TOTALS:
                total = r
        if total is None:
            self.unplaced(card, row, first, "年度资金总额 / 总额", "money")
            return
        project: dict[str, Source | None] = {"name": name}
        for key in ("initial_budget", "budget", "spent", "rate", "points", "score", "note"):
            project[key] = (sheet, total, cols[key]) if key in cols else None
        self.tables[Kind.PROJECTS].add(project)

    def _indicators(
        self, card: Card, header: tuple[int, dict[str, int], list[tuple[int, str]]], name: Source, project: str
    ) -> int:
        row, cols, unplaced = header
        first = min(cols.values())
        for col, text in unplaced:
            if col > first:
                self.unplaced(card, row, col, text, "indicators")
        table = self.tables[Kind.PROJECT_INDICATORS]
        sheet = card.sheet
        stop = TOTAL_SCORE_LABELS | GOAL_LABELS | ACHIEVED_LABELS | frozenset().union(*CONCLUSION_LABELS.values())
        for r in range(row + 1, card.bottom + 1):
            cells = card.row_cells(r)
            if any(label(cell.value) in stop for c, cell in cells if c <= cols.get("level3", first)):
                return r
            if not [c for c, _ in cells if c >= first]:
                continue
            src: dict[str, Source | None] = {"project": name}
            for key in INDICATOR_COLUMNS:
                src[key] = (sheet, r, cols[key]) if key in cols else None
            # The national card types 指标性质 and 度量单位 inside 年度指标值 (≥95%): a missing unit is
            # shown there, a missing 指标性质 at the indicator's name (one finding per cell and field).
            at = {
                k: (sheet, r, cols[where])
                for k, where in (("op", "level3"), ("unit", "target"))
                if k not in cols and where in cols
            }
            table.add(src, at)
        return card.bottom + 1

    def _conclusion(
        self,
        card: Card,
        name: Source,
        indicators: tuple[int, dict[str, int], list[tuple[int, str]]] | None,
        end: int,
    ) -> None:
        sheet = card.sheet
        src: dict[str, Source | None] = {"project": name}
        goal = card.find(GOAL_LABELS)
        if goal is not None:
            # national: a 预期目标 | 实际完成情况 header, the texts on the row below; 四川: label | text.
            heads = {
                key: at
                for key, names in GOAL_COLUMNS.items()
                if (at := card.find(names, range(goal[0], min(goal[0] + 2, card.bottom) + 1))) is not None
            }
            if heads:
                for key, (r, c) in heads.items():
                    below = next((rr for rr in range(r + 1, card.bottom + 1) if sheet.cells.get((rr, c))), r + 1)
                    src[key] = (sheet, below, c)
            else:
                src["goal"] = (sheet, *card.right_of(*goal))
        if "achieved" not in src and (at := card.find(ACHIEVED_LABELS)) is not None:
            src["achieved"] = (sheet, *card.right_of(*at))
        if indicators is not None and end <= card.bottom:
            _, cols, _ = indicators
            score_col = cols.get("score")
            if score_col is not None and card.find(TOTAL_SCORE_LABELS, [end]) is not None:
                src["total_score"] = (sheet, end, score_col)
        for key, names in CONCLUSION_LABELS.items():
            at = card.find(names, range(end, card.bottom + 1))
            if at is not None:
                src[key] = (sheet, *card.right_of(*at))
        self.tables[Kind.PROJECT_CONCLUSIONS].add(src)


def read_forms(path: Path, book: RawBook) -> Submission:
    """Every card of ``book`` as one Submission (call when ``looks_like_forms(book)``)."""
    return FormReader(path, book).read()
