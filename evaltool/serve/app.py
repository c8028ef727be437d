"""The Starlette application: the drop page, the JSON API, downloads and submissions.

Every check runs in the batch's warm worker pool (``batch.run.WarmPool``) with its per-file
time limit; the queue is bounded (503 with Retry-After when full). Uploads and copies live in
a work folder of the server's own, each under a random token, and are removed after
``keep_minutes``. The JSON is the one document ``evaltool check --format json`` prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from evaltool import __version__
from evaltool.config import Settings
from evaltool.lang import Lang
from evaltool.serve.job import CheckJob, Outcome
from evaltool.serve.texts import page_texts, text
from evaltool.serve.uploads import UploadError, discard, receive_files

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

CSRF_COOKIE: Final = "evaltool_csrf"
CSRF_HEADER: Final = "x-csrf-token"
MAX_FILES: Final = 20  # per request
RETRY_AFTER: Final = 5  # seconds, the hint a full queue gives
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
STATIC: Final = {  # the page's assets: a fixed list, never a path from the request
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}


@dataclass(slots=True)
class ServeOptions:
    """What ``evaltool serve`` was asked to do."""

    settings: Settings = field(default_factory=Settings)
    workers: int = 2
    inbox: Path | None = None  # submission mode when set
    submit_with_errors: bool = False
    max_upload_mb: float = 20.0
    queue: int = 32  # checks waiting beyond the ones being run
    keep_minutes: float = 60.0
    work_dir: Path | None = None  # default: a fresh temporary folder, removed at exit

    @property
    def limit(self) -> int:
        """The upload limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)


@dataclass(slots=True)
class Checked:
    """A file checked here and still kept: its download and, in submission mode, its submission."""

    token: str
    folder: Path
    upload: Path
    copy: Path | None
    status: str
    unit_code: str | None
    unit_name: str | None
    counts: dict[str, int]
    created: float = field(default_factory=time.monotonic)


