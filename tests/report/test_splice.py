"""The spliced annotated copy (report/splice/): same result as the openpyxl round trip, the rest untouched."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from evaltool.api import Report, check, read
from evaltool.findings import CellRef, Finding, Severity
from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.report import annotate as annotate_module
from evaltool.report.annotate import FILLS, annotate
from evaltool.report.cached_values import sheet_parts
from evaltool.report.results_sheet import ALSO_FILLS
from evaltool.report.splice import Note, Package, Unsplicable
from evaltool.template import write_workbook
from evaltool.template.examples import mistakes_data
from tests.conftest import REAL_SPLICE_FAILED
from tests.report.test_golden import project
from tests.zips import rezip

NOW = dt.datetime(2025, 4, 25, 9, 30)


def _finding(sheet: str, *refs: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("F006", severity, tuple(CellRef(sheet, r) for r in refs), {"raw": "x"})


def _report(path: Path, *findings: Finding) -> Report:
    return Report(path=path, findings=list(findings), unit_name="测试单位", unit_code="U-1")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_spliced_copy_reads_as_the_openpyxl_copy_does(tmp_path: Path) -> None:
    source = tmp_path / "mistakes.xlsx"
    write_workbook(source, mistakes_data())
    report = check(source)
    assert report.findings
    spliced = annotate(report, tmp_path / "spliced.xlsx", now=NOW)
    round_trip = annotate(report, tmp_path / "openpyxl.xlsx", now=NOW, splice=False)
    assert project(spliced) == project(round_trip)
    # The spliced copy really was spliced: the sheets nobody marked are the original bytes.
    before, after = _members(source), _members(spliced)
    assert after["xl/theme/theme1.xml"] == before["xl/theme/theme1.xml"]
    assert after["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]
    with zipfile.ZipFile(source) as z:
        guide = sheet_parts(z)["填报说明"]
    assert after[guide] == before[guide].replace(b' tabSelected="1"', b"")  # our sheet is the selected tab


def assert_valid_package(path: Path) -> None:
    """Every XML part parses, every part has a content type, every relationship target exists."""
    parts = _members(path)
    for name, data in parts.items():
        if name.endswith((".xml", ".rels", ".vml")):
            ElementTree.fromstring(data)  # raises on malformed XML
    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    overrides = {t.get("PartName", "").lstrip("/") for t in types if t.tag.endswith("Override")}
    defaults = {t.get("Extension", "") for t in types if t.tag.endswith("Default")}
    for name in parts:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, f"{name} has no content type"
    assert overrides <= set(parts), f"declared but missing: {overrides - set(parts)}"
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        for rel in ElementTree.fromstring(data):
            if rel.get("TargetMode") == "External":
                continue
            base = posixpath.dirname(posixpath.dirname(name))
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            )
            assert resolved in parts, f"{name}: {target} missing"


def test_every_part_is_well_formed_and_declared(tmp_path: Path) -> None:
    source = tmp_path / "mistakes.xlsx"
    write_workbook(source, mistakes_data())
    assert_valid_package(annotate(check(source), tmp_path / "copy.xlsx", now=NOW))


def test_cells_inside_merged_ranges_and_cells_that_do_not_exist(seed_workbook: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(seed_workbook)
    merged = next(iter(wb["整体绩效目标"].merged_cells.ranges))
    inside = merged.coord.split(":")[1]  # the range's bottom-right: shown at its top-left
    top_left = merged.coord.split(":")[0]
    findings = [
        _finding("整体绩效目标", inside),
        _finding("收入情况", "Z300", severity=Severity.WARNING),  # beyond every row: a new row
        _finding("收入情况", "Z5", severity=Severity.INFO),  # beyond the row's cells: a new cell
        _finding("收入情况", "D5", severity=Severity.INFO),
    ]
    out = annotate(_report(seed_workbook, *findings), tmp_path / "copy.xlsx", now=NOW)
    copy = openpyxl.load_workbook(out)
    goal = copy["整体绩效目标"]
    assert goal[top_left].fill.fgColor.rgb == FILLS[Severity.ERROR] and goal[top_left].comment is not None
    income = copy["收入情况"]
    assert income["Z300"].fill.fgColor.rgb == FILLS[Severity.WARNING] and income["Z300"].comment is not None
    assert income["Z5"].fill.fgColor.rgb == FILLS[Severity.INFO]
    assert income["D5"].fill.fgColor.rgb == FILLS[Severity.INFO]
    assert income["D5"].number_format == openpyxl.load_workbook(seed_workbook)["收入情况"]["D5"].number_format
    # Rows and cells stay in order (Excel refuses a sheet whose rows go backwards).
    with zipfile.ZipFile(out) as z:
        xml = z.read(sheet_parts(z)["收入情况"])
    rows = [int(r.get("r", 0)) for r in ElementTree.fromstring(xml).iter() if r.tag.endswith("}row")]
    assert rows == sorted(rows) and len(rows) == len(set(rows))
    # The copy still reads as the submission it was.
    before, after = read(seed_workbook), read(out)
    assert {k: i.value for k, i in after.basic.items()} == {k: i.value for k, i in before.basic.items()}
    assert all(after.tables[k].df.equals(t.df) for k, t in before.tables.items())


def test_names_local_to_a_sheet_still_name_that_sheet(seed_workbook: Path, tmp_path: Path) -> None:
    before = {ws.title: ws.print_title_rows for ws in openpyxl.load_workbook(seed_workbook).worksheets}
    assert any(before.values()), "the template has print titles"
    out = annotate(_report(seed_workbook, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    copy = openpyxl.load_workbook(out)
    assert {ws.title: ws.print_title_rows for ws in copy.worksheets[1:]} == before
    assert copy.active.title == RESULT_SHEET
    assert copy[RESULT_SHEET].auto_filter.ref.startswith("A1:H")
    assert copy[RESULT_SHEET].print_title_rows.replace("$", "") == "1:1"  # the header on every printed page
    # Checked again: our sheet's names are replaced, never declared twice.
    again = annotate(_report(out, _finding("收入情况", "D5")), tmp_path / "again.xlsx", now=NOW)
    with zipfile.ZipFile(again) as z:
        names = re.findall(rb'<definedName name="(_xlnm\.\w+)" localSheetId="0"', z.read("xl/workbook.xml"))
    assert sorted(names) == [b"_xlnm.Print_Titles", b"_xlnm._FilterDatabase"]
    assert copy[META_SHEET].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in copy[META_SHEET].iter_rows(values_only=True)}
    assert str(meta["annotated_by"]).startswith("evaltool ") and "收入情况!D5" in str(meta["annotated_fills"])
    assert "template_id" in meta or len(meta) > 2  # the template's own _meta rows are kept


def test_a_workbook_without_meta_gets_a_hidden_one(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "收入情况"
    wb.active["D5"] = 1
    source = tmp_path / "plain.xlsx"
    wb.save(source)
    out = annotate(_report(source, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    copy = openpyxl.load_workbook(out)
    assert copy.sheetnames == [RESULT_SHEET, "收入情况", META_SHEET]
    assert copy[META_SHEET].sheet_state == "hidden"
    assert copy["收入情况"]["D5"].comment is not None and copy["收入情况"]["D5"].value == 1


def test_a_template_file_becomes_a_workbook(seed_workbook: Path, tmp_path: Path) -> None:
    template = tmp_path / "form.xltx"
    to_template = {"[Content_Types].xml": lambda x: x.replace(b"sheet.main+xml", b"template.main+xml")}
    template.write_bytes(rezip(seed_workbook.read_bytes(), to_template))
    out = annotate(_report(template, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    types = _members(out)["[Content_Types].xml"]
    assert b"template.main" not in types and b"spreadsheetml.sheet.main+xml" in types


@pytest.mark.parametrize(
    ("part", "old", "new", "why"),
    [
        ("xl/workbook.xml", b"<workbook ", b"<!-- x --><workbook ", "comments"),
        ("xl/styles.xml", b"<styleSheet xmlns=", b"<x:styleSheet xmlns:x=", "prefix"),
        ("", b"", b"", "not first"),
    ],
)
def test_what_the_splicer_does_not_trust_goes_the_openpyxl_way(
    seed_workbook: Path, tmp_path: Path, part: str, old: bytes, new: bytes, why: str
) -> None:
    source = tmp_path / "odd.xlsx"
    if why == "not first":  # our copy, its results sheet moved to the end by the unit
        first = annotate(_report(seed_workbook, _finding("收入情况", "D5")), tmp_path / "first.xlsx", now=NOW)
        wb = openpyxl.load_workbook(first)
        wb.move_sheet(RESULT_SHEET, offset=len(wb.sheetnames) - 1)
        wb.save(source)
    else:
        source.write_bytes(rezip(seed_workbook.read_bytes(), {part: lambda x: x.replace(old, new, 1)}))
    with pytest.raises(Unsplicable, match=why):
        Package.open(source).build({}, [], lambda fills: [])
    if why != "prefix":  # (a prefixed styles part is beyond openpyxl as well)
        out = annotate(_report(source, _finding("收入情况", "D6")), tmp_path / "copy.xlsx", now=NOW)
        copy = openpyxl.load_workbook(out)
        assert copy["收入情况"]["D6"].fill.fgColor.rgb == FILLS[Severity.ERROR]
        assert copy.sheetnames[0] == RESULT_SHEET and copy.sheetnames.count(RESULT_SHEET) == 1


@pytest.mark.parametrize(
    ("ref", "bottom", "right", "expected"),
    [
        ("A1:C25", 30, 2, "A1:C30"),
        ("A1:C25", 5, 26, "A1:Z25"),
        ("B2", 1, 1, "B2:B2"),
        ("A1:C25", 3, 3, "A1:C25"),
    ],
)
def test_the_dimension_grows_with_inserted_cells(ref: str, bottom: int, right: int, expected: str) -> None:
    from evaltool.report.splice import widen_dimension

    xml = f'<worksheet><dimension ref="{ref}"/><sheetData/></worksheet>'.encode()
    assert (
        widen_dimension(xml, bottom, right)
        == f'<worksheet><dimension ref="{expected}"/><sheetData/></worksheet>'.encode()
    )


def test_charts_and_images_of_the_input_are_kept(tmp_path: Path) -> None:
    import xlsxwriter

    source = tmp_path / "chart.xlsx"
    book = xlsxwriter.Workbook(str(source))
    ws = book.add_worksheet("收入情况")
    ws.write_column("D5", [922.57, 559.48])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='收入情况'!$D$5:$D$6"})
    ws.insert_chart("F2", chart)
    book.close()
    out = annotate(_report(source, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    before, after = _members(source), _members(out)
    assert after["xl/charts/chart1.xml"] == before["xl/charts/chart1.xml"]
    assert after["xl/drawings/drawing1.xml"] == before["xl/drawings/drawing1.xml"]
    rels = after["xl/worksheets/_rels/sheet1.xml.rels"].decode()
    assert "/drawing" in rels and "/comments" in rels and "/vmlDrawing" in rels
    sheet = after["xl/worksheets/sheet1.xml"].decode()
    assert sheet.index("<drawing ") < sheet.index("<legacyDrawing ")  # schema order
    copy = openpyxl.load_workbook(out)
    assert copy["收入情况"]["D5"].comment is not None


def test_our_comment_shapes_do_not_reuse_another_drawings_ids(tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    wb.active.title = "填报说明"
    wb.active["A1"] = "说明"
    wb.active["A1"].comment = Comment("单位自己的批注", "单位")  # a VML drawing with idmap data="1"
    wb.create_sheet("收入情况")["D5"] = 1
    source = tmp_path / "commented.xlsx"
    wb.save(source)
    out = annotate(_report(source, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    drawings = {n: d for n, d in _members(out).items() if n.endswith(".vml")}
    assert len(drawings) == 2
    blocks = [re.search(r'idmap\b[^>]*\sdata="(\d+)"', d.decode()).group(1) for d in drawings.values()]  # type: ignore[union-attr]
    assert sorted(blocks) == ["1", "2"]
    copy = openpyxl.load_workbook(out)
    assert copy["填报说明"]["A1"].comment.text == "单位自己的批注"
    assert copy["收入情况"]["D5"].comment is not None


def test_a_defect_of_the_splicer_still_gives_the_unit_a_copy(
    seed_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("a splicer defect")

    monkeypatch.setattr(Package, "build", broken)
    with pytest.raises(RuntimeError):  # the test suite runs strict: a defect fails loudly
        annotate(_report(seed_workbook, _finding("收入情况", "D5")), tmp_path / "strict.xlsx", now=NOW)
    monkeypatch.setattr(annotate_module, "splice_failed", REAL_SPLICE_FAILED)  # production: logged, then openpyxl
    out = annotate(_report(seed_workbook, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    assert openpyxl.load_workbook(out)["收入情况"]["D5"].fill.fgColor.rgb == FILLS[Severity.ERROR]
    assert "a splicer defect" in caplog.text and "written with openpyxl instead" in caplog.text


def test_text_and_attributes_are_escaped_as_xml() -> None:
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from evaltool.report.splice import escape, quoteattr

    for text in ["'收入 & 支出'!D5", 'a"b<c>d', "行\n二\t三\r", "", "]]>"]:
        assert escape(text) == sax_escape(text)
        assert ElementTree.fromstring(f"<x a={quoteattr(text)}/>").get("a") == text
    assert quoteattr("plain") == sax_quoteattr("plain")
    assert quoteattr('a"b') == '"a&quot;b"'


def _commented_workbook(path: Path) -> Path:
    """Made with xlsxwriter (as Excel would keep it): a unit's own comment on 收入情况!D5."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("填报说明").write("A1", "说明")
    ws = book.add_worksheet("收入情况")
    ws.write_column("D5", [922.57, 559.48])
    ws.write_comment("D5", "单位的说明：含上年结转")
    book.close()
    return path


