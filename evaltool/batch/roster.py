"""The roster of units expected to submit (.xlsx/.xls/.ods or .csv with 单位编码, 单位名称)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from evaltool.texts import text

CODE_HEADERS: Final = ("单位编码", "unit_code", "code")
NAME_HEADERS: Final = ("单位名称", "unit_name", "name")
HEADER_SCAN_ROWS: Final = 20  # the header row may sit below a title


class RosterError(ValueError):
    """A roster file that cannot be used; the message names the file and what is wrong.

    ``key`` names the text (the "batch" texts of evaltool/texts.py); ``str()`` is the English one.
    """

    def __init__(self, key: str, path: Path, **params: Any) -> None:
        self.key, self.params = key, {"path": path, **params}
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        """What is wrong, in ``lang``."""
        return text("batch", self.key, lang, **self.params)


@dataclass(frozen=True, slots=True)
class Unit:
    """One expected unit."""

    code: str
    name: str


@dataclass(slots=True)
class Roster:
    """Units by normalised code, in file order."""

    units: dict[str, Unit] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)  # codes listed twice (first one kept)
    unreadable: list[int] = field(default_factory=list)  # rows (1-based) with a name but no readable code

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def match(self, code: str | None) -> str | None:
        """The roster's code for a file's ``code``: the same text, or the same number (a code stored
        as the number 123 in the roster is the file's ``00123``)."""
        if code is None or code in self.units:
            return code
        key = _numeric_key(code)
        if key is None:
            return code
        found = [c for c in self.units if _numeric_key(c) == key]
        return found[0] if len(found) == 1 else code


def roster_row_text(number: int, lang: str) -> str:
    """Why a roster row was not used, in ``lang``."""
    return text("batch", "roster_row", lang, number=number)


def _numeric_key(code: str) -> str | None:
    return (code.lstrip("0") or "0") if code.isdigit() else None

    def __len__(self) -> int:
        return len(self.units)


def normalise_code(value: Any) -> str | None:
    """A unit code as text: spaces and full-width digits folded, ``101.0`` (a number cell) → ``101``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    text = text.translate({0xFF10 + i: 0x30 + i for i in range(10)})  # ０-９
    text = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text or None


def _rows_from_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    # Chinese Excel saves "CSV" as GBK unless told UTF-8: try UTF-8 (with or without BOM) first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise RosterError("roster_encoding", path)
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _rows_from_workbook(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in book.get_sheet_by_index(0).to_python()]
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise RosterError("roster_unreadable", path, detail=exc) from None


def load_roster(path: Path) -> Roster:
    """Read a roster. The first sheet (or the CSV) needs a header row with 单位编码 and 单位名称."""
    if not path.is_file():
        raise RosterError("roster_missing", path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        rows = _rows_from_csv(path)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        rows = _rows_from_workbook(path)
    else:
        raise RosterError("roster_type", path)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):  # noqa: B007 (index is used after the loop)
        header = [str(c).strip() if c is not None else "" for c in row]
        code_col = next((header.index(h) for h in CODE_HEADERS if h in header), None)
        name_col = next((header.index(h) for h in NAME_HEADERS if h in header), None)
        if code_col is not None and name_col is not None:
            break
    else:
        raise RosterError("roster_header", path, rows=HEADER_SCAN_ROWS)
    roster = Roster()
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        code = normalise_code(row[code_col] if code_col < len(row) else None)
        name = row[name_col] if name_col < len(row) else ""
        if code is None:
            if name not in (None, ""):  # a unit whose code cannot be read (a formula never calculated)
                roster.unreadable.append(number)
            continue  # blank line or a note under the table
        if code in roster.units:
            roster.duplicates.append(code)
            continue
        roster.units[code] = Unit(code, "" if name is None else str(name).strip())
    return roster


def infer_code(relpath: str, roster: Roster) -> str | None:
    """The roster code a file's path names, when exactly one does (for files we could not read)."""
    tokens = set(re.findall(r"[0-9A-Za-z]+", relpath))
    found = [code for code in roster.units if code in tokens]
    return found[0] if len(found) == 1 else None
