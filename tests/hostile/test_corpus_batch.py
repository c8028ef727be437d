"""The whole hostile corpus as one batch: good files checked, bad ones explained, nothing gets in or out."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.hostile.corpus import ACTIVE_TEXTS, CASES

pytestmark = pytest.mark.hostile

# The corpus cases whose limits differ from the defaults, as the bureau's --config states them.
INBOX_CONFIG = "[limits]\nmax_unzipped_mb = 16\nmax_cells = 20000\ntimeout_seconds = 120\n"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def batch(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], int]:
    inbox = tmp_path_factory.mktemp("inbox")
    for name, src in corpus.items():
        dest = inbox / name / src.name
        dest.parent.mkdir(parents=True)
        shutil.copyfile(src, dest)
    config = tmp_path_factory.mktemp("config") / "evaltool.toml"
    config.write_text(INBOX_CONFIG, encoding="utf-8")
    (inbox / "~$lock.xlsx").write_bytes(b"\x00lock")
    (inbox / "说明.pdf").write_bytes(b"%PDF-1.4\n")
    hashes = {str(p): _sha(p) for p in inbox.rglob("*") if p.is_file()}
    out = tmp_path_factory.mktemp("out")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "evaltool",
            "batch",
            str(inbox),
            "--out-dir",
            str(out),
            "--jobs",
            "2",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return inbox, out, hashes, run.returncode


def _results(out: Path) -> dict[str, dict[str, object]]:
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {str(f["relpath"]).split("/", 1)[0]: f for f in doc["files"]}


def test_exit_code_and_every_file_accounted_for(batch: tuple[Path, Path, dict[str, str], int]) -> None:
    _, out, _, code = batch
    # Some files are unreadable and some have errors: 1, the documented "look at 汇总.xlsx".
    assert code == 1
    files = _results(out)
    for case in (c for c in CASES if not c.slow):
        entry = files[case.name]
        if case.unreadable:
            assert entry["status"] == "unreadable", case.name
            assert entry["error"] and entry["error_reason"], case.name
            if case.unreadable != "*":
                assert entry["error_reason"] == case.unreadable, case.name
        else:
            assert entry["status"] != "unreadable", (case.name, entry["error"])
            codes = {f["code"] for f in entry["findings"]}  # type: ignore[attr-defined]
            assert set(case.codes) <= codes, (case.name, sorted(codes))
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [u["path"] for u in doc["unusable"]] == ["说明.pdf"]


def test_inputs_unchanged(batch: tuple[Path, Path, dict[str, str], int]) -> None:
    _, _, hashes, _ = batch
    for path, digest in hashes.items():
        assert _sha(Path(path)) == digest, path


def test_every_output_stays_in_the_output_folder(batch: tuple[Path, Path, dict[str, str], int]) -> None:
    _, out, _, _ = batch
    root = out.resolve()
    for dirpath, _, names in os.walk(out):
        for name in names:
            assert (Path(dirpath) / name).resolve().is_relative_to(root)


def test_formula_text_is_inert_in_every_output(batch: tuple[Path, Path, dict[str, str], int]) -> None:
    _, out, _, _ = batch
    entry = _results(out)["formula-text"]
    assert entry["unit_name"] == ACTIVE_TEXTS[0]  # JSON: verbatim text

    summary = openpyxl.load_workbook(out / "汇总.xlsx")
    seen = False
    for ws in summary.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and ('HYPERLINK("http://example' in cell.value or "cmd|" in cell.value):
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} became a formula"
                    seen = True
    assert seen, "the unit name should appear in the summary"

    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value

    copy = Path(str(entry["annotated"]))
    assert copy.is_file() and copy.resolve().is_relative_to(out.resolve())
    book = openpyxl.load_workbook(copy)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                if any(t in text for t in ACTIVE_TEXTS[:2]):
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} is a formula in the copy"