def test_a_sheet_with_the_units_comments_is_spliced_and_keeps_them(tmp_path: Path) -> None:
    source = _commented_workbook(tmp_path / "commented.xlsx")
    report = _report(source, _finding("收入情况", "D5", "D6"))
    out = annotate(report, tmp_path / "copy.xlsx", now=NOW)
    before, after = _members(source), _members(out)
    assert after["xl/worksheets/sheet1.xml"] == before["xl/worksheets/sheet1.xml"].replace(b' tabSelected="1"', b"")
    copy = openpyxl.load_workbook(out)
    income = copy["收入情况"]
    d5, d6 = income["D5"].comment.text, income["D6"].comment.text
    assert d5.startswith("单位的说明：含上年结转\n—— evaltool 校验 ——") and "【错误】F006" in d5
    assert d6.startswith("—— evaltool 校验 ——")
    assert income["D5"].fill.fgColor.rgb == FILLS[Severity.ERROR]  # the finding's main cell
    assert income["D6"].fill.fgColor.rgb == ALSO_FILLS[Severity.ERROR]  # a cell it also names
    assert project(out) == project(annotate(report, tmp_path / "openpyxl.xlsx", now=NOW, splice=False))
    # One drawing: the unit's shape (now big enough for both texts) and one new shape, ids unique.
    (vml,) = [d.decode() for n, d in after.items() if n.endswith(".vml")]
    ids = re.findall(r'id="(_x0000_s\d+)"', vml)
    assert len(ids) == 2 and len(set(ids)) == 2
    (old_vml,) = [d.decode() for n, d in before.items() if n.endswith(".vml")]
    assert re.search(r"<x:Anchor>[^<]*</x:Anchor>", vml).group(0) != re.search(  # type: ignore[union-attr]
        r"<x:Anchor>[^<]*</x:Anchor>", old_vml
    ).group(0)  # type: ignore[union-attr]
    for name, data in after.items():
        if name.endswith((".xml", ".rels", ".vml")):
            ElementTree.fromstring(data)


