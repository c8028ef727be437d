"""Every readable hostile input still gets its copy: no crash, the input untouched, text kept as text."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest

from evaltool.api import check
from evaltool.findings import Severity
from evaltool.layout import RESULT_SHEET
from evaltool.report.annotate import FILLS, write_copy
from evaltool.report.output import annotated_path
from evaltool.report.results_sheet import ALSO_FILLS
from tests.conftest import REAL_SPLICE_FAILED
from tests.hostile.corpus import ACTIVE_TEXTS, CASES, Case
from tests.zips import rezip

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


# --- Copies Excel opens without a repair prompt, whatever the input (issues 10 and 11) -----------
# Each test below failed before its fix; ``new_errors`` is the suite's conformance check.

BAD_TEXT = "单位\ufffe\uffff\x01\x1f\udcb5名"  # what XML 1.0 forbids: U+FFFE/FFFF, C0 controls, a lone surrogate


def _parses_strictly(path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                etree.fromstring(z.read(name))  # raises on a character XML 1.0 forbids


@pytest.mark.parametrize("writer", ["splice", "openpyxl", "proof"])
def test_forbidden_characters_never_reach_a_copy(writer: str, seed_workbook: Path, tmp_path: Path) -> None:
    from evaltool.report.annotate import annotate, write_proof
    from tests.ooxml.conformance import new_errors
    from tests.report.test_splice import _finding

    source = tmp_path / f"{BAD_TEXT}.xlsx"  # an undecodable byte of a file name is a lone surrogate
    source.write_bytes(seed_workbook.read_bytes())
    report = check(source)
    report.unit_name = BAD_TEXT
    if writer == "proof":
        report.findings = []
        out = write_proof(report, tmp_path / "proof.xlsx")
    else:
        report.findings.append(replace(_finding("收入情况", "D5"), params={"raw": BAD_TEXT}))
        out = annotate(report, tmp_path / "copy.xlsx", splice=writer == "splice")
        assert report.copy_writer == writer
    _parses_strictly(out)
    assert not new_errors(out, source)
    shown = "".join(str(c.value) for row in openpyxl.load_workbook(out)[RESULT_SHEET].iter_rows() for c in row)
    assert "单位\ufffd\ufffd\\xb5名" in shown  # replaced, and the undecodable byte shown escaped


def test_forbidden_characters_never_reach_the_summary(tmp_path: Path) -> None:
    from evaltool.batch.assemble import BatchData, build_rows
    from evaltool.batch.discover import Unusable
    from evaltool.batch.summary import write_summary
    from tests.batch.helpers import finding, result

    bad = result(f"{BAD_TEXT}.xlsx", "101", finding("B101"), annotated=f"{BAD_TEXT}_校验结果.xlsx", unit_name=BAD_TEXT)
    bad.findings[0].message_zh = BAD_TEXT
    data = BatchData(
        run_id=1,
        started="2026-01-01T00:00:00+00:00",
        tool_version="0.1.0",
        inbox=str(tmp_path),
        lang="zh",
        rows=build_rows([bad], None, None),
        unusable=[Unusable(f"{BAD_TEXT}.pdf", "not_workbook")],
    )
    path = tmp_path / "汇总.xlsx"
    write_summary(path, data, 1)
    _parses_strictly(path)


def _seed_edited(seed: Path, edit: Callable[[str, bytes], bytes], target: Path) -> Path:
    with zipfile.ZipFile(seed) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    target.write_bytes(rezip(seed.read_bytes(), {n: edit(n, d) for n, d in parts.items() if n.endswith(".xml")}))
    return target


def _single_quotes(name: str, xml: bytes) -> bytes:
    if name.startswith("xl/worksheets/"):
        return re.sub(rb'(<c\b[^>]*?\s)s="(\d+)"', rb"\1s='\2'", xml)
    return re.sub(rb'\sfillId="(\d+)"', rb" fillId='\1'", xml) if name == "xl/styles.xml" else xml


def _spaced_equals(name: str, xml: bytes) -> bytes:
    if name.startswith("xl/worksheets/"):
        return re.sub(rb'(<c\b[^>]*?\s)s="(\d+)"', rb'\1s = "\2"', xml)
    return xml


def _prefixed_main(name: str, xml: bytes) -> bytes:
    if not name.startswith("xl/worksheets/"):
        return xml
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = xml.replace(
        b'<worksheet xmlns="' + main + b'"', b'<worksheet xmlns="' + main + b'" xmlns:x="' + main + b'"', 1
    )
    return re.sub(rb"<(/?)(row|c|v|f|is|t)\b", rb"<\1x:\2", xml)  # the root unprefixed, rows and cells not


@pytest.mark.parametrize("edit", [_single_quotes, _spaced_equals, _prefixed_main], ids=lambda f: f.__name__[1:])
def test_attribute_syntax_the_spec_allows_never_breaks_a_copy(
    edit: Callable[[str, bytes], bytes], seed_workbook: Path, tmp_path: Path
) -> None:
    from evaltool.report.annotate import annotate
    from tests.ooxml.conformance import new_errors
    from tests.report.test_splice import _finding, _report

    source = _seed_edited(seed_workbook, edit, tmp_path / "odd.xlsx")
    report = _report(source, _finding("收入情况", "D5", "D6", "H40"))
    out = annotate(report, tmp_path / "copy.xlsx")
    assert not new_errors(out, source)
    assert report.copy_writer == "openpyxl" and report.copy_fallback  # refused, said so, never spliced wrong
    income = openpyxl.load_workbook(out)["收入情况"]
    assert income["D5"].fill.fgColor.rgb == FILLS[Severity.ERROR]  # the finding's main cell
    assert income["H40"].fill.fgColor.rgb == ALSO_FILLS[Severity.ERROR]  # a cell it also names


def _rows(body: str) -> bytes:
    return f'<worksheet xmlns="M"><sheetData>{body}</sheetData></worksheet>'.encode()


_NAMES = '<definedName name="N" localSheetId="0">1</definedName><definedName name="n" localSheetId="0">2</definedName>'


@pytest.mark.parametrize(
    ("part", "xml", "why"),
    [
        ("a.xml", b'<worksheet xmlns="M"><sheet r:id="x"/></worksheet>', "well-formed"),
        ("a.xml", b'<worksheet xmlns="M"><c s="1" s="2"/></worksheet>', "well-formed"),
        ("a.xml", b'<!DOCTYPE w [<!ENTITY e "x">]><worksheet xmlns="M"/>', "DOCTYPE"),
        ("s.xml", _rows('<row r="2"/><row r="2"/>'), "row 2"),
        ("s.xml", _rows('<row r="1"><c r="B1"/><c r="A1"/></row>'), "column"),
        ("s.xml", _rows('<row r="1"><c r="A1"/><c r="A1"/></row>'), "column"),
        ("s.xml", _rows('<row r="1"><c r="A2"/></row>'), "inside"),
        ("s.xml", _rows('<row r="1"><c r="A1" s="7"/></row>'), "style index"),
        ("b.xml", f'<workbook xmlns="M"><definedNames>{_NAMES}</definedNames></workbook>'.encode(), "twice"),
        (
            "st.xml",
            b'<styleSheet xmlns="M"><fills count="3"><fill/></fills><cellXfs count="1"><xf/></cellXfs></styleSheet>',
            "count",
        ),
        ("d2.vml", b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025"/></xml>', "shape id"),
    ],
)
def test_every_spliced_part_is_checked_before_writing(part: str, xml: bytes, why: str) -> None:
    from evaltool.report.splice.verify import verify
    from evaltool.report.splice.xmltext import SpliceDefect

    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = xml.replace(b'xmlns="M"', b'xmlns="' + main + b'"')
    styles = b'<styleSheet xmlns="' + main + b'"><cellXfs count="2"><xf/><xf/></cellXfs></styleSheet>'
    drawings = {"d1.vml": b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025"/></xml>'}
    parts = {part: xml, "st.xml": styles} if part != "st.xml" else {part: xml}
    if part.endswith(".vml"):
        drawings[part] = xml
    with pytest.raises(SpliceDefect, match=why):
        verify(parts, {}, "st.xml", ["s.xml"], drawings)


def test_a_splicer_defect_never_ships_a_broken_copy(
    seed_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A defect that puts a cell twice: caught before writing; the copy comes from openpyxl, and says so."""
    from evaltool.report.annotate import annotate
    from evaltool.report.splice import cells
    from evaltool.report.splice.xmltext import SpliceDefect
    from tests.ooxml.conformance import new_errors
    from tests.report.test_splice import _finding, _report

    marked = cells.mark_sheet

    def twice(*args: Any, **kwargs: Any) -> bytes:
        xml = marked(*args, **kwargs)
        m = re.search(rb"<c\b[^>]*/>|<c\b.*?</c>", xml, re.S)
        assert m is not None
        return xml[: m.end()] + m.group(0) + xml[m.end() :]

    monkeypatch.setattr("evaltool.report.splice.package.mark_sheet", twice)
    report = _report(seed_workbook, _finding("收入情况", "D5"))
    with pytest.raises(SpliceDefect, match="after column"):  # the suite runs strict
        annotate(report, tmp_path / "strict.xlsx")
    monkeypatch.setattr("evaltool.report.annotate.splice_failed", REAL_SPLICE_FAILED)  # production: logged
    out = annotate(report, tmp_path / "copy.xlsx")
    assert not new_errors(out, seed_workbook)
    assert report.copy_writer == "openpyxl" and "after column" in (report.copy_fallback or "")
    assert report.to_dict()["copy_writer"] == "openpyxl" and report.to_dict()["copy_fallback"]
    assert any("openpyxl" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)


