"""Run the real ``evaltool batch`` and hold its outputs to the promise: written and well-formed."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

EXAMPLE = Path(__file__).parents[2] / "examples" / "mistakes-2024.xlsx"
ROOT = Path(__file__).parents[2]


def batch(
    inbox: Path | bytes, out: Path | bytes, *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m evaltool batch INBOX --out-dir OUT ARGS`` in a subprocess (this tree's code)."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "batch", inbox, "--out-dir", out, "--jobs", "1", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=600,
        check=False,
        env=environ,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return run


def strict_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def well_formed(out: Path) -> dict[str, Any]:
    """Assert 汇总.xlsx, results.json and results.csv exist and are well-formed; return results.json."""
    with zipfile.ZipFile(out / "汇总.xlsx") as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ElementTree.fromstring(z.read(name))  # raises on malformed XML or forbidden characters
    doc: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"), parse_constant=strict_constant)
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, strict=True))
    assert rows and all(len(r) == len(rows[0]) for r in rows)
    return doc


def copy_well_formed(path: Path) -> None:
    """Every XML part of an annotated copy parses."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ElementTree.fromstring(z.read(name))


def files(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """results.json's file entries by relative path."""
    return {str(f["relpath"]): f for f in doc["files"]}
