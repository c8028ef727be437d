"""`evaltool serve`: the drop page and JSON API (needs ``pip install 'evaltool[serve]'``)."""

from __future__ import annotations

import logging
from pathlib import Path

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--inbox",
    type=click.Path(path_type=Path, file_okay=False),
    help="Submission mode: a clean checked file can be submitted into INBOX/<单位编码>/.",
)
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), help="An evaltool.toml for every check.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: one per CPU).")
@click.option("--max-upload-mb", type=click.FloatRange(0.01), default=20.0, show_default=True, help="Largest file.")
@click.option("--queue", type=click.IntRange(0), default=32, show_default=True, help="Checks waiting before 503.")
@click.option(
    "--keep-minutes", type=click.FloatRange(0.1), default=60.0, show_default=True, help="Keep uploads and copies."
)
@click.option("--submit-with-errors", is_flag=True, help="Also accept submissions of files with errors.")
def command(
    host: str,
    port: int,
    inbox: Path | None,
    config: Path | None,
    workers: int | None,
    max_upload_mb: float,
    queue: int,
    keep_minutes: float,
    submit_with_errors: bool,
) -> None:
    """Serve the drop page and JSON API: check in the browser, download the copy, submit.

    Open http://127.0.0.1:8080 (the default). Binds to 127.0.0.1 unless --host says otherwise.
    """
    try:
        import uvicorn

        from evaltool.serve.app import ServeOptions, create_app
    except ImportError as exc:
        raise click.ClickException(
            f"the server needs its extra: pip install 'evaltool[serve]' ({exc.name} is missing)"
        ) from None
    from evaltool.batch.pipeline import cpu_count
    from evaltool.config import ConfigError, Settings, load_settings

    try:
        settings = load_settings(config) if config is not None else Settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if inbox is not None:
        try:
            inbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.ClickException(f"{inbox}: cannot use the inbox ({exc.strerror or exc})") from None
    options = ServeOptions(
        settings=settings,
        workers=workers or cpu_count(),
        inbox=inbox.resolve() if inbox is not None else None,
        submit_with_errors=submit_with_errors,
        max_upload_mb=max_upload_mb,
        queue=queue,
        keep_minutes=keep_minutes,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"evaltool serve: http://{host}:{port}/  (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(options), host=host, port=port, log_level="info", proxy_headers=True)
