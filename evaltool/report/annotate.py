"""The annotated copy: the submitted workbook with every finding coloured and commented at its cell."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import logging
import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from evaltool.findings import Finding
from evaltool.lang import Lang
from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.report.output import OutputError, atomic_write
from evaltool.report.results_sheet import (
    A1,
    FILL_STYLES,
    FILLS,
    HEADER_ROW,
    MAX_TEXT,
    OUR_COLOURS,
    TEXT,
    explanations_from_rows,
    layout,
    link_location,
    listed_findings,
    quote_sheet,
    safe_text,
    settings_rows,
    to_openpyxl,
    write_xlsxwriter,
)
from evaltool.report.splice import Note
from evaltool.report.splice.again import MARK, META_FILLS, META_KEY
from evaltool.version import __version__

log = logging.getLogger(__name__)

# The packages the splicer annotates; anything else (.xls, .ods) is converted by the openpyxl path.
SPLICED_SUFFIXES: Final = (".xlsx", ".xlsm", ".xltx", ".xltm")

__all__ = ["FILLS", "HEADER_ROW", "annotate", "link_location", "quote_sheet", "write_copy", "write_proof"]

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

    from evaltool.config import Settings
    from evaltool.result import Report


def write_copy(
    report: Report,
    target: Path,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
    *,
    settings: Settings | None = None,
) -> Path:
    """Write the copy for a checked file: the annotated workbook, or a short proof when it passed.

    A passed file (no error or warning; info allowed) gets a one-sheet proof naming the file
    and its SHA-256 instead of a re-saved copy of itself: the unit can attach it to the
    submission, and skipping the load/re-save of the workbook keeps a clean check fast.
    ``settings``: what the check ran with; the copy records whatever is not the default.
    """
    from evaltool.result import Status

    if report.error is not None:
        raise ValueError("an unreadable file has no annotated copy")
    if report.status is Status.PASSED:
        return write_proof(report, target, lang, now, settings=settings)
    return annotate(report, target, lang, now, settings=settings)


def annotate(
    report: Report,
    target: Path,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
    *,
    splice: bool = True,
    settings: Settings | None = None,
) -> Path:
    """Write the annotated copy of ``report.path`` to ``target`` (atomically); the input is only read.

    An ordinary .xlsx/.xlsm is annotated by splicing its XML (``report/splice/``: fast, and the rest
    of the file stays byte for byte); a copy annotated before, an .xls/.ods, or a package the
    splicer does not trust goes through an openpyxl load and save. ``splice=False`` forces that.
    """
    listed = listed_findings(report.findings)
    _refuse_strict(report.path)
    rows = settings_rows(settings, lang)
    report.copy_fallback = None
    if splice and report.path.suffix.lower() in SPLICED_SUFFIXES:
        data = _spliced(report, listed, lang, now, rows)
        if data is not None:
            spliced = data
            written = atomic_write(target, lambda tmp: _write_bytes(tmp, spliced), source=report.path)
            report.copy_writer = "splice"
            return written
    report.copy_writer = "openpyxl"
    wb, converted = _load(report.path)
    explanations = _forget_previous(wb)
    fills = _mark_cells(wb, listed, lang)
    ws = wb.create_sheet(RESULT_SHEET, 0)
    puts = layout(
        report,
        lang,
        now,
        explanations=explanations,
        converted=converted,
        links=set(wb.sheetnames),
        listed=listed,
        settings=rows,
    )
    to_openpyxl(ws, puts)
    for other in wb.worksheets:  # one selected tab, else Excel opens with the sheets grouped
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    wb.template = False  # an .xltx/.xltm input: the copy is a workbook, not a template
    _stamp_meta(wb, fills)
    # openpyxl drops every cached formula value on save: we put the original's back (so viewers
    # and re-checks see the same figures) and still ask Excel/WPS/LibreOffice to recalculate.
    wb.calculation.fullCalcOnLoad = True
    return atomic_write(target, lambda tmp: _save(wb, tmp, None if converted else report.path), source=report.path)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _spliced(
    report: Report, listed: Sequence[Finding], lang: Lang, now: dt.datetime | None, rows: Sequence[tuple[str, str]]
) -> bytes | None:
    """The annotated copy's bytes by splicing, or None when the package needs the openpyxl path."""
    from evaltool.report.splice import Package, Unsplicable
    from evaltool.report.splice.again import read_previous

    try:
        package = Package.open(report.path)
        previous = read_previous(report.path) if package.again else None  # our copy, checked again
        notes = _notes(listed, lang, package.resolve)
        explanations = previous.explanations if previous is not None else None
        puts = layout(
            report,
            lang,
            now,
            explanations=explanations,
            links=set(package.sheet_order),
            listed=listed,
            settings=rows,
        )
        return package.build(notes, puts, _meta_rows, previous)
    except Unsplicable as exc:
        report.copy_fallback = f"{exc}"
        log.warning("%s: the copy is made by openpyxl (the splicer refused: %s)", report.path, exc)
        return None
    except Exception as exc:
        # A defect of the splicer must not cost the unit its copy: the openpyxl path makes it.
        splice_failed(report.path)
        report.copy_fallback = f"{type(exc).__name__}: {exc}"
        return None


