"""A finding is data: rule code, severity, the cells involved and the figures behind it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """How bad a finding is; higher is worse (so ``max`` gives a cell's worst)."""

    INFO = 1
    WARNING = 2  # 需说明: allowed with a written explanation
    ERROR = 3  # 必须修改: must be fixed before submission

    @property
    def label(self) -> str:
        """The lower-case English name used in config files and JSON."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``"error"`` / ``"warning"`` / ``"info"`` (any case) to a Severity."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


@dataclass(frozen=True, slots=True, order=True)
class CellRef:
    """A cell: sheet name and A1 address (``D15``)."""

    sheet: str
    ref: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref}"

    @property
    def row(self) -> int:
        """The 1-based row number."""
        return int("".join(ch for ch in self.ref if ch.isdigit()) or 0)

    @property
    def col(self) -> int:
        """The 1-based column number."""
        n = 0
        for ch in self.ref:
            if ch.isalpha():
                n = n * 26 + (ord(ch.upper()) - 64)
        return n


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found. Text is rendered later from the rule's templates and ``params``.

    ``cells`` are the cells at fault, ``cells[0]`` where the problem is shown; the others are
    cells that may equally be wrong (a total and its items, say: a rule cannot know which).
    ``related`` are cells the finding was computed from and that are not at fault (the budget
    and spent figures behind a wrong execution score): shown as "另见", never its location.
    ``params`` holds the figures behind it: reported, computed, allowed difference, names.
    Values are plain JSON types.
    """

    code: str
    severity: Severity
    cells: tuple[CellRef, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    related: tuple[CellRef, ...] = ()

    @property
    def sheet(self) -> str | None:
        """The sheet of the primary cell."""
        return self.cells[0].sheet if self.cells else None

    def sort_key(self, sheet_order: Mapping[str, int]) -> tuple[Any, ...]:
        """Sheet order, row, column, code: outputs diff cleanly."""
        if not self.cells:
            return (-1, 0, 0, self.code)
        c = self.cells[0]
        return (sheet_order.get(c.sheet, len(sheet_order)), c.row, c.col, self.code)


def sort_findings(findings: Iterable[Finding], sheet_names: Iterable[str]) -> list[Finding]:
    """Findings in a deterministic order: by sheet (workbook order), row, column, code."""
    order = {name: i for i, name in enumerate(sheet_names)}
    return sorted(findings, key=lambda f: (*f.sort_key(order), sorted(map(str, f.params))))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by severity label, every severity present (zeros included)."""
    out = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        out[f.severity.label] += 1
    return out
