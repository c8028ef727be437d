"""evaltool against frictionless, as paired ratios on the same workbooks, side by side in one run.

Usage (from the repository root)::

    pip install frictionless          # benchmark only: never a runtime dependency
    python benchmarks/compare.py [--n 200] [--rounds 3] [--pairs 20]

Builds ``--n`` distinct workbooks in a temporary folder with the template writer: half the
mistakes example with per-workbook mutations (findings), half the seed filled as a script does,
then loaded and saved by openpyxl so that every formula lacks its cached value. Then measures:

(a) batch: the CPU one workbook costs inside ``python -m evaltool batch`` (main process and its
    workers, start-up excluded: the CPU of a batch over all ``--n`` minus that of a batch over 2
    of them, divided by ``n - 2``; read, every rule, the annotated copy, hashing, history,
    summary) ÷ the CPU of an in-process ``frictionless.validate`` of the one sheet 收入情况
    (header row 4) per file, over the same files. Rounds alternate the order (ABAB → ABBA).
(b) single file, whole process: ``python -m evaltool check FILE --out-dir OUT`` on a workbook
    with findings ÷ ``frictionless validate FILE --sheet 收入情况 --header-rows 4``, CPU and wall,
    ``--pairs`` pairs of distinct files, the order alternating within pairs.

Only ratios measured in one run mean anything on a shared machine; the load average is printed
with every figure. Prints a Markdown block for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHEET = "收入情况"

if TYPE_CHECKING:
    from evaltool.template import SubmissionData


def _mutated(i: int) -> SubmissionData:
    from evaltool.template import IndicatorRow, ProjectIndicatorRow, seed_data
    from evaltool.template.examples import mistakes_data

    data = mistakes_data() if i % 2 == 0 else seed_data()
    rng = random.Random(i)
    data.basic["unit_code"] = f"{200000 + i}"
    data.basic["unit_name"] = f"比较单位{i:04d}"
    rows: list[IndicatorRow | ProjectIndicatorRow] = [*data.dept_indicators, *data.project_indicators]
    row = rows[rng.randrange(len(rows))]
    if isinstance(row.level3, str):
        row.level3 = f"{row.level3}（{i}）"
    return data


def build(folder: Path, n: int) -> list[Path]:
    """``n`` distinct workbooks: even ones with findings, odd ones re-saved by openpyxl."""
    import openpyxl

    from evaltool.template import write_workbook

    paths = []
    for i in range(n):
        path = folder / "inbox" / f"{200000 + i}_自评表.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, _mutated(i))
        if i % 2:
            book = openpyxl.load_workbook(path)  # formulas kept, cached values dropped on save
            book.save(path)
        paths.append(path)
    return paths


def _load() -> float:
    return os.getloadavg()[0]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(cmd: Sequence[str], cwd: Path) -> tuple[float, float]:
    """CPU seconds (the process and every descendant it reaped) and wall seconds of a command."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    before, started = _child_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return _child_cpu() - before, time.perf_counter() - started


def frictionless_cpu(paths: Sequence[Path]) -> float:
    """Median in-process CPU seconds of ``frictionless.validate`` of one sheet per file."""
    from frictionless import Dialect, formats, validate

    def one(path: Path) -> float:
        started = time.process_time()
        os.chdir(path.parent)  # frictionless refuses absolute paths as unsafe
        validate(path.name, dialect=Dialect(header_rows=[4], controls=[formats.ExcelControl(sheet=SHEET)]))
        return time.process_time() - started

    one(paths[0])  # warm-up: imports and first calls
    return statistics.median(one(p) for p in paths)


def batch_cpu(tmp: Path, paths: Sequence[Path], tag: str) -> float:
    """CPU seconds of a fresh ``evaltool batch`` over ``paths`` (copied into their own inbox)."""
    inbox, out = tmp / f"in-{tag}", tmp / f"out-{tag}"
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    inbox.mkdir()
    for path in paths:
        os.link(path, inbox / path.name)
    cpu, _ = run_cpu([sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(out)], tmp)
    return cpu


