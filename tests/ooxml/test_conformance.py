"""Every kind of output is a package Excel opens without its repair prompt (``conformance.py``).

Each output is checked against the transitional XSDs and Excel's own rules; only errors its
input did not already have count. And the check itself must catch what makes Excel repair a
file: a copy with a known repair trigger injected fails it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from evaltool.api import check
from evaltool.report.annotate import annotate, write_proof
from evaltool.report.output import annotated_path
from evaltool.template import write_workbook
from evaltool.template.examples import mistakes_data
from tests.ooxml.conformance import new_errors
from tests.report.test_libreoffice import NEEDS_LIBREOFFICE, _convert
from tests.zips import rezip

MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MACRO_TEMPLATE = b"application/vnd.ms-excel.template.macroEnabled.main+xml"
SHEET_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"


def _mistakes(folder: Path, name: str = "mistakes.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_workbook(path, mistakes_data())
    return path


def _copy(source: Path, out: Path, splice: bool = True) -> Path:
    report = check(source)
    copy = annotate(report, annotated_path(source, out), splice=splice)
    assert report.copy_writer == ("splice" if splice else "openpyxl"), report.copy_fallback
    return copy


def _assert_conforms(output: Path, source: Path | None) -> None:
    errors = new_errors(output, source)
    assert not errors, "\n".join(errors[:20])


def _with_macros(source: Path, target: Path, main_type: bytes) -> Path:
    """``source`` as a macro workbook: a (dummy) macro project and the macro content type."""
    rel = (
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>'
    )
    default = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    target.write_bytes(
        rezip(
            source.read_bytes(),
            {
                "[Content_Types].xml": lambda x: x.replace(SHEET_MAIN, main_type).replace(
                    b"<Default ", default + b"<Default ", 1
                ),
                "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
            },
            add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not a real project"},
        )
    )
    return target


def _with_extras(source: Path, target: Path) -> Path:
    """The unit's own comments (on cells we mark and cells we do not), a chart, a table and
    conditional formats, as a workbook application saves them."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.table import Table

    marked = [c for f in check(source).findings for c in f.cells]
    wb = openpyxl.load_workbook(source)
    for cell in marked[:3]:
        wb[cell.sheet][cell.ref].comment = Comment("单位的批注", "unit")
    wb["收入情况"]["H2"].comment = Comment("另一条批注", "unit")
    ws = wb["收入情况"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=5, max_row=8))
    ws.add_chart(chart, "J2")
    table_sheet = wb["基本情况"]
    for r, row in enumerate([("名称", "数"), ("甲", 1), ("乙", 2)], start=40):
        for c, value in enumerate(row, start=8):
            table_sheet.cell(row=r, column=c, value=value)
    table_sheet.add_table(Table(displayName="UnitTable", ref="H40:I42"))
    red = PatternFill(fill_type="solid", fgColor="FFFF0000", bgColor="FFFF0000")
    wb["支出情况"].conditional_formatting.add("D5:D30", CellIsRule(operator="lessThan", formula=["0"], fill=red))
    wb.save(target)
    # openpyxl declares VML namespaces shape by shape; Excel (and xlsxwriter) on the root.
    drawings = [n for n in zipfile.ZipFile(target).namelist() if n.endswith(".vml")]
    target.write_bytes(rezip(target.read_bytes(), dict.fromkeys(drawings, _excel_vml)))
    return target


def _excel_vml(xml: bytes) -> bytes:
    """A VML drawing as Excel writes it: the v, o and x prefixes declared once, on the root."""
    from lxml import etree

    nsmap = {"v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office"}
    nsmap["x"] = "urn:schemas-microsoft-com:office:excel"

    def rebuilt(old: etree._Element, parent: etree._Element) -> None:
        for child in old:
            new = etree.SubElement(parent, child.tag, dict(child.attrib))
            new.text, new.tail = child.text, child.tail
            rebuilt(child, new)

    root = etree.Element("xml", nsmap=nsmap)  # type: ignore[arg-type]
    rebuilt(etree.fromstring(xml), root)
    return etree.tostring(root)


def _fresh(tmp_path: Path) -> tuple[Path, Path]:
    source = _mistakes(tmp_path / "in")
    return _copy(source, tmp_path / "out"), source


def _again(tmp_path: Path) -> tuple[Path, Path]:
    first, _ = _fresh(tmp_path)
    return _copy(first, tmp_path / "again"), first


def _extras(tmp_path: Path) -> tuple[Path, Path]:
    source = _with_extras(_mistakes(tmp_path / "made"), tmp_path / "extras.xlsx")
    return _copy(source, tmp_path / "out"), source


def _extras_again(tmp_path: Path) -> tuple[Path, Path]:
    first, _ = _extras(tmp_path)
    return _copy(first, tmp_path / "again"), first


def _template(tmp_path: Path) -> tuple[Path, Path]:
    made = _mistakes(tmp_path / "made")
    source = tmp_path / "form.xltx"
    source.write_bytes(
        rezip(made.read_bytes(), {"[Content_Types].xml": lambda x: x.replace(SHEET_MAIN, TEMPLATE_MAIN)})
    )
    return _copy(source, tmp_path / "out"), source


def _macro(tmp_path: Path) -> tuple[Path, Path]:
    source = _with_macros(_mistakes(tmp_path / "made"), tmp_path / "book.xlsm", MACRO_MAIN)
    copy = _copy(source, tmp_path / "out")
    assert copy.suffix == ".xlsm" and "xl/vbaProject.bin" in zipfile.ZipFile(copy).namelist()
    return copy, source


