"""Runs the per-file checks in worker processes with a time limit per file.

Why not ``concurrent.futures``: a pool there cannot kill one stuck worker, so a single hung
file would hang the whole run. Here each worker has its own pipe; the main process waits on
all of them with a deadline, kills a worker whose file overruns, records the file as timed
out and starts a fresh worker. Workers import the heavy libraries once (before they report
ready, so start-up never counts against a file's time limit) and are replaced after a fixed
number of files, or when their memory grows, which keeps memory flat over a long batch.
"""

from __future__ import annotations

import logging
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
from evaltool.batch.worker import Job, Task
from evaltool.config import Settings
from evaltool.lang import Lang

STARTUP_SECONDS: Final = 120.0  # a worker that cannot import the libraries in this time is broken
STARTUP_ATTEMPTS: Final = 3  # workers dying while starting this many times in a row: the run fails
MAX_TASKS_PER_WORKER: Final = 500  # replace a worker after this many files
MEMORY_GROWTH_MB: Final = 100.0  # ... or when its peak memory grew this much beyond its start

logger = logging.getLogger(__name__)

Process = Callable[[Task], FileResult]  # checks one file: worker.process
Work = Callable[[Any], Any]  # what a worker does with one item: worker.process, worker.run_job, a test's hook
OnResult = Callable[[FileResult], None]
Deliver = Callable[[Task | Job, Any], None]  # the pool's own: the work item and what came back


class PoolError(RuntimeError):
    """The workers cannot run at all (e.g. the libraries fail to import): the run itself failed."""


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: no getrusage; memory recycling then relies on the task count
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _worker_main(conn: Connection, settings: Settings, lang: Lang, process: Work) -> None:
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
            result = worker.failure(task, "internal", f"{type(exc).__name__}: {exc}")
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
    task: Task | Job | None = None
    deadline: float = math.inf
    done: int = 0


class _Pool:
    def __init__(
        self, jobs: int, settings: Settings, lang: Lang, timeout: float, max_tasks: int, process: Work
    ) -> None:
        self.ctx = multiprocessing.get_context("spawn")  # same behaviour on Linux and Windows
        self.process = process
        self.jobs = jobs
        self.settings = settings
        self.lang = lang
        self.timeout = timeout
        self.max_tasks = max_tasks
        self.slots: list[_Slot] = []
        self.pending: deque[Task | Job] = deque()
        self.start_failures = 0
        self.keep = False  # a warm pool (the server): always `jobs` workers, even with nothing waiting

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
        """Stop a worker; start a fresh one only while files are still waiting (always, when warm)."""
        self._stop(slot, kill)
        if self.pending or self.keep:
            self.slots[self.slots.index(slot)] = self._start()
        else:
            self.slots.remove(slot)

    def run(self, tasks: Sequence[Task], on_result: OnResult) -> None:
        self.pending = pending = deque[Task | Job](tasks)
        self.slots = [self._start() for _ in range(max(1, min(self.jobs, len(pending))))]
        try:
            while pending or any(s.task is not None for s in self.slots):
                self._dispatch()
                self._wait(lambda task, result: on_result(result))
        finally:
            self._stop_all()

    def _dispatch(self) -> None:
        for slot in self.slots:
            if slot.ready and slot.task is None and self.pending:
                slot.task = self.pending.popleft()
                slot.deadline = time.monotonic() + self.timeout
                slot.conn.send(slot.task)

    def _stop_all(self) -> None:
        for slot in self.slots:
            self._stop(slot, kill=slot.task is not None or not slot.ready)
        self.slots = []

    def _wait(self, on_result: Deliver, wake: Connection | None = None) -> None:
        """Wait for a worker's message (or ``wake``), deliver results, kill workers past their limit."""
        now = time.monotonic()
        limits = [s.deadline if s.ready else s.born + STARTUP_SECONDS for s in self.slots]
        timeout = max(0.0, min(limits) - now) if limits else None
        conns = [s.conn for s in self.slots] + ([wake] if wake is not None else [])
        for conn in wait(conns, timeout=None if timeout == math.inf else timeout):
            if conn is wake:
                with suppress(EOFError, OSError):
                    while wake.poll():
                        wake.recv_bytes()
                continue
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
                done, slot.task, slot.deadline = slot.task, None, math.inf
                slot.done += 1
                if done is not None:
                    on_result(done, message[1])
                grown = slot.base_rss and float(message[2]) > slot.base_rss + MEMORY_GROWTH_MB
                # no fresh worker for no work (a warm pool always keeps its workers)
                if (self.pending or self.keep) and (slot.done >= self.max_tasks or grown):
                    self._replace(slot, kill=False)
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.task is not None and now > slot.deadline:
                task = slot.task
                slot.task = None
                self._replace(slot, kill=True)
                on_result(task, worker.failure(task, "timeout", f"> {self.timeout:g} s"))
            elif not slot.ready and now > slot.born + STARTUP_SECONDS:
                raise PoolError(f"a worker process did not start within {STARTUP_SECONDS:g} s")

    def _died(self, slot: _Slot, on_result: Deliver) -> None:
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
            on_result(task, worker.failure(task, "internal", f"worker process exited with code {code}"))


