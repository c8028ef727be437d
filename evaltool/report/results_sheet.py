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
from evaltool.texts import TEXTS
from evaltool.textwidth import row_height, text_width, wrapped_lines
from evaltool.version import __version__

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from evaltool.config import Settings
    from evaltool.result import Report

# Our fills (ARGB). Deliberately not Office theme tints, so a re-annotation can tell ours
# from the template's own fills; none near the template's input yellow (FFF2CC), formula grey
# (E7E6E6) or header blue (D9E1F2). A finding's main cell gets the strong fill; the other
# cells it names ("另见") a light one, so a rule naming a whole column (S405) does not bury
# the cell that is really wrong.
FILLS: Final[dict[Severity, str]] = {
    Severity.ERROR: "FFFF7F7F",
    Severity.WARNING: "FFFFA940",
    Severity.INFO: "FF7FC1EE",
}
ALSO_FILLS: Final[dict[Severity, str]] = {
    Severity.ERROR: "FFFFD6D6",
    Severity.WARNING: "FFFFD8A8",
    Severity.INFO: "FFD3EBFA",
}
# Earlier versions' fills: still recognised as ours when a copy they made is checked again.
_OLD_FILLS: Final = ("FFFFB5B5", "FFFFE38F", "FFC5DDF4")


def fill_key(severity: Severity, strong: bool = True) -> str:
    """The style name of a mark: ``error`` (a finding's main cell) or ``error-also`` (another cell it names)."""
    return severity.label if strong else f"{severity.label}-also"


# Style name -> ARGB, for every mark we paint; and every colour we recognise as ours.
FILL_STYLES: Final[dict[str, str]] = {
    **{fill_key(s): c for s, c in FILLS.items()},
    **{fill_key(s, strong=False): c for s, c in ALSO_FILLS.items()},
}
OUR_COLOURS: Final = frozenset(FILL_STYLES.values()) | frozenset(_OLD_FILLS)
BLOCK_VALUE_COL: Final = 4  # below the table: labels in column A, values from column D
HEADER_ROW: Final = 1  # the findings table's header row: the only frozen row, repeated on every printed page
COLUMNS: Final = ("seq", "severity", "code", "sheet", "cell", "message", "hint", "explanation")
WIDTHS: Final = (6, 7, 7, 14, 14, 56, 44, 30)  # the cell and sheet columns widen to their text
MAX_WIDTHS: Final = {4: 24, 5: 40}  # (column -> widest it gets)
WRAPPED: Final = frozenset({"wrap", "link"})  # styles whose text wraps (the row grows to fit it)
A1: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAX_LISTED: Final = 2000  # findings listed and marked in a copy; JSON output always has them all
MAX_TEXT: Final = 32_000  # Excel's limit is 32,767 characters per cell
_CELL_PREFIX: Final = re.compile(r"[A-Z]{1,3}[0-9]+")  # "D15（另见 D5）" -> D15

TEXT: Final = {lang: table["sheet"] for lang, table in TEXTS.items()}  # the sheet's texts (evaltool/texts.py)


def clock(when: dt.datetime | None = None) -> str:
    """A moment as every output shows it: local time with its offset (``2025-04-25 09:30:00+08:00``)."""
    return (when or dt.datetime.now()).astimezone().isoformat(sep=" ", timespec="seconds")


