"""Multipart uploads streamed to disk, each file refused as soon as it passes the size limit.

Starlette's own form parser spools a whole file before the application sees it; here every
chunk is counted as it arrives, so an oversized upload is never stored whole. Each file goes
into a fresh folder of its own under its sanitised name: nothing the client sends is a path.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from python_multipart.multipart import MultipartParser, parse_options_header

from evaltool.batch.paths import clean_component

MAX_FIELD_BYTES: Final = 4096  # a form field that is not a file (ignored, but bounded)


class UploadError(Exception):
    """The upload is refused: ``status`` is the HTTP status, ``key`` the page text explaining it."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


@dataclass(slots=True)
class Upload:
    """One stored file: ``token`` names its folder (and later its download link)."""

    token: str
    folder: Path
    path: Path
    size: int = 0


@dataclass(slots=True)
class _State:
    work: Path
    limit: int
    max_files: int
    files: list[Upload] = field(default_factory=list)
    header_field: bytes = b""
    header_value: bytes = b""
    disposition: bytes = b""
    current: Upload | None = None
    handle: IO[bytes] | None = None
    field_bytes: int = 0


def _begin(state: _State) -> None:
    _, params = parse_options_header(state.disposition)
    filename = params.get(b"filename")
    state.field_bytes = 0
    if filename is None:
        return
    if len(state.files) >= state.max_files:
        raise UploadError(413, "too_many_files")
    name = clean_component(Path(filename.decode("utf-8", "replace").replace("\\", "/")).name or "upload")
    token = secrets.token_urlsafe(24)
    folder = state.work / token
    (folder / "in").mkdir(parents=True)
    state.current = Upload(token, folder, folder / "in" / name)
    state.files.append(state.current)
    state.handle = state.current.path.open("wb")


def _data(state: _State, data: bytes) -> None:
    if state.current is None or state.handle is None:
        state.field_bytes += len(data)
        if state.field_bytes > MAX_FIELD_BYTES:
            raise UploadError(413, "too_large")
        return
    state.current.size += len(data)
    if state.current.size > state.limit:
        raise UploadError(413, "too_large")
    state.handle.write(data)


def _end(state: _State) -> None:
    if state.handle is not None:
        state.handle.close()
    state.handle, state.current, state.disposition = None, None, b""


async def receive_files(
    content_type: str, chunks: AsyncIterator[bytes], work: Path, limit: int, max_files: int
) -> list[Upload]:
    """Store the files of a ``multipart/form-data`` body; raises UploadError (nothing left behind)."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(415, "not_multipart")
    state = _State(work, limit, max_files)

    def header_end() -> None:
        if state.header_field.lower() == b"content-disposition":
            state.disposition = state.header_value
        state.header_field = state.header_value = b""

    callbacks = {
        "on_header_field": lambda d, s, e: setattr(state, "header_field", state.header_field + d[s:e]),
        "on_header_value": lambda d, s, e: setattr(state, "header_value", state.header_value + d[s:e]),
        "on_header_end": header_end,
        "on_headers_finished": lambda: _begin(state),
        "on_part_data": lambda d, s, e: _data(state, d[s:e]),
        "on_part_end": lambda: _end(state),
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
        if state.current is not None:  # the body ended inside a file
            raise UploadError(400, "incomplete")
    except BaseException as exc:  # a refusal, a malformed body, the client gone, the server stopping
        _end(state)
        discard(state.files)
        if isinstance(exc, UploadError) or not isinstance(exc, Exception):
            raise
        raise UploadError(400, "bad_upload") from exc
    if not state.files:
        raise UploadError(400, "no_files")
    return state.files


def discard(uploads: list[Upload]) -> None:
    """Remove the uploads' folders (and whatever was written into them)."""
    for upload in uploads:
        shutil.rmtree(upload.folder, ignore_errors=True)
