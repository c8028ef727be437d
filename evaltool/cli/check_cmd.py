"""`evaltool check`: check workbooks, write annotated copies, print a summary or one JSON document."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from evaltool.lang import Lang

if TYPE_CHECKING:
    from evaltool.config import Settings
    from evaltool.result import Report


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))  # we report it per file
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path),
    help="Write the annotated copies here (default: next to each input).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    help="An evaltool.toml (default: the one next to each workbook, if any).",
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, envvar="EVALTOOL_LANG", help="Language."
)
@click.option("--no-annotate", is_flag=True, help="Do not write annotated copies.")
@click.option("--pause", is_flag=True, help="Wait for Enter at the end (for double-click and drop launches).")
def command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    fmt: str,
    config: Path | None,
    lang: Lang,
    no_annotate: bool,
    pause: bool,
) -> None:
    """Check workbooks; write <name>_校验结果.xlsx next to each (or in --out-dir).

    校验自评工作簿，并在每个文件旁写出标注副本 <文件名>_校验结果.xlsx。

    Exit status: 0 every file read and no error finding; 1 some error finding;
    2 a file could not be read or written, or bad usage.

    \b
    Examples / 示例:
      evaltool check 2024自评.xlsx
      evaltool check 收件/*.xlsx --out-dir 结果 --format json
    """
    try:
        status = _run(paths, out_dir, fmt, config, lang, no_annotate)
    except BrokenPipeError:  # `evaltool ... | head`: the reader left; no traceback for that
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 2
    _finish(status, pause, lang)


def _run(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    fmt: str,
    config: Path | None,
    lang: Lang,
    no_annotate: bool,
) -> int:
    """Check every file, print as asked; return the exit status."""
    from evaltool.config import ConfigError, load_settings
    from evaltool.report import console

    for stream in (sys.stdout, sys.stderr):
        console.prepare(stream)
    mark = console.marks(sys.stdout)
    if not paths:  # a launcher double-clicked without dropping anything on it
        click.echo(console.TEXT[lang]["usage"], err=True)
        return 2
    status = 0
    settings: Settings | None = None
    if config is not None:
        try:
            settings = load_settings(config)
        except ConfigError as exc:
            click.echo(f"evaltool: {exc}", err=True)
            return 2

    reports: list[Report] = []
    taken: set[Path] = set()
    for path in _expand(paths):
        report, copy_error, proof = _one(path, settings, out_dir, lang, annotate=not no_annotate, taken=taken)
        reports.append(report)
        status = max(status, int(report.exit_status), 2 if copy_error else 0)
        if fmt == "text":
            click.echo(console.file_summary(report, lang, copy_error=copy_error, proof=proof, mark=mark))
        elif copy_error:
            click.echo(f"evaltool: {copy_error}", err=True)
    if fmt == "json":
        from evaltool.report.output import document, dumps

        click.echo(dumps(document(reports, lang)))
    elif len(reports) > 1:
        click.echo(console.total_summary(reports, lang))
    return status


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    """The files to check: a folder (dropped on the launcher) stands for the workbooks directly in it.

    Lock files (``~$…``), hidden files and our own copies are skipped; a folder without any
    workbook is passed on as it is, so the reader says it is a folder.
    """
    from evaltool.reading.container import EXTENSIONS
    from evaltool.report.output import is_copy_name

    out: list[Path] = []
    for path in paths:
        inside: list[Path] = []
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in EXTENSIONS
                and not p.name.startswith(("~$", "."))
                and not is_copy_name(p.name)
            )
        out.extend(inside or [path])
    return out


def _one(
    path: Path, settings: Settings | None, out_dir: Path | None, lang: Lang, *, annotate: bool, taken: set[Path]
) -> tuple[Report, str | None, bool]:
    """Check and annotate one file. Never raises: any problem becomes the report's one-line error."""
    from evaltool.api import Report, check_and_copy
    from evaltool.batch.run import TimeLimitExceeded, time_limit
    from evaltool.config import ConfigError, settings_for
    from evaltool.errors import UnreadableError
    from evaltool.report.output import annotated_path, unique_path
    from evaltool.result import Status

    try:
        settings = settings if settings is not None else settings_for(path)
    except ConfigError as exc:  # a bad evaltool.toml beside this workbook
        return Report(path=path, error=UnreadableError(path, "config", str(exc))), None, False

    def copy_to() -> Path:
        return unique_path(annotated_path(path, out_dir), taken)

    seconds = settings.limits.timeout_seconds  # the batch's limit per file, checking and copy together
    try:
        with time_limit(seconds):
            report, copy_error = check_and_copy(path, settings, lang, copy_to if annotate else None)
    except TimeLimitExceeded:
        return Report(path=path, error=UnreadableError(path, "timeout", f"> {seconds:g} s")), None, False
    return report, copy_error, copy_error is None and report.annotated is not None and report.status is Status.PASSED


def _finish(status: int, pause: bool, lang: Lang) -> NoReturn:
    """Flush, optionally wait for Enter, and leave — skipping interpreter teardown when standalone."""
    from evaltool.report import console

    if pause:
        console.pause(lang)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    # Tearing down pandas & co. costs ~0.1 s for nothing. Only when we own the process: under a
    # test runner (stdout swapped) or EVALTOOL_NO_FAST_EXIT, exit the normal way.
    if sys.stdout is sys.__stdout__ and not os.environ.get("EVALTOOL_NO_FAST_EXIT"):
        os._exit(status)
    sys.exit(status)
