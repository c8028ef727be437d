"""Where each table and value lands on its sheet, computed from the data alone (no writing)."""

from __future__ import annotations

from dataclasses import dataclass

from evaltool.layout import BASIC_FIELDS, TABLES, Kind
from evaltool.template.data import SubmissionData

# Rows above every header: a title line, a hint line and a spacer. The reader finds
# tables by their header row, so this is presentation only.
DEFAULT_TITLE_ROWS = 3
# Empty input rows per table in the blank template.
BLANK_ROWS: dict[Kind, int] = {
    Kind.INCOME: 12,
    Kind.EXPENSE: 12,
    Kind.SCORING: 30,
    Kind.DEPT_INDICATORS: 20,
    Kind.PROJECTS: 10,
    Kind.PROJECT_INDICATORS: 40,
    Kind.PROJECT_FUNDS: 40,
    Kind.PROJECT_BLOCKS: 40,
    Kind.PROJECT_CONCLUSIONS: 10,
}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class TablePlacement:
    """One table's rows (1-based Excel rows) and columns."""

    kind: Kind
    sheet: str
    header_row: int
    first_row: int  # first data row
    n_rows: int  # data rows (blank rows in the blank template)
    total_row: int | None  # the 合计 row, when there is one

    @property
    def last_row(self) -> int:
        """The last data row (first_row - 1 when there are none)."""
        return self.first_row + self.n_rows - 1

    def letter(self, field: str) -> str:
        """The column letter of a field key."""
        return column_letter(TABLES[self.kind].columns.index(TABLES[self.kind].column(field)))

    def cell(self, field: str, index: int) -> str:
        """``Sheet!A1`` of data row ``index`` (0-based)."""
        if not 0 <= index < self.n_rows:
            raise IndexError(f"{self.sheet} has {self.n_rows} data rows, not row {index}")
        return f"{self.sheet}!{self.letter(field)}{self.first_row + index}"

    def total_cell(self, field: str) -> str:
        """``Sheet!A1`` of a field on the 合计 row."""
        if self.total_row is None:
            raise KeyError(f"{self.sheet} has no 合计 row")
        return f"{self.sheet}!{self.letter(field)}{self.total_row}"


@dataclass(frozen=True, slots=True)
class WorkbookPlacement:
    """Where everything of one workbook is."""

    tables: dict[Kind, TablePlacement]
    basic_first_row: int

    def basic_cell(self, field: str) -> str:
        """``基本情况!B7`` for a 基本情况 field key."""
        keys = [f.field for f in BASIC_FIELDS]
        return f"{TABLES[Kind.BASIC].sheet}!B{self.basic_first_row + keys.index(field)}"

    def cell(self, kind: Kind, field: str, index: int) -> str:
        """``Sheet!A1`` of a table's data row ``index`` (0-based)."""
        return self.tables[kind].cell(field, index)

    def total_cell(self, kind: Kind, field: str) -> str:
        """``Sheet!A1`` of a table's 合计 row."""
        return self.tables[kind].total_cell(field)


def place(data: SubmissionData | None, title_rows: int = DEFAULT_TITLE_ROWS) -> WorkbookPlacement:
    """The placement ``write_workbook(path, data, title_rows=...)`` uses."""
    header = title_rows + 1
    counts: dict[Kind, tuple[int, bool]]
    if data is None:
        counts = {kind: (n, kind in (Kind.INCOME, Kind.EXPENSE, Kind.PROJECTS)) for kind, n in BLANK_ROWS.items()}
    else:
        counts = {
            Kind.INCOME: (len(data.income.rows), data.income.with_total),
            Kind.EXPENSE: (len(data.expense.rows), data.expense.with_total),
            Kind.SCORING: (len(data.scoring.rows), data.scoring.with_total),
            Kind.DEPT_INDICATORS: (len(data.dept_indicators), False),
            Kind.PROJECTS: (len(data.projects.rows), data.projects.with_total),
            Kind.PROJECT_INDICATORS: (len(data.project_indicators), False),
            Kind.PROJECT_FUNDS: (len(data.project_funds), False),
            Kind.PROJECT_BLOCKS: (len(data.project_blocks), False),
            Kind.PROJECT_CONCLUSIONS: (len(data.project_conclusions), False),
        }
    tables = {
        kind: TablePlacement(kind, TABLES[kind].sheet, header, header + 1, n, header + 1 + n if with_total else None)
        for kind, (n, with_total) in counts.items()
    }
    return WorkbookPlacement(tables, header + 1)
