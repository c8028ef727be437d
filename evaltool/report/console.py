"""What people read in the console: a short summary per file, in Chinese (or English)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from evaltool.findings import Severity
from evaltool.lang import Lang
from evaltool.names import display_name
from evaltool.texts import TEXTS

if TYPE_CHECKING:
    from evaltool.result import Report

SHOWN: Final = 3  # findings listed per file; the rest are in the annotated copy

TEXT: Final = {lang: table["console"] for lang, table in TEXTS.items()}  # evaltool/texts.py


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
    from evaltool.report.explained import explanations_of
    from evaltool.report.render import status_text
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
