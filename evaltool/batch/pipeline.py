"""The batch run from start to end: discover, reuse or check, record, assemble, write the outputs."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Final

from evaltool.batch.assemble import BatchData, build_rows, exit_status
from evaltool.batch.discover import RESULT_SUFFIX, Inventory, Unusable, discover
from evaltool.batch.history import History, HistoryError, rules_version
from evaltool.batch.paths import UnsafePathError, clean_component, safe_join
from evaltool.batch.record import FileResult
from evaltool.batch.results import CSV_NAME, JSON_NAME, write_csv, write_json
from evaltool.batch.roster import Roster, RosterError, load_roster
from evaltool.batch.summary import SUMMARY_NAME, write_summary
from evaltool.batch.worker import Task
from evaltool.config import ConfigError, Settings, load_settings
from evaltool.exitcodes import ExitStatus
from evaltool.lang import Lang
from evaltool.names import display_name
from evaltool.report.output import MACRO_SUFFIXES, OutputError, atomic_write
from evaltool.result import FindingRecord
from evaltool.texts import text
from evaltool.version import __version__

HISTORY_NAME: Final = "history.sqlite"
logger = logging.getLogger(__name__)
SCRATCH_PREFIX: Final = ".evaltool-scratch-"


class BatchError(RuntimeError):
    """The run itself failed (bad inbox, config, roster, history or output folder): exit code 2.

    ``key`` names the text (the "batch" texts of evaltool/texts.py); ``str()`` is the English one,
    ``message(lang)`` what the user reads.
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        """What went wrong, in ``lang``."""
        return text("batch", self.key, lang, **self.params)


@dataclass(slots=True)
class BatchOptions:
    """What ``evaltool batch`` was asked to do."""

    inbox: Path
    out_dir: Path
    roster: Path | None = None
    jobs: int | None = None  # None: one worker process per CPU; 1: check in this process
    config: Path | None = None  # None: the defaults (an evaltool.toml in the inbox is never applied by itself)
    history: Path | None = None  # None: OUT/history.sqlite
    lang: Lang = "zh"
    timeout: float | None = None  # overrides settings.limits.timeout_seconds
    max_tasks_per_worker: int | None = None
    follow_outside_links: bool = False  # check linked files outside the inbox too


@dataclass(slots=True)
class BatchOutcome:
    """What a finished run produced."""

    exit_status: ExitStatus
    run_id: int
    summary: Path
    data: BatchData
    warnings: list[BatchError] = field(default_factory=list)  # things the user should know (in use, ...)


class Progress:
    """Progress reporting; the CLI subclasses it (a bar on a terminal, log lines otherwise)."""

    def start(self, total: int, reused: int) -> None:
        """``total`` files will be checked; ``reused`` were unchanged since an earlier run."""

    def advance(self, result: FileResult) -> None:
        """One file finished."""

    def finish(self) -> None:
        """All files finished."""


