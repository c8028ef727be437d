"""Property tests over large input spaces: the number parser, and random edits of a real submission."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.api import check
from evaltool.reading.numbers import parse_number
from tests.hostile.corpus import ACTIVE_TEXTS

pytestmark = pytest.mark.hostile

FULL_WIDTH = str.maketrans("0123456789.,%-", "０１２３４５６７８９．，％－")


def _variants(text: str) -> list[str]:
    """Ways people type the same figure (template spec, "General rules")."""
    return [
        text,
        f" {text} ",
        f"\u3000{text}\u00a0",
        text.translate(FULL_WIDTH),
        f"{text}万元",
        f"\u200b{text}",
    ]


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_number_parser_round_trips_every_written_form(value: Decimal) -> None:
    plain = f"{value:.2f}"
    grouped = f"{value:,.2f}"
    for text in (plain, grouped):
        for form in _variants(text):
            parsed = parse_number(form)
            assert parsed is not None, form
            assert Decimal(repr(parsed.value)).quantize(Decimal("0.01")) == value, form
    percent = parse_number(f"{plain}%")
    assert percent is not None and percent.unit == "%"
    assert Decimal(repr(percent.value)).quantize(Decimal("0.01")) == value


# --- random edits of a real submission ---------------------------------------------------

SHEETS = ("基本情况", "收入情况", "支出情况", "自评打分表", "整体绩效目标", "项目支出", "项目绩效指标")
CELL_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(
        [
            *ACTIVE_TEXTS,
            "合计",
            "≥",
            "定性",
            "≥32 万人",
            "１，４８２．０５",
            "62.25%",
            "—",
            "无",
            "扣分项（10分）",
            "总体绩效（65分）",
            "产出指标",
            "满意度指标",
            "=SUM(D5:D14)",
            "=1/0",
            "=D5+",
            "金额",
            "项目名称",
        ]
    ),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)
EDITS = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(1, 40), st.integers(1, 12), CELL_VALUES),
    min_size=1,
    max_size=6,
)
A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")


@pytest.fixture(scope="module")
def seed_copy_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from evaltool.template.seed import seed_data
    from evaltool.template.writer import write_workbook

    path = tmp_path_factory.mktemp("prop") / "seed.xlsx"
    write_workbook(path, seed_data())
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_random_edits_never_raise_and_name_real_cells(
    edits: list[tuple[str, int, int, object]], seed_copy_source: Path, tmp_path: Path
) -> None:
    path = tmp_path / "edited.xlsx"
    shutil.copyfile(seed_copy_source, path)
    book = openpyxl.load_workbook(path)
    for sheet, row, col, value in edits:
        cell = book[sheet].cell(row=row, column=col)
        if isinstance(cell, openpyxl.cell.cell.MergedCell):
            continue
        cell.value = value
    book.save(path)
    report = check(path)  # must not raise
    assert report.error is None
    assert "X900" not in {f.code for f in report.findings}, [f.params for f in report.findings if f.code == "X900"]
    existing = set(openpyxl.load_workbook(path, read_only=True).sheetnames)
    for finding in report.findings:
        for c in finding.cells:
            assert c.sheet in existing and A1.match(c.ref), (finding.code, c)
