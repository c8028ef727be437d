"""Every readable hostile input still gets its copy: no crash, the input untouched, text kept as text."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from evaltool.api import check
from evaltool.layout import RESULT_SHEET
from evaltool.report.annotate import write_copy
from evaltool.report.output import annotated_path
from tests.hostile.corpus import ACTIVE_TEXTS, CASES, Case

pytestmark = pytest.mark.hostile

# Every readable case, the big ones included (runaway-rows: ~200k cells; many-findings: the
# copy lists the 2,000 worst of 40,000 findings): spliced, each takes a few seconds, most of it
# this test's own openpyxl load of the copy.
READABLE = [pytest.param(c, id=c.name) for c in CASES if not c.slow and not c.unreadable]


@pytest.mark.parametrize("case", READABLE)
def test_hostile_input_gets_a_copy(case: Case, tmp_path: Path) -> None:
    source = case.build(tmp_path)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    report = check(source, case.settings)
    assert report.error is None
    copy = write_copy(report, annotated_path(source, tmp_path / "out"))
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == RESULT_SHEET
    with zipfile.ZipFile(copy) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    for text in ACTIVE_TEXTS:
        # Whatever a submission typed, no formula of ours holds it.
        assert f"<f>{text.lstrip('=')}</f>" not in xml
