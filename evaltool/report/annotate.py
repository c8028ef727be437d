"""The annotated copy: the submitted workbook with every finding coloured and commented at its cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from evaltool import __version__
from evaltool.findings import CellRef, Finding, Severity, counts
from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.report.output import OutputError, atomic_write

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

    from evaltool.api import Report

# Our fills (ARGB). Deliberately not Office theme tints, so a re-annotation can tell ours
# from the template's own fills.
FILLS: Final[dict[Severity, str]] = {
    Severity.ERROR: "FFFFB5B5",
    Severity.WARNING: "FFFFE38F",
    Severity.INFO: "FFC5DDF4",
}
# Every comment part we add starts with this line; a re-annotation strips from it on.
MARK: Final = "—— evaltool"
META_KEY: Final = "annotated_by"
META_FILLS: Final = "annotated_fills"  # JSON: cells we filled and their fill before us
HEADER_ROW: Final = 16  # the findings table's header row on the 校验结果 sheet
COLUMNS: Final = ("seq", "severity", "code", "sheet", "cell", "message", "hint", "explanation")
WIDTHS: Final = (8, 18, 8, 16, 12, 60, 44, 36)
_A1: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_MAX_TEXT: Final = 32_000  # Excel's limit is 32,767 characters per cell

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
        "counts_fmt": "错误 {error}　警告 {warning}　提示 {info}",
        "passed": "✔ 通过：未发现错误或警告",
        "warnings": "✔ 有警告：请逐条填写情况说明后提交",
        "errors": "✘ 有错误：必须修改后重新校验",
        "hint_prefix": "建议：",
        "see": "（问题所在：{cell}）",
        "also": " 等 {n} 格",
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
        "counts_fmt": "errors {error}, warnings {warning}, info {info}",
        "passed": "✔ passed: no errors or warnings",
        "warnings": "✔ warnings: explain each one before submitting",
        "errors": "✘ errors: fix them and check again",
        "hint_prefix": "To do: ",
        "see": " (the problem is at {cell})",
        "also": " +{n} more",
        "mark": "—— evaltool check ——",
    },
}


def write_copy(report: Report, target: Path, lang: str = "zh", now: dt.datetime | None = None) -> Path:
    """Write the copy for a checked file: the annotated workbook, or a short proof when it passed.

    A passed file (no error or warning; info allowed) gets a one-sheet proof naming the file
    and its SHA-256 instead of a re-saved copy of itself: the unit can attach it to the
    submission, and skipping the load/re-save of the workbook keeps a clean check fast.
    """
    from evaltool.api import Status

    if report.error is not None:
        raise ValueError("an unreadable file has no annotated copy")
    if report.status is Status.PASSED:
        return write_proof(report, target, lang, now)
    return annotate(report, target, lang, now)


def annotate(report: Report, target: Path, lang: str = "zh", now: dt.datetime | None = None) -> Path:
    """Write the annotated copy of ``report.path`` to ``target`` (atomically); the input is only read."""
    wb, converted = _load(report.path)
    explanations = _forget_previous(wb)
    _mark_cells(wb, report.findings, lang)
    ws = wb.create_sheet(RESULT_SHEET, 0)
    _results_sheet(ws, report, lang, now, explanations, converted, links=set(wb.sheetnames))
    for other in wb.worksheets:  # one selected tab, else Excel opens with the sheets grouped
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    _stamp_meta(wb)
    # openpyxl drops every cached formula value on save: we put the original's back (so viewers
    # and re-checks see the same figures) and still ask Excel/WPS/LibreOffice to recalculate.
    wb.calculation.fullCalcOnLoad = True
    return atomic_write(target, lambda tmp: _save(wb, tmp, None if converted else report.path), source=report.path)


def _save(wb: Workbook, temp: Path, original: Path | None) -> None:
    """Save ``wb`` to ``temp``; with ``original``, copy its cached formula values into the result."""
    import io
    import zipfile

    from evaltool.report.cached_values import restore

    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if original is not None:
        try:
            with zipfile.ZipFile(original) as z:
                data = restore(z, data)
        except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
            pass  # an odd package: the copy then relies on recalculation when opened
    temp.write_bytes(data)


def write_proof(report: Report, target: Path, lang: str = "zh", now: dt.datetime | None = None) -> Path:
    """Write the one-sheet proof that a file passed (its findings, if info, listed without links)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = RESULT_SHEET
    _results_sheet(ws, report, lang, now, {}, None, links=set(), proof=True)
    return atomic_write(target, lambda tmp: wb.save(tmp), source=report.path)


