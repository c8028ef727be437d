"""The ``evaltool`` command: a click group whose default (no subcommand) checks the given files."""

from __future__ import annotations

import sys

import click

from evaltool import __version__


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="evaltool")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check budget performance self-evaluation workbooks (预算绩效自评)."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))
