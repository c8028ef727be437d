"""The public API: read a workbook, check it, and the Report that comes back."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from evaltool import __version__
from evaltool.config import Settings
from evaltool.exitcodes import ExitStatus
from evaltool.findings import Finding, Severity, counts
from evaltool.model import Submission
from evaltool.names import display_name
from evaltool.reading.errors import UnreadableError


class Status(StrEnum):
    """A file's outcome; the Chinese label is what the summary workbook shows."""

    PASSED = "passed"  # no error or warning (info allowed)
    WARNINGS = "warnings"
    ERRORS = "errors"
    UNREADABLE = "unreadable"

    @property
    def zh(self) -> str:
        """通过 / 有警告 / 有错误 / 无法读取."""
        from evaltool.report.render import status_text

        return status_text(self.value, "zh")


@dataclass(slots=True)
class Report:
    """The result of checking one file."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    unit_code: str | None = None
    unit_name: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    error: UnreadableError | None = None  # set when the file could not be read
    sheet_order: list[str] = field(default_factory=list)
    submission: Submission | None = None  # what was read (not serialised)
    seconds: float = 0.0
    annotated: Path | None = None  # the annotated copy, once written

    @property
    def status(self) -> Status:
        """passed / warnings / errors / unreadable."""
        if self.error is not None:
            return Status.UNREADABLE
        worst = max((f.severity for f in self.findings), default=Severity.INFO)
        if worst is Severity.ERROR:
            return Status.ERRORS
        if worst is Severity.WARNING:
            return Status.WARNINGS
        return Status.PASSED

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity label (error, warning, info)."""
        return counts(self.findings)

    @property
    def exit_status(self) -> ExitStatus:
        """2 unreadable, 1 any error finding, else 0."""
        if self.error is not None:
            return ExitStatus.FAILURE
        return ExitStatus.FINDINGS if self.status is Status.ERRORS else ExitStatus.OK

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape (documented in the README)."""
        from evaltool.report.render import hint, message

        return {
            "path": display_name(str(self.path)),
            "status": self.status.value,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "annotated": str(self.annotated) if self.annotated else None,
            "error": self.error.message(lang) if self.error else None,
            "error_reason": self.error.reason if self.error else None,
            "counts": self.counts,
            "figures": self.figures,
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.label,
                    "sheet": f.sheet,
                    "cells": [c.ref for c in f.cells if c.sheet == f.sheet]
                    + [str(c) for c in f.cells if c.sheet != f.sheet],
                    "message": message(f, lang),
                    "hint": hint(f, lang),
                    "figures": dict(f.params),
                }
                for f in self.findings
            ],
        }


def read(path: str | Path, settings: Settings | None = None) -> Submission:
    """Read a workbook into typed tables. Raises UnreadableError for a file that is not one."""
    from evaltool.reading.workbook import read_workbook

    return read_workbook(Path(path), (settings or Settings()).limits)


def check(path: str | Path, config: str | Path | Settings | None = None) -> Report:
    """Read and check one workbook. Never raises for a bad file: see ``Report.error``.

    ``config`` is a Settings object, a path to an ``evaltool.toml``, or None (then an
    ``evaltool.toml`` beside the workbook is used when there is one). A bad config file
    raises ``ConfigError`` — that is the caller's mistake, not the submission's.
    """
    from evaltool.checks.engine import run_checks
    from evaltool.config import settings_for

    started = time.perf_counter()
    path = Path(path)
    if isinstance(config, Settings):
        settings = config
    else:
        settings = settings_for(path, Path(config) if config is not None else None)
    report = Report(path=path)
    try:
        submission = read(path, settings)
    except UnreadableError as exc:
        report.error = exc
        report.seconds = time.perf_counter() - started
        return report
    report.submission = submission
    report.sheet_order = submission.sheet_order
    report.unit_code = _text(submission.value("unit_code"))
    report.unit_name = _text(submission.value("unit_name"))
    report.findings, figures = run_checks(submission, settings)
    report.figures = {"money_unit": submission.value("money_unit"), **figures}
    report.figures.setdefault("self_score", submission.value("self_score"))
    report.seconds = time.perf_counter() - started
    return report


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


__all__ = ["Report", "Status", "__version__", "check", "read"]