# --- loading -------------------------------------------------------------------------------------


def _load(source: Path) -> tuple[Workbook, str | None]:
    """The workbook to annotate, and the source format when it had to be converted (.xls/.ods)."""
    import openpyxl

    with source.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK"):
        try:
            with warnings.catch_warnings():
                # "Data Validation extension is not supported" and similar: openpyxl keeps what it can.
                warnings.simplefilter("ignore")
                with source.open("rb") as fh:  # a file object: openpyxl then skips its extension check
                    wb = openpyxl.load_workbook(fh, keep_vba=source.suffix.lower() == ".xlsm", keep_links=True)
            return wb, None
        except Exception:  # an .ods or an odd zip: calamine reads those
            pass
    return _convert(source), source.suffix.lower() or "?"


def _convert(source: Path) -> Workbook:
    """A fresh workbook holding the values of a file openpyxl cannot open (.xls, .ods)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(source))
    except Exception as exc:
        raise OutputError(source, "other", f"{type(exc).__name__}") from None
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for meta in book.sheets_metadata:
        ws = wb.create_sheet(meta.name)
        if "Visible" not in str(meta.visible):
            ws.sheet_state = "hidden"
        try:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception:  # a chart sheet or a sheet calamine cannot read: keep it empty
            continue
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value == "" or value is None:
                    continue
                if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                    continue
                _put(ws.cell(row=r, column=c), value)
    book.close()
    return wb


# --- cells ---------------------------------------------------------------------------------------


def _put(target: Cell | MergedCell, value: Any) -> Cell:
    """Set a value; a string is always TEXT (``=HYPERLINK(...)`` from a submission stays text)."""
    cell = cast("Cell", target)  # we never write into merged ranges
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def safe_text(text: str) -> str:
    """Text Excel accepts: control characters dropped, cut at the per-cell limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _target_cell(ws: Worksheet, ref: str) -> Cell | None:
    """The cell at ``ref``; for a cell inside a merged range, the range's top-left (the one shown)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import column_index_from_string

    m = _A1.match(ref.strip())
    if not m:
        return None
    col, row = column_index_from_string(m.group(1).upper()), int(m.group(2))
    if col > 16384 or row > 1_048_576:
        return None
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if (row, col) in {(r, c) for r, c in rng.cells}:
                top = ws.cell(row=rng.min_row, column=rng.min_col)
                return top if not isinstance(top, MergedCell) else None
        return None
    return cell


def _mark_cells(wb: Workbook, findings: Iterable[Finding], lang: str) -> None:
    """Fill each cell by its worst finding; comment every finding on it (the primary cell in full)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from evaltool.report.render import SEVERITY_SHORT, hint, message

    t = TEXT[lang]
    on_cell: dict[tuple[str, str], dict[int, tuple[Finding, bool]]] = {}
    for f in findings:
        primary = f.cells[0] if f.cells else None
        for c in f.cells:
            slot = on_cell.setdefault((c.sheet, c.ref.replace("$", "").upper()), {})
            # A finding that names a cell twice: its primary role wins.
            if id(f) not in slot or c == primary:
                slot[id(f)] = (f, c == primary)
    original_fills: dict[str, str] = {}
    for (sheet, ref), entries in on_cell.items():
        if sheet not in wb.sheetnames or sheet in (RESULT_SHEET, META_SHEET):
            continue
        cell = _target_cell(wb[sheet], ref)
        if cell is None:
            continue
        parts = []
        for f, is_primary in entries.values():
            head = f"【{SEVERITY_SHORT[lang][f.severity]}】{f.code}"
            if is_primary:
                parts.append(f"{head}\n{message(f, lang)}\n{t['hint_prefix']}{hint(f, lang)}")
            else:
                parts.append(f"{head}{t['see'].format(cell=f.cells[0])}\n{message(f, lang)}")
        ours = t["mark"] + "\n" + "\n\n".join(parts)
        old = cell.comment.text if cell.comment is not None else ""
        text = safe_text(f"{old.rstrip()}\n{ours}" if old.strip() else ours)
        width, height = _comment_size(text)
        cell.comment = Comment(text, "evaltool", height=height, width=width)
        worst = max(f.severity for f, _ in entries.values())
        original_fills[f"{sheet}!{cell.coordinate}"] = _fill_xml(cell)
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[worst], bgColor=FILLS[worst])
    if original_fills:
        wb._evaltool_fills = original_fills  # type: ignore[attr-defined]  # read by _stamp_meta