def spread(values: Sequence[float]) -> str:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return f"{q[0]:.2f}–{q[2]:.2f}"


@dataclass
class Paired:
    """Paired measurements: evaltool's and frictionless's figure per round or pair, the load."""

    ours: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.ours, self.theirs, strict=True)]

    def row(self, label: str, unit: float = 1000) -> str:
        return (
            f"| {label} | {unit * statistics.median(self.ours):.0f} ms "
            f"| {unit * statistics.median(self.theirs):.0f} ms "
            f"| {statistics.median(self.ratios):.2f} ({spread(self.ratios)}) "
            f"| {min(self.loads):.1f}–{max(self.loads):.1f} |"
        )


def measure_batch(tmp: Path, paths: list[Path], rounds: int) -> Paired:
    result = Paired()
    for r in range(rounds):
        result.loads.append(_load())
        steps = ["ev", "fl"] if r % 2 == 0 else ["fl", "ev"]
        got: dict[str, float] = {}
        for step in steps:
            if step == "ev":
                full, small = batch_cpu(tmp, paths, "full"), batch_cpu(tmp, paths[:2], "small")
                got["ev"] = (full - small) / (len(paths) - 2)
            else:
                got["fl"] = frictionless_cpu(paths)
        result.ours.append(got["ev"])
        result.theirs.append(got["fl"])
    return result


def measure_single(tmp: Path, paths: list[Path], pairs: int) -> tuple[Paired, Paired]:
    """(CPU, wall) pairs of whole-process runs on workbooks with findings."""
    fl = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
    faulty = [p for i, p in enumerate(paths) if i % 2 == 0][:pairs]
    out = tmp / "single-out"
    out.mkdir(exist_ok=True)
    cmds: dict[str, Callable[[Path], list[str]]] = {
        "ev": lambda p: [sys.executable, "-m", "evaltool", "check", str(p), "--out-dir", str(out)],
        "fl": lambda p: [fl, "validate", p.name, "--sheet", SHEET, "--header-rows", "4"],
    }
    run_cpu(cmds["ev"](faulty[0]), tmp)  # warm the page cache and bytecode
    run_cpu(cmds["fl"](faulty[0]), faulty[0].parent)
    cpu, wall = Paired(), Paired()
    for i, path in enumerate(faulty):
        load = _load()
        got = {}
        for step in ("ev", "fl") if i % 2 == 0 else ("fl", "ev"):
            got[step] = run_cpu(cmds[step](path), path.parent)
        for kind, paired in enumerate((cpu, wall)):
            paired.ours.append(got["ev"][kind])
            paired.theirs.append(got["fl"][kind])
            paired.loads.append(load)
    return cpu, wall


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="distinct workbooks (even number ≥ 4)")
    parser.add_argument("--rounds", type=int, default=3, help="batch vs in-process rounds")
    parser.add_argument("--pairs", type=int, default=20, help="whole-process pairs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evaltool-compare-") as name:
        tmp = Path(name)
        paths = build(tmp, max(4, args.n))
        started_load = _load()
        batch = measure_batch(tmp, paths, args.rounds)
        cpu, wall = measure_single(tmp, paths, min(args.pairs, len(paths) // 2))
        os.chdir(REPO)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"{when}; {os.cpu_count()} CPUs ({_cpu_model()}); Python {platform.python_version()}; "
        f"{len(paths)} workbooks; load average at the start {started_load:.1f}"
    )
    print()
    print("| ratio (paired, same files) | evaltool | frictionless one sheet | ratio median (quartiles) | load |")
    print("|---|---|---|---|---|")
    print(batch.row(f"(a) batch CPU per workbook ÷ in-process `validate` CPU per file, {args.rounds} rounds"))
    print(cpu.row(f"(b) whole process, with findings, CPU, {len(cpu.ours)} pairs"))
    print(wall.row("(b) the same, wall time"))


if __name__ == "__main__":
    main()
