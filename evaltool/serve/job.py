"""A server check as the batch's warm workers run it: check, write the copy, send back the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evaltool.lang import Lang

if TYPE_CHECKING:
    from evaltool.result import Report


@dataclass(slots=True)
class Outcome:
    """What comes back from a worker. The reading error travels as its reason and detail (an
    exception with a path does not pickle back whole), the copy's problem as one line."""

    report: Report | None  # None when the check never finished (time limit, dying worker)
    reason: str | None = None
    detail: str = ""
    copy_error: str | None = None


@dataclass(frozen=True, slots=True)
class CheckJob:
    """One uploaded file: ``path`` is its stored copy under its sanitised name, ``copy`` where the
    annotated copy goes (both inside the server's own work folder)."""

    path: str
    copy: str
    lang: Lang = "zh"

    @property
    def relpath(self) -> str:
        """The file's name (for the pool's test hooks)."""
        return Path(self.path).name

    def run(self) -> Outcome:
        """Check and annotate in this worker, with its settings; the tables stay here."""
        from evaltool.api import check_and_copy
        from evaltool.batch import worker

        report, copy_error = check_and_copy(Path(self.path), worker.settings(), self.lang, lambda: Path(self.copy))
        report.submission = None
        error, report.error = report.error, None
        if error is not None:
            return Outcome(report, error.reason, error.detail)
        return Outcome(report, copy_error=copy_error)

    def failed(self, reason: str, detail: str = "") -> Outcome:
        """The outcome when the time limit or a dying worker cut the check off."""
        return Outcome(None, reason, detail)