class WarmPool:
    """The same workers, time limit and recycling for a long-running server: jobs arrive one at a time.

    A thread of its own runs the pool's loop; ``submit`` (any thread) queues a job and wakes it,
    and the job's callback is called in that thread with what came back (``job.failed(...)``
    when the worker overran the time limit or died). The server bounds the queue itself.
    """

    def __init__(
        self,
        jobs: int,
        settings: Settings,
        lang: Lang = "zh",
        timeout: float | None = None,
        process: Work = worker.run_job,
    ) -> None:
        limit = settings.limits.timeout_seconds if timeout is None else timeout
        self._pool = _Pool(max(1, jobs), settings, lang, limit, MAX_TASKS_PER_WORKER, process)
        self._pool.keep = True
        self._lock = threading.Lock()
        self._wake_recv, self._wake_send = multiprocessing.Pipe(duplex=False)
        self._callbacks: dict[int, tuple[Job, Callable[[Any], None]]] = {}
        self._closing = False
        self.error: str | None = None  # set when the workers cannot run at all
        self._thread = threading.Thread(target=self._loop, name="evaltool-pool", daemon=True)

    @property
    def ready(self) -> int:
        """Workers that have imported the libraries and can take a job."""
        return sum(1 for s in list(self._pool.slots) if s.ready)

    @property
    def busy(self) -> int:
        """Jobs queued or being checked."""
        with self._lock:
            return len(self._callbacks)

    def start(self) -> None:
        """Start the workers (they warm up in the background)."""
        self._thread.start()

    def submit(self, job: Job, done: Callable[[Any], None]) -> None:
        """Queue ``job``; ``done(result)`` is called from the pool's thread."""
        with self._lock:
            if self.error is not None or self._closing:
                failed = job.failed("internal", self.error or "shutting down")
            else:
                self._callbacks[id(job)] = (job, done)
                self._pool.pending.append(job)
                failed = None
        if failed is not None:
            done(failed)
            return
        with suppress(OSError):
            self._wake_send.send_bytes(b"")

    def close(self) -> None:
        """Stop the workers; jobs still queued get a failure."""
        with self._lock:
            self._closing = True
        with suppress(OSError):
            self._wake_send.send_bytes(b"")
        if self._thread.is_alive():
            self._thread.join(30)

    def _deliver(self, job: Task | Job, result: Any) -> None:
        with self._lock:
            entry = self._callbacks.pop(id(job), None)
        if entry is not None:
            entry[1](result)

    def _loop(self) -> None:
        pool = self._pool
        try:
            pool.slots = [pool._start() for _ in range(pool.jobs)]
            while not self._closing:
                with self._lock:
                    pool._dispatch()
                pool._wait(self._deliver, wake=self._wake_recv)
        except PoolError as exc:
            self.error = str(exc)
            logger.error("evaltool: the worker pool stopped: %s", exc)
        finally:
            pool._stop_all()
            with self._lock:
                self._closing = True
                waiting, self._callbacks = self._callbacks, {}
                pool.pending.clear()
            for job, done in waiting.values():  # queued or cut off while being checked
                done(worker.failure(job, "internal", self.error or "shutting down"))


class TimeLimitExceeded(BaseException):
    """Raised by SIGALRM; a BaseException so no ``except Exception`` in a rule can swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """A time limit in this process (POSIX main thread only; elsewhere no limit): ``batch --jobs 1``
    and ``check`` use it; the batch's worker processes are killed from outside instead."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded

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
            with time_limit(timeout):
                result = process(task)
        except TimeLimitExceeded:
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
