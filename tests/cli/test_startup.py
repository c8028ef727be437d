"""Start-up cost: commands that need no workbook reading must not import pandas, pandera or openpyxl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from evaltool.cli.main import cli
heavy = tuple(json.loads(sys.argv[2])) if len(sys.argv) > 2 else ("pandas", "pandera", "openpyxl")
out = {}
for args in json.loads(sys.argv[1]):
    try:
        cli.main(args, standalone_mode=False)
    except (Exception, SystemExit):  # a command still being written, or `check` exiting with its status
        pass
    out[" ".join(args)] = sorted(m for m in heavy if m in sys.modules)
print(json.dumps(out))
"""


def _imported(runs: list[list[str]], modules: list[str] | None = None) -> dict[str, list[str]]:
    """Run each command in one fresh interpreter; which of ``modules`` (default: the heavy ones) it imported."""
    extra = [json.dumps(modules)] if modules is not None else []
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(runs), *extra],
        env={**os.environ, "PYTHONPATH": str(ROOT), "EVALTOOL_NO_FAST_EXIT": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, list[str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_light_commands_stay_light(tmp_path: Path) -> None:
    runs = [
        ["--version"],
        ["launcher", "--dest", str(tmp_path)],
        ["rules"],
        ["template", "-o", str(tmp_path / "t.xlsx")],
    ]
    assert _imported(runs) == {" ".join(r): [] for r in runs}


def test_check_never_imports_the_server_stack(tmp_path: Path) -> None:
    """`evaltool serve` is a command like the others, but its ASGI stack stays out of a check."""
    server = ["starlette", "uvicorn", "python_multipart", "anyio", "evaltool.serve", "evaltool.serve.app"]
    runs = [["check", str(ROOT / "examples" / "mistakes-2024.xlsx"), "--out-dir", str(tmp_path)], ["serve", "--help"]]
    assert _imported(runs, server) == {" ".join(r): [] for r in runs}
    assert (tmp_path / "mistakes-2024_校验结果.xlsx").is_file()  # the check did run


def test_check_loads_only_the_templates_help_text(tmp_path: Path) -> None:
    """The reason judgement compares with our 填写说明; that must not import the template's writer."""
    writer = ["evaltool.template.writer", "evaltool.template.seed", "xlsxwriter", "evaltool.template.instructions"]
    runs = [["check", str(ROOT / "examples" / "mistakes-2024.xlsx"), "--out-dir", str(tmp_path)]]
    # mistakes-2024 types 无 as a reason (M15): the judgement ran and read the help text, nothing more.
    assert _imported(runs, writer) == {" ".join(runs[0]): ["evaltool.template.instructions"]}
