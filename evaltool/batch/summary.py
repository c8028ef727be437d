"""Writes OUT/汇总.xlsx with xlsxwriter: per-unit summary, every finding, rule statistics, matrix.

Every text that came from a submission is written with ``write_string`` (never ``write``,
which would turn ``=HYPERLINK(...)`` into a live formula), and the workbook is opened with
formula/URL auto-detection switched off as a second guard.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Final

from evaltool.batch.assemble import BatchData
from evaltool.batch.record import FileResult
from evaltool.batch.roster import roster_row_text
from evaltool.catalogue import rule_name
from evaltool.codes import CODES
from evaltool.lang import Lang
from evaltool.report.render import severity_text, status_text
from evaltool.report.results_sheet import local_time, print_setup
from evaltool.report.xmlsafe import safe_worksheet_class
from evaltool.texts import text
from evaltool.textwidth import row_height, text_width, wrapped_lines

SUMMARY_NAME: Final = "汇总.xlsx"
SHEETS: Final = ("单位汇总", "问题明细", "规则统计", "单位×规则", "未处理文件", "运行信息")
STATUS_COLOURS: Final = {
    "passed": "#C6EFCE",
    "warnings": "#FFEB9C",
    "errors": "#FFC7CE",
    "unreadable": "#F8CBAD",
    "missing": "#D9D9D9",
}
SEVERITY_COLOURS: Final = {"error": "#C00000", "warning": "#ED7D31", "info": "#5B9BD5"}

# Each sheet's columns, as keys of the "summary" texts (evaltool/texts.py).
_HEAD: Final[dict[str, tuple[str, ...]]] = {
    "单位汇总": (
        *("unit_code", "unit_name", "file", "status", "errors", "warnings", "infos", "expense_total"),
        *("self_score", "recomputed_score", "annotated", "roster_check", "change", "note", "explained"),
    ),
    "问题明细": (
        *("unit_code", "unit_name", "file", "sheet", "cell", "rule", "severity", "message", "hint"),
        "explanation",
    ),
    "规则统计": ("rule", "name", "total", "errors", "warnings", "infos", "files"),
    "未处理文件": ("file", "kind", "reason"),
}
_WIDTHS: Final[dict[str, tuple[int, ...]]] = {
    "单位汇总": (12, 28, 36, 9, 6, 6, 6, 12, 9, 9, 10, 24, 36, 40, 14),
    "问题明细": (12, 28, 36, 14, 10, 8, 9, 60, 50, 40),
    "规则统计": (8, 32, 7, 7, 7, 7, 10),
    "未处理文件": (48, 12, 60),
}


def _headers(sheet: str, lang: Lang) -> list[str]:
    return [_t(lang, key) for key in _HEAD[sheet]]


def _t(lang: Lang, key: str, **params: Any) -> str:
    return text("summary", key, lang, **params)


class _Writer:
    def __init__(self, path: Path, lang: Lang) -> None:
        import xlsxwriter

        self.lang = lang
        # Guard in depth: even a stray write() must never make a formula or URL out of text.
        # constant_memory: each row goes to disk once written, so memory stays flat however
        # many findings the batch has (every sheet is written top to bottom).
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "constant_memory": True,
                # Every cell top-aligned, so a row grown for wrapped text still reads as one row.
                "default_format_properties": {"valign": "top"},
            },
        )
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.money = self.book.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.score = self.book.add_format({"num_format": "0.00", "valign": "top"})
        self.link = self.book.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.status = {k: self.book.add_format({"bg_color": c, "valign": "top"}) for k, c in STATUS_COLOURS.items()}
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.explained = self.book.add_format(
            {"bg_color": STATUS_COLOURS["passed"], "valign": "top"}
        )  # every warning explained

    def sheet(self, name: str, headers: list[str], widths: tuple[int, ...] = ()) -> Any:
        ws = self.book.add_worksheet(name, worksheet_class=safe_worksheet_class())
        for col, head in enumerate(headers):
            ws.write_string(0, col, head, self.header)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(1, 0)
        print_setup(ws)  # A4 landscape, one page wide, the header row on every page
        return ws

    @staticmethod
    def text(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """Text from a submission (or anything): always a string cell, never a formula."""
        if value is None or value == "":
            return
        ws.write_string(row, col, str(value), fmt)

    @staticmethod
    def number(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value))


def _summary_sheet(w: _Writer, data: BatchData) -> None:
    lang = w.lang
    name = SHEETS[0]
    ws = w.sheet(name, _headers(name, lang), _WIDTHS[name])
    for i, row in enumerate(data.rows, start=1):
        res = row.result
        w.text(ws, i, 0, row.code)
        w.text(ws, i, 1, row.name)
        w.text(ws, i, 3, status_text(row.status, lang), w.status[row.status])
        w.text(ws, i, 11, row.flag_text(lang))
        if row.change is not None:
            w.text(ws, i, 12, row.change.text(lang, row.status))
        if res is None:
            continue
        res = data.full(res)
        w.text(ws, i, 2, res.relpath)
        if res.status != "unreadable":  # no counts for a file that was never read
            counts = res.counts
            ws.write_number(i, 4, counts.get("error", 0))
            ws.write_number(i, 5, counts.get("warning", 0))
            ws.write_number(i, 6, counts.get("info", 0))
        w.number(ws, i, 7, res.figures.get("expense_total"), w.money)
        w.number(ws, i, 8, res.figures.get("self_score"), w.score)
        w.number(ws, i, 9, res.figures.get("recomputed_score"), w.score)
        # A relative external link: the summary and the copies move together as one folder.
        # (Excel refuses links over 255 characters: show the path as text instead.)
        if res.annotated and (
            len(res.annotated) > 250
            or ws.write_url(i, 10, "external:" + res.annotated, w.link, _t(lang, "open"), res.annotated)
        ):
            w.text(ws, i, 10, res.annotated)
        note = res.error(lang) or (_t(lang, "no_copy", reason=res.annotate_error) if res.annotate_error else None)
        w.text(ws, i, 13, note)
        explained, warnings = res.explained, res.counts.get("warning", 0)
        if warnings and res.status != "unreadable":
            every = explained == warnings
            shown = f"{explained} / {warnings}" + (_t(lang, "all_explained") if every else "")
            w.text(ws, i, 14, shown, w.explained if every else None)
    last = max(len(data.rows), 1)
    ws.autofilter(0, 0, last, len(_HEAD[name]) - 1)
    # Colour whole rows by status; a rule on the status text keeps colours right after sorting.
    for status, fmt in w.status.items():
        ws.conditional_format(
            1,
            0,
            last,
            len(_HEAD[name]) - 1,
            {"type": "formula", "criteria": f'=$D2="{status_text(status, lang)}"', "format": fmt},
        )


def _findings_sheet(w: _Writer, data: BatchData) -> int:
    lang = w.lang
    name = SHEETS[1]
    widths = _WIDTHS[name]
    ws = w.sheet(name, _headers(name, lang), widths)
    i = 0
    for row in data.rows:
        res = row.result
        if res is None:
            continue
        for f in data.findings_of(res):
            i += 1
            w.text(ws, i, 0, row.code)
            w.text(ws, i, 1, row.name)
            w.text(ws, i, 2, res.relpath)
            w.text(ws, i, 3, f.sheet)
            cells = ", ".join(f.cells)
            w.text(ws, i, 4, cells, w.wrap)  # a long cell list wraps instead of running into 规则
            w.text(ws, i, 5, f.code)
            w.text(ws, i, 6, severity_text(f.severity, lang))
            texts = (f.message(lang), f.hint(lang), f.explanation)
            for col, shown in enumerate(texts, start=7):
                w.text(ws, i, col, shown, w.wrap)
            lines = max(wrapped_lines(t, widths[c]) for c, t in ((4, cells), *enumerate(texts, start=7)) if t)
            if lines > 1:  # a row tall enough for its wrapped text (set before the next row is written)
                ws.set_row(i, row_height(lines))
    ws.autofilter(0, 0, max(i, 1), len(_HEAD[name]) - 1)
    return i


def rule_counts(results: list[FileResult]) -> tuple[dict[str, Counter[str]], dict[str, str], Counter[str]]:
    """Per rule: counts by severity; rule names; how many files each rule hit."""
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    files: Counter[str] = Counter()
    for res in results:
        codes = res.codes()
        for code, severity, rule in codes:
            per_rule[code][severity] += 1
            names.setdefault(code, rule)
        files.update({code for code, _, _ in codes})
    return per_rule, names, files


def _rules_sheet(w: _Writer, data: BatchData) -> tuple[list[str], dict[str, Counter[str]]]:
    lang = w.lang
    name = SHEETS[2]
    ws = w.sheet(name, _headers(name, lang), _WIDTHS[name])
    per_rule, names, files = rule_counts(data.results)
    codes = sorted(per_rule, key=lambda c: (-sum(per_rule[c].values()), c))
    for i, code in enumerate(codes, start=1):
        c = per_rule[code]
        w.text(ws, i, 0, code)
        w.text(ws, i, 1, rule_name(code, lang) if code in CODES else names.get(code, ""))
        ws.write_number(i, 2, sum(c.values()))
        ws.write_number(i, 3, c["error"])
        ws.write_number(i, 4, c["warning"])
        ws.write_number(i, 5, c["info"])
        ws.write_number(i, 6, files[code])
    ws.autofilter(0, 0, max(len(codes), 1), len(_HEAD[name]) - 1)
    if codes:
        chart = w.book.add_chart({"type": "bar", "subtype": "stacked"})
        for col, label in ((3, "error"), (4, "warning"), (5, "info")):
            chart.add_series(
                {
                    "name": [name, 0, col],
                    "categories": [name, 1, 0, len(codes), 0],
                    "values": [name, 1, col, len(codes), col],
                    "fill": {"color": SEVERITY_COLOURS[label]},
                }
            )
        chart.set_title({"name": _t(lang, "chart")})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 640, "height": max(300, 22 * len(codes) + 120)})
        ws.insert_chart(1, len(_HEAD[name]) + 1, chart)
    return codes, per_rule


def _matrix_sheet(w: _Writer, data: BatchData, codes: list[str], per_rule: dict[str, Counter[str]]) -> None:
    lang = w.lang
    head = [_t(lang, "unit_code"), _t(lang, "unit_name"), _t(lang, "file")]
    # Each rule's column: its code over its name (a wrapped header row tall enough for both).
    head += [_t(lang, "status"), *(f"{c}\n{rule_name(c, lang)}" for c in codes), _t(lang, "total")]
    ws = w.sheet(SHEETS[3], head, (12, 28, 36, 9, *([9] * len(codes)), 7))
    ws.set_row(0, 15 * (1 + max((math.ceil(text_width(rule_name(c, lang)) / 8) for c in codes), default=0)))
    first = 4
    for i, row in enumerate(data.rows, start=1):
        w.text(ws, i, 0, row.code)
        w.text(ws, i, 1, row.name)
        w.text(ws, i, 3, status_text(row.status, lang), w.status[row.status])
        if row.result is None:
            continue
        w.text(ws, i, 2, row.result.relpath)
        per = Counter(code for code, _, _ in row.result.codes())
        for j, code in enumerate(codes):
            if per[code]:
                ws.write_number(i, first + j, per[code])
        ws.write_number(i, first + len(codes), sum(per.values()))
    if data.rows:
        # The bottom line: findings per rule over every unit (the 按公式 view of the same matrix).
        total_row = len(data.rows) + 1
        w.text(ws, total_row, 0, _t(lang, "total"), w.header)
        totals = [sum(per_rule[code].values()) for code in codes]
        for j, total in enumerate([*totals, sum(totals)]):
            ws.write_number(total_row, first + j, total, w.header)
    ws.autofilter(0, 0, max(len(data.rows), 1), len(head) - 1)
    ws.freeze_panes(1, first)


def _unused_sheet(w: _Writer, data: BatchData) -> None:
    lang = w.lang
    name = SHEETS[4]
    ws = w.sheet(name, _headers(name, lang), _WIDTHS[name])
    i = 0
    for row in data.rows:
        if row.result is not None and row.status == "unreadable":
            i += 1
            res = data.full(row.result)  # a slim result has dropped its error text
            w.text(ws, i, 0, res.relpath)
            w.text(ws, i, 1, status_text("unreadable", lang))
            w.text(ws, i, 2, res.error(lang))
    for item in data.unusable:
        i += 1
        w.text(ws, i, 0, item.relpath)
        w.text(ws, i, 1, text("batch", "not_used", lang))
        w.text(ws, i, 2, item.text(lang))
    for code in data.roster_duplicates:
        i += 1
        w.text(ws, i, 0, data.roster_file)
        w.text(ws, i, 1, _t(lang, "roster"))
        w.text(ws, i, 2, _t(lang, "roster_twice", code=code))
    for number in data.roster_unreadable:
        i += 1
        w.text(ws, i, 0, data.roster_file)
        w.text(ws, i, 1, _t(lang, "roster"))
        w.text(ws, i, 2, roster_row_text(number, lang))
    ws.autofilter(0, 0, max(i, 1), len(_HEAD[name]) - 1)


def _run_sheet(w: _Writer, data: BatchData, exit_code: int) -> None:
    lang = w.lang
    ws = w.sheet(SHEETS[5], [_t(lang, "item"), _t(lang, "value")], (22, 70))
    by_status = Counter(r.status for r in data.rows)
    items: list[tuple[str, Any]] = [
        (_t(lang, "run_id"), data.run_id),
        (_t(lang, "started"), local_time(data.started)),
        (_t(lang, "version"), data.tool_version),
        (_t(lang, "inbox"), data.inbox),
        (_t(lang, "roster_file"), data.roster_file or _t(lang, "none_given")),
        (_t(lang, "config_file"), data.config_file or _t(lang, "defaults")),
        (_t(lang, "config"), data.config),
        (_t(lang, "checked"), data.checked),
        (_t(lang, "reused"), data.reused),
        (_t(lang, "previous_run"), data.previous_run or _t(lang, "none")),
        (_t(lang, "seconds"), round(data.seconds, 2)),
        (_t(lang, "exit_code"), exit_code),
    ]
    items += [(status_text(s, lang), by_status.get(s, 0)) for s in STATUS_COLOURS]
    items.append((text("batch", "fallbacks", lang), data.copy_fallbacks))
    for i, (label, value) in enumerate(items, start=1):
        ws.write_string(i, 0, label)
        if isinstance(value, int | float):
            ws.write_number(i, 1, value)
        else:
            ws.write_string(i, 1, str(value))


def write_summary(path: Path, data: BatchData, exit_code: int) -> None:
    """Write the summary workbook (replacing an older one)."""
    w = _Writer(path, data.lang)
    _summary_sheet(w, data)
    _findings_sheet(w, data)
    codes, per_rule = _rules_sheet(w, data)
    _matrix_sheet(w, data, codes, per_rule)
    _unused_sheet(w, data)
    _run_sheet(w, data, exit_code)
    w.book.close()