def splice_failed(path: Path) -> None:
    """A defect of the splicer, seen: logged with its traceback (the tests make it raise instead)."""
    log.exception("splicing the annotated copy of %s failed; the copy is written with openpyxl instead", path)


def _refuse_strict(source: Path) -> None:
    """A Strict OOXML workbook gets no copy, with a clear reason (openpyxl would drop its sheets)."""
    import zipfile

    from evaltool.report.splice import is_strict

    try:
        with zipfile.ZipFile(source) as z:
            strict = is_strict(z)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return  # not a package: .xls/.ods, converted
    if strict:
        raise OutputError(source, "strict_ooxml")


def _save(wb: Workbook, temp: Path, original: Path | None) -> None:
    """Save ``wb`` to ``temp``; with ``original``, copy its cached formula values into the result."""
    import io
    import zipfile

    from evaltool.report.cached_values import restore
    from evaltool.report.splice.comments import renumber_drawings

    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if original is not None:
        try:
            with zipfile.ZipFile(original) as z:
                data = restore(z, data)
        except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
            pass  # an odd package: the copy then relies on recalculation when opened
    temp.write_bytes(renumber_drawings(data))  # openpyxl gives every drawing the same shape ids


def write_proof(
    report: Report,
    target: Path,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
    *,
    settings: Settings | None = None,
) -> Path:
    """Write the one-sheet proof that a file passed (info findings listed, without links).

    Written with xlsxwriter from the layout alone: no openpyxl import, no load of the input.
    Settings that differ from the defaults (rules switched off or re-graded) are named on it.
    """
    rows = settings_rows(settings, lang)
    puts = layout(report, lang, now, proof=True, listed=listed_findings(report.findings), settings=rows)
    report.copy_writer, report.copy_fallback = "proof", None
    return atomic_write(target, lambda tmp: write_xlsxwriter(tmp, RESULT_SHEET, puts), source=report.path)


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
                with source.open("rb") as fh, _keep_merged_styles():  # a file object: no extension check
                    wb = openpyxl.load_workbook(fh, keep_vba=source.suffix.lower() == ".xlsm", keep_links=True)
            return wb, None
        except Exception:  # an .ods or an odd zip: calamine reads those
            pass
    return _convert(source), source.suffix.lower() or "?"