def test_a_refusal_is_logged_and_reported(
    seed_workbook: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from evaltool.report.annotate import annotate
    from tests.report.test_splice import _finding, _report

    source = tmp_path / "odd.xlsx"
    source.write_bytes(rezip(seed_workbook.read_bytes(), {"xl/workbook.xml": lambda x: b"<!-- x -->" + x}))
    report = _report(source, _finding("收入情况", "D5"))
    annotate(report, tmp_path / "copy.xlsx")
    assert report.copy_writer == "openpyxl" and "comments" in (report.copy_fallback or "")
    assert any(str(source) in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    fresh = _report(seed_workbook, _finding("收入情况", "D5"))
    annotate(fresh, tmp_path / "fresh.xlsx")
    assert fresh.copy_writer == "splice" and fresh.copy_fallback is None


def test_the_batch_counts_copies_made_by_the_fallback(seed_workbook: Path, tmp_path: Path) -> None:
    import json

    from evaltool.batch import BatchOptions, run_batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "plain.xlsx").write_bytes(seed_workbook.read_bytes())
    odd = rezip(seed_workbook.read_bytes(), {"xl/workbook.xml": lambda x: b"<!-- x -->" + x})
    (inbox / "odd.xlsx").write_bytes(odd)
    outcome = run_batch(BatchOptions(inbox, tmp_path / "out", jobs=1))
    assert outcome.data.copy_fallbacks == 1
    files = {Path(f["path"]).name: f for f in json.loads((tmp_path / "out" / "results.json").read_text())["files"]}
    assert files["odd.xlsx"]["copy_writer"] == "openpyxl" and "comments" in files["odd.xlsx"]["copy_fallback"]
    assert files["plain.xlsx"]["copy_writer"] in ("splice", "proof") and files["plain.xlsx"]["copy_fallback"] is None
    run_info = openpyxl.load_workbook(tmp_path / "out" / "汇总.xlsx")["运行信息"]
    assert ["副本改由 openpyxl 生成", 1] in [[c.value for c in row] for row in run_info.iter_rows()]


def test_text_parsed_from_meta_never_expands_an_entity(seed_workbook: Path, tmp_path: Path) -> None:
    """A copy sent back with a DOCTYPE in _meta's recorded fills: never parsed (an entity could be 8 MB)."""
    from evaltool.report.annotate import annotate
    from tests.report.test_splice import _finding, _report

    first = annotate(_report(seed_workbook, _finding("收入情况", "D5")), tmp_path / "first.xlsx")
    entity = '<!DOCTYPE f [<!ENTITY e "FFFF0000">]><fill><patternFill patternType="solid">'
    entity += '<fgColor rgb="&e;"/></patternFill></fill>'
    planted = json.dumps({"收入情况!D5": entity}, ensure_ascii=False)

    def plant(xml: bytes) -> bytes:
        m = re.search(rb'(<c r="B\d+"[^>]*><is><t[^>]*>)(\{[^<]*?D5[^<]*)(</t>)', xml)
        assert m is not None
        return xml[: m.start(2)] + escape(planted).encode() + xml[m.end(2) :]

    with zipfile.ZipFile(first) as z:
        meta = next(n for n in z.namelist() if n.startswith("xl/worksheets/") and b"annotated_fills" in z.read(n))
    sent_back = tmp_path / "sent-back.xlsx"
    sent_back.write_bytes(rezip(first.read_bytes(), {meta: plant}))
    for splice in (True, False):
        again = annotate(
            _report(sent_back, _finding("收入情况", "D6")), tmp_path / f"again-{splice}.xlsx", splice=splice
        )
        assert openpyxl.load_workbook(again)["收入情况"]["D5"].fill.fgColor.rgb != "FFFF0000"


def test_column_styles_are_not_expanded_column_by_column(seed_workbook: Path, tmp_path: Path) -> None:
    """30,000 ``<col>`` ranges of 16,384 columns each (a 27 KB file took minutes): looked up, not expanded."""
    from evaltool.report.annotate import annotate
    from tests.report.test_splice import _finding, _report

    wb = openpyxl.load_workbook(seed_workbook)
    sheet = wb.sheetnames.index("收入情况") + 1
    cols = b"".join(b'<col min="1" max="16384" width="9" style="%d" customWidth="1"/>' % (i % 2) for i in range(30_000))

    def many_cols(xml: bytes) -> bytes:
        xml = re.sub(rb"<cols>.*?</cols>", b"", xml, flags=re.S)
        return re.sub(rb"(<sheetData\b)", b"<cols>" + cols + rb"</cols>\1", xml, count=1)

    source = tmp_path / "cols.xlsx"
    source.write_bytes(rezip(seed_workbook.read_bytes(), {f"xl/worksheets/sheet{sheet}.xml": many_cols}))
    report = _report(source, _finding("收入情况", "Z900"))  # a cell that does not exist: its column's style
    out = annotate(report, tmp_path / "copy.xlsx")
    with zipfile.ZipFile(out) as z:
        cell = re.search(rb'<c r="Z900" s="(\d+)"', z.read(f"xl/worksheets/sheet{sheet}.xml"))
    assert cell is not None
    assert openpyxl.load_workbook(out)["收入情况"]["Z900"].fill.fgColor.rgb == FILLS[Severity.ERROR]
    assert report.copy_writer == "splice"


def _macro_template(seed: Path, target: Path) -> Path:
    from tests.ooxml.test_conformance import MACRO_TEMPLATE, _with_macros

    return _with_macros(seed, target, MACRO_TEMPLATE)


@pytest.mark.parametrize("splice", [True, False], ids=["spliced", "openpyxl"])
def test_an_xltm_copy_is_a_workbook_without_macros(splice: bool, seed_workbook: Path, tmp_path: Path) -> None:
    from evaltool.report.annotate import annotate
    from tests.ooxml.conformance import new_errors
    from tests.report.test_splice import _finding, _report

    source = _macro_template(seed_workbook, tmp_path / "form.xltm")
    out = annotate(_report(source, _finding("收入情况", "D5")), annotated_path(source, tmp_path / "out"), splice=splice)
    assert out.suffix == ".xlsx"
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
        types = z.read("[Content_Types].xml")
    assert b"macroEnabled" not in types and b"spreadsheetml.sheet.main+xml" in types
    assert not new_errors(out, source)


def _strict(xml: bytes) -> bytes:
    return (
        xml.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main")
        .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships", b"http://purl.oclc.org/ooxml/officeDocument/relationships")
    )  # fmt: skip


def test_strict_ooxml_gets_a_clear_message_never_a_copy_without_its_sheets(seed_workbook: Path, tmp_path: Path) -> None:
    from evaltool.report.output import OutputError

    with zipfile.ZipFile(seed_workbook) as z:
        names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
    source = tmp_path / "strict.xlsx"
    source.write_bytes(rezip(seed_workbook.read_bytes(), dict.fromkeys(names, _strict)))
    report = check(source)
    target = annotated_path(source, tmp_path / "out")
    with pytest.raises(OutputError) as caught:
        write_copy(report, target)
    assert caught.value.reason == "strict_ooxml" and "Strict" in caught.value.message("en")
    assert not target.exists()
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "check", str(source), "--out-dir", str(tmp_path / "cli"), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Strict Open XML" in run.stdout + run.stderr, run.stdout + run.stderr
    assert not list((tmp_path / "cli").glob("*.xlsx"))


def test_an_unchanged_copy_checked_again_keeps_one_filter_name(seed_workbook: Path, tmp_path: Path) -> None:
    from evaltool.report.annotate import annotate
    from tests.report.test_splice import _finding, _report

    copy = seed_workbook
    for n in range(3):  # the same findings each time: the filter name found unchanged
        copy = annotate(_report(copy, _finding("收入情况", "D5")), tmp_path / f"copy{n}.xlsx")
        with zipfile.ZipFile(copy) as z:
            book = z.read("xl/workbook.xml")
        assert len(re.findall(rb'<definedName name="_xlnm._FilterDatabase" localSheetId="0"', book)) == 1


def test_notes_joining_libreoffice_drawings_get_ids_of_their_own(seed_workbook: Path, tmp_path: Path) -> None:
    """LibreOffice writes no idmap and calls every shape ``shape_0``: each drawing still gets its own id blocks."""
    from openpyxl.comments import Comment

    from evaltool.report.annotate import annotate
    from tests.ooxml.conformance import new_errors
    from tests.ooxml.test_conformance import _excel_vml
    from tests.report.test_splice import _finding, _report

    wb = openpyxl.load_workbook(seed_workbook)
    wb["收入情况"]["H2"].comment = Comment("单位批注", "unit")
    wb["支出情况"]["H2"].comment = Comment("单位批注", "unit")
    made = tmp_path / "made.xlsx"
    wb.save(made)

    def libreoffice(xml: bytes) -> bytes:
        xml = re.sub(rb"<o:shapelayout\b.*?</o:shapelayout>", b"", _excel_vml(xml), flags=re.S)
        return re.sub(rb'id="_x0000_s\d+"', b'id="shape_0"', xml)

    with zipfile.ZipFile(made) as z:
        drawings = [n for n in z.namelist() if n.endswith(".vml")]
    source = tmp_path / "lo.xlsx"
    source.write_bytes(rezip(made.read_bytes(), dict.fromkeys(drawings, libreoffice)))
    report = _report(source, _finding("收入情况", "D5"), _finding("支出情况", "D5"), _finding("基本情况", "B5"))
    out = annotate(report, tmp_path / "copy.xlsx")
    assert not new_errors(out, source)
    assert report.copy_writer == "splice", report.copy_fallback
    with zipfile.ZipFile(out) as z:
        vml = {n: z.read(n) for n in z.namelist() if n.endswith(".vml")}
    assert len(vml) == 3
    blocks = [set(re.findall(rb'idmap\b[^>]*data="([\d,]+)"', d)[0].split(b",")) for d in vml.values()]
    assert all(blocks) and sum(len(b) for b in blocks) == len(set().union(*blocks))  # no block shared


def test_a_part_broken_as_submitted_is_refused_not_blamed_on_the_splicer(seed_workbook: Path, tmp_path: Path) -> None:
    """Rows out of order in the unit's own sheet: the splicer refuses (openpyxl copy), no defect of ours raised."""
    from evaltool.report.annotate import annotate
    from tests.report.test_splice import _finding, _report

    sheet = openpyxl.load_workbook(seed_workbook).sheetnames.index("收入情况") + 1

    def swap_rows(xml: bytes) -> bytes:
        rows = list(re.finditer(rb"<row\b.*?</row>", xml, re.S))
        a, b = rows[1], rows[2]
        return xml[: a.start()] + b.group(0) + a.group(0) + xml[b.end() :]

    source = tmp_path / "unsorted.xlsx"
    source.write_bytes(rezip(seed_workbook.read_bytes(), {f"xl/worksheets/sheet{sheet}.xml": swap_rows}))
    report = _report(source, _finding("收入情况", "D5"))
    annotate(report, tmp_path / "copy.xlsx")  # the suite's strict hook would raise on a defect of ours
    assert report.copy_writer == "openpyxl" and (report.copy_fallback or "").startswith("as submitted")
