"""Where a batch worker's time goes: CPU ms per step for one clean and one faulty workbook, in process.

Usage (from the repository root)::

    python benchmarks/worker_steps.py [--runs 15]

Builds the two kinds of workbook the batch benchmark uses (a clean one, and the mistakes
example), warms up once (imports and first calls, which a worker pays once), then times each
step ``--runs`` times with ``time.process_time`` and prints the medians as a Markdown table:
reading, the pandera schemas, the rules, the copy (the one-sheet proof for a passed file, the
spliced annotated copy otherwise; for comparison, the openpyxl round trip it replaced), and the
whole ``check`` + copy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from single_file import clean_data  # noqa: E402

from evaltool.api import check, read  # noqa: E402
from evaltool.checks.context import Context  # noqa: E402
from evaltool.checks.registry import load_all  # noqa: E402
from evaltool.config import Settings  # noqa: E402
from evaltool.report.annotate import annotate, write_copy  # noqa: E402
from evaltool.template import write_workbook  # noqa: E402
from evaltool.template.examples import mistakes_data  # noqa: E402


def _ms(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return 1000 * statistics.median(times)


def measure(path: Path, out: Path, runs: int) -> dict[str, float]:
    """Median CPU ms of each step for one workbook."""
    from evaltool.checks import schemas

    settings = Settings()
    report = check(path)
    write_copy(report, out)  # warm-up: imports and first calls
    submission = read(path)
    catalogue = load_all()

    def rules() -> None:
        ctx = Context(submission, settings)
        for entry in catalogue.values():
            if entry.func is not None:
                list(entry.func(ctx))

    row = {
        "read": _ms(lambda: read(path), runs),
        "schemas": _ms(lambda: list(schemas.validate(Context(submission, settings))), runs),
        "rules": _ms(rules, runs),
        "copy": _ms(lambda: write_copy(report, out), runs),
        "whole": _ms(lambda: write_copy(check(path), out), runs),
    }
    if report.findings and report.status.value != "passed":
        annotate(report, out, splice=False)
        row["openpyxl copy"] = _ms(lambda: annotate(report, out, splice=False), runs)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clean, faulty = Path(tmp) / "clean.xlsx", Path(tmp) / "mistakes.xlsx"
        write_workbook(clean, clean_data())
        write_workbook(faulty, mistakes_data())
        rows = {
            "clean workbook": measure(clean, Path(tmp) / "clean_copy.xlsx", args.runs),
            f"mistakes example ({len(check(faulty).findings)} findings)": measure(
                faulty, Path(tmp) / "faulty_copy.xlsx", args.runs
            ),
        }
    labels = {
        "read": "read (all sheets, formulas evaluated)",
        "schemas": "pandera schemas",
        "rules": "rules",
        "copy": "copy: one-sheet proof (passed) / spliced annotated copy",
        "openpyxl copy": "for comparison: the openpyxl round trip the splice replaced",
        "whole": "whole `check` + copy",
    }
    names = list(rows)
    print(f"| step (CPU ms, median of {args.runs}) | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for key, label in labels.items():
        cells = [f"{rows[n][key]:.1f}" if key in rows[n] else "—" for n in names]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
