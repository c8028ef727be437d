"""Shared fixtures: fresh copies of the blank template and the seed example, and a cell editor.

- ``blank_template``: path to a fresh copy of the blank template (``write_workbook(path)``).
- ``seed_workbook``: path to a fresh copy of the seed example (``write_workbook(path, seed_data())``).
- ``seed_data``: a fresh ``SubmissionData`` of the seed report; modify it and write it with
  ``write_workbook(tmp_path / "x.xlsx", seed_data)`` when the cells you change feed formulas.
- ``make_workbook(data=None, name="book.xlsx", **options)``: writes ``data`` (or the blank
  template) with ``write_workbook`` into this test's tmp_path and returns the path.
- ``edit_cells(path, {"收入情况!D5": value, ...})``: edits a copy with openpyxl and returns
  the copy's path (also importable: ``from tests.conftest import edit_cells``).

openpyxl drops every formula's cached value when it saves, so after ``edit_cells`` the
合计 / 占比 / 执行率 formulas have no cached value (a reader sees them "not calculated").
Tests that need cached formula values must edit the *data* and re-write it with
``write_workbook`` instead; its options also move headers down (``title_rows=7``), drop
``_meta`` (``meta=False``) and reorder or leave out sheets (``sheets=[...]``) with cached
values intact. Both workbooks are written once per session and copied.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from evaltool.report import annotate
from evaltool.template import SubmissionData, write_workbook
from evaltool.template import seed_data as make_seed_data

REAL_SPLICE_FAILED = annotate.splice_failed


def _raise_splice_defect(path: Path) -> None:
    raise  # re-raises the splicer's exception being handled


@pytest.fixture(autouse=True)
def _strict_splice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defect of the XML splicer fails the test instead of falling back to openpyxl.

    (In production it is logged with its traceback; CLI subprocesses of the tests log it too.)
    """
    monkeypatch.setattr(annotate, "splice_failed", _raise_splice_defect)


@pytest.fixture(scope="session")
def _workbook_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    cache = tmp_path_factory.mktemp("workbooks")
    blank, seed = cache / "blank.xlsx", cache / "seed.xlsx"
    write_workbook(blank)
    write_workbook(seed, make_seed_data())
    return {"blank": blank, "seed": seed}


@pytest.fixture
def blank_template(_workbook_cache: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the blank template, yours to change."""
    return Path(shutil.copyfile(_workbook_cache["blank"], tmp_path / "template.xlsx"))


@pytest.fixture
def seed_workbook(_workbook_cache: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the seed example (the seed report filled into the template)."""
    return Path(shutil.copyfile(_workbook_cache["seed"], tmp_path / "panzhihua-2024.xlsx"))


@pytest.fixture
def seed_data() -> SubmissionData:
    """A fresh copy of the seed report's data, yours to modify."""
    return make_seed_data()


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write SubmissionData (None: the blank template) into tmp_path; options go to write_workbook."""

    def make(data: SubmissionData | None = None, name: str = "book.xlsx", **options: Any) -> Path:
        path = tmp_path / name
        write_workbook(path, data, **options)
        return path

    return make


def edit_cells(path: str | Path, edits: Mapping[str, Any], dest: str | Path | None = None) -> Path:
    """Write ``{"Sheet!A1": value}`` into a copy of ``path`` with openpyxl; return the copy.

    The copy is ``dest`` or ``<stem>-edited.xlsx`` beside ``path``. A value of None clears
    the cell; a string starting with ``=`` is stored as a formula (without a cached value).
    A cell inside a merged range is unmerged first (the range's other cells become empty).
    openpyxl drops every cached formula value on save: see the module docstring.
    """
    from openpyxl import load_workbook

    src = Path(path)
    out = Path(dest) if dest is not None else src.with_name(f"{src.stem}-edited{src.suffix}")
    wb = load_workbook(src)
    try:
        for address, value in edits.items():
            sheet, _, ref = address.rpartition("!")
            if not sheet:
                raise ValueError(f"cell address needs a sheet: {address!r} (like '收入情况!D5')")
            ws = wb[sheet.strip("'")]
            for merged in list(ws.merged_cells.ranges):
                if ref in merged:
                    ws.unmerge_cells(str(merged))
            ws[ref] = value
        wb.save(out)
    finally:
        wb.close()
    return out


@pytest.fixture(name="edit_cells")
def edit_cells_fixture() -> Callable[..., Path]:
    """The ``edit_cells`` helper as a fixture."""
    return edit_cells
