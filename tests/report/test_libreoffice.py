"""A real spreadsheet application accepts the annotated copy, and its own files get one.

LibreOffice converts our copy to PDF and back to .xlsx (comments and fills survive); a
workbook LibreOffice saved is spliced like one Excel saved, with the same result as openpyxl.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from evaltool.api import check
from evaltool.report.annotate import write_copy
from evaltool.report.output import annotated_path

pytestmark = pytest.mark.libreoffice

NEEDS_LIBREOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _convert(source: Path, target: str, out_dir: Path) -> subprocess.CompletedProcess[str]:
    profile = out_dir / f"lo-{uuid.uuid4().hex}"
    return subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@NEEDS_LIBREOFFICE
def test_libreoffice_converts_the_annotated_copy_to_pdf(seed_workbook: Path, tmp_path: Path) -> None:
    copy = write_copy(check(seed_workbook), annotated_path(seed_workbook))
    result = _convert(copy, "pdf", tmp_path)
    pdf = tmp_path / (copy.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr
    assert pdf.stat().st_size > 10_000  # every sheet printed, not an empty page


@NEEDS_LIBREOFFICE
def test_a_workbook_libreoffice_saved_is_spliced_and_reads_back(tmp_path: Path) -> None:
    import datetime as dt
    import zipfile

    import openpyxl

    from evaltool.report.annotate import annotate
    from evaltool.template import write_workbook
    from evaltool.template.examples import mistakes_data
    from tests.report.test_golden import MARK, project

    made = tmp_path / "made" / "mistakes.xlsx"
    made.parent.mkdir()
    write_workbook(made, mistakes_data())
    assert _convert(made, "xlsx:Calc MS Excel 2007 XML", tmp_path).returncode == 0
    saved = tmp_path / "mistakes.xlsx"  # as LibreOffice writes a workbook
    report = check(saved)
    now = dt.datetime(2025, 4, 25, 9, 30)
    spliced = annotate(report, tmp_path / "copies" / "spliced.xlsx", now=now)
    assert project(spliced) == project(annotate(report, tmp_path / "copies" / "openpyxl.xlsx", now=now, splice=False))
    with zipfile.ZipFile(saved) as a, zipfile.ZipFile(spliced) as b:
        assert a.read("xl/sharedStrings.xml") == b.read("xl/sharedStrings.xml")  # spliced, not re-saved
    # ... and LibreOffice reads our copy back with every comment and fill in place.
    assert _convert(spliced, "xlsx:Calc MS Excel 2007 XML", tmp_path).returncode == 0
    ours, back = openpyxl.load_workbook(spliced), openpyxl.load_workbook(tmp_path / "spliced.xlsx")
    marked = [
        (ws.title, c.coordinate)
        for ws in ours.worksheets[1:]
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None and MARK in c.comment.text
    ]
    assert len(marked) > 20
    for sheet, ref in marked:
        assert back[sheet][ref].comment is not None and MARK in back[sheet][ref].comment.text
        assert back[sheet][ref].fill.fgColor.rgb == ours[sheet][ref].fill.fgColor.rgb


@NEEDS_LIBREOFFICE
def test_our_copy_resaved_by_libreoffice_is_spliced_again(tmp_path: Path) -> None:
    """A unit opens our copy, saves it (styles, strings and drawings renumbered) and checks it again."""
    import datetime as dt
    import zipfile

    from evaltool.report.annotate import annotate
    from evaltool.template import write_workbook
    from evaltool.template.examples import mistakes_data
    from tests.report.test_golden import project

    made = tmp_path / "made" / "mistakes.xlsx"
    made.parent.mkdir()
    write_workbook(made, mistakes_data())
    now = dt.datetime(2025, 4, 25, 9, 30)
    first = annotate(check(made), tmp_path / "made" / "copy.xlsx", now=now)
    assert _convert(first, "xlsx:Calc MS Excel 2007 XML", tmp_path).returncode == 0
    resaved = tmp_path / "copy.xlsx"
    report = check(resaved)
    again = annotate(report, tmp_path / "again" / "spliced.xlsx", now=now)
    assert project(again) == project(annotate(report, tmp_path / "again" / "openpyxl.xlsx", now=now, splice=False))
    with zipfile.ZipFile(resaved) as a, zipfile.ZipFile(again) as b:
        kept = [n for n in a.namelist() if n.startswith("docProps/")]
        assert kept and all(a.read(n) == b.read(n) for n in kept)  # spliced, not re-saved