def local_time(stamp: str) -> str:
    """An ISO time kept in UTC (the history's) as every output shows a time: ``clock``'s form."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return clock(when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC))


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


def explanation_key(f: Finding) -> tuple[str, str, str]:
    """How a finding is matched to its 情况说明 across checks: (code, sheet, primary cell or "")."""
    primary = f.cells[0] if f.cells else None
    sheet = primary.sheet if primary else str(f.params.get("sheet") or "—")
    return (f.code, sheet, primary.ref.replace("$", "") if primary else "")


def settings_rows(settings: Settings | None, lang: str) -> list[tuple[str, str]]:
    """What the settings change from the defaults, as (TEXT key, value) rows for the results sheet.

    A pass obtained by switching rules off or down must show it: the rules disabled, the rules
    re-graded, any other setting not at its default, and the configuration file with its SHA-256.
    """
    from dataclasses import fields

    from evaltool.config import Settings

    if settings is None:
        return []
    default = Settings()
    rows: list[tuple[str, str]] = []
    sep = TEXT[lang]["list_sep"]
    if settings.disabled:
        rows.append(("settings_disabled", sep.join(sorted(settings.disabled))))
    if settings.severities:
        from evaltool.report.render import SEVERITY_SHORT

        regraded = (f"{code} → {SEVERITY_SHORT[lang][sev]}" for code, sev in sorted(settings.severities.items()))
        rows.append(("settings_regraded", sep.join(regraded)))
    other = [
        f"{f.name} = {getattr(settings, f.name)}"
        for f in fields(settings)
        if f.name not in ("disabled", "severities", "source") and getattr(settings, f.name) != getattr(default, f.name)
    ]
    if other:
        rows.append(("settings_other", sep.join(other)))
    if settings.source is not None:
        try:
            rows.append(("settings_file", f"{settings.source.name}（SHA-256 {sha256(settings.source)}）"))
        except OSError as exc:
            rows.append(("settings_file", f"{settings.source.name}（{exc.strerror or exc}）"))
    return rows


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
    settings: Sequence[tuple[str, str]] = (),
) -> list[Put]:
    """One row per finding (errors first); below: who/when/which tool, counts, legend and notes.

    ``links``: sheets present in the written workbook (a finding's cell there gets a link).
    ``explanations``: 情况说明 texts carried over from an earlier copy, by (code, sheet, cell).
    ``listed``: the findings to list (default: all); the header still counts every finding.
    ``settings``: (label, value) rows naming non-default settings (the proof shows what was switched off).
    """
    from evaltool.messages import hint, message
    from evaltool.report.render import SEVERITY_SHORT, SEVERITY_TEXT

    t = TEXT[lang]
    when = clock(now)
    # Errors first, then warnings, then infos; the checker's order within each.
    findings = sorted(report.findings if listed is None else listed, key=lambda f: -f.severity)
    out = [Put(HEADER_ROW, col, t[key], "bold") for col, key in enumerate(COLUMNS, start=1)]
    row = HEADER_ROW
    for seq, f in enumerate(findings, start=1):
        row += 1
        primary = f.cells[0] if f.cells else None
        _, sheet, ref = explanation_key(f)
        ref = ref or "—"
        shown = ref + _also((*f.cells, *f.related), t)
        linked = primary is not None and primary.sheet in links and A1.match(ref) is not None
        out += [
            Put(row, 1, seq),
            Put(row, 2, SEVERITY_SHORT[lang][f.severity], f.severity.label),
            Put(row, 3, f.code),
            Put(row, 4, sheet),
            Put(row, 5, shown, "link" if linked else "wrap", link_location(primary) if linked and primary else None),
            Put(row, 6, message(f, lang), "wrap"),
            Put(row, 7, hint(f, lang), "wrap"),
        ]
        explanation = (explanations or {}).get(explanation_key(f))
        if explanation:
            out.append(Put(row, 8, explanation, "wrap"))
    if not report.findings:
        row += 1
        out.append(Put(row, 1, t["none"]))

    # Below the table: who/when/which tool, the verdict, the legend and notes.
    header = [
        ("unit_name", report.unit_name or "—"),
        ("unit_code", report.unit_code or "—"),
        ("source", display_name(report.path.name)),
        ("sha256", sha256(report.path)),
        ("time", when),
        ("tool", f"evaltool {__version__}"),
        ("verdict", t.get(report.status.value, report.status.value)),
        ("counts", t["counts_fmt"].format(**counts(report.findings))),
        *((key, value) for key, value in (settings or ())),
    ]
    row += 2
    out.append(Put(row, 1, t["title"], "title"))
    for key, value in header:
        row += 1
        out += [Put(row, 1, t.get(key, key), "bold"), Put(row, BLOCK_VALUE_COL, value)]
    row += 1
    out.append(Put(row, 1, t["legend"], "bold"))
    for sev in sorted(Severity, reverse=True):
        out.append(Put(row, BLOCK_VALUE_COL, SEVERITY_TEXT[lang][sev], fill_key(sev)))
        out.append(Put(row, BLOCK_VALUE_COL + 2, t["also_legend"], fill_key(sev, strong=False)))
        row += 1
    notes = [t["proof"] if proof else t["note"]]
    if converted:
        notes.append(t["converted"].format(ext=converted))
    if len(findings) < len(report.findings):
        notes.append(t["truncated"].format(shown=len(findings), total=len(report.findings)))
    for text in notes:
        out.append(Put(row, 1, text, "note"))
        row += 1
    return out


def _also(cells: Sequence[CellRef], t: Mapping[str, str]) -> str:
    """The other cells a finding names, after its primary: ``（另见 E5）``.

    Up to three are listed, fewer when they would not fit the cell column on one line (a
    viewer that does not wrap a link cell, LibreOffice, would draw them over the next column).
    """
    others = [c.ref.replace("$", "") if c.sheet == cells[0].sheet else str(c) for c in cells[1:]]
    if not others:
        return ""
    sep = t["list_sep"]
    room = MAX_WIDTHS[5] - 2 - text_width(cells[0].ref)
    if len(others) <= 3:
        text = t["also"].format(cells=sep.join(others))
        if text_width(text) <= room or len(others) == 1:
            return text
    keep = min(len(others), 3) - 1
    while True:
        text = t["also_more"].format(cells=sep.join(others[:keep]), n=len(others))
        if text_width(text) <= room or keep == 1:
            return text
        keep -= 1


def last_row(puts: Sequence[Put]) -> int:
    """The table's last row (at least one below the header, for the filter range)."""
    seq = [p.row for p in puts if p.col == 1 and isinstance(p.value, int)]
    return max(max(seq, default=0), HEADER_ROW + 1)


def used_rows(puts: Sequence[Put]) -> int:
    """The sheet's last used row (the block below the table included)."""
    return max(p.row for p in puts)


def column_widths(puts: Sequence[Put]) -> tuple[float, ...]:
    """WIDTHS, with the sheet and cell columns as wide as their text in the table (up to MAX_WIDTHS)."""
    last = last_row(puts)
    widths = list(WIDTHS)
    for p in puts:
        if p.col in MAX_WIDTHS and HEADER_ROW <= p.row <= last and isinstance(p.value, str):
            widths[p.col - 1] = max(widths[p.col - 1], min(MAX_WIDTHS[p.col], text_width(p.value) + 2))
    return tuple(widths)


def row_heights(puts: Sequence[Put], widths: Sequence[float]) -> dict[int, float]:
    """The height (points) of each row whose wrapped text needs more than one line.

    Excel and LibreOffice do not grow a row for wrapped text written by a program: without a
    height, the text of one row is drawn over the next.
    """
    heights: dict[int, float] = {}
    for p in puts:
        if p.style not in WRAPPED or not isinstance(p.value, str) or p.col > len(widths):
            continue
        lines = wrapped_lines(p.value, widths[p.col - 1])
        if lines > 1:
            heights[p.row] = max(heights.get(p.row, 0.0), row_height(lines))
    return heights


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
    fills = {k: PatternFill(fill_type="solid", fgColor=c, bgColor=c) for k, c in FILL_STYLES.items()}
    wrap = Alignment(wrap_text=True)  # bottom-aligned, as the row's other cells
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
                if p.style in WRAPPED:
                    cell.alignment = wrap
            elif p.style in fills:
                cell.fill = fills[p.style]
            elif p.style == "wrap":
                cell.alignment = wrap
            styled[p.style] = copy.copy(cell._style)
        if p.link:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=p.link)
    widths = column_widths(puts)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, height in row_heights(puts, widths).items():
        ws.row_dimensions[row].height = height
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last_row(puts)}"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


PAPER_A4: Final = 9  # OOXML paperSize


def print_setup(ws: Any) -> None:
    """An xlsxwriter sheet printed A4 landscape, one page wide, its header row on every page."""
    ws.set_paper(PAPER_A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)


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
            "wrap": wb.add_format({"text_wrap": True}),
            "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "text_wrap": True}),
            **{k: wb.add_format({"bg_color": "#" + c[2:], "pattern": 1}) for k, c in FILL_STYLES.items()},
        }
        for p in puts:
            fmt = formats.get(p.style)
            if isinstance(p.value, str):
                ws.write_string(p.row - 1, p.col - 1, safe_text(p.value), fmt)
            else:
                ws.write_number(p.row - 1, p.col - 1, p.value, fmt)
        widths = column_widths(puts)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        for row, height in row_heights(puts, widths).items():
            ws.set_row(row - 1, height)
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(HEADER_ROW - 1, 0, last_row(puts) - 1, len(COLUMNS) - 1)
        print_setup(ws)
    finally:
        wb.close()
