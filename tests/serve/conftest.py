"""A real server (uvicorn on a free loopback port, warm worker processes) for the serve tests."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
import uvicorn

from evaltool.serve.app import ServeOptions, create_app


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True, slots=True)
class Running:
    """A started server: its base URL and its options."""

    url: str
    options: ServeOptions

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.send(Request(self.url + path, headers=headers or {}))

    def post_files(self, path: str, files: list[tuple[str, bytes]]) -> Reply:
        body, content_type = multipart(files)
        return self.send(Request(self.url + path, data=body, headers={"Content-Type": content_type}))

    def post_json(self, path: str, doc: Any, headers: dict[str, str]) -> Reply:
        data = json.dumps(doc).encode()
        return self.send(Request(self.url + path, data=data, headers={"Content-Type": "application/json", **headers}))

    @staticmethod
    def send(request: Request) -> Reply:
        try:
            with urlopen(request, timeout=120) as resp:
                return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
        except HTTPError as exc:
            return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body with each (file name, bytes) as a ``files`` part."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, data in files:
        out += f"--{boundary}\r\n".encode()
        out += f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'.encode()
        out += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(options: ServeOptions) -> Iterator[Running]:
    """Serve ``options`` in a thread until the block ends; waits until every worker is warm."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(options), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    site = Running(f"http://127.0.0.1:{port}", options)
    deadline = time.monotonic() + 180
    try:
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("the server's workers did not get ready")
            if server.started:
                health = site.get("/healthz").json()
                if health["ready"] >= options.workers:
                    break
            time.sleep(0.2)
        yield site
    finally:
        server.should_exit = True
        thread.join(60)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """One server for the module's tests: two workers, submission mode on an inbox of its own."""
    root = tmp_path_factory.mktemp("serve")
    options = ServeOptions(workers=2, inbox=root / "inbox", work_dir=root / "work", max_upload_mb=2, queue=32)
    with running(options) as started:
        yield started
