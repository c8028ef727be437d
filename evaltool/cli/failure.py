"""The one-line failure every subcommand raises: printed as ``Error: …``, exit code 2."""

from __future__ import annotations

import click

from evaltool.exitcodes import ExitStatus


class Failure(click.ClickException):
    """A one-line failure of the run itself; exits with ExitStatus.FAILURE (2)."""

    exit_code = int(ExitStatus.FAILURE)

    def format_message(self) -> str:
        return self.message
