"""Writes the standard workbook (blank, or filled with SubmissionData) with xlsxwriter.

xlsxwriter is used because it stores a cached value with every formula, so 合计 / 占比 /
执行率 read correctly before anyone opens the file in Excel (openpyxl cannot do that).
The cached values are computed here in Python, the way the spreadsheet would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from evaltool.layout import (
    BASIC_FIELDS,
    DEFAULT_HIERARCHY,
    FUND_SOURCES_NATIONAL,
    FUND_SOURCES_SICHUAN,
    FUNDS_TOTAL_LABEL,
    GRADES,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    MONEY_UNITS,
    OPERATORS,
    PROJECT_TYPES,
    SHEET_ORDER,
    SHEET_ORDER_V1,
    TABLES,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TEMPLATE_VERSIONS,
    FieldType,
    Kind,
)
from evaltool.template import instructions as help_text
from evaltool.template.data import (
    Breakdown,
    Formula,
    IndicatorRow,
    ProjectBlockRow,
    ProjectConclusionRow,
    ProjectFundRow,
    ProjectIndicatorRow,
    Projects,
    Scoring,
    Shown,
    SubmissionData,
    Value,
)
from evaltool.template.placement import (
    DEFAULT_TITLE_ROWS,
    TablePlacement,
    WorkbookPlacement,
    column_letter,
    place,
)
from evaltool.textwidth import row_height, wrapped_lines

# Fixed document properties: the same data always gives the same file.
_CREATED = dt.datetime(2025, 1, 1)


def _properties(version: int) -> dict[str, Any]:
    return {
        "title": f"预算绩效自评表（模板 v{version}）",
        "subject": "预算绩效自评",
        "author": "evaltool",
        "company": "",
        "comments": f"{TEMPLATE_ID} v{version}",
        "created": _CREATED,
    }


NUMBER_FORMATS: dict[FieldType, str] = {
    FieldType.AMOUNT: "#,##0.00",
    FieldType.PERCENT: "0.00",
    FieldType.POINTS: "0.00",
    FieldType.COUNT: "0",
    FieldType.YEAR: "0",
    FieldType.DATE: "yyyy-mm-dd",
}
_INPUT_FILL = "#FFF2CC"  # light yellow: type here
_FORMULA_FILL = "#E7E6E6"  # grey: computed
_HEADER_FILL = "#D9E1F2"

# Column widths by field key (characters); CJK text is about two characters wide.
_WIDTHS: dict[str, float] = {
    "seq": 6,
    "code": 12,
    "name": 34,
    "amount": 14,
    "share": 11,
    "note": 28,
    "level1": 16,
    "level2": 16,
    "level3": 26,
    "points": 9,
    "explanation": 44,
    "score": 10,
    "op": 10,
    "target": 16,
    "unit": 10,
    "actual": 18,
    "reason": 30,
    "project": 30,
    "type": 12,
    "initial_budget": 13,
    "budget": 13,
    "spent": 13,
    "rate": 11,
    "source": 20,
    "block": 16,
    "goal": 40,
    "achieved": 40,
    "total_score": 9,
    "grade": 9,
    "conclusion": 36,
    "problems": 30,
    "measures": 30,
    "project_lead": 11,
    "finance_lead": 11,
}
# Second-level categories in the order of DEFAULT_HIERARCHY, without repeats.
_LEVEL2 = tuple(dict.fromkeys(name for names in DEFAULT_HIERARCHY.values() for name in names))


def write_workbook(
    path: str | Path,
    data: SubmissionData | None = None,
    *,
    title_rows: int = DEFAULT_TITLE_ROWS,
    meta: bool = True,
    sheets: Sequence[str] | None = None,
    version: int = TEMPLATE_VERSION,
) -> WorkbookPlacement:
    """Write the standard workbook to ``path``; ``data=None`` writes the blank template.

    ``title_rows`` is how many rows sit above each header row (at least 1: the title).
    ``meta=False`` leaves out the hidden ``_meta`` sheet (a workbook not from the template).
    ``sheets`` names the sheets to write, in that order (default: ``layout.SHEET_ORDER``):
    tests use it for sheets in another order or a missing sheet, with cached values intact.
    ``version=1`` writes template v1 (no 项目资金来源 / 项目评分结构 / 项目自评结论 sheets;
    the v2 parts of ``data`` are left out): tests hold v1 workbooks to their findings with it.
    Returns where every table landed.
    """
    import xlsxwriter

    if title_rows < 1:
        raise ValueError("title_rows must be at least 1 (the title line)")
    if version not in TEMPLATE_VERSIONS:
        raise ValueError(f"version must be one of {TEMPLATE_VERSIONS}, got {version}")
    allowed = SHEET_ORDER if version >= 2 else SHEET_ORDER_V1
    order = tuple(allowed if sheets is None else sheets)
    unknown = [name for name in order if name not in allowed]
    if unknown or len(set(order)) != len(order):
        raise ValueError(f"sheets must be distinct names of {allowed}, got {list(order)}")
    placement = place(data, title_rows)
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    workbook.set_properties(_properties(version))
    writer = _Writer(workbook, data, placement, title_rows, order, version)
    by_sheet: dict[str, Callable[[], None]] = {
        INSTRUCTIONS_SHEET: writer.instructions,
        TABLES[Kind.BASIC].sheet: writer.basic,
        TABLES[Kind.INCOME].sheet: lambda: writer.breakdown(Kind.INCOME, data.income if data else None),
        TABLES[Kind.EXPENSE].sheet: lambda: writer.breakdown(Kind.EXPENSE, data.expense if data else None),
        TABLES[Kind.SCORING].sheet: lambda: writer.scoring(data.scoring if data else None),
        TABLES[Kind.DEPT_INDICATORS].sheet: lambda: writer.indicators(
            Kind.DEPT_INDICATORS, data.dept_indicators if data else None
        ),
        TABLES[Kind.PROJECTS].sheet: lambda: writer.projects(data.projects if data else None),
        TABLES[Kind.PROJECT_INDICATORS].sheet: lambda: writer.indicators(
            Kind.PROJECT_INDICATORS, data.project_indicators if data else None
        ),
        TABLES[Kind.PROJECT_FUNDS].sheet: lambda: writer.funds(data.project_funds if data else None),
        TABLES[Kind.PROJECT_BLOCKS].sheet: lambda: writer.blocks(data.project_blocks if data else None),
        TABLES[Kind.PROJECT_CONCLUSIONS].sheet: lambda: writer.conclusions(data.project_conclusions if data else None),
    }
    for name in order:
        by_sheet[name]()
    if meta:
        writer.meta()
    writer.row_heights()
    workbook.close()
    return placement


def excel_round(value: float, digits: int = 2) -> float:
    """ROUND as the spreadsheet does it: half away from zero on the decimal text."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


