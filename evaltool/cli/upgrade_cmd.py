"""`evaltool upgrade` (a v1 workbook into the current template) and `evaltool convert` (any readable
workbook or official form into the standard workbook)."""

from __future__ import annotations

from pathlib import Path

import click

from evaltool.cli.failure import Failure


class ConvertError(Failure):
    """``evaltool upgrade`` / ``convert`` could not read the input or write the output."""


def _write(source: Path, output: Path, force: bool, *, prefill: bool) -> None:
    if output.suffix.lower() != ".xlsx":
        raise ConvertError(f"{output}: 须保存为 .xlsx 文件 (the output must be an .xlsx file)")
    if output.exists() and not force:
        raise ConvertError(f"{output}: 文件已存在，加 --force 覆盖 (file exists; use --force to overwrite)")
    if output.resolve() == source.resolve():
        raise ConvertError(f"{output}: 不能覆盖输入文件 (would overwrite the input)")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise ConvertError(f"{output}: 文件夹 {parent} 不存在 (folder does not exist)")
    from evaltool.api import read
    from evaltool.convert import write_standard
    from evaltool.errors import UnreadableError
    from evaltool.report.output import OutputError, atomic_write

    try:
        submission = read(source)
    except UnreadableError as exc:
        raise ConvertError(f"{source}: 无法读取 (cannot read: {exc})") from None
    try:
        atomic_write(output, lambda path: write_standard(submission, path, prefill=prefill))
    except OutputError as exc:
        raise ConvertError(f"{output}: 无法写入 (cannot write: {exc.detail or exc.message('en')})") from None


_OUTPUT = click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the standard workbook (.xlsx).",
)
_FORCE = click.option("--force", is_flag=True, help="Overwrite the output when it exists.")
_SOURCE = click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.command("upgrade")
@_SOURCE
@_OUTPUT
@_FORCE
def command(source: Path, output: Path, force: bool) -> None:
    """Move a filled template v1 workbook SOURCE into the current template, every value kept.

    The new sheets (项目资金来源, 项目自评结论) start with each project's name and 年度资金总额.
    """
    _write(source, output, force, prefill=True)
    click.echo(f"已转为新模板 (upgraded): {output}")


@click.command("convert")
@_SOURCE
@_OUTPUT
@_FORCE
def convert_command(source: Path, output: Path, force: bool) -> None:
    """Write what SOURCE holds (a standard workbook or an official form) as the standard workbook."""
    _write(source, output, force, prefill=False)
    click.echo(f"已转为标准模板 (converted): {output}")