def _comment_size(text: str) -> tuple[int, int]:
    """A comment box big enough to read without resizing (openpyxl's default is tiny)."""
    width = 320
    per_line = 22  # CJK characters per line at this width
    lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.splitlines())
    return width, min(600, 24 + 17 * lines)


def _fill_xml(cell: Cell) -> str:
    from openpyxl.xml.functions import tostring

    return str(tostring(cell.fill.to_tree()).decode())


# --- a copy annotated before ---------------------------------------------------------------------


def _forget_previous(wb: Workbook) -> dict[tuple[str, str, str], str]:
    """Undo an earlier annotation of this workbook; keep the unit's 情况说明 texts by finding.

    A unit may fix its workbook in the annotated copy and check that again: the old results
    sheet goes, our comment parts go, our fills are restored, and what the unit wrote in the
    情况说明 column carries over to the same finding (code, sheet, cell).
    """
    explanations: dict[tuple[str, str, str], str] = {}
    if RESULT_SHEET in wb.sheetnames:
        explanations = _read_explanations(wb[RESULT_SHEET])
        wb.remove(wb[RESULT_SHEET])
    meta = _meta_values(wb)
    if META_KEY not in meta:
        return explanations
    from openpyxl.styles.fills import Fill, PatternFill
    from openpyxl.xml.functions import fromstring

    fills: dict[str, str] = {}
    try:
        fills = json.loads(meta.get(META_FILLS) or "{}")
    except (ValueError, TypeError):
        fills = {}
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):
            if cell.comment is not None and MARK in cell.comment.text:
                kept = cell.comment.text.split(MARK, 1)[0].rstrip()
                cell.comment = None
                if kept:
                    from openpyxl.comments import Comment

                    cell.comment = Comment(kept, "evaltool")
            key = f"{ws.title}!{cell.coordinate}"
            if key in fills:
                try:
                    cell.fill = Fill.from_tree(fromstring(fills[key]))  # type: ignore[arg-type,assignment]
                except Exception:
                    cell.fill = PatternFill()
            elif cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fgColor.rgb in FILLS.values():
                cell.fill = PatternFill()
    return explanations


def _read_explanations(ws: Worksheet) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    header: dict[str, int] = {}
    names = {TEXT[lang][key]: key for lang in TEXT for key in COLUMNS}
    for row in ws.iter_rows(values_only=True):
        if not header:
            keys = {names.get(str(v)): i for i, v in enumerate(row) if v is not None}
            if "explanation" in keys and "code" in keys:
                header = {k: i for k, i in keys.items() if k}
            continue
        got = {key: row[i] if i < len(row) else None for key, i in header.items()}
        text = got.get("explanation")
        if text is not None and str(text).strip():
            where = str(got.get("cell") or "").split(" ")[0]
            out[(str(got.get("code") or ""), str(got.get("sheet") or ""), where)] = str(text)
    return out


def _meta_values(wb: Workbook) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        return {}
    out = {}
    for row in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] is not None:
            out[str(row[0])] = "" if row[1] is None else str(row[1])
    return out