def test_comments_and_drawings_the_splicer_cannot_merge_go_the_openpyxl_way() -> None:
    from evaltool.report.splice import merge_comments, merge_vml

    note = Note("ours", Severity.ERROR, (320, 60))
    phonetic = (
        b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>a</author>'
        b'</authors><commentList><comment ref="D5" authorId="0"><text><t>x</t><rPh sb="0" eb="1"><t>y</t></rPh>'
        b"</text></comment></commentList></comments>"
    )
    with pytest.raises(Unsplicable, match="plain rich text"):
        merge_comments("c.xml", phonetic, {(5, 4): note})
    controls = b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025"/></xml>'
    with pytest.raises(Unsplicable, match="comments drawing"):
        merge_vml("d.vml", controls, {(6, 4): note}, {}, [2])


def test_our_copy_checked_again_is_spliced_as_openpyxl_would_make_it(tmp_path: Path) -> None:
    source = tmp_path / "mistakes.xlsx"
    write_workbook(source, mistakes_data())
    first = annotate(check(source), tmp_path / "first.xlsx", now=NOW)
    report = check(first)
    again = annotate(report, tmp_path / "again.xlsx", now=NOW)
    assert project(again) == project(annotate(report, tmp_path / "openpyxl.xlsx", now=NOW, splice=False))
    assert _members(again)["xl/sharedStrings.xml"] == _members(first)["xl/sharedStrings.xml"]  # spliced
    assert_valid_package(again)
    wb = openpyxl.load_workbook(again)
    assert wb.sheetnames.count(RESULT_SHEET) == 1 and wb.sheetnames[0] == RESULT_SHEET
    keys = [row[0] for row in wb[META_SHEET].iter_rows(values_only=True)]
    assert keys.count("annotated_by") == 1 and keys.count("annotated_fills") == 1


