"""Splicer memory against the largest sheet: peak Python allocation while annotating one big workbook.

Usage (from the repository root)::

    python benchmarks/splice_memory.py [--rows 200000]

Builds the mistakes example with ``--rows`` extra indicator rows (one sheet grows to hold
them), checks it, then splices its annotated copy under ``tracemalloc`` and prints the peak
allocation as a multiple of the largest part's uncompressed size, the time, and the process's
peak RSS. The splicer keeps one copy of a sheet it edits next to the original while it edits
(unchanged stretches are views of the original), and every spliced part is checked in one
streaming pass: the peak stays near three times the largest sheet.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.single_file import large_data  # noqa: E402
from evaltool.api import check  # noqa: E402
from evaltool.report.annotate import annotate  # noqa: E402
from evaltool.template import write_workbook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "big.xlsx"
        write_workbook(source, large_data(rows=args.rows))
        with zipfile.ZipFile(source) as z:
            largest = max(i.file_size for i in z.infolist())
        report = check(source)
        report.submission = None  # what check read is not the splicer's
        tracemalloc.start()
        started = time.perf_counter()
        annotate(report, Path(folder) / "copy.xlsx")
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{args.rows:,} rows: largest part {largest / 2**20:.1f} MiB; splice peak {peak / 2**20:.1f} MiB "
        f"({peak / largest:.1f}x the largest part), {seconds:.1f} s under tracemalloc, "
        f"writer {report.copy_writer}, {len(report.findings)} findings; process peak RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
