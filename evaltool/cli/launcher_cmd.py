"""`evaltool launcher`: write drop launchers (.bat for Windows, .desktop for Linux)."""

from __future__ import annotations

from pathlib import Path

import click

from evaltool.cli.failure import Failure


@click.command("launcher")
@click.option(
    "--dest",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    show_default=True,
    help="Folder to write the launchers into; 桌面 or Desktop is your desktop. Example: evaltool launcher --dest 桌面",
)
@click.option("--python", "python", help="Python interpreter to run (default: this one).")
def command(dest: Path, python: str | None) -> None:
    """Write evaltool-校验.bat and evaltool-check.desktop: drop workbooks onto them to check them.

    写出拖放启动器：把工作簿拖到图标上即可校验。

    \b
    Example / 示例:
      evaltool launcher --dest 桌面
    """
    from evaltool.launcher import LauncherError, launcher_folder, write_launchers

    dest = launcher_folder(dest)
    try:
        written = write_launchers(dest, python)
    except (OSError, LauncherError) as exc:
        raise Failure(f"{dest}: {getattr(exc, 'strerror', None) or exc}") from None
    for path in written:
        click.echo(str(path))
