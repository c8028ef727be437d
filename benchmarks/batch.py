"""Benchmark of ``evaltool batch``: 1,000 typical workbooks (half with findings), 2 workers.

Measures workbooks/s including the summary, and the peak memory of every process (the main
process and each worker, sampled from /proc while the batch runs), for 250 and 1,000
workbooks (memory must stay flat as the batch grows), plus a second, all-unchanged run.

    python benchmarks/batch.py                 # generate into /tmp/evaltool-bench, run, print a table
    python benchmarks/batch.py --sizes 250     # a quicker look

Needs GNU time (``apt-get install time``) for the whole-run figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path("/tmp/evaltool-bench")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing


def _write(args: tuple[int, str]) -> None:
    from evaltool.template import IndicatorRow, ProjectIndicatorRow, seed_data, write_workbook
    from evaltool.template.examples import mistakes_data

    i, target = args
    if i % 2:
        data = mistakes_data()
    else:  # the seed with measured values instead of restated targets: a clean submission
        data = seed_data()
        rows: list[IndicatorRow | ProjectIndicatorRow] = [*data.dept_indicators, *data.project_indicators]
        for row in rows:
            if isinstance(row.actual, str) and row.actual[:1] in "≥≤":
                row.actual = row.target
        data.dept_indicators[6].level3 = "养老金按月发放及时率"
    data.basic["unit_code"] = f"{100000 + i}"
    data.basic["unit_name"] = f"测试单位{i:04d}"
    write_workbook(target, data)


def generate(n: int) -> Path:
    """``n`` workbooks in 10 sub-folders (written once, reused by later runs)."""
    inbox = ROOT / f"inbox-{n}"
    marker = inbox / ".complete"
    if marker.exists():
        return inbox
    shutil.rmtree(inbox, ignore_errors=True)
    jobs = [(i, str(inbox / f"区县{i % 10:02d}" / f"{100000 + i}_自评表.xlsx")) for i in range(n)]
    for _, target in jobs:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    with Pool(2) as pool:
        pool.map(_write, jobs, chunksize=25)
    marker.write_text("ok")
    return inbox


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _hwm_mib(pid: int) -> tuple[str, float] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return (cmdline, int(match.group(1)) / 1024) if match else None


def run(inbox: Path, out: Path, jobs: int, fresh: bool) -> dict[str, object]:
    """One ``evaltool batch`` run under /usr/bin/time -v; per-process peak memory sampled from /proc."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    cmd = [*timer, sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(out), "--jobs", str(jobs)]
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    peaks: dict[int, tuple[str, float]] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid in _descendants(proc.pid):
                got = _hwm_mib(pid)
                if got and "python" in got[0]:
                    peaks[pid] = (got[0], max(got[1], peaks.get(pid, ("", 0.0))[1]))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    n = len(doc["files"])
    main = [mib for cmd, mib in peaks.values() if "evaltool batch" in cmd]
    workers = [mib for cmd, mib in peaks.values() if "multiprocessing" in cmd]
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    user = re.search(r"User time \(seconds\): ([\d.]+)", err)
    system = re.search(r"System time \(seconds\): ([\d.]+)", err)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
    return {
        "files": n,
        "checked": doc["run"]["checked"],
        "exit_code": proc.returncode,
        "wall_s": round(wall, 2),
        "files_per_s": round(n / wall, 1),
        "timings": doc["run"].get("timings", {}),
        "main_peak_mib": round(max(main, default=0.0), 1),
        "worker_peak_mib": round(max(workers, default=0.0), 1),
        "workers_seen": len(workers),
        "time_v_max_rss_mib": round(int(maxrss.group(1)) / 1024, 1) if maxrss else None,
        # CPU seconds of the whole run (main + workers). On a shared, loaded machine the wall
        # clock says little; CPU time ÷ 2 cores is what an otherwise idle 2-core machine needs.
        "cpu_s": cpu,
        "cpu_ms_per_file": round(1000 * cpu / n, 1) if cpu else None,
        "idle_2core_files_per_s": round(n / (cpu / 2), 1) if cpu else None,
        "worker_seconds_per_file": round(sum(f.get("seconds", 0) for f in doc["files"]) / max(n, 1), 3),
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    ROOT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    import compileall

    compileall.compile_dir(REPO / "evaltool", quiet=1)  # bytecode as an installed copy has it
    rows = []
    for n in args.sizes:
        t = time.perf_counter()
        inbox = generate(n)
        print(f"inbox of {n}: ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        out = ROOT / f"out-{n}"
        first = run(inbox, out, args.jobs, fresh=True)
        again = run(inbox, out, args.jobs, fresh=False)
        rows.append({"size": n, "first": first, "unchanged": again})
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    print(
        "| workbooks | run | wall s | workbooks/s (wall) | CPU ms/workbook | workbooks/s on an idle 2-core machine"
        " (= 2 / CPU per workbook) | summary s | main peak MiB | worker peak MiB | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        for label in ("first", "unchanged"):
            r = row[label]
            assert isinstance(r, dict)
            timings = r["timings"]
            assert isinstance(timings, dict)
            print(
                f"| {row['size']} | {label} ({r['checked']} checked) | {r['wall_s']} | {r['files_per_s']} |"
                f" {r['cpu_ms_per_file']} | {r['idle_2core_files_per_s']} | {timings.get('summary')} |"
                f" {r['main_peak_mib']} | {r['worker_peak_mib']} | {r['load_average']:.1f} |"
            )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
