"""Runs the engine steps: key figures, schemas, every enabled rule; a step that breaks is a finding."""

from __future__ import annotations

import traceback
from typing import Any

from evaltool.catalogue import ERROR, Hit
from evaltool.checks.context import Context
from evaltool.checks.registry import INTERNAL, load_all
from evaltool.config import Settings
from evaltool.findings import Finding, sort_findings
from evaltool.model import Submission


def _finding(code: str, hit: Hit, settings: Settings) -> Finding | None:
    rule = load_all()[code]
    if not settings.enabled(code):
        return None
    return Finding(code, settings.severity_of(code, rule.severity), hit.cells, hit.params, hit.related)


def _internal(name: str, exc: BaseException) -> Finding:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" @ {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    params: dict[str, Any] = {"rule": name, "error": f"{type(exc).__name__}: {exc}{where}"}
    return Finding(INTERNAL, ERROR, (), params)


def run_checks(submission: Submission, settings: Settings) -> tuple[list[Finding], dict[str, Any]]:
    """All findings for a submission (reader's included), sorted, and the key figures."""
    catalogue = load_all()
    ctx = Context(submission, settings)
    findings: list[Finding] = []
    for f in submission.findings:
        if settings.enabled(f.code):
            findings.append(Finding(f.code, settings.severity_of(f.code, f.severity), f.cells, f.params, f.related))

    from evaltool.checks import figures as key_figures
    from evaltool.checks import schemas

    try:
        figures = key_figures.compute(ctx)
    except Exception as exc:
        findings.append(_internal("figures", exc))
        figures = {}
    try:
        for code, hit in schemas.validate(ctx):
            made = _finding(code, hit, settings)
            if made:
                findings.append(made)
    except Exception as exc:
        findings.append(_internal("schemas", exc))

    for code, entry in catalogue.items():
        if entry.func is None or not settings.enabled(code):
            continue
        try:
            hits = list(entry.func(ctx))
        except Exception as exc:
            findings.append(_internal(code, exc))
            continue
        for hit in hits:
            made = _finding(code, hit, settings)
            if made:
                findings.append(made)
    names = submission.sheet_order or []
    return sort_findings(findings, names), figures
