"""The public API: read a workbook, check it, and the Report that comes back (``evaltool.result``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaltool.config import Settings
from evaltool.errors import UnreadableError
from evaltool.lang import Lang
from evaltool.model import Submission
from evaltool.result import Report, Status


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
    report.findings, report.figures = run_checks(submission, settings)
    report.seconds = time.perf_counter() - started
    return report


def check_and_copy(
    path: Path, settings: Settings | None, lang: Lang, copy_to: Callable[[], Path] | None
) -> tuple[Report, str | None]:
    """Check ``path`` and, when it was read and ``copy_to`` is given, write its copy to ``copy_to()``.

    What `evaltool check` and the server do per file. Never raises: any problem becomes the
    report's error (the file) or the returned one-line copy error (the copy) — a bad
    ``evaltool.toml`` beside the file, a defect of ours, a folder we cannot write.
    """
    from evaltool.config import ConfigError
    from evaltool.report.output import OutputError

    try:
        report = check(path, settings)
    except ConfigError as exc:  # a bad evaltool.toml beside this workbook
        return Report(path=path, error=UnreadableError(path, "config", str(exc))), None
    except Exception as exc:  # a defect of ours must not stop the other files
        return Report(path=path, error=UnreadableError(path, "internal", f"{type(exc).__name__}: {exc}")), None
    if copy_to is None or report.error is not None:
        return report, None
    from evaltool.config import settings_for
    from evaltool.report.annotate import write_copy

    target = copy_to()
    try:
        used = settings if settings is not None else settings_for(path)  # what check() ran with
        report.annotated = write_copy(report, target, lang, settings=used)
    except OutputError as exc:
        return report, exc.message(lang)
    except Exception as exc:
        return report, f"{target}: {type(exc).__name__}: {exc}"
    return report, None


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


__all__ = ["Report", "Status", "check", "read"]