def test_a_fixed_copy_loses_our_marks_and_keeps_the_units(tmp_path: Path) -> None:
    source = _commented_workbook(tmp_path / "commented.xlsx")
    before = openpyxl.load_workbook(source)["收入情况"]
    first = annotate(_report(source, _finding("收入情况", "D5", "D6")), tmp_path / "first.xlsx", now=NOW)
    # Fixed: nothing left on 收入情况 (a finding elsewhere keeps the copy a copy).
    again = annotate(_report(first, _finding("填报说明", "A1")), tmp_path / "again.xlsx", now=NOW)
    assert_valid_package(again)
    income = openpyxl.load_workbook(again)["收入情况"]
    assert income["D5"].comment.text == "单位的说明：含上年结转"  # the unit's note, ours gone
    assert income["D6"].comment is None
    for ref in ("D5", "D6"):
        assert income[ref].fill.fgColor.rgb == before[ref].fill.fgColor.rgb  # our fills are taken back
    # A sheet left without any comment loses the parts as well.
    plain = tmp_path / "plain.xlsx"
    write_workbook(plain, mistakes_data())
    first = annotate(_report(plain, _finding("收入情况", "D5")), tmp_path / "plain-first.xlsx", now=NOW)
    again = annotate(_report(first, _finding("支出情况", "D5")), tmp_path / "plain-again.xlsx", now=NOW)
    assert_valid_package(again)
    with zipfile.ZipFile(again) as z:
        income_part = sheet_parts(z)["收入情况"]
        assert b"legacyDrawing" not in z.read(income_part)
        rels = income_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        assert rels not in z.namelist() or b"/comments" not in z.read(rels)
    assert openpyxl.load_workbook(again)["收入情况"]["D5"].comment is None


