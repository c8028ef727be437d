"""The batch's own cost per workbook, apart from checking it: CPU ms per step, in process.

Usage (from the repository root)::

    python benchmarks/batch_overhead.py [--n 100]

Builds ``--n`` distinct workbooks as ``benchmarks/compare.py`` does, runs ``evaltool batch
--jobs 1`` in this process (no worker processes, so every CPU second is this process's), and
splits its CPU time with ``time.process_time``: the checks themselves (read, rules, annotated
copy: ``worker.process``), recording each result (history), discovering and hashing the files,
assembling the rows, the summary workbook, results.csv/json. Prints CPU ms per workbook.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from compare import build  # noqa: E402

from evaltool.batch import pipeline, run, worker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    spent: dict[str, float] = {}

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            started = time.process_time()
            try:
                return func(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started

        return wrapper

    laps: dict[str, float] = {}
    lap = pipeline.Timings.lap

    def cpu_lap(self: pipeline.Timings, step: str) -> None:
        now = time.process_time()
        laps[step] = now - laps.get("_mark", started)
        laps["_mark"] = now
        lap(self, step)

    with tempfile.TemporaryDirectory(prefix="evaltool-overhead-") as name:
        tmp = Path(name)
        build(tmp, args.n)
        # measurement hooks (a benchmark, not a test): CPU inside each step
        pipeline.Timings.lap = cpu_lap  # type: ignore[method-assign]
        worker.init = timed("start-up (imports, warm-up)", worker.init)
        pipeline._Run.done = timed("record a result (history)", pipeline._Run.done)  # type: ignore[method-assign]
        process = timed("check + annotated copy", worker.process)
        load = os.getloadavg()[0]
        started = time.process_time()
        defaults = run.run_tasks.__defaults__ or ()
        run.run_tasks.__defaults__ = (*defaults[:-1], process)  # the default `process`, timed
        pipeline.run_batch(pipeline.BatchOptions(tmp / "inbox", tmp / "out", jobs=1))
        total = time.process_time() - started
    check_step = laps["check"] - spent["start-up (imports, warm-up)"] - spent["check + annotated copy"]
    rows = {
        "check + annotated copy (worker.process)": spent["check + annotated copy"],
        "discover, hash, plan": laps["discover_hash_plan"],
        "record results (history) and the rest of the check step": check_step,
        "assemble the rows": laps["assemble"],
        "summary workbook": laps["summary"],
        "results.csv + results.json, finish": total - sum(laps[k] for k in laps if k != "_mark"),
    }
    print(
        f"{args.n} workbooks, evaltool batch --jobs 1 in process, load average {load:.1f}; "
        f"start-up (imports, warm-up) {1000 * spent['start-up (imports, warm-up)']:.0f} ms once"
    )
    print()
    print("| step | CPU ms per workbook |")
    print("|---|---|")
    for label, seconds in rows.items():
        print(f"| {label} | {1000 * seconds / args.n:.1f} |")
    overhead = sum(rows.values()) - rows["check + annotated copy (worker.process)"]
    print(f"| **the batch's own overhead (all but the check)** | **{1000 * overhead / args.n:.1f}** |")


if __name__ == "__main__":
    main()