def cpu_count() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def _settings(options: BatchOptions) -> Settings:
    # Only the configuration the bureau names: an evaltool.toml dropped into the inbox is not applied.
    config = options.config
    try:
        settings = load_settings(config) if config is not None else Settings()
    except ConfigError as exc:
        raise BatchError("config", detail=exc) from None
    if options.timeout is not None:
        settings = replace(settings, limits=replace(settings.limits, timeout_seconds=options.timeout))
    return settings


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def annotated_names(relpaths: list[str]) -> dict[str, str]:
    """Each workbook's annotated copy, relative to OUT: same folders, ``<stem>_校验结果.xlsx``.

    A macro workbook's copy keeps its macros and so its ``.xlsm`` extension (Excel refuses
    a macro workbook named .xlsx). Names are compared as written to disk — after cleaning
    (``单位#1`` and ``单位?1`` both give ``单位_1``; composed and decomposed forms, a trailing dot)
    and case-folded (Windows folds case) — so two inputs never share a copy: the second keeps
    its extension in the name, then a number.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for rel in relpaths:
        pure = PurePosixPath(rel)
        ext = pure.suffix.lower() if pure.suffix.lower() in MACRO_SUFFIXES else ".xlsx"  # as `check` names it
        stem = RESULT_SUFFIX.removesuffix(".xlsx")
        folders = [clean_component(p) for p in pure.parent.parts if p != "."]

        def place(name: str, folders: list[str] = folders) -> str:
            return "/".join([*folders, clean_component(name)])

        base = pure.stem[:80]  # the added suffixes must survive clean_component's length limit
        candidate = place(f"{base}{stem}{ext}")
        if candidate.casefold() in taken:
            candidate = place(f"{base}_{pure.suffix.lstrip('.')}{stem}{ext}")
        n = 2
        while candidate.casefold() in taken:
            candidate = place(f"{base}_{n}{stem}{ext}")
            n += 1
        taken.add(candidate.casefold())
        out[rel] = candidate
    return out


def _file_sha(path: Path) -> str | None:
    try:
        return _sha256(path)[0]
    except OSError:
        return None


def _write_replacing(target: Path, write: Callable[[Path], None], warnings: list[BatchError]) -> Path:
    """Write atomically; if the target is locked (open in Excel on Windows), keep a side copy."""

    def side(locked: Path) -> Path:
        other = locked.with_name(f"{locked.stem}_{time.strftime('%Y%m%d-%H%M%S')}{locked.suffix}")
        warnings.append(BatchError("in_use", path=locked, side=other))
        return other

    try:
        return atomic_write(target, write, when_locked=side)
    except OutputError as exc:
        raise BatchError("outputs", detail=exc.message("en")) from None


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchOutcome:
    """Run the whole batch. Raises BatchError when the run itself cannot be done.

    Two runs on one output folder never overlap: the second fails at once (exit code 2).
    """
    from evaltool.batch.lock import LockedError, exclusive

    try:
        options.out_dir.mkdir(parents=True, exist_ok=True)
        with exclusive(options.out_dir):
            return _run_batch(options, progress)
    except LockedError:
        raise BatchError("locked", path=options.out_dir) from None
    except OSError as exc:
        raise BatchError("out_unusable", path=options.out_dir, detail=exc.strerror or exc) from None


@dataclass(slots=True)
class Timings:
    """Seconds per step of a run (results.json's ``run.timings``), each measured from the last."""

    started: float = field(default_factory=time.perf_counter)
    steps: dict[str, float] = field(default_factory=dict)
    mark: float = 0.0

    def lap(self, step: str) -> None:
        """The time since the previous lap (or the start) is ``step``'s."""
        now = time.perf_counter()
        self.steps[step] = now - (self.mark or self.started)
        self.mark = now

    @property
    def total(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started


@dataclass(slots=True)
class _Run:
    """What the steps of one run share: its inputs, its history row and the results so far."""

    options: BatchOptions
    settings: Settings
    roster: Roster | None
    history: History
    run_id: int
    fingerprint: str
    rules: str
    timings: Timings
    results: list[FileResult] = field(default_factory=list)
    warnings: list[BatchError] = field(default_factory=list)
    scratch: str = ""  # a folder for the snapshots of the files being checked (worker.process)

    def __post_init__(self) -> None:
        # OUT's disk, removed after the checks; those of a killed run (we hold OUT's lock) go now.
        out_dir = self.options.out_dir
        for stale in out_dir.glob(f"{SCRATCH_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.scratch = tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=out_dir)

    def done(self, result: FileResult, announce: Callable[[FileResult], None] | None = None) -> None:
        """Record a file's result (committed now: a crash later loses nothing) and keep it slim."""
        self.history.record(self.run_id, result)
        if announce is not None:
            announce(result)
        self.results.append(result.slim())  # the rest stays in the history: memory stays flat


def _run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchOutcome:
    timings = Timings()
    progress = progress or Progress()
    settings, roster = _inputs(options)
    history_path = options.history or options.out_dir / HISTORY_NAME
    companions = [history_path.with_name(history_path.name + end) for end in ("-wal", "-shm", "-journal")]
    ours = [options.out_dir, history_path, *companions, *([options.config] if options.config else [])]
    inventory = discover(options.inbox, exclude=ours, follow_outside=options.follow_outside_links)
    try:
        if options.history is None:  # OUT may sit inside the inbox: no link planted at our history's names
            for name in (history_path, *companions):
                if name.is_symlink():
                    raise HistoryError(f"{name}: is a link, not the history database; refused")
        history = History(history_path)
    except HistoryError as exc:
        raise BatchError("history", detail=exc) from None
    # The language is part of the fingerprint: the annotated copies are written in it.
    fingerprint, rules = f"{settings.fingerprint()};lang={options.lang}", rules_version()
    inbox, out_dir = options.inbox.resolve(), options.out_dir.resolve()
    try:
        run_id = history.start_run(__version__, fingerprint, rules, inbox, out_dir)
    except sqlite3.Error as exc:  # a damaged page, a full disk
        history.close()
        raise BatchError("history", detail=f"{history_path}: {exc}") from None
    run = _Run(options, settings, roster, history, run_id, fingerprint, rules, timings)
    if roster is not None:  # said in the log too, not only in 汇总.xlsx
        run.warnings += [BatchError("roster_row_in", path=options.roster, number=n) for n in roster.unreadable]
    try:
        tasks, reused = _plan(run, inventory)
        timings.lap("discover_hash_plan")
        checked = len(tasks)
        _check(run, tasks, reused, progress)
        del tasks  # the plan is done with: only the slim results stay
        timings.lap("check")
        data = _assemble(run, inventory.unusable, checked, reused)
        timings.lap("assemble")
        status, summary = _write(run, data)
        history.finish_run(run_id, int(status))
        return BatchOutcome(status, run_id, summary, data, run.warnings)
    except BaseException as exc:
        try:
            history.finish_run(run_id, int(ExitStatus.FAILURE), state="failed")
        except sqlite3.Error as again:  # the disk is full or the file damaged: the next run marks it failed
            logger.warning("%s: cannot mark run %d failed (%s)", history_path, run_id, again)
        if isinstance(exc, sqlite3.Error):
            raise BatchError("history", detail=f"{history_path}: {exc}") from None
        if isinstance(exc, OSError):
            raise BatchError("outputs", detail=exc) from None
        raise
    finally:
        with contextlib.suppress(sqlite3.Error):
            history.close()


def _inputs(options: BatchOptions) -> tuple[Settings, Roster | None]:
    """Check the folders; read the settings and the roster. Any problem is a BatchError."""
    inbox, out_dir = options.inbox, options.out_dir
    if not inbox.is_dir():
        raise BatchError("inbox_missing", path=inbox)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError("out_unusable", path=out_dir, detail=exc.strerror or exc) from None
    if not os.access(out_dir, os.W_OK):
        raise BatchError("out_not_writable", path=out_dir)
    settings = _settings(options)
    if options.roster is None:
        return settings, None
    try:
        return settings, load_roster(options.roster)
    except RosterError as exc:
        raise BatchError(exc.key, **exc.params) from None


def _plan(run: _Run, inventory: Inventory) -> tuple[list[Task], int]:
    """Hash every workbook; reuse what the history already checked; the rest become tasks (big first)."""
    from evaltool.batch.worker import failed

    inbox, out_dir = run.options.inbox, run.options.out_dir
    names = annotated_names(inventory.workbooks)
    tasks: list[Task] = []
    reused = 0
    for rel in inventory.workbooks:
        path = inventory.path(inbox, rel)
        try:
            sha, size = _sha256(path)
        except OSError as exc:
            reason = "permission" if isinstance(exc, PermissionError) else "not_found"
            run.done(failed(Task(str(path), rel, "", 0, None, None), reason))
            continue
        target: Path | None
        try:
            # Split on "/" only: a "\\" inside a name (an escaped byte, or a Linux name) is no folder.
            target = safe_join(out_dir, *(clean_component(p) for p in names[rel].split("/")))
            annotated_rel: str | None = target.relative_to(out_dir).as_posix()
        except UnsafePathError:
            target, annotated_rel = None, None
        old = run.history.reusable(sha, run.fingerprint, run.rules, rel)
        if old is not None and (
            old.status == "unreadable"
            or (
                old.annotated is not None
                and old.annotated == annotated_rel
                and old.annotated_sha256 == _file_sha(out_dir / old.annotated)
            )
        ):
            old.relpath, old.size, old.reused = rel, size, True
            run.done(old)
            reused += 1
            continue
        target_text = str(target) if target else None
        tasks.append(Task(str(path.resolve()), rel, sha, size, target_text, annotated_rel, run.scratch))
    tasks.sort(key=lambda t: -t.size)  # big files first: the last minutes are not one slow file
    return tasks, reused


def _check(run: _Run, tasks: list[Task], reused: int, progress: Progress) -> None:
    """Check the tasks in worker processes (or in this one for ``--jobs 1``), recording each result."""
    from evaltool.batch.run import MAX_TASKS_PER_WORKER, PoolError, run_tasks

    options = run.options
    progress.start(len(tasks), reused)

    def checked(result: FileResult) -> None:
        run.done(result, progress.advance)

    jobs = options.jobs if options.jobs is not None else cpu_count()
    per_worker = options.max_tasks_per_worker or MAX_TASKS_PER_WORKER
    try:
        run_tasks(tasks, run.settings, checked, max(1, jobs), options.lang, options.jobs == 1, per_worker)
    except PoolError as exc:
        raise BatchError("workers", detail=exc) from None
    finally:
        shutil.rmtree(run.scratch, ignore_errors=True)
    progress.finish()


def _assemble(run: _Run, unusable: list[Unusable], checked: int, reused: int) -> BatchData:
    """The rows of the summary (roster matched, changes since the previous run) and the run's data."""
    history, options = run.history, run.options
    previous = history.previous_run(run.run_id)
    before = [r.slim() for r in history.files_of_run(previous, findings=False)] if previous is not None else None

    def compared(result: FileResult) -> list[FindingRecord]:
        return history.slim_findings(result.history_id) if result.history_id is not None else result.findings

    info = history.run(run.run_id)
    data = BatchData(
        run_id=run.run_id,
        started=info.started if info else "",
        tool_version=__version__,
        inbox=display_name(str(options.inbox.resolve())),
        lang=options.lang,
        rows=build_rows(run.results, run.roster, before, compared),
        unusable=unusable,
        roster_file=str(options.roster) if options.roster else None,
        roster_duplicates=run.roster.duplicates if run.roster else [],
        roster_unreadable=run.roster.unreadable if run.roster else [],
        config_file=display_name(str(options.config.resolve())) if options.config else None,
        config=run.settings.fingerprint(),
        previous_run=previous,
        checked=checked,
        reused=reused,
        full_findings=lambda r: history.findings(r.history_id) if r.history_id is not None else r.findings,
        full_result=history.full,
    )
    data.timings = run.timings.steps
    return data


def _write(run: _Run, data: BatchData) -> tuple[ExitStatus, Path]:
    """汇总.xlsx, results.csv, results.json (each written atomically); the exit status and the summary's path."""
    out_dir, timings = run.options.out_dir, run.timings
    status = exit_status(data.rows)
    data.seconds = timings.total  # updated below; the summary shows the time up to its writing
    summary = _write_replacing(out_dir / SUMMARY_NAME, lambda p: write_summary(p, data, int(status)), run.warnings)
    timings.lap("summary")
    _write_replacing(out_dir / CSV_NAME, lambda p: write_csv(p, data), run.warnings)
    timings.lap("results")
    data.seconds = timings.total
    _write_replacing(
        out_dir / JSON_NAME, lambda p: write_json(p, data, out_dir, int(status), __version__), run.warnings
    )
    return status, summary