EXCEL_EXT = (
    b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000001}"><x14:dataBar/>'
    b'<extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"/></extLst></x14:cfRule>'
    b"<xm:sqref>D5:D15</xm:sqref></x14:conditionalFormatting>"
    b"</x14:conditionalFormattings></ext></extLst>"
)


DATA_BAR = (
    b'<conditionalFormatting sqref="D5:D15"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/>'
    b'<cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"'
    b' xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b"<x14:id>{00000000-0000-0000-0000-000000000001}</x14:id></ext></extLst></cfRule></conditionalFormatting>"
)


def test_an_excel_style_sheet_gets_its_drawing_before_the_sheets_own_extension_list(
    seed_workbook: Path, tmp_path: Path
) -> None:
    """Excel writes mc:Ignorable prefixes, x14ac row attributes and a closing <extLst> (holding nested ones)."""
    with zipfile.ZipFile(seed_workbook) as z:
        part = sheet_parts(z)["收入情况"]
        xml = z.read(part)
    root = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    excel_root = (
        root + b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac"'
        b' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    )
    edited = xml.replace(root, excel_root, 1).replace(b'<row r="5"', b'<row r="5" x14ac:dyDescent="0.25"', 1)
    edited = edited.replace(b"</worksheet>", EXCEL_EXT + b"</worksheet>")
    # A data bar as Excel writes it: an <extLst> nested in a rule, well before the drawing's place.
    edited = edited.replace(b"<pageMargins", DATA_BAR + b"<pageMargins", 1)
    source = tmp_path / "excel-like.xlsx"
    source.write_bytes(rezip(seed_workbook.read_bytes(), {part: edited}))
    out = annotate(_report(source, _finding("收入情况", "D5")), tmp_path / "copy.xlsx", now=NOW)
    assert_valid_package(out)
    sheet = _members(out)[part]
    drawing = sheet.index(b"<legacyDrawing ")
    assert sheet.index(DATA_BAR) < drawing < sheet.index(b"<extLst><ext uri=", sheet.index(DATA_BAR) + len(DATA_BAR))
    assert sheet.endswith(EXCEL_EXT + b"</worksheet>")  # which is untouched, nested lists included
    assert b'mc:Ignorable="x14ac"' in sheet and b'x14ac:dyDescent="0.25"' in sheet
    with pytest.warns(UserWarning, match="extension is not supported"):  # openpyxl drops the x14 list
        assert openpyxl.load_workbook(out)["收入情况"]["D5"].comment is not None
