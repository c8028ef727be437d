"""`evaltool batch`: check every workbook in an inbox folder (for a scheduler)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from evaltool.lang import Lang

if TYPE_CHECKING:
    from evaltool.batch.record import FileResult


def _progress(lang: Lang) -> Any:
    from evaltool.batch.pipeline import Progress
    from evaltool.report.render import status_text

    class Bar(Progress):
        """A progress bar on a terminal."""

        def __init__(self) -> None:
            self.bar: Any = None

        def start(self, total: int, reused: int) -> None:
            if reused:
                click.echo(f"{reused} 个文件未变化，沿用上次结果" if lang != "en" else f"{reused} unchanged", err=True)
            if total:
                self.bar = click.progressbar(
                    length=total, label="检查中" if lang != "en" else "checking", file=sys.stderr
                )
                self.bar.__enter__()

        def advance(self, result: FileResult) -> None:
            if self.bar is not None:
                self.bar.update(1)

        def finish(self) -> None:
            if self.bar is not None:
                self.bar.__exit__(None, None, None)

    class Log(Progress):
        """Plain log lines (cron mail, Task Scheduler logs)."""

        def __init__(self) -> None:
            self.total = 0
            self.n = 0

        def start(self, total: int, reused: int) -> None:
            self.total = total
            click.echo(f"{_stamp()} checking {total} file(s), {reused} unchanged since an earlier run", err=True)

        def advance(self, result: FileResult) -> None:
            self.n += 1
            status = status_text(result.status, lang)
            why = f" ({result.error(lang)})" if result.error_reason else ""
            click.echo(f"{_stamp()} [{self.n}/{self.total}] {result.relpath}: {status}{why}", err=True)

    return Bar() if sys.stderr.isatty() else Log()


def _stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


@click.command("batch")
@click.argument("inbox", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out-dir", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the summary, results, annotated copies and history.")  # fmt: skip
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False),
              help="Units expected to submit (.xlsx/.xls/.ods/.csv with 单位编码, 单位名称).")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU; 1 checks in this process).")  # fmt: skip
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="evaltool.toml (default: the defaults; one in INBOX is never applied by itself).")  # fmt: skip
@click.option("--history", type=click.Path(path_type=Path, dir_okay=False),
              help="History database (default: OUT/history.sqlite).")  # fmt: skip
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the summary, messages and log.")  # fmt: skip
@click.option("--follow-outside-links", is_flag=True,
              help="Also check linked files outside INBOX (default: listed, not processed).")  # fmt: skip
def command(
    inbox: Path,
    out_dir: Path,
    roster: Path | None,
    jobs: int | None,
    config: Path | None,
    history: Path | None,
    lang: Lang,
    follow_outside_links: bool,
) -> None:
    """Check every workbook under INBOX; write 汇总.xlsx, results.json/.csv and annotated copies to OUT.

    Exit code: 0 all passed (warnings allowed); 1 errors, unreadable files, missing
    submissions or roster conflicts; 2 the run itself failed.
    """
    from evaltool.batch.pipeline import BatchError, BatchOptions, run_batch
    from evaltool.exitcodes import ExitStatus

    options = BatchOptions(inbox, out_dir, roster, jobs, config, history, lang)
    options.follow_outside_links = follow_outside_links
    try:
        outcome = run_batch(options, _progress(lang))
    except BatchError as exc:
        click.echo(f"evaltool batch: {exc}", err=True)
        sys.exit(int(ExitStatus.FAILURE))
    except KeyboardInterrupt:
        click.echo("evaltool batch: interrupted", err=True)
        sys.exit(int(ExitStatus.FAILURE))
    except Exception:  # a defect: the scheduler must still see "the run failed", with the trace in its log
        import traceback

        traceback.print_exc()
        click.echo("evaltool batch: internal error (see the trace above)", err=True)
        sys.exit(int(ExitStatus.FAILURE))
    for warning in outcome.warnings:
        click.echo(f"evaltool batch: {warning}", err=True)
    data = outcome.data
    counts: dict[str, int] = {}
    for row in data.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    from evaltool.report.render import status_text

    parts = [
        f"{status_text(k, lang)} {counts[k]}"
        for k in ("passed", "warnings", "errors", "unreadable", "missing")
        if k in counts
    ]
    if data.unusable:
        parts.append(f"{'未使用' if lang != 'en' else 'not used'} {len(data.unusable)}")
    if data.copy_fallbacks:
        parts.append(f"{'副本改由 openpyxl 生成' if lang != 'en' else 'copies made by openpyxl'} {data.copy_fallbacks}")
    explained = sum(r.explained for r in data.results)
    warnings = sum(r.counts.get("warning", 0) for r in data.results if r.status != "unreadable")
    if warnings:
        parts.append(
            f"警告已说明 {explained}/{warnings}" if lang != "en" else f"warnings explained {explained}/{warnings}"
        )
    click.echo(f"{outcome.summary}: " + ("，".join(parts) if lang != "en" else ", ".join(parts)))
    sys.exit(int(outcome.exit_status))
