"""`evaltool upgrade OLD.xlsx -o NEW.xlsx`: a v1 workbook into v2 with every value kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evaltool.api import check, read
from evaltool.cli.main import cli
from evaltool.exitcodes import ExitStatus
from evaltool.layout import TEMPLATE_VERSION, V2_KINDS, Kind
from evaltool.model import Submission
from evaltool.template import write_workbook
from evaltool.template.examples import MISTAKES_EXAMPLE_V1, SEED_EXAMPLE_V1

ROOT = Path(__file__).resolve().parents[2]


def _values(sub: Submission) -> dict[str, object]:
    """Every value read, by kind and Excel row (NaN as None), and every 基本情况 item."""
    out: dict[str, object] = {f"basic.{k}": (v.value, str(v.cell)) for k, v in sub.basic.items()}
    for kind, table in sub.tables.items():
        if kind in V2_KINDS:
            continue
        frame = table.df.astype(object).where(table.df.notna(), None)
        out[f"{kind}.rows"] = frame.to_dict("index")
        out[f"{kind}.cells"] = table.cells.to_dict("index")
        if table.total is not None:
            out[f"{kind}.total"] = table.total.astype(object).where(table.total.notna(), None).to_dict("index")
    return out


def _upgrade(source: Path, target: Path) -> None:
    result = CliRunner().invoke(cli, ["upgrade", str(source), "-o", str(target)])
    assert result.exit_code == ExitStatus.OK, result.output


@pytest.mark.parametrize("example", [SEED_EXAMPLE_V1, MISTAKES_EXAMPLE_V1], ids=["seed", "mistakes"])
def test_upgrade_keeps_every_value_and_finding(tmp_path: Path, example: Path) -> None:
    old, new = ROOT / example, tmp_path / "v2.xlsx"
    _upgrade(old, new)
    before, after = read(old), read(new)
    assert (before.template_version, after.template_version) == (1, TEMPLATE_VERSION)
    assert _values(after) == _values(before)
    # The same findings at the same cells, less the note that a newer template exists; the
    # new sheets hold each project's name and 年度资金总额.
    old_findings = [(f.code, f.cells, dict(f.params)) for f in check(old).findings if f.code != "F012"]
    v2_sheets = {after.tables[k].sheet for k in V2_KINDS}
    new_findings = [(f.code, f.cells, dict(f.params)) for f in check(new).findings]
    assert [f for f in new_findings if not (f[1] and f[1][0].sheet in v2_sheets)] == old_findings
    funds = after.tables[Kind.PROJECT_FUNDS].df
    assert list(funds["source"]) == ["年度资金总额"] * 3
    assert list(funds["budget"]) == [16.8, 7.69, 79.79]
    assert list(after.tables[Kind.PROJECT_CONCLUSIONS].df["project"]) == list(before.tables[Kind.PROJECTS].df["name"])


def test_an_upgraded_copy_is_v2_and_the_input_is_untouched(tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    write_workbook(old, None, version=1)
    data = old.read_bytes()
    _upgrade(old, tmp_path / "new.xlsx")
    assert old.read_bytes() == data
    assert read(tmp_path / "new.xlsx").template_version == TEMPLATE_VERSION


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    out.write_bytes(b"precious")
    result = CliRunner().invoke(cli, ["upgrade", str(ROOT / SEED_EXAMPLE_V1), "-o", str(out)])
    assert result.exit_code == ExitStatus.FAILURE and "--force" in result.output
    assert out.read_bytes() == b"precious"
