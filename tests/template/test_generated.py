"""The committed template and examples are exactly what the code produces; the mistakes are listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaltool.template import place, seed_data, write_workbook
from evaltool.template.examples import (
    MISTAKES,
    MISTAKES_EXAMPLE,
    MISTAKES_EXAMPLE_V1,
    README,
    SEED_EXAMPLE,
    SEED_EXAMPLE_V1,
    TEMPLATE_FILE,
    Mistake,
    apply_mistake,
    mistakes_data,
    mistakes_table,
)
from tests.template.projection import project

ROOT = Path(__file__).resolve().parents[2]
HINT = "regenerate with: python -m evaltool.template.examples"


@pytest.mark.parametrize(
    ("committed", "make"),
    [
        (TEMPLATE_FILE, lambda: None),
        (SEED_EXAMPLE, seed_data),
        (MISTAKES_EXAMPLE, mistakes_data),
        (SEED_EXAMPLE_V1, seed_data),
        (MISTAKES_EXAMPLE_V1, mistakes_data),
    ],
    ids=["template", "seed", "mistakes", "seed-v1", "mistakes-v1"],
)
def test_committed_workbook_is_what_the_code_writes(tmp_path: Path, committed: Path, make: object) -> None:
    fresh = tmp_path / committed.name
    write_workbook(fresh, make(), version=1 if "v1" in committed.parts else 2)  # type: ignore[operator]
    assert project(ROOT / committed) == project(fresh), HINT


def test_projection_sees_a_changed_cell(tmp_path: Path) -> None:
    # The projection must be able to tell two workbooks apart (else the test above proves nothing).
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    data = seed_data()
    write_workbook(a, data)
    data.projects.rows[0].spent = 16.0
    write_workbook(b, data)
    diff = set(project(a)) ^ set(project(b))
    assert any("项目支出!E5 16 " in line for line in diff)
    assert any("项目支出!F5 " in line and "cached=95.24" in line for line in diff)  # only the cached 执行率 changed


def test_readme_table_lists_every_mistake_and_its_cell() -> None:
    text = (ROOT / README).read_text(encoding="utf-8")
    assert mistakes_table() in text, HINT
    rows = re.findall(r"^\| (M\d+) \| (§[\d.]+) \| `([^`!]+)!([A-Z]+\d+)` \|", text, re.M)
    assert [(m.id, m.domain_ref, m.sheet, m.cell) for m in MISTAKES] == rows


def test_mistakes_cover_every_item_of_domain_section_5() -> None:
    covered = {m.domain_ref for m in MISTAKES}
    assert {f"§5.{i}" for i in range(1, 13)} <= covered
    assert len({m.id for m in MISTAKES}) == len(MISTAKES) >= 12
    assert all(m.expected_codes == () or all(m.expected_codes) for m in MISTAKES)


def _cells(path: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for data_only in (False, True):
        for ws in load_workbook(path, data_only=data_only):
            for row in ws.iter_rows():
                for cell in row:
                    out[f"{ws.title}!{cell.coordinate}/{data_only}"] = cell.value
    return out


@pytest.fixture(scope="module")
def seed_cells(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    path = tmp_path_factory.mktemp("seed") / "seed.xlsx"
    write_workbook(path, seed_data())
    return _cells(path)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_each_mistake_changes_its_own_cell(tmp_path: Path, mistake: Mistake, seed_cells: dict[str, object]) -> None:
    wrong = tmp_path / "wrong.xlsx"
    write_workbook(wrong, apply_mistake(seed_data(), mistake.id))
    before, after = seed_cells, _cells(wrong)
    changed = {k.split("/")[0] for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert f"{mistake.sheet}!{mistake.cell}" in changed, sorted(changed)


def test_mistakes_keep_the_seed_layout() -> None:
    assert place(mistakes_data()) == place(seed_data())
