"""Worker behaviours for the batch tests, injected through ``run_tasks(process=...)``.

Module-level functions (bound with ``functools.partial``) so that a spawned worker process
can import them; production code carries no such hook.
"""

from __future__ import annotations

import functools
import os
import time

import pytest

from evaltool.batch import run, worker
from evaltool.batch.record import FileResult
from evaltool.batch.worker import Task


def hang_on(name: str, task: Task) -> FileResult:
    """Sleep for an hour on a file whose path contains ``name`` (the time limit must cut it off)."""
    if name in task.relpath:
        time.sleep(3600)
    return worker.process(task)


def crash_on(name: str, task: Task) -> FileResult:
    """Kill the worker process on a file whose path contains ``name`` (it must be replaced)."""
    if name in task.relpath:
        os._exit(3)
    return worker.process(task)


def hang_job_on(name: str, job: worker.Job) -> object:
    """The warm pool's (server's) counterpart of ``hang_on``: a job for ``name`` sleeps for an hour."""
    if name in job.relpath:
        time.sleep(3600)
    return worker.run_job(job)


def inject(monkeypatch: pytest.MonkeyPatch, hook: functools.partial[FileResult]) -> None:
    """Make every batch run of this test check its files with ``hook``."""
    monkeypatch.setattr(run, "run_tasks", functools.partial(run.run_tasks, process=hook))
