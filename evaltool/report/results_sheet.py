"""The 校验结果 sheet laid out once as data, and written by openpyxl (annotated copy) or xlsxwriter (proof)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from evaltool.findings import CellRef, Finding, Severity, counts
from evaltool.lang import Lang
from evaltool.names import display_name
from evaltool.report.xmlsafe import safe_worksheet_class, xml_chars
from evaltool.version import __version__

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from evaltool.result import Report

# Our fills (ARGB). Deliberately not Office theme tints, so a re-annotation can tell ours
# from the template's own fills.
FILLS: Final[dict[Severity, str]] = {
    Severity.ERROR: "FFFFB5B5",
    Severity.WARNING: "FFFFE38F",
    Severity.INFO: "FFC5DDF4",
}
HEADER_ROW: Final = 16  # the findings table's header row
COLUMNS: Final = ("seq", "severity", "code", "sheet", "cell", "message", "hint", "explanation")
WIDTHS: Final = (8, 18, 8, 16, 12, 60, 44, 36)
A1: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAX_LISTED: Final = 2000  # findings listed and marked in a copy; JSON output always has them all
MAX_TEXT: Final = 32_000  # Excel's limit is 32,767 characters per cell
_CELL_PREFIX: Final = re.compile(r"[A-Z]{1,3}[0-9]+")  # "D15（另见 D5）" -> D15

TEXT: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "title": "预算绩效自评校验结果",
        "unit_name": "单位名称",
        "unit_code": "单位编码",
        "source": "源文件",
        "sha256": "源文件 SHA-256",
        "time": "校验时间",
        "tool": "校验工具",
        "verdict": "结论",
        "counts": "问题数",
        "legend": "图例",
        "note": "单元格底色表示该单元格涉及的最严重问题，批注中有说明和修改建议；"
        "点击“单元格”列可跳转。警告可在“情况说明”列中填写理由。",
        "converted": "原文件为 {ext} 格式：本副本只保留了数值（公式、格式、下拉列表未保留）。",
        "proof": "本文件是校验通过的证明：未发现错误或警告。请连同原文件一并提交；"
        "原文件的 SHA-256 见上，可据此核对提交的文件未被改动。",
        "seq": "序号",
        "severity": "级别",
        "code": "规则",
        "sheet": "工作表",
        "cell": "单元格",
        "message": "说明",
        "hint": "建议",
        "explanation": "情况说明",
        "none": "未发现问题",
        "truncated": "问题过多：仅列出并标注了最严重的 {shown} 条（共 {total} 条）；完整清单请用 --format json 输出。",
        "counts_fmt": "错误 {error}　警告 {warning}　提示 {info}",
        "passed": "✔ 通过：未发现错误或警告",
        "warnings": "✔ 有警告：请逐条填写情况说明后提交",
        "errors": "✘ 有错误：必须修改后重新校验",
        "hint_prefix": "建议：",
        "see": "（问题所在：{cell}）",
        "also": "（另见 {cells}）",
        "also_more": "（另见 {cells} 等 {n} 格）",
        "mark": "—— evaltool 校验 ——",
    },
    "en": {
        "title": "Self-evaluation check results",
        "unit_name": "Unit name",
        "unit_code": "Unit code",
        "source": "Source file",
        "sha256": "Source SHA-256",
        "time": "Checked at",
        "tool": "Tool",
        "verdict": "Result",
        "counts": "Findings",
        "legend": "Legend",
        "note": "A cell's fill shows the worst finding on it; its comment says what is wrong and what to do. "
        "Click a cell address to jump to it. Explain each warning in the last column.",
        "converted": "The original is a {ext} file: this copy keeps its values only (no formulas, formats or lists).",
        "proof": "This file proves the workbook passed: no errors or warnings. Submit it with the original; "
        "the SHA-256 above identifies the exact file that was checked.",
        "seq": "No.",
        "severity": "Severity",
        "code": "Rule",
        "sheet": "Sheet",
        "cell": "Cell",
        "message": "Problem",
        "hint": "What to do",
        "explanation": "Explanation",
        "none": "No findings",
        "truncated": "Too many findings: the {shown} worst are listed and marked (of {total}); "
        "--format json lists them all.",
        "counts_fmt": "errors {error}, warnings {warning}, info {info}",
        "passed": "✔ passed: no errors or warnings",
        "warnings": "✔ warnings: explain each one before submitting",
        "errors": "✘ errors: fix them and check again",
        "hint_prefix": "To do: ",
        "see": " (the problem is at {cell})",
        "also": " (see also {cells})",
        "also_more": " (see also {cells} and {rest} more)",
        "mark": "—— evaltool check ——",
    },
}


@dataclass(frozen=True, slots=True)
class Put:
    """One cell of the sheet. ``style``: "", title, bold, note, wrap, link, or a severity label (a fill)."""

    row: int
    col: int
    value: str | int
    style: str = ""
    link: str | None = None  # in-workbook location, for style "link"


def explanations_from_rows(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str, str], str]:
    """The 情况说明 texts of an earlier results sheet, by (code, sheet, cell), from its rows of values."""
    out: dict[tuple[str, str, str], str] = {}
    header: dict[str, int] = {}
    names = {TEXT[lang][key]: key for lang in TEXT for key in COLUMNS}
    for row in rows:
        if not header:
            keys = {names.get(str(v)): i for i, v in enumerate(row) if v is not None}
            if "explanation" in keys and "code" in keys:
                header = {k: i for k, i in keys.items() if k}
            continue
        got = {key: row[i] if i < len(row) else None for key, i in header.items()}
        text = got.get("explanation")
        if text is not None and str(text).strip():
            found = _CELL_PREFIX.match(str(got.get("cell") or ""))
            where = found.group(0) if found else ""
            out[(str(got.get("code") or ""), str(got.get("sheet") or ""), where)] = str(text)
    return out


def safe_text(text: str) -> str:
    """Text Excel accepts: what XML 1.0 forbids gone (``xmlsafe``), cut at the per-cell limit."""
    text = xml_chars(text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def quote_sheet(name: str) -> str:
    """A sheet name as a formula/link reference needs it: ``'My ''Sheet'''`` (always quoted)."""
    return "'" + name.replace("'", "''") + "'"


def link_location(cell: CellRef) -> str:
    """The in-workbook hyperlink location of a cell: ``'收入情况'!D15``."""
    return f"{quote_sheet(cell.sheet)}!{cell.ref.replace('$', '')}"


def sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def listed_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a copy lists and marks: all of them, or the MAX_LISTED worst in their order.

    A broken workbook can yield tens of thousands of findings; listing them all would take
    minutes to write and help nobody. Errors go first, then warnings, then infos.
    """
    if len(findings) <= MAX_LISTED:
        return list(findings)
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity, i))[:MAX_LISTED]
    keep = set(ranked)
    return [f for i, f in enumerate(findings) if i in keep]


