"""`evaltool rules`."""

from __future__ import annotations

import click


@click.command("rules")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("evaltool rules is not implemented yet")
