"""The per-file work done in a worker process: check, annotate, and return a slim FileResult."""

from __future__ import annotations

import hashlib
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from evaltool.batch.record import FileResult
from evaltool.config import Settings
from evaltool.errors import reason_text
from evaltool.lang import LANGS, Lang
from evaltool.result import FindingRecord, Status, record

if TYPE_CHECKING:
    from evaltool.result import Report


@dataclass(frozen=True, slots=True)
class Task:
    """One file to check. Paths are strings so the task pickles small."""

    path: str  # absolute path of the workbook
    relpath: str  # relative to the inbox (POSIX-style)
    sha256: str
    size: int
    annotated_path: str | None  # where to write the annotated copy (absolute)
    annotated_rel: str | None  # the same, relative to the output folder (POSIX-style)
    scratch: str | None = None  # a private folder for the snapshot of the file (removed after the run)


class Job(Protocol):
    """Work other than a batch file run by the same pool (the server's checks): it does itself.

    ``relpath`` names it (tests' hooks go by it); ``failed`` is its result when the time limit or a
    dying worker cut it off. Both must pickle (the worker process runs ``run``).
    """

    @property
    def relpath(self) -> str: ...

    def run(self) -> Any:
        """Do the work in a worker process; the return value goes back to the caller."""

    def failed(self, reason: str, detail: str = "") -> Any:
        """The result when the work never finished (``reason``: a key of errors.REASONS)."""


_settings: Settings | None = None
_lang: Lang = "zh"


def settings() -> Settings:
    """The settings this worker was started with."""
    return _settings or Settings()


def run_job(job: Job) -> Any:
    """Run a job in this worker (the warm pool's per-item function, as ``process`` is the batch's)."""
    return job.run()


def failure(task: Task | Job, reason: str, detail: str = "") -> Any:
    """The result of a work item cut off by the time limit or a dying worker."""
    return failed(task, reason, detail) if isinstance(task, Task) else task.failed(reason, detail)


def init(settings: Settings, lang: Lang = "zh") -> None:
    """Import the heavy modules once per worker, so per-file work is only the file's own."""
    global _settings, _lang
    _settings, _lang = settings, lang
    import evaltool.api
    import evaltool.checks.engine
    from evaltool.checks.registry import load_all

    load_all()
    for name in ("evaltool.reading.workbook", "evaltool.checks.schemas", "evaltool.report.annotate", "openpyxl"):
        with suppress(ImportError):  # a piece not landed yet: imported on first use instead
            __import__(name)
    del evaltool
    _warm_up(settings, lang)


def _warm_up(settings: Settings, lang: Lang) -> None:
    """Check and annotate a generated workbook once: the first call of pandera and friends costs
    ~1 s more than the next ones, and that must not count against the first real file's time limit."""
    import tempfile

    from evaltool.api import check

    try:
        from evaltool.template import seed_data, write_workbook

        with tempfile.TemporaryDirectory(prefix="evaltool-warm-") as folder:
            sample = Path(folder) / "warm-up.xlsx"
            write_workbook(sample, seed_data())
            report = check(sample, settings)
            if report.error is None:
                annotate_copy(report, Path(folder) / "warm-up_out.xlsx", lang)
    except Exception:  # only an optimisation: the real files will show any real problem
        return


def annotate_copy(report: Report, destination: Path, lang: Lang) -> None:
    """Write the annotated copy of a checked workbook (a short proof when it passed)."""
    from evaltool.report.annotate import write_copy

    destination.parent.mkdir(parents=True, exist_ok=True)
    write_copy(report, destination, lang, settings=_settings)


def _findings(report: Report) -> list[FindingRecord]:
    from evaltool.checks.registry import load_all
    from evaltool.report.explained import explanations_of

    catalogue = load_all()
    return [
        record(f, entry.name if (entry := catalogue.get(f.code)) else "", explanation)
        for f, explanation in zip(report.findings, explanations_of(report), strict=True)
    ]


def _plain(value: Any) -> Any:
    from evaltool.result import finite

    # Figures must pickle small and serialise to JSON/SQLite: dates and decimals become text.
    if value is None or isinstance(value, bool | int | float | str):
        return finite(value)  # JSON has no infinity: never a figure
    return str(value)


def process(task: Task) -> FileResult:
    """Check one workbook and write its annotated copy. Never raises for a bad file."""
    from evaltool.api import check

    started = time.perf_counter()
    settings = _settings or Settings()
    with tempfile.TemporaryDirectory(prefix="snap-", dir=task.scratch) as folder:
        snapshot = _snapshot(task.path, Path(folder), settings.limits.max_file_mb << 20)
        source, sha256, size = snapshot or (Path(task.path), task.sha256, task.size)
        try:
            report = check(source, settings)
        except Exception as exc:  # check() should not raise for a bad file; a defect must not stop the batch
            return failed(replace(task, sha256=sha256, size=size), "internal", f"{type(exc).__name__}: {exc}")
        return _result(task, report, sha256, size, started)


def _snapshot(source: str, folder: Path, limit: int) -> tuple[Path, str, int] | None:
    """A private copy of the file and the SHA-256 of exactly the bytes copied: the findings are
    stored under the hash of what was checked, even if the file is replaced meanwhile.

    None (check the file itself, which gives the reason) when it cannot be read or is over ``limit``.
    """
    digest = hashlib.sha256()
    target = folder / Path(source).name
    try:
        with open(source, "rb") as src, open(target, "xb") as dst:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                dst.write(chunk)
                if dst.tell() > limit:
                    return None
            size = dst.tell()
    except OSError:
        return None
    return target, digest.hexdigest(), size


def _result(task: Task, report: Report, sha256: str, size: int, started: float) -> FileResult:
    result = FileResult(
        relpath=task.relpath,
        sha256=sha256,
        size=size,
        status=report.status,
        unit_code=report.unit_code,
        unit_name=report.unit_name,
        counts=report.counts,
        figures={k: _plain(v) for k, v in report.figures.items()},
    )
    if report.error is not None:
        reason, detail = report.error.reason, report.error.detail
        result.error_reason = reason
        result.error_zh, result.error_en = (reason_text(reason, detail, lang) for lang in LANGS)
    else:
        result.findings = _findings(report)
        result.explained = sum(1 for f in result.findings if f.severity == "warning" and f.explanation.strip())
        if task.annotated_path is not None:
            destination = Path(task.annotated_path)
            try:
                annotate_copy(report, destination, _lang)
                result.copy_writer, result.copy_fallback = report.copy_writer, report.copy_fallback
                result.annotated = task.annotated_rel
                result.annotated_sha256 = hashlib.sha256(destination.read_bytes()).hexdigest()
            except Exception as exc:  # the findings still count without the copy
                result.annotate_error = f"{type(exc).__name__}: {exc}"
    report.submission = None  # the frames stay in this process
    result.seconds = time.perf_counter() - started
    return result


def failed(task: Task, reason: str, detail: str = "") -> FileResult:
    """The result for a file whose check never finished (time limit, crashed worker)."""
    return FileResult(
        relpath=task.relpath,
        sha256=task.sha256,
        size=task.size,
        status=Status.UNREADABLE,
        error_reason=reason,
        error_zh=reason_text(reason, detail, "zh"),
        error_en=reason_text(reason, detail, "en"),
    )
