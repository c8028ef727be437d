"""One file checked and its copy written, never raising: what `evaltool check` and the server both do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from evaltool.lang import Lang

if TYPE_CHECKING:
    from evaltool.config import Settings
    from evaltool.result import Report


def check_and_copy(
    path: Path, settings: Settings | None, lang: Lang, copy_to: Callable[[], Path] | None
) -> tuple[Report, str | None]:
    """Check ``path`` and, when it was read and ``copy_to`` is given, write its copy to ``copy_to()``.

    Any problem becomes the report's error (the file) or the returned one-line copy error (the
    copy): a bad ``evaltool.toml`` beside the file, a defect of ours, a folder we cannot write.
    """
    from evaltool.api import check
    from evaltool.config import ConfigError
    from evaltool.errors import UnreadableError
    from evaltool.report.output import OutputError
    from evaltool.result import Report

    try:
        report = check(path, settings)
    except ConfigError as exc:  # a bad evaltool.toml beside this workbook
        return Report(path=path, error=UnreadableError(path, "config", str(exc))), None
    except Exception as exc:  # a defect of ours must not stop the other files
        return Report(path=path, error=UnreadableError(path, "internal", f"{type(exc).__name__}: {exc}")), None
    if copy_to is None or report.error is not None:
        return report, None
    from evaltool.report.annotate import write_copy

    target = copy_to()
    try:
        report.annotated = write_copy(report, target, lang)
    except OutputError as exc:
        return report, exc.message(lang)
    except Exception as exc:
        return report, f"{target}: {type(exc).__name__}: {exc}"
    return report, None
