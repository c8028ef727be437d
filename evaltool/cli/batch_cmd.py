"""`evaltool batch`: check every workbook in an inbox folder (for a scheduler)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from evaltool.lang import Lang
from evaltool.report.results_sheet import clock
from evaltool.texts import text

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
                click.echo(text("batch", "reused", lang, n=reused), err=True)
            if total:
                self.bar = click.progressbar(length=total, label=text("batch", "checking", lang), file=sys.stderr)
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
            click.echo(f"{clock()} {text('batch', 'start', lang, total=total, reused=reused)}", err=True)

        def advance(self, result: FileResult) -> None:
            self.n += 1
            status = status_text(result.status, lang)
            why = text("batch", "why", lang, text=result.error(lang)) if result.error_reason else ""
            line = text(
                "batch", "progress", lang, n=self.n, total=self.total, path=result.relpath, status=status, why=why
            )
            click.echo(f"{clock()} {line}", err=True)

    return Bar() if sys.stderr.isatty() else Log()


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

    批量校验收件文件夹中的全部工作簿，写出汇总.xlsx、results.json/.csv 和标注副本。

    Exit code: 0 all passed (warnings allowed); 1 errors, unreadable files, missing
    submissions or roster conflicts; 2 the run itself failed.

    \b
    Example / 示例:
      evaltool batch 收件箱 --out-dir 结果 --roster 单位名单.xlsx
    """
    from evaltool.batch.pipeline import BatchError, BatchOptions, run_batch
    from evaltool.exitcodes import ExitStatus

    options = BatchOptions(inbox, out_dir, roster, jobs, config, history, lang)
    options.follow_outside_links = follow_outside_links
    try:
        outcome = run_batch(options, _progress(lang))
    except BatchError as exc:
        click.echo(text("batch", "failed", lang, message=exc.message(lang)), err=True)
        sys.exit(int(ExitStatus.FAILURE))
    except KeyboardInterrupt:
        click.echo(text("batch", "interrupted", lang), err=True)
        sys.exit(int(ExitStatus.FAILURE))
    except Exception:  # a defect: the scheduler must still see "the run failed", with the trace in its log
        import traceback

        traceback.print_exc()
        click.echo(text("batch", "internal", lang), err=True)
        sys.exit(int(ExitStatus.FAILURE))
    for warning in outcome.warnings:
        click.echo(text("batch", "failed", lang, message=warning.message(lang)), err=True)
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
        parts.append(f"{text('batch', 'not_used', lang)} {len(data.unusable)}")
    if data.copy_fallbacks:
        parts.append(f"{text('batch', 'fallbacks', lang)} {data.copy_fallbacks}")
    explained = sum(r.explained for r in data.results)
    warnings = sum(r.counts.get("warning", 0) for r in data.results if r.status != "unreadable")
    if warnings:
        parts.append(text("batch", "explained", lang, explained=explained, warnings=warnings))
    click.echo(f"{outcome.summary}: " + text("batch", "join", lang).join(parts))
    sys.exit(int(outcome.exit_status))
