"""`evaltool template`."""

from __future__ import annotations

import click


@click.command("template")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("evaltool template is not implemented yet")