_Cached = float | int | str | None  # None: no cached value is known


def number(value: Value) -> float | None:
    """The numeric value a spreadsheet would use in arithmetic, or None when blank/not numeric."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Formula):
        return number(value.value) if isinstance(value.value, int | float) else None
    if isinstance(value, Shown):
        return float(value.value)
    if isinstance(value, str) and value.strip():
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def _blank(value: Value) -> bool:
    return value is None or value == ""


def _sum(values: Sequence[Value]) -> float:
    # SUM over a range skips text and blanks (typed numeric text included).
    total = 0.0
    for v in values:
        if isinstance(v, int | float) and not isinstance(v, bool):
            total += v
        elif isinstance(v, Formula | Shown) and isinstance(v.value, int | float):
            total += v.value
    return round(total, 9)


def _ratio(part: Value, whole: _Cached | Value) -> _Cached:
    # =IF(OR(part="", whole=0), "", ROUND(part/whole*100, 2)), evaluated on cached values.
    # A formula stands for its cached value; with none, the result is unknown too.
    if isinstance(part, Formula):
        if part.value is None:
            return None
        part = part.value
    if isinstance(whole, Formula):
        if whole.value is None:
            return None
        whole = whole.value
    if _blank(part) or _blank(whole):
        return ""
    denominator = number(whole)
    if denominator == 0:
        return ""
    numerator = number(part)
    if numerator is None or denominator is None:
        return "#VALUE!"
    return excel_round(numerator / denominator * 100)


class _Writer:
    """Holds the workbook, its formats and the placement while the sheets are written."""

    def __init__(
        self,
        workbook: Any,
        data: SubmissionData | None,
        placement: WorkbookPlacement,
        title_rows: int,
        sheets: Sequence[str] = SHEET_ORDER,
        version: int = TEMPLATE_VERSION,
    ):
        self.wb = workbook
        self.version = version
        self.sheets = sheets
        self.data = data
        self.placement = placement
        self.title_rows = title_rows
        self._formats: dict[tuple[str, str, bool, bool], Any] = {}
        self._widths: dict[str, dict[int, float]] = {}  # sheet → column → width (characters)
        self._lines: dict[str, dict[int, int]] = {}  # sheet → 0-based row → lines of wrapped text
        unit = data.basic.get("money_unit") if data else MONEY_UNITS[0]
        self.money_unit = unit if isinstance(unit, str) else ""
        self.unit_cell = "$B$" + placement.basic_cell("money_unit").split("!B")[1]

    # ---- formats ---------------------------------------------------------------------

    def fmt(self, role: str, num_format: str = "", wrap: bool = False, bold: bool = False) -> Any:
        """A cached cell format; role is input / formula / label / header / title / hint / text."""
        key = (role, num_format, wrap, bold)
        if key not in self._formats:
            props: dict[str, Any] = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
            if role in ("input", "formula", "label", "header"):
                props["border"] = 1
            if role == "input":
                props["bg_color"] = _INPUT_FILL
            elif role == "formula":
                props["bg_color"] = _FORMULA_FILL
            elif role == "header":
                props.update(bg_color=_HEADER_FILL, bold=True, align="center", text_wrap=True)
            elif role == "title":
                props.update(bold=True, font_size=14)
            elif role == "hint":
                props.update(font_color="#595959", font_size=10)
            if num_format:
                props["num_format"] = num_format
            if wrap:
                props["text_wrap"] = True
            if bold:
                props["bold"] = True
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    # ---- cells -----------------------------------------------------------------------

    def put(
        self,
        ws: Any,
        row: int,
        col: int,
        value: Value,
        num_format: str = "",
        *,
        default: Formula | None = None,
        wrap: bool = False,
        bold: bool = False,
        role: str = "input",
    ) -> None:
        """Write one cell (row is 1-based, col 0-based); None takes ``default`` when given."""
        r = row - 1
        if value is None and default is not None:
            value = default
        if isinstance(value, Formula):
            cached = "" if value.value is None else value.value
            ws.write_formula(r, col, value.text, self.fmt("formula", num_format, wrap, bold), cached)
        elif isinstance(value, Shown):
            shown = "0" + ("." + "0" * value.decimals if value.decimals > 0 else "")
            ws.write_number(r, col, value.value, self.fmt(role, shown, wrap, bold))
        elif _blank(value):
            ws.write_blank(r, col, None, self.fmt(role, num_format, wrap, bold))
        elif isinstance(value, bool):
            ws.write_boolean(r, col, value, self.fmt(role, num_format, wrap, bold))
        elif isinstance(value, int | float):
            ws.write_number(r, col, value, self.fmt(role, num_format, wrap, bold))
        elif isinstance(value, dt.date):
            ws.write_datetime(r, col, value, self.fmt(role, NUMBER_FORMATS[FieldType.DATE], wrap, bold))
        else:
            ws.write_string(r, col, str(value), self.fmt(role, num_format, wrap, bold))
            if wrap:
                self.wrapped(ws, r, col, str(value))

    def width(self, ws: Any, first: int, last: int, width: float) -> None:
        """Set columns ``first``–``last`` (0-based) to ``width`` and remember it for row heights."""
        ws.set_column(first, last, width)
        for col in range(first, last + 1):
            self._widths.setdefault(ws.name, {})[col] = width

    def wrapped(self, ws: Any, row: int, col: int, text: str) -> None:
        """Remember how many lines ``text`` takes in its column (row and col 0-based)."""
        width = self._widths.get(ws.name, {}).get(col)
        if width is not None:
            rows = self._lines.setdefault(ws.name, {})
            rows[row] = max(rows.get(row, 1), wrapped_lines(text, width))

    def row_heights(self) -> None:
        """Give every row with wrapped text the height it needs: no spreadsheet grows it on load."""
        for name, rows in self._lines.items():
            ws = self.wb.get_worksheet_by_name(name)
            for row, lines in rows.items():
                if lines > 1:
                    ws.set_row(row, row_height(lines))

    # ---- sheets ----------------------------------------------------------------------

    def instructions(self) -> None:
        ws = self.wb.add_worksheet(INSTRUCTIONS_SHEET)
        self.width(ws, 0, 0, 110)
        ws.write_string(0, 0, help_text.title(self.version), self.fmt("title"))
        row = 2
        for heading, paragraphs in help_text.sections(self.version):
            ws.write_string(row, 0, heading, self.fmt("text", bold=True))
            row += 1
            for paragraph in paragraphs:
                ws.write_string(row, 0, paragraph, self.fmt("text", wrap=True))
                self.wrapped(ws, row, 0, paragraph)
                row += 1
            row += 1
        ws.set_portrait()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.protect()

    def _sheet(self, kind: Kind, title: str | Formula, hint: str = help_text.HINT_LINE) -> Any:
        """Add a table sheet with its title, hint, header row, frozen panes and print setup."""
        layout = TABLES[kind]
        ws = self.wb.add_worksheet(layout.sheet)
        if isinstance(title, Formula):
            # Styled as a title, not as a grey formula cell: nobody edits it.
            ws.write_formula(0, 0, title.text, self.fmt("title"), "" if title.value is None else title.value)
        else:
            ws.write_string(0, 0, title, self.fmt("title"))
        if self.title_rows >= 2:
            ws.write_string(1, 0, hint, self.fmt("hint"))
        header = self.title_rows  # 0-based index of the header row
        for col, column in enumerate(layout.columns):
            ws.write_string(header, col, column.header, self.fmt("header"))
            self.width(ws, col, col, _WIDTHS.get(column.field, 14))
        ws.set_row(header, 30)
        ws.freeze_panes(header + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")
        return ws

    def _money_title(self, name: str) -> str | Formula:
        unit = self.money_unit
        cached = f"{name}（金额单位：{unit}）" if unit else name
        if TABLES[Kind.BASIC].sheet not in self.sheets:
            return cached  # no sheet to refer to
        ref = f"'{TABLES[Kind.BASIC].sheet}'!{self.unit_cell}"
        return Formula(f'=IF({ref}="","{name}","{name}（金额单位："&{ref}&"）")', cached)

    def _validate_list(
        self, ws: Any, tp: TablePlacement, field: str, source: Sequence[str] | str, message: str
    ) -> None:
        if tp.n_rows == 0:
            return
        col = TABLES[tp.kind].columns.index(TABLES[tp.kind].column(field))
        ws.data_validation(
            tp.first_row - 1,
            col,
            tp.last_row - 1,
            col,
            {
                "validate": "list",
                "source": source if isinstance(source, str) else list(source),
                # A warning, not a stop: other spellings (>=, 不低于 …) are still accepted.
                "error_type": "warning",
                "error_title": "请从列表选择",
                "error_message": message,
            },
        )

    def _flag_when(self, ws: Any, tp: TablePlacement, field: str, condition: str) -> None:
        """Colour a column's data cells when ``condition`` (written for the first row) holds.

        A hint while typing (执行率 under 90 %, 得分 above 分值); the checker has the final word.
        """
        if tp.n_rows == 0:
            return
        if ("flag", "", False, False) not in self._formats:
            self._formats[("flag", "", False, False)] = self.wb.add_format(
                {"bg_color": "#F8CBAD", "font_color": "#9C0006"}
            )
        col = TABLES[tp.kind].columns.index(TABLES[tp.kind].column(field))
        ws.conditional_format(
            tp.first_row - 1,
            col,
            tp.last_row - 1,
            col,
            {"type": "formula", "criteria": condition, "format": self._formats[("flag", "", False, False)]},
        )

    def _flag_above(self, ws: Any, tp: TablePlacement, field: str, limit: str) -> None:
        """Flag ``field`` cells greater than the ``limit`` cell of the same row (得分 > 分值)."""
        a, b = f"{tp.letter(field)}{tp.first_row}", f"{tp.letter(limit)}{tp.first_row}"
        self._flag_when(ws, tp, field, f"=AND(ISNUMBER({a}),ISNUMBER({b}),{a}>{b})")

    def basic(self) -> None:
        ws = self._sheet(Kind.BASIC, "基本情况", "黄色单元格为填写项；“项目”列文字请勿修改。")
        header = self.title_rows
        ws.write_string(header, 2, "填写说明", self.fmt("header"))
        self.width(ws, 0, 0, 24)
        self.width(ws, 1, 1, 60)
        self.width(ws, 2, 2, 44)
        values = self.data.basic if self.data else {"money_unit": MONEY_UNITS[0]}
        first = self.placement.basic_first_row
        for i, bf in enumerate(BASIC_FIELDS):
            row = first + i
            self.put(ws, row, 0, bf.label, role="label")
            wrap = bf.field == "annual_goal"
            self.put(ws, row, 1, values.get(bf.field), NUMBER_FORMATS.get(bf.type, ""), wrap=wrap)
            self.put(ws, row, 2, help_text.BASIC_HELP.get(bf.field, ""), role="hint", wrap=True)
        unit_row = first + [bf.field for bf in BASIC_FIELDS].index("money_unit") - 1
        ws.data_validation(
            unit_row,
            1,
            unit_row,
            1,
            {
                "validate": "list",
                "source": list(MONEY_UNITS),
                "error_type": "stop",
                "error_title": "金额单位",
                "error_message": "请选择 万元 或 元",
            },
        )
        year_row = first + [bf.field for bf in BASIC_FIELDS].index("year") - 1
        ws.data_validation(
            year_row,
            1,
            year_row,
            1,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 2000,
                "maximum": 2100,
                "error_type": "warning",
                "error_title": "评价年度",
                "error_message": "请填写四位年份，如 2024",
            },
        )

    def breakdown(self, kind: Kind, data: Breakdown | None) -> None:
        tp = self.placement.tables[kind]
        sheet = TABLES[kind].sheet
        ws = self._sheet(kind, self._money_title(sheet))
        fmt_amount = NUMBER_FORMATS[FieldType.AMOUNT]
        fmt_share = NUMBER_FORMATS[FieldType.PERCENT]
        rows = data.rows if data else []
        amt = tp.letter("amount")
        total_ref = f"${amt}${tp.total_row}" if tp.total_row else None
        if data is None or data.total is None:
            total_value: Value = Formula(self._sum_formula(amt, tp), _sum([r.amount for r in rows]))
        else:
            total_value = data.total
        for i in range(tp.n_rows):
            row = tp.first_row + i
            item = rows[i] if i < len(rows) else None
            share_default = None
            if total_ref is not None:
                share_default = Formula(
                    f'=IF(OR({amt}{row}="",{total_ref}=0),"",ROUND({amt}{row}/{total_ref}*100,2))',
                    _ratio(item.amount if item else None, total_value),
                )
            seq = (i + 1 if item.seq is None else item.seq) if item else None
            self.put(ws, row, 0, seq)
            self.put(ws, row, 1, item.code if item else None)
            self.put(ws, row, 2, item.name if item else None)
            self.put(ws, row, 3, item.amount if item else None, fmt_amount)
            self.put(ws, row, 4, item.share if item else None, fmt_share, default=share_default)
            self.put(ws, row, 5, item.note if item else None, wrap=True)
        if tp.total_row is not None and total_ref is not None:
            row = tp.total_row
            label = data.total_label if data else "合计"
            self.put(ws, row, 0, None, role="label", bold=True)
            self.put(ws, row, 1, None, role="label", bold=True)
            self.put(ws, row, 2, label, role="label", bold=True)
            self.put(ws, row, 3, total_value, fmt_amount, bold=True)
            total_share = Formula(
                f'=IF({total_ref}=0,"",ROUND({amt}{row}/{total_ref}*100,2))',
                _ratio(total_value, total_value),
            )
            self.put(ws, row, 4, data.total_share if data else None, fmt_share, default=total_share, bold=True)
            self.put(ws, row, 5, None, role="label")

    @staticmethod
    def _sum_formula(letter: str, tp: TablePlacement) -> str:
        if tp.n_rows == 0:
            return "=0"
        return f"=SUM({letter}{tp.first_row}:{letter}{tp.last_row})"

    def _merged_column(
        self,
        ws: Any,
        tp: TablePlacement,
        col: int,
        values: Sequence[Value],
        groups: Sequence[Any],
        write: Callable[[int, Value], None],
    ) -> None:
        """Write a category column, merging runs of the same name within the same group."""
        i = 0
        while i < len(values):
            j = i
            v = values[i]
            mergeable = self.data is not None and self.data.merge_categories and isinstance(v, str) and v.strip() != ""
            if mergeable:
                while j + 1 < len(values) and values[j + 1] == v and groups[j + 1] == groups[i]:
                    j += 1
            if j > i and isinstance(v, str) and not v.startswith("="):
                ws.merge_range(tp.first_row + i - 1, col, tp.first_row + j - 1, col, "", self.fmt("input", wrap=True))
                ws.write_string(tp.first_row + i - 1, col, v, self.fmt("input", wrap=True))
            else:
                for k in range(i, j + 1):
                    write(tp.first_row + k, values[k])
            i = j + 1

    def scoring(self, data: Scoring | None) -> None:
        kind = Kind.SCORING
        tp = self.placement.tables[kind]
        ws = self._sheet(kind, "部门预算绩效自评打分表")
        rows = data.rows if data else []
        n = tp.n_rows
        pts = NUMBER_FORMATS[FieldType.POINTS]
        l1 = [r.level1 for r in rows] + [None] * (n - len(rows))
        l2 = [r.level2 for r in rows] + [None] * (n - len(rows))
        carried = _carry(l1)

        def write_cat(col: int) -> Callable[[int, Value], None]:
            return lambda row, value: self.put(ws, row, col, value, wrap=True)

        self._merged_column(ws, tp, 0, l1, [0] * n, write_cat(0))
        self._merged_column(ws, tp, 1, l2, carried, write_cat(1))
        for i in range(n):
            row = tp.first_row + i
            item = rows[i] if i < len(rows) else None
            self.put(ws, row, 2, item.level3 if item else None, wrap=True)
            self.put(ws, row, 3, item.points if item else None, pts)
            self.put(ws, row, 4, item.explanation if item else None, wrap=True)
            self.put(ws, row, 5, item.score if item else None, pts)
            self.put(ws, row, 6, item.note if item else None, wrap=True)
        self._flag_above(ws, tp, "score", "points")
        if data is not None and tp.total_row is not None:
            deduct = [isinstance(c, str) and c.strip().startswith("扣分项") for c in carried]
            plus = [tp.first_row + i for i in range(n) if not deduct[i]]
            minus = [tp.first_row + i for i in range(n) if deduct[i]]
            points_value = Formula(
                f"=SUM({_ranges('D', plus)})", _sum([rows[i].points for i in range(n) if not deduct[i]])
            )
            score_text = f"=SUM({_ranges('F', plus)})" + (f"-SUM({_ranges('F', minus)})" if minus else "")
            score_cached = _sum([rows[i].score for i in range(n) if not deduct[i]]) - _sum(
                [rows[i].score for i in range(n) if deduct[i]]
            )
            row = tp.total_row
            self.put(ws, row, 0, "合计", role="label", bold=True)
            for col in (1, 2, 4, 6):
                self.put(ws, row, col, None, role="label")
            self.put(ws, row, 3, data.total_points, pts, default=points_value, bold=True)
            self.put(ws, row, 5, data.total_score, pts, default=Formula(score_text, round(score_cached, 9)), bold=True)

    def indicators(self, kind: Kind, data: Sequence[IndicatorRow] | Sequence[ProjectIndicatorRow] | None) -> None:
        tp = self.placement.tables[kind]
        layout = TABLES[kind]
        title = "部门整体绩效目标完成情况" if kind is Kind.DEPT_INDICATORS else "项目绩效指标完成情况"
        ws = self._sheet(kind, title)
        rows: list[IndicatorRow | ProjectIndicatorRow] = list(data or [])
        n = tp.n_rows
        fields = [c.field for c in layout.columns]
        pts = NUMBER_FORMATS[FieldType.POINTS]
        projects = [getattr(r, "project", None) for r in rows] + [None] * (n - len(rows))
        l1 = [r.level1 for r in rows] + [None] * (n - len(rows))
        l2 = [r.level2 for r in rows] + [None] * (n - len(rows))
        # Categories never merge across projects.
        project_groups = _carry(projects)
        l1_groups = list(zip(project_groups, _carry(l1), strict=True))

        def write_cat(col: int) -> Callable[[int, Value], None]:
            return lambda row, value: self.put(ws, row, col, value, wrap=True)

        c1, c2 = fields.index("level1"), fields.index("level2")
        self._merged_column(ws, tp, c1, l1, project_groups, write_cat(c1))
        self._merged_column(ws, tp, c2, l2, l1_groups, write_cat(c2))
        for i in range(n):
            row = tp.first_row + i
            item = rows[i] if i < len(rows) else None
            for col, f in enumerate(fields):
                if f in ("level1", "level2"):
                    continue
                value = getattr(item, f) if item else None
                num_format = pts if f in ("points", "score") else ""
                self.put(ws, row, col, value, num_format, wrap=f not in ("op", "unit", "points", "score"))
        self._validate_list(
            ws, tp, "level1", list(DEFAULT_HIERARCHY), "一级指标：产出指标、成本指标、效益指标、满意度指标"
        )
        self._validate_list(ws, tp, "level2", _LEVEL2, "二级指标须属于其一级指标，如 产出指标 → 数量指标")
        self._validate_list(ws, tp, "op", OPERATORS, "指标性质：≥ ≤ = ＞ ＜ 或 定性")
        if kind is Kind.PROJECT_INDICATORS:
            projects_tp = self.placement.tables[Kind.PROJECTS]
            if projects_tp.n_rows and projects_tp.sheet in self.sheets:
                letter = projects_tp.letter("name")
                source = f"='{projects_tp.sheet}'!${letter}${projects_tp.first_row}:${letter}${projects_tp.last_row}"
                self._validate_list(ws, tp, "project", source, "项目名称须与“项目支出”表一致")
            self._flag_above(ws, tp, "score", "points")

    def projects(self, data: Projects | None) -> None:
        kind = Kind.PROJECTS
        tp = self.placement.tables[kind]
        ws = self._sheet(kind, self._money_title("项目支出"))
        rows = data.rows if data else []
        amount = NUMBER_FORMATS[FieldType.AMOUNT]
        rate = NUMBER_FORMATS[FieldType.PERCENT]
        pts = NUMBER_FORMATS[FieldType.POINTS]
        b, s = tp.letter("budget"), tp.letter("spent")
        for i in range(tp.n_rows):
            row = tp.first_row + i
            item = rows[i] if i < len(rows) else None
            rate_default = Formula(
                f'=IF(OR({s}{row}="",{b}{row}="",{b}{row}=0),"",ROUND({s}{row}/{b}{row}*100,2))',
                _ratio(item.spent, item.budget) if item else "",
            )
            self.put(ws, row, 0, item.name if item else None, wrap=True)
            self.put(ws, row, 1, item.type if item else None)
            self.put(ws, row, 2, item.initial_budget if item else None, amount)
            self.put(ws, row, 3, item.budget if item else None, amount)
            self.put(ws, row, 4, item.spent if item else None, amount)
            self.put(ws, row, 5, item.rate if item else None, rate, default=rate_default)
            self.put(ws, row, 6, item.points if item else None, pts)
            self.put(ws, row, 7, item.score if item else None, pts)
            self.put(ws, row, 8, item.note if item else None, wrap=True)
        if tp.total_row is not None:
            row = tp.total_row
            totals: dict[str, Value] = {}
            for field in ("initial_budget", "budget", "spent"):
                given = getattr(data, f"total_{field}") if data else None
                letter = tp.letter(field)
                totals[field] = (
                    given
                    if given is not None
                    else Formula(self._sum_formula(letter, tp), _sum([getattr(r, field) for r in rows]))
                )
            rate_total = Formula(
                f'=IF(OR({s}{row}="",{b}{row}="",{b}{row}=0),"",ROUND({s}{row}/{b}{row}*100,2))',
                _ratio(totals["spent"], totals["budget"]),
            )
            self.put(ws, row, 0, "合计", role="label", bold=True)
            self.put(ws, row, 1, None, role="label")
            self.put(ws, row, 2, totals["initial_budget"], amount, bold=True)
            self.put(ws, row, 3, totals["budget"], amount, bold=True)
            self.put(ws, row, 4, totals["spent"], amount, bold=True)
            self.put(ws, row, 5, data.total_rate if data else None, rate, default=rate_total, bold=True)
            self.put(ws, row, 6, data.total_points if data else None, pts, role="label", bold=True)
            self.put(ws, row, 7, data.total_score if data else None, pts, role="label", bold=True)
            self.put(ws, row, 8, None, role="label")
        self._validate_list(ws, tp, "type", PROJECT_TYPES, "项目类型：" + "、".join(PROJECT_TYPES))
        rate = f"{tp.letter('rate')}{tp.first_row}"
        self._flag_when(ws, tp, "rate", f"=AND(ISNUMBER({rate}),{rate}<90)")
        self._flag_above(ws, tp, "score", "points")

    def _project_list(self, ws: Any, tp: TablePlacement) -> None:
        """项目名称 from a drop-down of 项目支出's names (a warning, not a stop)."""
        projects_tp = self.placement.tables[Kind.PROJECTS]
        if projects_tp.n_rows and projects_tp.sheet in self.sheets:
            letter = projects_tp.letter("name")
            source = f"='{projects_tp.sheet}'!${letter}${projects_tp.first_row}:${letter}${projects_tp.last_row}"
            self._validate_list(ws, tp, "project", source, "项目名称须与“项目支出”表一致")

    def rows_of(
        self,
        kind: Kind,
        title: str | Formula,
        data: Sequence[ProjectFundRow] | Sequence[ProjectBlockRow] | Sequence[ProjectConclusionRow] | None,
        defaults: Callable[[int, Any], dict[str, Formula]] | None = None,
    ) -> tuple[Any, TablePlacement]:
        """A plain table of v2: one row per item, every column typed as given.

        ``defaults(row, item)`` gives the formulas written where a field is None.
        """
        tp = self.placement.tables[kind]
        layout = TABLES[kind]
        ws = self._sheet(kind, title)
        items = list(data or [])
        pts = NUMBER_FORMATS[FieldType.POINTS]
        for i in range(tp.n_rows):
            row = tp.first_row + i
            item = items[i] if i < len(items) else None
            formulas = defaults(row, item) if defaults else {}
            for col, column in enumerate(layout.columns):
                value = getattr(item, column.field) if item else None
                num_format = pts if column.type is FieldType.POINTS else NUMBER_FORMATS.get(column.type, "")
                wrap = column.type is FieldType.TEXT and column.field not in ("grade", "project_lead", "finance_lead")
                self.put(ws, row, col, value, num_format, default=formulas.get(column.field), wrap=wrap)
        self._project_list(ws, tp)
        return ws, tp

    def funds(self, data: Sequence[ProjectFundRow] | None) -> None:
        """项目资金来源: per project a 年度资金总额 row and its 其中 rows, 执行率 by formula."""
        tp = self.placement.tables[Kind.PROJECT_FUNDS]
        b, s = tp.letter("budget"), tp.letter("spent")

        def rate(row: int, item: Any) -> dict[str, Formula]:
            return {
                "rate": Formula(
                    f'=IF(OR({s}{row}="",{b}{row}="",{b}{row}=0),"",ROUND({s}{row}/{b}{row}*100,2))',
                    _ratio(item.spent, item.budget) if item else "",
                )
            }

        ws, tp = self.rows_of(Kind.PROJECT_FUNDS, self._money_title("项目资金来源"), data, rate)
        sources = dict.fromkeys((FUNDS_TOTAL_LABEL, *FUND_SOURCES_NATIONAL, *FUND_SOURCES_SICHUAN))
        self._validate_list(
            ws,
            tp,
            "source",
            list(sources),
            "资金来源：年度资金总额，或其中的 当年财政拨款 / 上年结转资金 / 其他资金 等",
        )
        self._flag_above(ws, tp, "spent", "budget")

    def blocks(self, data: Sequence[ProjectBlockRow] | None) -> None:
        """项目评分结构: the scoring blocks of each project's profile and their 分值."""
        self.rows_of(Kind.PROJECT_BLOCKS, "项目评分结构（各评分部分的分值）", data)

    def conclusions(self, data: Sequence[ProjectConclusionRow] | None) -> None:
        """项目自评结论: one row per project, 评价等次 from a drop-down."""
        ws, tp = self.rows_of(Kind.PROJECT_CONCLUSIONS, "项目自评结论", data)
        self._validate_list(ws, tp, "grade", GRADES, "评价等次：优（≥90）、良（80–90）、中（60–80）、差（<60）")

    def meta(self) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        ws.write_string(0, 0, "template")
        ws.write_string(0, 1, TEMPLATE_ID)
        ws.write_string(1, 0, "version")
        ws.write_number(1, 1, self.version)
        ws.set_column(0, 1, 20)
        ws.hide()
        ws.protect()


def _carry(values: Sequence[Value]) -> list[Value]:
    """Blank cells take the value above (what a merged or left-blank category means)."""
    out: list[Value] = []
    last: Value = None
    for v in values:
        if not _blank(v):
            last = v
        out.append(last)
    return out


def _ranges(letter: str, rows: Sequence[int]) -> str:
    """``D5:D9,D12`` for rows 5–9 and 12."""
    parts: list[str] = []
    start = prev = None
    for r in [*rows, None]:
        if start is not None and (r is None or r != prev + 1):  # type: ignore[operator]
            parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
            start = None
        if r is not None and start is None:
            start = r
        prev = r
    return ",".join(parts) or "0"


__all__ = ["NUMBER_FORMATS", "column_letter", "excel_round", "number", "write_workbook"]
