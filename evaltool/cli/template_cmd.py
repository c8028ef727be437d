"""`evaltool template`: write a fresh blank standard workbook (the current template, v2)."""

from __future__ import annotations

from pathlib import Path

import click

from evaltool.cli.failure import Failure


class TemplateError(Failure):
    """``evaltool template`` could not write the file."""


@click.command("template")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=True, path_type=Path),
    help="Where to write the workbook (.xlsx).",
)
@click.option("--force", is_flag=True, help="Overwrite the file when it exists.")
def command(output: Path, force: bool) -> None:
    """Write a blank standard workbook (预算绩效自评表模板 v2) to OUTPUT.

    写出空白的标准自评模板。

    \b
    Example / 示例:
      evaltool template -o 自评模板.xlsx
    """
    if output.suffix.lower() != ".xlsx":
        raise TemplateError(f"{output}: 模板须保存为 .xlsx 文件 (the template must be saved as .xlsx)")
    if output.is_dir():
        raise TemplateError(f"{output}: 是一个文件夹 (is a directory)")
    if output.exists() and not force:
        raise TemplateError(f"{output}: 文件已存在，加 --force 覆盖 (file exists; use --force to overwrite)")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise TemplateError(f"{output}: 文件夹 {parent} 不存在 (folder does not exist)")
    from xlsxwriter.exceptions import XlsxFileError

    from evaltool.report.output import OutputError, atomic_write
    from evaltool.template.writer import write_workbook

    # Written beside the target and renamed: a failure never leaves half a file behind
    # (and never destroys the file --force would have replaced).
    try:
        atomic_write(output, write_workbook)
    except OutputError as exc:
        raise TemplateError(f"{output}: 无法写入 (cannot write: {exc.detail or exc.message('en')})") from None
    except XlsxFileError as exc:  # xlsxwriter wraps the OSError of a failed write
        raise TemplateError(f"{output}: 无法写入 (cannot write: {exc})") from None
    click.echo(f"已生成模板 (template written): {output}")
