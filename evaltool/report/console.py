"""What people read in the console: a short summary per file, in Chinese (or English)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from evaltool.findings import Severity
from evaltool.lang import Lang
from evaltool.names import display_name

if TYPE_CHECKING:
    from evaltool.result import Report

SHOWN: Final = 3  # findings listed per file; the rest are in the annotated copy

TEXT: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "todo_warnings": "警告须在标注副本的“情况说明”列逐条说明理由",
        "explained": "已说明 {explained} / {warnings} 条警告",
        "all_explained": "✔ 全部 {warnings} 条警告均已说明",
        "todo_errors": "错误必须修改后重新校验",
        "counts": "错误 {error}，警告 {warning}，提示 {info}",
        "unit": "单位：{name}（{code}）",
        "copy": "标注副本：{path}",
        "proof": "通过证明：{path}",
        "copy_failed": "未能写出标注副本：{reason}",
        "more": "……另有 {n} 条{what}，详见标注副本",
        "more_nocopy": "……另有 {n} 条{what}（用 --format json 查看全部）",
        "error": "错误",
        "warning": "警告",
        "total": "共 {n} 个文件：通过 {passed}，有警告 {warnings}，有错误 {errors}，无法读取 {unreadable}",
        "pause": "按回车键关闭窗口……",
        "usage": "用法：evaltool check 工作簿…（或把一个或多个工作簿拖放到 evaltool-校验.bat 上）",
        "sep": "：",
    },
    "en": {
        "todo_warnings": "explain each warning in the annotated copy's last column",
        "explained": "{explained} of {warnings} warnings explained",
        "all_explained": "every warning explained ({warnings})",
        "todo_errors": "fix the errors and check again",
        "counts": "errors {error}, warnings {warning}, info {info}",
        "unit": "unit: {name} ({code})",
        "copy": "annotated copy: {path}",
        "proof": "proof of passing: {path}",
        "copy_failed": "annotated copy not written: {reason}",
        "more": "... {n} more {what}, see the annotated copy",
        "more_nocopy": "... {n} more {what} (--format json lists them all)",
        "error": "error(s)",
        "warning": "warning(s)",
        "total": "{n} files: passed {passed}, warnings {warnings}, errors {errors}, unreadable {unreadable}",
        "pause": "Press Enter to close this window...",
        "usage": "usage: evaltool check WORKBOOK... (or drop workbooks onto the evaltool launcher)",
        "sep": ": ",
    },
}


def prepare(stream: IO[str]) -> None:
    """Make ``stream`` able to print Chinese: a console whose code page cannot gets UTF-8.

    A Windows console launched by our .bat runs ``chcp 65001``; an old code page (cp437, or
    ASCII under a C locale) would raise UnicodeEncodeError on the first Chinese character.
    """
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "单位名称".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:  # GBK consoles print Chinese but not every symbol: never crash
        reconfigure(errors="replace")


def marks(stream: IO[str]) -> tuple[str, str]:
    """(pass, fail) marks the stream can print: ✔/✘, else √/× (GBK has those), else OK/X."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    for good, bad in (("✔", "✘"), ("√", "×")):
        try:
            (good + bad).encode(encoding)
            return good, bad
        except (UnicodeEncodeError, LookupError):
            continue
    return "OK", "X"


def file_summary(
    report: Report,
    lang: Lang = "zh",
    *,
    copy_error: str | None = None,
    proof: bool = False,
    mark: tuple[str, str] = ("✔", "✘"),
) -> str:
    """A few lines for one file: verdict and counts, unit, where the copy went, the first problems."""
    from evaltool.messages import message
    from evaltool.report.render import status_text
    from evaltool.report.results_sheet import explanations_of
    from evaltool.result import Status

    t = TEXT[lang]
    ok, bad = mark
    if report.error is not None:
        return f"{bad} {report.error.message(lang)}"
    status = report.status
    sign = bad if status is Status.ERRORS else ok
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    verdict = status_text(status.value, lang)
    name = display_name(report.path.name)
    lines = [f"{sign} {name}{t['sep']}{verdict}{left}{t['counts'].format(**report.counts)}{right}"]
    if report.unit_name or report.unit_code:
        lines.append("  " + t["unit"].format(name=report.unit_name or "—", code=report.unit_code or "—"))
    if report.annotated is not None:
        lines.append("  " + t["proof" if proof else "copy"].format(path=_shown(report.annotated)))
    if copy_error:
        lines.append("  " + t["copy_failed"].format(reason=copy_error))
    warnings = [
        text for f, text in zip(report.findings, explanations_of(report), strict=True) if f.severity is Severity.WARNING
    ]
    explained = sum(1 for text in warnings if text.strip())
    if status is Status.WARNINGS and warnings and explained == len(warnings):
        lines.append("  " + t["all_explained"].format(warnings=len(warnings)))
    elif status is not Status.PASSED:
        lines.append("  " + t[f"todo_{status.value}"])
        if explained:
            lines.append("  " + t["explained"].format(explained=explained, warnings=len(warnings)))
    worst = Severity.ERROR if status is Status.ERRORS else Severity.WARNING
    listed = [f for f in report.findings if f.severity is worst]
    for f in listed[:SHOWN]:
        where = str(f.cells[0]) if f.cells else (str(f.params.get("sheet")) if f.params.get("sheet") else "")
        lines.append(f"  · {where + ' ' if where else ''}[{f.code}] {_one_line(message(f, lang))}")
    if len(listed) > SHOWN:
        key = "more" if report.annotated is not None else "more_nocopy"
        lines.append("  " + t[key].format(n=len(listed) - SHOWN, what=t[worst.label]))
    return "\n".join(lines)


def total_summary(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """One line over several files."""
    from evaltool.result import Status

    tally = {s.value: 0 for s in Status}
    for r in reports:
        tally[r.status.value] += 1
    return TEXT[lang]["total"].format(n=len(reports), **tally)


def pause(lang: Lang = "zh") -> None:
    """Wait for Enter (a double-clicked or drop-launched window would close at once) — on a TTY only."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        return  # nobody to press Enter: never hang a scheduled or piped run
    try:
        sys.stderr.write(TEXT[lang]["pause"])
        sys.stderr.flush()
        stdin.readline()
    except (OSError, ValueError, KeyboardInterrupt):
        pass


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(path: Path) -> str:
    """The copy's path as the user can find it: absolute (a drop launch's cwd is arbitrary)."""
    try:
        return display_name(str(path.resolve()))
    except OSError:
        return display_name(str(path))
