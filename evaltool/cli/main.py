"""The ``evaltool`` command: a click group; with no subcommand, the arguments are files to check."""

from __future__ import annotations

import sys

import click

from evaltool.version import __version__


class DefaultToCheck(click.Group):
    """A group that treats ``evaltool FILE...`` as ``evaltool check FILE...`` (what a drop sends)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evaltool")
def cli() -> None:
    """Check budget performance self-evaluation workbooks (预算绩效自评).

    校验预算绩效自评工作簿。evaltool FILE... is the same as evaltool check FILE...

    \b
    Examples / 示例:
      evaltool 2024自评.xlsx
      evaltool batch 收件箱 --out-dir 结果
      evaltool COMMAND --help
    """


def _register() -> None:
    # Each command lives in its own module; importing them here keeps this file thin.
    from evaltool.cli import batch_cmd, check_cmd, launcher_cmd, rules_cmd, serve_cmd, template_cmd, upgrade_cmd

    for module in (check_cmd, template_cmd, rules_cmd, batch_cmd, launcher_cmd, serve_cmd, upgrade_cmd):
        cli.add_command(module.command)
    cli.add_command(upgrade_cmd.convert_command)


_register()


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))
