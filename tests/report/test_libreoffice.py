"""A real spreadsheet application accepts the annotated copy: LibreOffice converts it to PDF."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from evaltool.api import check
from evaltool.report.annotate import write_copy
from evaltool.report.output import annotated_path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annotated_copy_to_pdf(seed_workbook: Path, tmp_path: Path) -> None:
    copy = write_copy(check(seed_workbook), annotated_path(seed_workbook))
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(copy),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / (copy.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr
    assert pdf.stat().st_size > 10_000  # every sheet printed, not an empty page