@contextlib.contextmanager
def _keep_merged_styles() -> Iterator[None]:
    """Load merged ranges keeping each covered cell's own style from the file.

    openpyxl replaces the covered cells of a merged range by blank ones and re-derives their
    borders from the top-left cell, hashing style objects for every cell: 60 % of the load time
    of a workbook with many merged categories, and less faithful than what the file holds.
    Here the covered cells keep the style they were read with. (openpyxl is pinned < 3.2;
    should the private method ever change, the normal path is used.)
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

    original = getattr(Worksheet, "_clean_merge_range", None)
    if original is None:
        yield
        return

    def clean_merge_range(self: Worksheet, mcr: Any) -> None:
        cells = mcr.cells
        next(cells)  # the top-left cell stays as it is
        for row, col in cells:
            merged: Any = MergedCell(self, row, col)
            old: Any = self._cells.get((row, col))
            if old is not None:
                merged._style = copy.copy(old._style)
            self._cells[row, col] = merged

    Worksheet._clean_merge_range = clean_merge_range  # type: ignore[attr-defined]
    try:
        yield
    finally:
        Worksheet._clean_merge_range = original  # type: ignore[attr-defined]


def _convert(source: Path) -> Workbook:
    """A fresh workbook holding the values of a file openpyxl cannot open (.xls, .ods)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(source))
    except Exception as exc:
        raise OutputError(source, "cannot_copy", f"{type(exc).__name__}") from None
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