def layout(
    report: Report,
    lang: Lang,
    now: dt.datetime | None = None,
    *,
    explanations: Mapping[tuple[str, str, str], str] | None = None,
    converted: str | None = None,
    links: set[str] | frozenset[str] = frozenset(),
    proof: bool = False,
    listed: Sequence[Finding] | None = None,
) -> list[Put]:
    """Who/when/which tool, counts, legend and notes on top; then one row per finding.

    ``links``: sheets present in the written workbook (a finding's cell there gets a link).
    ``explanations``: 情况说明 texts carried over from an earlier copy, by (code, sheet, cell).
    ``listed``: the findings to list (default: all); the header still counts every finding.
    """
    from evaltool.messages import hint, message
    from evaltool.report.render import SEVERITY_SHORT, SEVERITY_TEXT

    t = TEXT[lang]
    when = (now or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M:%S")
    header = [
        ("unit_name", report.unit_name or "—"),
        ("unit_code", report.unit_code or "—"),
        ("source", display_name(report.path.name)),
        ("sha256", sha256(report.path)),
        ("time", when),
        ("tool", f"evaltool {__version__}"),
        ("verdict", t.get(report.status.value, report.status.value)),
        ("counts", t["counts_fmt"].format(**counts(report.findings))),
    ]
    out = [Put(1, 1, t["title"], "title")]
    for row, (key, value) in enumerate(header, start=2):
        out += [Put(row, 1, t[key], "bold"), Put(row, 2, value)]
    row = len(header) + 2
    out.append(Put(row, 1, t["legend"], "bold"))
    for sev in sorted(Severity, reverse=True):
        out.append(Put(row, 2, SEVERITY_TEXT[lang][sev], sev.label))
        row += 1
    notes = [t["proof"] if proof else t["note"]]
    if converted:
        notes.append(t["converted"].format(ext=converted))
    findings = list(report.findings if listed is None else listed)
    if len(findings) < len(report.findings):
        notes.append(t["truncated"].format(shown=len(findings), total=len(report.findings)))
    for text in notes:
        out.append(Put(row, 1, text, "note"))
        row += 1
    assert row <= HEADER_ROW, "the header block grew into the table"

    out += [Put(HEADER_ROW, col, t[key], "bold") for col, key in enumerate(COLUMNS, start=1)]
    row = HEADER_ROW
    for seq, f in enumerate(findings, start=1):
        row += 1
        primary = f.cells[0] if f.cells else None
        sheet = primary.sheet if primary else str(f.params.get("sheet") or "—")
        ref = primary.ref.replace("$", "") if primary else "—"
        shown = ref + _also((*f.cells, *f.related), t)
        linked = primary is not None and primary.sheet in links and A1.match(ref) is not None
        out += [
            Put(row, 1, seq),
            Put(row, 2, SEVERITY_SHORT[lang][f.severity], f.severity.label),
            Put(row, 3, f.code),
            Put(row, 4, sheet),
            Put(row, 5, shown, "link" if linked else "", link_location(primary) if linked and primary else None),
            Put(row, 6, message(f, lang), "wrap"),
            Put(row, 7, hint(f, lang), "wrap"),
        ]
        explanation = (explanations or {}).get((f.code, sheet, ref))
        if explanation:
            out.append(Put(row, 8, explanation, "wrap"))
    if not report.findings:
        out.append(Put(HEADER_ROW + 1, 1, t["none"]))
    return out


def _also(cells: Sequence[CellRef], t: Mapping[str, str]) -> str:
    """The other cells a finding names, after its primary: ``（另见 E5）``."""
    others = [c.ref.replace("$", "") if c.sheet == cells[0].sheet else str(c) for c in cells[1:]]
    if not others:
        return ""
    if len(others) <= 3:
        return t["also"].format(cells="、".join(others) if "（" in t["also"] else ", ".join(others))
    shown = others[:2]
    joined = "、".join(shown) if "（" in t["also"] else ", ".join(shown)
    return t["also_more"].format(cells=joined, n=len(others), rest=len(others) - len(shown))


def last_row(puts: Sequence[Put]) -> int:
    """The table's last row (at least one below the header, for the filter range)."""
    return max(max(p.row for p in puts), HEADER_ROW + 1)


def to_openpyxl(ws: Worksheet, puts: Sequence[Put]) -> None:
    """Write the layout into an openpyxl sheet (the annotated copy's first sheet)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    fonts = {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "note": Font(italic=True),
        "link": Font(color="FF0563C1", underline="single"),
    }
    fills = {s.label: PatternFill(fill_type="solid", fgColor=c, bgColor=c) for s, c in FILLS.items()}
    wrap = Alignment(wrap_text=True, vertical="top")
    styled: dict[str, Any] = {}  # style key -> a styled cell's style array, copied to the others
    for p in puts:
        cell: Any = ws.cell(row=p.row, column=p.col)
        if isinstance(p.value, str):
            cell.value = safe_text(p.value)
            cell.data_type = "s"  # text from a submission stays text, even "=HYPERLINK(...)"
        else:
            cell.value = p.value
        if p.style in styled:
            cell._style = copy.copy(styled[p.style])
        elif p.style:
            if p.style in fonts:
                cell.font = fonts[p.style]
            elif p.style in fills:
                cell.fill = fills[p.style]
            elif p.style == "wrap":
                cell.alignment = wrap
            styled[p.style] = copy.copy(cell._style)
        if p.link:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=p.link)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last_row(puts)}"


def write_xlsxwriter(path: Path, sheet_name: str, puts: Sequence[Put]) -> None:
    """Write the layout as a one-sheet workbook with xlsxwriter (no openpyxl import: the fast path)."""
    import xlsxwriter

    # Never turn a string into a formula or a link, whatever it looks like.
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ws = wb.add_worksheet(sheet_name, worksheet_class=safe_worksheet_class())
        formats = {
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "bold": wb.add_format({"bold": True}),
            "note": wb.add_format({"italic": True}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
            "link": wb.add_format({"font_color": "#0563C1", "underline": 1}),
            **{s.label: wb.add_format({"bg_color": "#" + c[2:], "pattern": 1}) for s, c in FILLS.items()},
        }
        for p in puts:
            fmt = formats.get(p.style)
            if isinstance(p.value, str):
                ws.write_string(p.row - 1, p.col - 1, safe_text(p.value), fmt)
            else:
                ws.write_number(p.row - 1, p.col - 1, p.value, fmt)
        for col, width in enumerate(WIDTHS):
            ws.set_column(col, col, width)
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(HEADER_ROW - 1, 0, last_row(puts) - 1, len(COLUMNS) - 1)
    finally:
        wb.close()
