"""Single-file benchmark: whole-process time of `evaltool FILE` with hyperfine, frictionless side by side.

Usage (from the repository root)::

    python benchmarks/single_file.py [--runs 20] [--frictionless /tmp/fl-venv/bin/frictionless]

Builds four workbooks with the template writer (the seed example, the mistakes example, a clean
copy of the seed, a ~20k-cell workbook), times ``python -m evaltool FILE --out-dir OUT`` on each
(annotated copy or proof written, as a user gets it), and ``frictionless validate`` of one sheet
of the seed and mistakes workbooks in the same hyperfine session. frictionless is never a project
dependency: install it into a throwaway venv (``python -m venv /tmp/fl-venv &&
/tmp/fl-venv/bin/pip install frictionless openpyxl``); without it those rows are skipped.
Prints a Markdown table for docs/cli.md. Needs ``hyperfine`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaltool.template import ProjectIndicatorRow, SubmissionData, seed_data, write_workbook  # noqa: E402
from evaltool.template.examples import mistakes_data  # noqa: E402

TARGETS = {"seed": 0.5, "mistakes": 0.5, "clean": 0.35, "large": 1.0}


def clean_data() -> SubmissionData:
    """The seed with its real weaknesses fixed: measured actuals, the timeliness row renamed."""
    data = seed_data()
    for row in [*data.dept_indicators, *data.project_indicators]:
        if isinstance(row.actual, str) and row.actual[:1] in "≥≤":
            row.actual = row.target
    for dept in data.dept_indicators:
        if dept.level3 == "基本养老金发放准确率" and dept.level2 == "时效指标":
            dept.level3 = "养老金按时发放率"
    return data


def large_data(rows: int = 2900) -> SubmissionData:
    """A ~20k-cell workbook with findings: the mistakes example plus 2,900 clean indicator rows."""
    data = mistakes_data()
    base = clean_data().project_indicators
    extra: list[ProjectIndicatorRow] = []
    for i in range(rows):
        row = base[i % len(base)]
        extra.append(replace(row, level3=f"{row.level3}第{i + 1}项"))
    data.project_indicators = [*data.project_indicators, *extra]
    return data


def build(folder: Path) -> dict[str, Path]:
    """Write the benchmark workbooks; return name -> path."""
    paths = {name: folder / f"{name}.xlsx" for name in TARGETS}
    write_workbook(paths["seed"], seed_data())
    write_workbook(paths["mistakes"], mistakes_data())
    write_workbook(paths["clean"], clean_data())
    write_workbook(paths["large"], large_data())
    return paths


def cells(path: Path) -> int:
    """Non-empty cells of a workbook (python-calamine)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    n = 0
    for name in book.sheet_names:
        n += sum(1 for row in book.get_sheet_by_name(name).to_python() for v in row if v != "")
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--frictionless", default=shutil.which("frictionless") or "/tmp/fl-venv/bin/frictionless")
    parser.add_argument("--sheet", default="收入情况", help="the sheet frictionless validates")
    args = parser.parse_args()
    if shutil.which("hyperfine") is None:
        sys.exit("hyperfine is not installed")

    # Bytecode as an installed copy has it (pip compiles on install): without it, and with
    # PYTHONDONTWRITEBYTECODE set, every run would compile evaltool's modules again.
    import compileall

    compileall.compile_dir(ROOT / "evaltool", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="evaltool-bench-"))
    paths = build(work)
    out = work / "out"
    commands: list[tuple[str, str]] = []
    for name, path in paths.items():
        commands.append((f"evaltool {name}", f"{sys.executable} -m evaltool {path} --out-dir {out}"))
    # Where the time goes: the interpreter, the imports every check pays, the check without the copy.
    floors = {
        "python -c pass": f"{sys.executable} -c pass",
        "import pandas + pandera": f"{sys.executable} -c 'import pandas, pandera.pandas'",
        "evaltool seed --no-annotate": f"{sys.executable} -m evaltool {paths['seed']} --no-annotate",
    }
    commands += list(floors.items())
    has_fl = Path(args.frictionless).is_file()
    if has_fl:
        for name in ("seed", "mistakes"):
            cmd = f"{args.frictionless} validate {paths[name]} --sheet {args.sheet} --header-rows 4"
            commands.append((f"frictionless {name}", cmd))
    export = work / "hyperfine.json"
    hyperfine = ["hyperfine", "-N", "-i", "--warmup", str(args.warmup), "--runs", str(args.runs)]
    hyperfine += ["--export-json", str(export), "--style", "basic"]
    for label, cmd in commands:
        hyperfine += ["-n", label, cmd]
    subprocess.run(hyperfine, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})

    results = {r["command"]: r for r in json.loads(export.read_text())["results"]}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{os.cpu_count()} CPUs, load average {load:.1f} at the end; {args.runs} runs each, medians.\n")
    print(
        "| workbook | cells | evaltool median | mean ± σ | CPU (user+sys) | target "
        "| frictionless 1 sheet: median / CPU | ratio: wall / CPU |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, path in paths.items():
        r = results[f"evaltool {name}"]
        median = statistics.median(r["times"])
        cpu = r["user"] + r["system"]
        fl = results.get(f"frictionless {name}")
        fl_text, ratio = "—", "—"
        if fl:
            fl_median, fl_cpu = statistics.median(fl["times"]), fl["user"] + fl["system"]
            fl_text = f"{fl_median:.3f} s / {fl_cpu:.3f} s"
            ratio = f"{median / fl_median:.2f}× / {cpu / fl_cpu:.2f}×"
        verdict = "✔" if median <= TARGETS[name] else f"✘ (+{median - TARGETS[name]:.3f} s)"
        print(
            f"| {name} | {cells(path):,} | {median:.3f} s | {r['mean']:.3f} ± {r['stddev']:.3f} s | "
            f"{cpu:.3f} s | ≤ {TARGETS[name]} s {verdict} | {fl_text} | {ratio} |"
        )
    print("\n| floor | median | CPU (user+sys) |\n|---|---|---|")
    for label in floors:
        r = results[label]
        print(f"| {label} | {statistics.median(r['times']):.3f} s | {r['user'] + r['system']:.3f} s |")
    if has_fl:
        paired(commands, ("evaltool seed", "frictionless seed"), args.runs)
    shutil.rmtree(work, ignore_errors=True)


def paired(commands: list[tuple[str, str]], labels: tuple[str, str], runs: int) -> None:
    """Run two commands alternately and report the median of per-pair ratios.

    hyperfine times one command after the other; on a shared machine the load drifts between
    them. Alternating runs see the same load, so their ratio is the fairer side-by-side figure.
    """
    import resource
    import shlex
    import time

    argv = {label: shlex.split(cmd) for label, cmd in commands if label in labels}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls: dict[str, list[float]] = {label: [] for label in labels}
    cpus: dict[str, list[float]] = {label: [] for label in labels}
    for _ in range(runs):
        for label in labels:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(argv[label], cwd=ROOT, env=env, capture_output=True, check=False)
            walls[label].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[label].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    a, b = labels
    wall_ratio = statistics.median(x / y for x, y in zip(walls[a], walls[b], strict=True))
    cpu_ratio = statistics.median(x / y for x, y in zip(cpus[a], cpus[b], strict=True))
    print(f"\nPaired, alternating {runs}×: {a} / {b}: wall {wall_ratio:.2f}×, CPU {cpu_ratio:.2f}× ", end="")
    print(f"(medians: {statistics.median(walls[a]):.3f} s vs {statistics.median(walls[b]):.3f} s wall, ", end="")
    print(f"{statistics.median(cpus[a]):.3f} s vs {statistics.median(cpus[b]):.3f} s CPU)")


if __name__ == "__main__":
    main()