def _macro_template(tmp_path: Path) -> tuple[Path, Path]:
    source = _with_macros(_mistakes(tmp_path / "made"), tmp_path / "form.xltm", MACRO_TEMPLATE)
    return _copy(source, tmp_path / "out"), source


def _openpyxl(tmp_path: Path) -> tuple[Path, Path]:
    source = _mistakes(tmp_path / "in")
    return _copy(source, tmp_path / "out", splice=False), source


def _openpyxl_extras(tmp_path: Path) -> tuple[Path, Path]:
    source = _with_extras(_mistakes(tmp_path / "made"), tmp_path / "extras.xlsx")
    return _copy(source, tmp_path / "out", splice=False), source


def _proof(tmp_path: Path) -> tuple[Path, Path | None]:
    from evaltool.template import seed_data

    source = tmp_path / "in" / "seed.xlsx"
    source.parent.mkdir()
    write_workbook(source, seed_data())
    return write_proof(check(source), tmp_path / "proof.xlsx"), None


def _summary(tmp_path: Path) -> tuple[Path, Path | None]:
    inbox = tmp_path / "inbox"
    _mistakes(inbox, "单位甲.xlsx")
    _with_extras(_mistakes(tmp_path / "made"), inbox / "单位乙.xlsx")
    (inbox / "坏文件.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    copies = sorted(out.rglob("*_校验结果.xlsx"))
    assert len(copies) == 2
    for copy in copies:
        _assert_conforms(copy, inbox / (copy.stem.replace("_校验结果", "") + ".xlsx"))
    return out / "汇总.xlsx", None


KINDS: dict[str, Callable[[Path], tuple[Path, Path | None]]] = {
    "spliced-fresh": _fresh,
    "spliced-checked-again": _again,
    "spliced-own-comments-chart-table-cf": _extras,
    "spliced-own-comments-checked-again": _extras_again,
    "spliced-xltx": _template,
    "spliced-xlsm": _macro,
    "spliced-xltm": _macro_template,
    "openpyxl-fallback": _openpyxl,
    "openpyxl-fallback-own-comments": _openpyxl_extras,
    "pass-proof": _proof,
    "batch-summary": _summary,
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_output_kind_conforms(kind: str, tmp_path: Path) -> None:
    output, source = KINDS[kind](tmp_path)
    _assert_conforms(output, source)


@NEEDS_LIBREOFFICE
def test_a_copy_libreoffice_saved_and_checked_again_conforms(tmp_path: Path) -> None:
    """The unit opens our copy in LibreOffice (no idmap, every shape ``shape_0``), saves it, checks it again."""
    first, _ = _extras(tmp_path)
    assert _convert(first, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo").returncode == 0
    resaved = tmp_path / "lo" / first.name
    _assert_conforms(_copy(resaved, tmp_path / "again"), resaved)


# --- the check catches what Excel repairs ---------------------------------------------------------


def _swap_first_two_cells(xml: bytes) -> bytes:
    m = re.search(rb"(<c\b[^>]*?(?:/>|>.*?</c>))(<c\b[^>]*?(?:/>|>.*?</c>))", xml, re.S)
    assert m is not None
    return xml[: m.start()] + m.group(2) + m.group(1) + xml[m.end() :]


def _duplicate_name(xml: bytes) -> bytes:
    m = re.search(rb"<definedName\b.*?</definedName>", xml, re.S)
    assert m is not None
    return xml[: m.end()] + m.group(0) + xml[m.end() :]


def _style_out_of_range(xml: bytes) -> bytes:
    return re.sub(rb'(<c\b[^>]*?\ss=")\d+"', rb'\g<1>60000"', xml, count=1)


TRIGGERS: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "duplicate-defined-name": ("xl/workbook.xml", _duplicate_name, "defined-names"),
    "cells-out-of-order": ("xl/worksheets/sheet3.xml", _swap_first_two_cells, "cells"),
    "style-index-out-of-range": ("xl/worksheets/sheet3.xml", _style_out_of_range, "styles-ref"),
}


@pytest.mark.parametrize("trigger", [*TRIGGERS, "colliding-shape-ids"])
def test_the_check_fails_a_copy_with_a_repair_trigger(trigger: str, tmp_path: Path) -> None:
    copy, _ = _fresh(tmp_path)
    _assert_conforms(copy, None)
    with zipfile.ZipFile(copy) as z:
        members = {n: z.read(n) for n in z.namelist()}
    if trigger == "colliding-shape-ids":  # a second drawing reusing the first one's block and ids
        first, second = sorted(n for n in members if n.endswith(".vml"))[:2]
        block = re.search(rb'data="(\d+)"', members[first]).group(1)  # type: ignore[union-attr]
        ids = re.findall(rb'id="_x0000_s(\d+)"', members[first])

        def collide(xml: bytes) -> bytes:
            xml = re.sub(rb'data="[\d,]+"', b'data="' + block + b'"', xml)
            own = iter(ids)
            return re.sub(rb'id="_x0000_s\d+"', lambda _: b'id="_x0000_s' + next(own) + b'"', xml)

        part, edit, check_name = second, collide, "vml-ids"
    else:
        part, edit, check_name = TRIGGERS[trigger]
    assert part in members
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(rezip(copy.read_bytes(), {part: edit}))
    errors = new_errors(broken, copy)
    assert any(f"] {check_name} " in e for e in errors), errors
