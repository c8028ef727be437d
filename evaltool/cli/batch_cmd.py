"""`evaltool batch`."""

from __future__ import annotations

import click


@click.command("batch")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("evaltool batch is not implemented yet")