def _stamp_meta(wb: Workbook) -> None:
    """Record in ``_meta`` that this is our annotated copy (the reader uses it), and our fills."""
    if META_SHEET in wb.sheetnames:
        ws = wb[META_SHEET]
    else:
        ws = wb.create_sheet(META_SHEET)
        ws.sheet_state = "hidden"
    fills: Mapping[str, str] = getattr(wb, "_evaltool_fills", {})
    values = {META_KEY: f"evaltool {__version__}", META_FILLS: json.dumps(fills, ensure_ascii=False)}
    if len(values[META_FILLS]) > _MAX_TEXT:
        values[META_FILLS] = "{}"  # too many to record: a re-annotation then clears our fills only
    rows = {str(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    next_row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for key, value in values.items():
        row = rows.get(key)
        if row is None:
            row, next_row = next_row, next_row + 1
        _put(ws.cell(row=row, column=1), key)
        _put(ws.cell(row=row, column=2), value)


# --- the results sheet ---------------------------------------------------------------------------


def quote_sheet(name: str) -> str:
    """A sheet name as a formula/link reference needs it: ``'My ''Sheet'''`` (always quoted)."""
    return "'" + name.replace("'", "''") + "'"


def link_location(cell: CellRef) -> str:
    """The in-workbook hyperlink location of a cell: ``'收入情况'!D15``."""
    return f"{quote_sheet(cell.sheet)}!{cell.ref.replace('$', '')}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _results_sheet(
    ws: Worksheet,
    report: Report,
    lang: str,
    now: dt.datetime | None,
    explanations: Mapping[tuple[str, str, str], str],
    converted: str | None,
    *,
    links: set[str],
    proof: bool = False,
) -> None:
    """The first sheet: who/when/what tool, counts, legend, then one row per finding."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    from evaltool.report.render import SEVERITY_SHORT, SEVERITY_TEXT, hint, message

    t = TEXT[lang]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    when = (now or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M:%S")
    n = counts(report.findings)
    header: list[tuple[str, str]] = [
        ("unit_name", report.unit_name or "—"),
        ("unit_code", report.unit_code or "—"),
        ("source", report.path.name),
        ("sha256", _sha256(report.path)),
        ("time", when),
        ("tool", f"evaltool {__version__}"),
        ("verdict", t.get(report.status.value, report.status.value)),
        ("counts", t["counts_fmt"].format(**n)),
    ]
    _put(ws.cell(row=1, column=1), t["title"]).font = Font(bold=True, size=14)
    for i, (key, value) in enumerate(header, start=2):
        _put(ws.cell(row=i, column=1), t[key]).font = bold
        _put(ws.cell(row=i, column=2), value)
    row = len(header) + 2
    _put(ws.cell(row=row, column=1), t["legend"]).font = bold
    for sev in sorted(Severity, reverse=True):
        cell = _put(ws.cell(row=row, column=2), SEVERITY_TEXT[lang][sev])
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[sev], bgColor=FILLS[sev])
        row += 1
    notes = [t["proof"] if proof else t["note"]]
    if converted:
        notes.append(t["converted"].format(ext=converted))
    for text in notes:
        _put(ws.cell(row=row, column=1), text).font = Font(italic=True)
        row += 1
    assert row <= HEADER_ROW, "the header block grew into the table"

    for col, (key, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        _put(ws.cell(row=HEADER_ROW, column=col), t[key]).font = bold
        ws.column_dimensions[get_column_letter(col)].width = width
    link_font = Font(color="FF0563C1", underline="single")
    row = HEADER_ROW
    for seq, f in enumerate(report.findings, start=1):
        row += 1
        primary = f.cells[0] if f.cells else None
        sheet = primary.sheet if primary else str(f.params.get("sheet") or "—")
        ref = primary.ref.replace("$", "") if primary else "—"
        shown = ref + (t["also"].format(n=len(f.cells) - 1) if len(f.cells) > 1 else "")
        values: list[Any] = [
            seq,
            SEVERITY_SHORT[lang][f.severity],
            f.code,
            sheet,
            shown,
            message(f, lang),
            hint(f, lang),
            explanations.get((f.code, sheet, ref), ""),
        ]
        for col, value in enumerate(values, start=1):
            cell = _put(ws.cell(row=row, column=col), value)
            if col >= 6:
                cell.alignment = wrap
        ws.cell(row=row, column=2).fill = PatternFill(
            fill_type="solid", fgColor=FILLS[f.severity], bgColor=FILLS[f.severity]
        )
        if primary is not None and primary.sheet in links and _A1.match(ref):
            target = cast("Cell", ws.cell(row=row, column=5))
            target.hyperlink = Hyperlink(ref=target.coordinate, location=link_location(primary))
            target.font = link_font
    if not report.findings:
        row += 1
        _put(ws.cell(row=row, column=1), t["none"])
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{max(row, HEADER_ROW + 1)}"
    ws.sheet_view.zoomScale = 100
