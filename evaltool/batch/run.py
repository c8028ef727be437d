"""Runs the per-file checks in worker processes with a time limit per file.

Why not ``concurrent.futures``: a pool there cannot kill one stuck worker, so a single hung
file would hang the whole run. Here each worker has its own pipe; the main process waits on
all of them with a deadline, kills a worker whose file overruns, records the file as timed
out and starts a fresh worker. Workers import the heavy libraries once (before they report
ready, so start-up never counts against a file's time limit) and are replaced after a fixed
number of files, or when their memory grows, which keeps memory flat over a long batch.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Final

from evaltool.batch import worker
from evaltool.batch.record import FileResult
from evaltool.batch.worker import Task
from evaltool.config import Settings
from evaltool.lang import Lang

STARTUP_SECONDS: Final = 120.0  # a worker that cannot import the libraries in this time is broken
STARTUP_ATTEMPTS: Final = 3  # workers dying while starting this many times in a row: the run fails
MAX_TASKS_PER_WORKER: Final = 500  # replace a worker after this many files
MEMORY_GROWTH_MB: Final = 100.0  # ... or when its peak memory grew this much beyond its start

Process = Callable[[Task], FileResult]  # checks one file: worker.process
OnResult = Callable[[FileResult], None]


class PoolError(RuntimeError):
    """The workers cannot run at all (e.g. the libraries fail to import): the run itself failed."""


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: no getrusage; memory recycling then relies on the task count
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _worker_main(conn: Connection, settings: Settings, lang: Lang, process: Process) -> None:
    """A worker's life: import once, then check files until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        worker.init(settings, lang)
    except BaseException as exc:
        conn.send(("init_failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", _peak_rss_mb()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        try:
            result = process(task)
        except BaseException as exc:
            result = worker.failed(task, "internal", f"{type(exc).__name__}: {exc}")
        conn.send(("done", result, _peak_rss_mb()))
    conn.close()
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter teardown (~0.1 s with pandas loaded)


@dataclass(slots=True)
class _Slot:
    proc: BaseProcess
    conn: Connection
    born: float
    ready: bool = False
    base_rss: float = 0.0
    task: Task | None = None
    deadline: float = math.inf
    done: int = 0


class _Pool:
    def __init__(
        self, jobs: int, settings: Settings, lang: Lang, timeout: float, max_tasks: int, process: Process
    ) -> None:
        self.ctx = multiprocessing.get_context("spawn")  # same behaviour on Linux and Windows
        self.process = process
        self.jobs = jobs
        self.settings = settings
        self.lang = lang
        self.timeout = timeout
        self.max_tasks = max_tasks
        self.slots: list[_Slot] = []
        self.pending: deque[Task] = deque()
        self.start_failures = 0

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, args=(child, self.settings, self.lang, self.process), daemon=True)
        proc.start()
        child.close()  # so the parent sees EOF when the worker dies
        return _Slot(proc, parent, time.monotonic())

    def _stop(self, slot: _Slot, kill: bool) -> None:
        if kill:
            slot.proc.kill()
        else:
            with suppress(OSError):
                slot.conn.send(None)
        slot.proc.join(5)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join(5)
        slot.conn.close()

    def _replace(self, slot: _Slot, kill: bool) -> None:
        """Stop a worker; start a fresh one only while files are still waiting."""
        self._stop(slot, kill)
        if self.pending:
            self.slots[self.slots.index(slot)] = self._start()
        else:
            self.slots.remove(slot)

    def run(self, tasks: Sequence[Task], on_result: OnResult) -> None:
        self.pending = pending = deque(tasks)
        self.slots = [self._start() for _ in range(max(1, min(self.jobs, len(pending))))]
        try:
            while pending or any(s.task is not None for s in self.slots):
                for slot in self.slots:
                    if slot.ready and slot.task is None and pending:
                        slot.task = pending.popleft()
                        slot.deadline = time.monotonic() + self.timeout
                        slot.conn.send(slot.task)
                self._wait(on_result)
        finally:
            for slot in self.slots:
                self._stop(slot, kill=slot.task is not None or not slot.ready)
            self.slots = []

    def _wait(self, on_result: OnResult) -> None:
        now = time.monotonic()
        limits = [s.deadline if s.ready else s.born + STARTUP_SECONDS for s in self.slots]
        timeout = max(0.0, min(limits) - now) if limits else None
        for conn in wait([s.conn for s in self.slots], timeout=None if timeout == math.inf else timeout):
            slot = next(s for s in self.slots if s.conn is conn)
            try:
                message: tuple[Any, ...] = slot.conn.recv()
            except (EOFError, OSError):
                self._died(slot, on_result)
                continue
            kind = message[0]
            if kind == "ready":
                slot.ready, slot.base_rss = True, float(message[1])
                self.start_failures = 0
            elif kind == "init_failed":
                raise PoolError(f"a worker process could not start: {message[1]}")
            elif kind == "done":
                slot.task, slot.deadline = None, math.inf
                slot.done += 1
                on_result(message[1])
                grown = slot.base_rss and float(message[2]) > slot.base_rss + MEMORY_GROWTH_MB
                if self.pending and (slot.done >= self.max_tasks or grown):  # no fresh worker for no work
                    self._replace(slot, kill=False)
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.task is not None and now > slot.deadline:
                task = slot.task
                slot.task = None
                self._replace(slot, kill=True)
                on_result(worker.failed(task, "timeout", f"> {self.timeout:g} s"))
            elif not slot.ready and now > slot.born + STARTUP_SECONDS:
                raise PoolError(f"a worker process did not start within {STARTUP_SECONDS:g} s")

    def _died(self, slot: _Slot, on_result: OnResult) -> None:
        slot.proc.join(5)
        code = slot.proc.exitcode
        if not slot.ready:
            self.start_failures += 1
            if self.start_failures >= STARTUP_ATTEMPTS:
                raise PoolError(f"worker processes keep exiting while starting (exit code {code})")
            self.slots[self.slots.index(slot)] = self._start()
            return
        task = slot.task
        slot.task = None
        self._replace(slot, kill=True)
        if task is not None:
            on_result(worker.failed(task, "internal", f"worker process exited with code {code}"))


class _TimeLimit(BaseException):
    """Raised by SIGALRM; a BaseException so no ``except Exception`` in a rule can swallow it."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A time limit in this process (POSIX main thread only; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_inline(
    tasks: Sequence[Task], settings: Settings, lang: Lang, timeout: float, on_result: OnResult, process: Process
) -> None:
    worker.init(settings, lang)
    for task in tasks:
        try:
            with _alarm(timeout):
                result = process(task)
        except _TimeLimit:
            result = worker.failed(task, "timeout", f"> {timeout:g} s")
        on_result(result)


def run_tasks(
    tasks: Sequence[Task],
    settings: Settings,
    on_result: OnResult,
    jobs: int,
    lang: Lang = "zh",
    inline: bool = False,
    max_tasks_per_worker: int = MAX_TASKS_PER_WORKER,
    process: Process = worker.process,
) -> None:
    """Check every task; ``on_result`` is called in this process as each file completes.

    ``inline`` runs in this process (``--jobs 1``, for debugging; the time limit then uses
    SIGALRM where available); otherwise ``jobs`` worker processes. The time limit per file
    is ``settings.limits.timeout_seconds``. ``process`` checks one file (a module-level
    function, so a worker process can import it; tests pass one that hangs or crashes).
    """
    if not tasks:
        return
    timeout = settings.limits.timeout_seconds
    if inline:
        _run_inline(tasks, settings, lang, timeout, on_result, process)
    else:
        _Pool(jobs, settings, lang, timeout, max_tasks_per_worker, process).run(tasks, on_result)