def _target_cell(ws: Worksheet, ref: str) -> Cell | None:
    """The cell at ``ref``; for a cell inside a merged range, the range's top-left (the one shown)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import column_index_from_string

    m = A1.match(ref.strip())
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


def _notes(
    findings: Iterable[Finding], lang: Lang, resolve: Callable[[str, str], tuple[int, int] | None]
) -> dict[tuple[str, tuple[int, int]], Note]:
    """Our comment and worst severity for each cell the findings name, keyed by (sheet, (row, col)).

    ``resolve`` maps a finding's cell to the cell that shows it (a merged range's top-left), or
    None when the workbook has no such cell. The primary cell's comment has the message and the
    fix; another cell named by a finding gets the message and where the problem is shown (a
    user hovering there learns why). Every named cell is coloured: a rule cannot know which of
    two disagreeing figures is wrong (a total or its item), so the user must look at both.
    """
    from evaltool.messages import hint, message
    from evaltool.report.render import SEVERITY_SHORT

    t = TEXT[lang]
    on_cell: dict[tuple[str, tuple[int, int]], dict[int, tuple[Finding, bool]]] = {}
    for f in findings:
        primary = f.cells[0] if f.cells else None
        for c in (*f.cells, *f.related):  # the cells it was computed from are shown as 另见 too
            if c.sheet in (RESULT_SHEET, META_SHEET):
                continue
            at = resolve(c.sheet, c.ref.replace("$", "").upper())
            if at is None:
                continue
            slot = on_cell.setdefault((c.sheet, at), {})
            # A finding that names a cell twice: its primary role wins.
            if id(f) not in slot or c == primary:
                slot[id(f)] = (f, c == primary)
    out = {}
    for key, entries in on_cell.items():
        parts = []
        for f, is_primary in entries.values():
            head = f"【{SEVERITY_SHORT[lang][f.severity]}】{f.code}"
            if is_primary:
                parts.append(f"{head}\n{message(f, lang)}\n{t['hint_prefix']}{hint(f, lang)}")
            else:
                parts.append(f"{head}{t['see'].format(cell=f.cells[0])}\n{message(f, lang)}")
        text = safe_text(t["mark"] + "\n" + "\n\n".join(parts))
        worst = max(f.severity for f, _ in entries.values())
        # The strong fill on a finding's main cell; a light one on a cell findings only name ("另见").
        strong = any(is_primary for _, is_primary in entries.values())
        out[key] = Note(text, worst, _comment_size(text), strong)
    return out


def _mark_cells(wb: Workbook, findings: Iterable[Finding], lang: Lang) -> dict[str, str]:
    """Fill each cell a finding names by its worst severity; add our comment below any comment it had.

    Returns the fill each marked cell had before (``"Sheet!A1"`` -> fill XML), for ``_meta``.
    """
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.styles.cell_style import StyleArray

    def resolve(sheet: str, ref: str) -> tuple[int, int] | None:
        if sheet not in wb.sheetnames:
            return None
        cell = _target_cell(wb[sheet], ref)
        return None if cell is None else (cell.row, cell.column)

    original_fills: dict[str, str] = {}
    # Style ids straight into each cell's style array: assigning a fill object hashes every
    # style object of the workbook, which dominated the time of workbooks with many findings.
    fill_ids = {
        key: wb._fills.add(PatternFill(fill_type="solid", fgColor=rgb, bgColor=rgb))  # type: ignore[attr-defined]
        for key, rgb in FILL_STYLES.items()
    }
    fill_xml: dict[int, str] = {}
    for (sheet, (row, col)), note in _notes(findings, lang, resolve).items():
        cell: Any = wb[sheet].cell(row=row, column=col)
        old = cell.comment.text if cell.comment is not None else ""
        text = safe_text(f"{old.rstrip()}\n{note.text}" if old.strip() else note.text)
        width, height = _comment_size(text)
        cell.comment = Comment(text, "evaltool", height=height, width=width)
        if not getattr(cell, "_style", None):  # a cell created with no style at all
            cell._style = StyleArray()
        style: Any = cell._style
        if style.fillId not in fill_xml:
            fill_xml[style.fillId] = _fill_xml(cell)
        original_fills[f"{sheet}!{cell.coordinate}"] = fill_xml[style.fillId]
        style.fillId = fill_ids[note.fill_key]
    return original_fills


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
    meta = _meta_values(wb)
    if RESULT_SHEET in wb.sheetnames:
        old = wb[RESULT_SHEET]
        explanations = _read_explanations(old)
        if META_KEY in meta:
            wb.remove(old)
        else:  # not ours (or our proof): keep it under another name rather than lose it
            old.title = _free_title(wb, f"{RESULT_SHEET}（原）")
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
            if key in fills and "<!" not in str(fills[key]):  # text from a _meta cell: never a DOCTYPE
                try:
                    cell.fill = Fill.from_tree(fromstring(fills[key]))  # type: ignore[arg-type,assignment]
                except Exception:
                    cell.fill = PatternFill()
            elif cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fgColor.rgb in OUR_COLOURS:
                cell.fill = PatternFill()
    return explanations


def _free_title(wb: Workbook, title: str) -> str:
    n, candidate = 1, title
    while candidate in wb.sheetnames:
        n += 1
        candidate = f"{title}{n}"
    return candidate


def _read_explanations(ws: Worksheet) -> dict[tuple[str, str, str], str]:
    return explanations_from_rows(ws.iter_rows(values_only=True))


def _meta_values(wb: Workbook) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        return {}
    out = {}
    for row in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] is not None:
            out[str(row[0])] = "" if row[1] is None else str(row[1])
    return out


def _meta_rows(fills: Mapping[str, str]) -> list[tuple[str, str]]:
    """Our ``_meta`` rows: who annotated, and the fills we replaced (JSON)."""
    recorded = json.dumps(fills, ensure_ascii=False)
    if len(recorded) > MAX_TEXT:
        recorded = "{}"  # too many to record: a re-annotation then clears our fills only
    return [(META_KEY, f"evaltool {__version__}"), (META_FILLS, recorded)]


def _stamp_meta(wb: Workbook, fills: Mapping[str, str]) -> None:
    """Record in ``_meta`` that this is our annotated copy, and the fills we replaced."""
    if META_SHEET in wb.sheetnames:
        ws = wb[META_SHEET]
    else:
        ws = wb.create_sheet(META_SHEET)
        ws.sheet_state = "hidden"
    rows = {str(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    next_row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for key, value in _meta_rows(fills):
        row = rows.get(key)
        if row is None:
            row, next_row = next_row, next_row + 1
        _put(ws.cell(row=row, column=1), key)
        _put(ws.cell(row=row, column=2), value)
