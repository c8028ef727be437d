"""The slim, picklable result of checking one file: what crosses processes and what history stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from evaltool.lang import Lang
from evaltool.result import FindingRecord, Status

NO_PARAMS: Final[dict[str, Any]] = {}  # shared by slim findings; never changed
_TRIPLES: dict[tuple[str, str, str], tuple[str, str, str]] = {}  # one object per distinct triple


def _triple(code: str, severity: str, name: str) -> tuple[str, str, str]:
    key = (code, severity, name)
    return _TRIPLES.setdefault(key, key)


@dataclass(slots=True)
class FileResult:
    """One checked (or reused, or failed) workbook."""

    relpath: str  # POSIX-style, relative to the inbox
    sha256: str
    size: int
    status: Status
    unit_code: str | None = None
    unit_name: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    figures: dict[str, Any] = field(default_factory=dict)
    findings: list[FindingRecord] = field(default_factory=list)
    error_reason: str | None = None  # evaltool.errors.REASONS key
    error_zh: str | None = None  # the reason as a sentence, without the path
    error_en: str | None = None
    annotated: str | None = None  # the annotated copy, POSIX-style, relative to the output folder
    annotated_sha256: str | None = None
    annotate_error: str | None = None  # why no annotated copy was written, when it failed
    copy_writer: str | None = None  # what made this run's copy: splice, openpyxl or proof (kept when slim)
    copy_fallback: str | None = None  # why the splicer left the copy to openpyxl (kept when slim)
    explained: int = 0  # warnings the unit explained (情况说明 in the copy it sent back)
    seconds: float = 0.0
    checked_run: int | None = None  # the run whose check produced these findings (history)
    reused: bool = False  # True when taken from history instead of being checked again
    history_id: int | None = None  # its row in the history's ``files`` table, once recorded
    tally: tuple[tuple[str, str, str], ...] = ()  # (code, severity, name) per finding, once slim
    slimmed: bool = False  # True once ``slim`` dropped what the history keeps

    def slim(self) -> FileResult:
        """Keep only what assembling the run needs; the history has the rest (memory stays flat).

        Kept: path, hash, unit, status, counts, and one shared (code, severity, rule name)
        triple per finding — what matching the roster, the exit code, the rule counts and the
        unit × rule matrix need. Dropped: the findings themselves, the figures, the copy's
        name and hash, the error texts; the outputs read them back from the history row by
        row (``history.full``), and the changes since the last run compare findings read
        from it file by file.
        """
        if self.history_id is None:
            return self  # not recorded: nothing to read back from
        if self.findings:
            self.tally = tuple(_triple(f.code, f.severity, f.name) for f in self.findings)
            self.findings = []
        self.figures = {}
        self.error_zh = self.error_en = self.annotate_error = None
        self.annotated = self.annotated_sha256 = None
        self.slimmed = True
        return self

    def codes(self) -> tuple[tuple[str, str, str], ...]:
        """(code, severity, rule name) of each finding, slim or not."""
        return self.tally or tuple((f.code, f.severity, f.name) for f in self.findings)

    def error(self, lang: Lang) -> str | None:
        """Why the file could not be read, in ``lang``."""
        return self.error_en if lang == "en" else self.error_zh
