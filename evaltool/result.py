"""The result of checking one file and its one JSON shape (core: used by api, report and batch).

``Report`` is what ``evaltool.check()`` returns; ``FindingRecord`` is a finding with its text
rendered in both languages (what crosses processes in a batch and what the history stores).
``file_json`` is the one serializer of a file's result: ``Report.to_dict`` and the batch's
results.json both call it, so the two shapes cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from evaltool.errors import UnreadableError
from evaltool.exitcodes import ExitStatus
from evaltool.findings import Finding, Severity, counts
from evaltool.lang import Lang
from evaltool.messages import hint, message
from evaltool.model import Submission
from evaltool.names import display_name


class Status(StrEnum):
    """A file's outcome (its value is the JSON / CSV / history spelling)."""

    PASSED = "passed"  # no error or warning (info allowed)
    WARNINGS = "warnings"
    ERRORS = "errors"
    UNREADABLE = "unreadable"


@dataclass(slots=True)
class FindingRecord:
    """A finding as data plus its text in both languages (so no process needs the catalogue to show it)."""

    code: str
    severity: str  # error / warning / info
    sheet: str | None
    cells: list[str]  # refs on ``sheet``, then "Sheet!A1" for other sheets (see ``cell_list``)
    params: dict[str, Any]
    name: str = ""  # the rule's kebab-case name
    message_zh: str = ""
    message_en: str = ""
    hint_zh: str = ""
    hint_en: str = ""
    explanation: str = ""  # the unit's 情况说明 for it (written in the copy it sent back)

    def message(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message_zh

    def hint(self, lang: Lang) -> str:
        """The fix hint in ``lang``."""
        return self.hint_en if lang == "en" else self.hint_zh

    @property
    def cell(self) -> str:
        """The primary cell ("" when the finding is about the whole workbook)."""
        return self.cells[0] if self.cells else ""

    def key(self) -> tuple[str, str | None, tuple[str, ...]]:
        """Identity across runs: the same rule at the same cells (the figures may move)."""
        return (self.code, self.sheet, tuple(self.cells))


def cell_list(finding: Finding) -> list[str]:
    """A finding's cells as JSON shows them: refs on its own sheet first, then ``Sheet!A1`` for others."""
    return [c.ref for c in finding.cells if c.sheet == finding.sheet] + [
        str(c) for c in finding.cells if c.sheet != finding.sheet
    ]


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float (nested in dicts, lists, tuples) as None: JSON has neither.

    >>> finite({"a": [1.5, float("inf")], "b": float("nan")})
    {'a': [1.5, None], 'b': None}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def record(finding: Finding, name: str = "", explanation: str = "") -> FindingRecord:
    """A finding with its message and hint rendered in both languages (and the unit's 情况说明)."""
    return FindingRecord(
        code=finding.code,
        severity=finding.severity.label,
        sheet=finding.sheet,
        cells=cell_list(finding),
        params=finite(dict(finding.params)),
        name=name,
        message_zh=message(finding, "zh"),
        message_en=message(finding, "en"),
        hint_zh=hint(finding, "zh"),
        hint_en=hint(finding, "en"),
        explanation=explanation,
    )


def finding_json(finding: Finding | FindingRecord, lang: Lang) -> dict[str, Any]:
    """One finding in the JSON shape (documented in docs/cli.md); a Finding is rendered here."""
    if isinstance(finding, Finding):
        severity, cells = finding.severity.label, cell_list(finding)
        text, fix = message(finding, lang), hint(finding, lang)
    else:
        severity, cells = finding.severity, list(finding.cells)
        text, fix = finding.message(lang), finding.hint(lang)
    out: dict[str, Any] = {
        "code": finding.code,
        "severity": severity,
        "sheet": finding.sheet,
        "cells": cells,
        "message": text,
        "hint": fix,
        "figures": dict(finding.params),
    }
    if isinstance(finding, FindingRecord):  # a batch result: the unit's 情况说明, when it wrote one
        out["explanation"] = finding.explanation or None
    return out


def file_json(
    *,
    path: Path | str,
    status: Status | str,
    unit_code: str | None,
    unit_name: str | None,
    annotated: Path | str | None,
    copy_writer: str | None = None,
    copy_fallback: str | None = None,
    error: str | None,
    error_reason: str | None,
    counts: Mapping[str, int],
    figures: Mapping[str, Any],
    findings: Iterable[Finding | FindingRecord],
    lang: Lang,
) -> dict[str, Any]:
    """One file's result in the stable JSON shape; ``error`` is the one-line ``<path>: <reason>``."""
    return {
        "path": display_name(str(path)),
        "status": str(status),
        "unit_code": unit_code,
        "unit_name": unit_name,
        "annotated": display_name(str(annotated)) if annotated else None,
        "copy_writer": copy_writer,
        "copy_fallback": copy_fallback,
        "error": error,
        "error_reason": error_reason,
        "counts": dict(counts),
        "figures": finite(dict(figures)),
        "findings": [finding_json(f, lang) for f in findings],
    }


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
    copy_writer: str | None = None  # what made it: splice, openpyxl or proof
    copy_fallback: str | None = None  # why the splicer left it to openpyxl, when it did

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

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The stable JSON shape (documented in the README)."""
        return file_json(
            path=self.path,
            status=self.status,
            unit_code=self.unit_code,
            unit_name=self.unit_name,
            annotated=self.annotated,
            copy_writer=self.copy_writer,
            copy_fallback=self.copy_fallback,
            error=self.error.message(lang) if self.error else None,
            error_reason=self.error.reason if self.error else None,
            counts=self.counts,
            figures=self.figures,
            findings=self.findings,
            lang=lang,
        )
