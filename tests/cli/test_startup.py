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
heavy = ("pandas", "pandera", "openpyxl")
out = {}
for args in json.loads(sys.argv[1]):
    try:
        cli.main(args, standalone_mode=False)
    except Exception:  # a command still being written: its imports are what this test is about
        pass
    out[" ".join(args)] = sorted(m for m in heavy if m in sys.modules)
print(json.dumps(out))
"""


def test_light_commands_stay_light(tmp_path: Path) -> None:
    runs = [
        ["--version"],
        ["launcher", "--dest", str(tmp_path)],
        ["rules"],
        ["template", "-o", str(tmp_path / "t.xlsx")],
    ]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(runs)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {" ".join(r): [] for r in runs}
