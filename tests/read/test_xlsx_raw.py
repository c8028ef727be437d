# ruff: noqa: E501  (hand-written XML reads best unwrapped)
"""The streaming .xlsx reader on hand-written packages: every cell type and spelling it must accept."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from evaltool.config import Limits
from evaltool.reading.raw import ErrorValue
from evaltool.reading.workbook import read_workbook
from evaltool.reading.xlsx import read_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(
    sheets: dict[str, str], *, prefix: str = "", strings: list[str] | None = None, date1904: bool = False
) -> bytes:
    """A minimal .xlsx: workbook, rels, styles (xf 0 General, 1 0.00%, 2 yyyy-mm-dd, 3 #,##0.00) and sheets."""
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}" xmlns:r="{REL}"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_tags = "".join(f'<{p}sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
        pr = f'<{p}workbookPr date1904="1"/>' if date1904 else ""
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><{p}workbook {ns}>{pr}<{p}sheets>{sheet_tags}</{p}sheets></{p}workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        rels += f'<Relationship Id="rS" Type="{REL}/styles" Target="styles.xml"/>'
        rels += f'<Relationship Id="rT" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        z.writestr(
            "xl/styles.xml",
            f'<?xml version="1.0"?><{p}styleSheet {ns}><{p}numFmts count="1"><{p}numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></{p}numFmts>'
            f'<{p}cellXfs count="4"><{p}xf numFmtId="0"/><{p}xf numFmtId="10"/><{p}xf numFmtId="164"/><{p}xf numFmtId="4"/></{p}cellXfs></{p}styleSheet>',
        )
        sis = "".join(
            f"<{p}si><{p}r><{p}t>{s[:1]}</{p}t></{p}r><{p}r><{p}t>{s[1:]}</{p}t></{p}r><{p}rPh><{p}t>ふりがな</{p}t></{p}rPh></{p}si>"
            for s in (strings or [])
        )
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><{p}sst {ns}>{sis}</{p}sst>')
        for i, body in enumerate(sheets.values(), 1):
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData>{body.replace("<", "<" + p).replace("<" + p + "/", "</" + p)}</{p}sheetData></{p}worksheet>',
            )
    return out.getvalue()


CELLS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>内联</t><rPh><t>ないりん</t></rPh></is></c>'
    '<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#REF!</v></c><c r="E1" s="1"><v>0.6225</v></c>'
    '<c r="F1" s="2"><v>45407</v></c><c r="G1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="H1" s="3"/></row>'
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f></c></row>'
    '<row r="3"><c r="A3"><v>2</v></c><c r="B3"><f t="shared" si="0"/></c></row>'
    "<row><c><v>7</v></c><c><v>8</v></c></row>"  # no r attributes: row 4, columns A and B
)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_cell_types(prefix: str) -> None:
    with zipfile.ZipFile(io.BytesIO(package({"S": CELLS}, prefix=prefix, strings=["合计"]))) as zf:
        book = read_xlsx(zf, 1 << 24, 1000)
    cells = book.sheets[0].cells
    assert cells[(1, 1)].value == "合计"  # rich text runs joined, phonetic guide dropped
    assert cells[(1, 2)].value == "内联"
    assert cells[(1, 3)].value is True
    assert cells[(1, 4)].value == ErrorValue("#REF!")
    assert (cells[(1, 5)].value, cells[(1, 5)].fmt) == (0.6225, "0.00%")
    assert cells[(1, 6)].value == datetime(2024, 4, 25)
    assert (cells[(1, 7)].value, cells[(1, 7)].formula) == ("ab", '"a"&"b"')
    assert (1, 8) not in cells  # formatted but empty
    assert (cells[(2, 2)].formula, cells[(2, 2)].cached) == ("A2*2", False)
    assert cells[(3, 2)].formula == "A3*2"  # a shared formula shifted to its own row
    assert (cells[(4, 1)].value, cells[(4, 2)].value) == (7.0, 8.0)


def test_date1904() -> None:
    with zipfile.ZipFile(
        io.BytesIO(package({"S": '<row r="1"><c r="A1" s="2"><v>0</v></c></row>'}, date1904=True))
    ) as zf:
        assert read_xlsx(zf, 1 << 24, 10).sheets[0].cells[(1, 1)].value == datetime(1904, 1, 1)


def test_shared_formulas_computed_in_a_table(tmp_path: Path) -> None:
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c><c r="B1" t="inlineStr"><is><t>内容</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>单位名称</t></is></c><c r="B2" t="inlineStr"><is><t>某</t></is></c></row>'
    )
    income = (
        '<row r="1"><c r="C1" t="inlineStr"><is><t>科目名称</t></is></c><c r="D1" t="inlineStr"><is><t>金额</t></is></c>'
        '<c r="E1" t="inlineStr"><is><t>占比（%）</t></is></c></row>'
        '<row r="2"><c r="C2" t="inlineStr"><is><t>a</t></is></c><c r="D2"><v>30</v></c><c r="E2"><f t="shared" ref="E2:E3" si="0">ROUND(D2/D$4*100,2)</f></c></row>'
        '<row r="3"><c r="C3" t="inlineStr"><is><t>b</t></is></c><c r="D3"><v>10</v></c><c r="E3"><f t="shared" si="0"/></c></row>'
        '<row r="4"><c r="C4" t="inlineStr"><is><t>合计</t></is></c><c r="D4"><f>SUM(D2:D3)</f></c></row>'
    )
    path = tmp_path / "shared.xlsx"
    path.write_bytes(package({"基本情况": body, "收入情况": income}))
    sub = read_workbook(path, Limits())
    from evaltool.layout import Kind

    t = sub.tables[Kind.INCOME]
    assert list(t.df["share"]) == [75.0, 25.0]
    assert t.total is not None and t.total.at[4, "amount"] == 40.0
    assert sorted(f.cells[0].ref for f in sub.findings if f.code == "F008") == ["D4", "E2", "E3"]


def test_meta_is_read_even_when_the_cell_limit_is_hit(seed_workbook: Path) -> None:
    sub = read_workbook(seed_workbook, Limits(max_cells=100))
    assert sub.from_template
    assert "F005" not in [f.code for f in sub.findings]
    assert "F009" in [f.code for f in sub.findings]
