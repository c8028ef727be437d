"""`evaltool check`."""

from __future__ import annotations

import click


@click.command("check")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("evaltool check is not implemented yet")