class Server:
    """The state behind the routes: the pool, the kept files, the options."""

    def __init__(self, options: ServeOptions) -> None:
        from evaltool.batch.run import WarmPool

        self.options = options
        self.own_work = options.work_dir is None
        self.work = options.work_dir or Path(tempfile.mkdtemp(prefix="evaltool-serve-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.pool = WarmPool(options.workers, options.settings)
        self.kept: dict[str, Checked] = {}
        self.reserved = 0  # checks admitted (queued or running)

    @property
    def capacity(self) -> int:
        """Checks that may be queued or running at once."""
        return self.options.workers + self.options.queue

    def admit(self, count: int) -> bool:
        """Reserve room for ``count`` checks; False when the queue is full."""
        if self.reserved + count > self.capacity:
            return False
        self.reserved += count
        return True

    async def run(self, job: CheckJob) -> Outcome:
        """One check in the pool, awaited without blocking the event loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()

        def settle(outcome: Outcome) -> None:
            if not future.done():
                future.set_result(outcome)

        def done(outcome: Any) -> None:
            loop.call_soon_threadsafe(settle, outcome)

        self.pool.submit(job, done)
        return await future

    def sweep(self, older_than: float | None = None) -> None:
        """Remove kept files older than ``keep_minutes`` (all of them with ``older_than=0``)."""
        age = self.options.keep_minutes * 60 if older_than is None else older_than
        now = time.monotonic()
        for token, entry in list(self.kept.items()):
            if now - entry.created >= age:
                del self.kept[token]
                shutil.rmtree(entry.folder, ignore_errors=True)


def _json(doc: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer written by evaltool's one serializer (the same text ``check --format json`` prints)."""
    from evaltool.report.output import dumps

    return Response(dumps(doc), status, headers=headers, media_type="application/json")


def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _error(status: int, key: str, lang: Lang, headers: dict[str, str] | None = None, **values: Any) -> Response:
    return _json({"error": key, "message": text(key, lang).format(**values)}, status, headers=headers)


def _busy(lang: Lang) -> Response:
    return _error(503, "busy", lang, {"Retry-After": str(RETRY_AFTER)}, s=RETRY_AFTER)


def _server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


async def check_files(request: Request) -> Response:
    """POST /api/check: multipart, one or more files; the ``check --format json`` document."""
    from evaltool.errors import UnreadableError
    from evaltool.report.output import annotated_path, document
    from evaltool.result import Report

    server, lang = _server(request), _lang(request)
    if server.pool.error is not None or not server.admit(1):  # refuse before reading the body
        return _busy(lang)
    admitted = 1
    try:
        try:
            uploads = await receive_files(
                request.headers.get("content-type", ""), request.stream(), server.work, server.options.limit, MAX_FILES
            )
        except UploadError as exc:
            return _error(exc.status, exc.key, lang, mb=f"{server.options.max_upload_mb:g}")
        if len(uploads) > 1 and not server.admit(len(uploads) - 1):
            discard(uploads)
            return _busy(lang)
        admitted = len(uploads)
        jobs = [CheckJob(str(u.path), str(annotated_path(u.path, u.folder)), lang) for u in uploads]
        try:
            outcomes = await asyncio.gather(*(server.run(job) for job in jobs))
        except BaseException:  # cancelled (the server stopping): nothing of this request stays
            discard(uploads)
            raise
    finally:
        server.reserved -= admitted
    reports: list[Report] = []
    links: list[str | None] = []
    for upload, job, outcome in zip(uploads, jobs, outcomes, strict=True):
        name = Path(upload.path.name)
        report = outcome.report or Report(path=name)
        report.path = name
        if outcome.reason is not None:
            report.error = UnreadableError(name, outcome.reason, outcome.detail)
        if outcome.copy_error is not None:
            logger.error("evaltool serve: no annotated copy of %s: %s", name, outcome.copy_error)
        copy = Path(job.copy) if report.error is None and outcome.copy_error is None else None
        report.annotated = None
        if copy is None or not copy.is_file():
            discard([upload])
            links.append(None)
        else:
            server.kept[upload.token] = Checked(
                upload.token,
                upload.folder,
                upload.path,
                copy,
                report.status.value,
                report.unit_code,
                report.unit_name,
                report.counts,
            )
            links.append(f"/download/{upload.token}")
        reports.append(report)
    doc = document(reports, lang)
    for entry, link in zip(doc["files"], links, strict=True):
        entry["annotated"] = link  # where the copy is downloaded (its token also names it for /api/submit)
    return _json(doc)


async def download(request: Request) -> Response:
    """GET /download/<token>: the annotated copy, to whoever holds the unguessable link."""
    entry = _server(request).kept.get(request.path_params["token"])
    if entry is None or entry.copy is None or not entry.copy.is_file():
        return _error(404, "expired", _lang(request))
    name = entry.copy.name
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return FileResponse(
        entry.copy,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


async def submit(request: Request) -> Response:
    """POST /api/submit {"id": token}: store a checked file in the inbox; the receipt as JSON."""
    server, lang = _server(request), _lang(request)
    inbox = server.options.inbox
    if inbox is None:
        return _error(404, "not_submittable", lang)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), header.encode()):
        return _error(403, "csrf", lang)
    try:
        body = json.loads(await request.body())
        token = str(body["id"]).rsplit("/", 1)[-1]  # the id, or the annotated link that carries it
    except (ValueError, KeyError, TypeError):
        return _error(400, "bad_upload", lang)
    entry = server.kept.get(token)
    if entry is None or not entry.upload.is_file():
        return _error(404, "expired", lang)
    if entry.status == "unreadable" or (entry.status == "errors" and not server.options.submit_with_errors):
        return _error(409, "submit_blocked", lang)
    if not entry.unit_code:
        return _error(409, "submit_no_code", lang)
    try:
        receipt = await asyncio.to_thread(store_submission, inbox, entry)
    except OSError as exc:
        logger.error("evaltool serve: cannot store a submission of %s in %s: %s", entry.unit_code, inbox, exc)
        return _error(500, "store_failed", lang)
    logger.info("evaltool serve: submission %s", json.dumps(receipt, ensure_ascii=False))
    return _json(receipt)


def store_submission(inbox: Path, entry: Checked) -> dict[str, Any]:
    """Copy the checked upload to ``INBOX/<单位编码>/<UTC time>_<name>`` atomically, never over another."""
    from evaltool.batch.discover import submission_name
    from evaltool.batch.paths import clean_component, safe_join

    data = entry.upload.read_bytes()
    folder = safe_join(inbox, clean_component(entry.unit_code or "_"))
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".~evaltool-", suffix=".tmp", dir=folder)  # hidden: batch skips it
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        when = dt.datetime.now(dt.UTC)
        while True:  # a link fails when the name exists: an earlier submission is never replaced
            target = folder / submission_name(when, entry.upload.name)
            try:
                _place(temp, target)
                break
            except FileExistsError:
                when += dt.timedelta(microseconds=1)
    finally:
        temp.unlink(missing_ok=True)
    return {
        "unit_code": entry.unit_code,
        "unit_name": entry.unit_name,
        "time": when.isoformat(timespec="microseconds"),
        "file": target.relative_to(inbox).as_posix(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "status": entry.status,
        "counts": entry.counts,
    }


def _place(temp: Path, target: Path) -> None:
    """Give ``temp`` the name ``target``; FileExistsError when that name is taken (never replaced)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if os.name != "nt":
            raise
        os.rename(temp, target)  # a share without hard links: Windows' rename never replaces either


async def rules(request: Request) -> Response:
    """GET /api/rules: the catalogue, as ``evaltool rules --format json`` prints it."""
    from evaltool.checks.catalogue_doc import catalogue, rule_dict

    return _json([rule_dict(r) for r in catalogue()])


async def healthz(request: Request) -> Response:
    """GET /healthz: 200 while the workers can run; how many are ready and how busy it is."""
    server = _server(request)
    body = {
        "status": "ok" if server.pool.error is None else "failed",
        "version": __version__,
        "workers": server.options.workers,
        "ready": server.pool.ready,
        "busy": server.reserved,
        "capacity": server.capacity,
    }
    return _json(body, 200 if server.pool.error is None else 503)


async def page_config(request: Request) -> Response:
    """GET /api/page: the page's words in both languages, and what this server allows."""
    server = _server(request)
    return _json(
        {
            "texts": page_texts(),
            "version": __version__,
            "max_upload_mb": server.options.max_upload_mb,
            "submit": server.options.inbox is not None,
            "submit_with_errors": server.options.submit_with_errors,
        }
    )


async def csrf(request: Request) -> Response:
    """GET /api/csrf: a token for /api/submit (also set as a cookie), for scripts."""
    token = secrets.token_urlsafe(24)
    response = _json({"token": token})
    _set_csrf(response, token)
    return response


def _set_csrf(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


def _asset(name: str) -> bytes:
    return resources.files("evaltool.serve").joinpath("static", name).read_bytes()


async def index(request: Request) -> Response:
    """GET /: the page, with a fresh CSRF token in a meta tag and a cookie."""
    token = secrets.token_urlsafe(24)
    html = _asset("index.html").decode("utf-8").replace("{{csrf}}", token).replace("{{version}}", __version__)
    response = Response(html, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})
    _set_csrf(response, token)
    return response


async def static(request: Request) -> Response:
    """GET /static/<name>: one of the page's own assets."""
    name = request.path_params["name"]
    if name not in STATIC:
        return Response(status_code=404)
    return Response(_asset(name), media_type=STATIC[name], headers={"Cache-Control": "no-cache"})


class SecurityHeaders:
    """Adds the CSP and friends to every response (a plain ASGI wrapper: no buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(options: ServeOptions) -> Starlette:
    """The application; the worker pool starts with it and stops with it."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        server = Server(options)
        app.state.server = server
        server.pool.start()

        async def sweeper() -> None:
            while True:
                await asyncio.sleep(min(60.0, max(1.0, options.keep_minutes * 15)))
                server.sweep()

        task = asyncio.create_task(sweeper())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.to_thread(server.pool.close)
            server.sweep(older_than=0)
            if server.own_work:
                shutil.rmtree(server.work, ignore_errors=True)

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/static/{name}", static),
            Route("/api/check", check_files, methods=["POST"]),
            Route("/api/submit", submit, methods=["POST"]),
            Route("/api/rules", rules),
            Route("/api/page", page_config),
            Route("/api/csrf", csrf),
            Route("/healthz", healthz),
            Route("/download/{token}", download),
        ],
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders)
    return app
