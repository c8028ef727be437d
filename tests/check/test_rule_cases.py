"""Runs every case file ``tests/check/cases/<CODE>.toml`` against an edited copy of the seed example.

A case file (sqlfluff-style; a new case needs no Python)::

    rule = "B101"
    [[case]]
    name = "income items do not add up to 合计"
    edits = { "收入情况!D15" = 1482.15 }   # cell -> new value ("" clears, "=..." is a formula)
    expect = ["收入情况!D15"]               # primary cells of this rule's findings: exactly this set
    # optional: config = { execution = { threshold = 80 } }   (as in evaltool.toml)
    # optional: severity = "warning"                          (every finding of the rule in this case)

Only the findings of the file's rule are compared, so other rules reacting to the same edit
(or to formulas openpyxl saved without cached values) do not matter here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from evaltool.api import check
from evaltool.checks.registry import load_all
from evaltool.config import Settings, settings_from_mapping
from evaltool.findings import Severity
from evaltool.lang import LANGS
from evaltool.messages import hint, message, placeholders
from tests.conftest import edit_cells

CASES_DIR = Path(__file__).parent / "cases"
# Codes without case files, and why: the engine's internal error is tested directly
# (test_engine.py); the reader's F-codes are tested by tests/read (enforced below).
EXEMPT_PREFIXES = ("X", "F")


@dataclass(frozen=True)
class Case:
    """One case of a case file."""

    rule: str
    name: str
    edits: dict[str, Any]
    expect: frozenset[str]
    config: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None
    file: str = ""


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every case file, in file order."""
    out = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        code = data.get("rule")
        assert code == path.stem, f"{path.name}: rule = {code!r} must match the file name"
        unknown = set(data) - {"rule", "case"}
        assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
        for raw in data.get("case", []):
            extra = set(raw) - {"name", "edits", "expect", "config", "severity"}
            assert not extra, f"{path.name}: case {raw.get('name')!r} has unknown keys {sorted(extra)}"
            out.append(
                Case(
                    rule=code,
                    name=raw["name"],
                    edits=dict(raw.get("edits", {})),
                    expect=frozenset(raw["expect"]),
                    config=dict(raw.get("config", {})),
                    severity=raw.get("severity"),
                    file=path.name,
                )
            )
    return out


CASES = load_cases()


def _settings(case: Case) -> Settings:
    return settings_from_mapping(case.config, source=case.file) if case.config else Settings()


class SeedBook:
    """The seed workbook loaded once with openpyxl: a case sets its cells, saves, and puts them back.

    The same edit-and-save as ``edit_cells`` (openpyxl drops cached formula values the same
    way) without loading the workbook again for each of the ~200 cases. A cell inside a merged
    range goes through ``edit_cells`` (unmerging is not undone here).
    """

    def __init__(self, seed: Path) -> None:
        from openpyxl import load_workbook

        self.seed = seed
        self.book = load_workbook(seed)

    def edited(self, edits: dict[str, Any], dest: Path) -> Path:
        """A copy of the seed with ``edits`` applied, at ``dest``."""
        cells = []
        for address in edits:
            sheet, _, ref = address.rpartition("!")
            ws = self.book[sheet.strip("'")]
            if any(ref in merged for merged in ws.merged_cells.ranges):
                return edit_cells(self.seed, edits, dest)
            cells.append(ws[ref])
        before = [c.value for c in cells]
        try:
            for c, value in zip(cells, edits.values(), strict=True):
                c.value = value
            self.book.save(dest)
        finally:
            for c, value in zip(cells, before, strict=True):
                c.value = value
        return dest


@pytest.fixture(scope="session")
def seed_book(_workbook_cache: dict[str, Path]) -> SeedBook:
    """The loaded seed workbook, shared by every case."""
    return SeedBook(_workbook_cache["seed"])


def run_case(case: Case, seed: Path, book: SeedBook | None = None) -> None:
    """Apply the case's edits to the seed copy, check it, compare this rule's primary cells."""
    edits = {cell: (None if value == "" else value) for cell, value in case.edits.items()}
    if not edits:
        path = seed
    elif book is not None:
        path = book.edited(edits, seed.with_name(f"{seed.stem}-edited{seed.suffix}"))
    else:
        path = edit_cells(seed, edits)
    report = check(path, _settings(case))
    assert report.error is None, report.error.message()
    internal = [f.params for f in report.findings if f.code == "X900"]
    assert not internal, internal
    mine = [f for f in report.findings if f.code == case.rule]
    got = {str(f.cells[0]) for f in mine if f.cells}
    assert got == set(case.expect), f"{case.file} / {case.name}: got {sorted(got)}, expected {sorted(case.expect)}"
    if case.severity is not None:
        wanted = Severity.parse(case.severity)
        assert all(f.severity is wanted for f in mine), [f.severity.label for f in mine]
    rule = load_all()[case.rule]
    for f in mine:  # every template renders with the figures this case gives it: no "?" for a missing key
        for lang in LANGS:
            for template in (rule.message(lang), rule.hint(lang)):
                missing = placeholders(template) - set(f.params)
                assert not missing, f"{case.file} / {case.name}: {lang} template needs {sorted(missing)}: {template}"
            assert message(f, lang) and hint(f, lang)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.name}" for c in CASES])
def test_rule_case(case: Case, seed_workbook: Path, seed_book: SeedBook) -> None:
    run_case(case, seed_workbook, seed_book)


def test_every_rule_has_failing_and_passing_cases() -> None:
    by_rule: dict[str, list[Case]] = {}
    for case in CASES:
        by_rule.setdefault(case.rule, []).append(case)
    catalogue = load_all()
    unknown = sorted(set(by_rule) - set(catalogue))
    assert not unknown, f"case files for codes not in the catalogue: {unknown}"
    missing = []
    for code in sorted(catalogue):
        if code.startswith(EXEMPT_PREFIXES):
            continue
        cases = by_rule.get(code, [])
        if not any(c.expect for c in cases) or not any(not c.expect for c in cases):
            missing.append(code)
    assert not missing, f"rules without a failing and a passing case in tests/check/cases/<CODE>.toml: {missing}"


def test_reader_codes_are_tested_by_the_reader_tests() -> None:
    # The reader's codes need structural edits (a missing sheet, a runaway sheet) that cell
    # edits cannot express: tests/read covers them, and must keep covering every one.
    text = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "read").glob("test_*.py"))
    untested = sorted(code for code in load_all() if code.startswith("F") and f'"{code}"' not in text)
    assert not untested, f"reader codes no test in tests/read mentions: {untested}"
