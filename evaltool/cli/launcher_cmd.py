"""`evaltool launcher`."""

from __future__ import annotations

import click


@click.command("launcher")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("evaltool launcher is not implemented yet")
