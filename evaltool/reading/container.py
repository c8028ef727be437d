"""Decide what a file is before parsing it: workbook kind, damage, encryption and size limits.

Everything here only reads: the input is opened read-only and never written.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from evaltool.config import Limits
from evaltool.errors import UnreadableError

EXTENSIONS: Final = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".ods"})
_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_HEAD: Final = 4096  # a DTD must come before the root element: the head of each part is enough
_MB: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class Source:
    """A file that passed the checks: its kind (xlsx / ods / xls) and size."""

    path: Path
    kind: str
    size: int


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise UnreadableError(path, "not_found") from None
    except PermissionError:
        raise UnreadableError(path, "permission") from None
    except OSError as exc:
        raise UnreadableError(path, "not_found", exc.strerror or str(exc)) from None


def _head(path: Path, n: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise UnreadableError(path, "permission") from None
    except IsADirectoryError:
        raise UnreadableError(path, "is_directory") from None
    except OSError as exc:
        raise UnreadableError(path, "corrupt", exc.strerror or str(exc)) from None


def inspect_file(path: Path, limits: Limits) -> Source:
    """Check ``path`` can be read as a workbook; raise ``UnreadableError`` saying why not."""
    st = _stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableError(path, "is_directory")
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableError(path, "not_workbook", "not a regular file")
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise UnreadableError(path, "unsupported", ext or "no extension")
    if st.st_size == 0:
        raise UnreadableError(path, "empty")
    if st.st_size > limits.max_file_mb * _MB:
        raise UnreadableError(path, "too_large", f"{st.st_size / _MB:.1f} MB > {limits.max_file_mb} MB")
    head = _head(path, 512)
    if head.startswith(_ZIP_MAGIC):
        return Source(path, _zip_kind(path, limits), st.st_size)
    if head.startswith(_OLE_MAGIC):
        return Source(path, _ole_kind(path), st.st_size)
    raise UnreadableError(path, "not_workbook", _guess_text(head))


def _guess_text(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return "HTML"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "XML"
    if b"\x00" in head:
        return "binary"
    if b"," in head or b"\t" in head or b";" in head:
        return "CSV/text"
    return "text"


def _zip_kind(path: Path, limits: Limits) -> str:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnreadableError(path, "corrupt", "truncated or damaged zip") from None
    except (OSError, ValueError, EOFError) as exc:
        raise UnreadableError(path, "corrupt", str(exc)) from None
    with zf:
        infos = zf.infolist()
        # Declared sizes are checked before anything is decompressed (zip bombs); the reader
        # also counts the bytes it really inflates, in case the directory lies.
        total = sum(i.file_size for i in infos)
        if total > limits.max_unzipped_mb * _MB:
            raise UnreadableError(path, "too_large", f"{total / _MB:.0f} MB unzipped > {limits.max_unzipped_mb} MB")
        if any(i.flag_bits & 0x1 for i in infos):
            raise UnreadableError(path, "encrypted", "zip encryption")
        names = set(zf.NameToInfo)
        if "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
            kind = "ods"
        elif any(n.lower().endswith("workbook.xml") for n in names):  # part names ignore case (OPC)
            kind = "xlsx"
        elif "[Content_Types].xml" in names:
            raise UnreadableError(path, "corrupt", "an Office package without its workbook part")
        else:
            raise UnreadableError(path, "not_workbook", "a zip archive without a workbook part")
        _refuse_dtd(path, zf)
    return kind


def _refuse_dtd(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse XML parts that declare a DTD or entities (billion laughs and external entities)."""
    for info in zf.infolist():
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels", ".vml")) or info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(_XML_HEAD)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise UnreadableError(path, "corrupt", f"{info.filename}: {exc}") from None
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<\x00!\x00D\x00O\x00C" in head:
            raise UnreadableError(path, "unsafe", info.filename)


def ole_streams(data: bytes) -> list[str]:
    """Names in a Compound File Binary (OLE2) directory, read without any library."""
    if len(data) < 512 or not data.startswith(_OLE_MAGIC):
        raise ValueError("not a compound file")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << shift
    n_fat = struct.unpack_from("<I", data, 44)[0]
    first_dir = struct.unpack_from("<I", data, 48)[0]
    difat = list(struct.unpack_from("<109I", data, 76))[: min(n_fat, 109)]

    def sector(n: int) -> bytes:
        start = (n + 1) * size
        return data[start : start + size]

    fat: list[int] = []
    for s in difat:
        chunk = sector(s)
        fat.extend(struct.unpack_from(f"<{len(chunk) // 4}I", chunk))
    names: list[str] = []
    seen: set[int] = set()
    current = first_dir
    while current < 0xFFFFFFFA and current not in seen and len(seen) < 100_000:
        seen.add(current)
        chunk = sector(current)
        for off in range(0, len(chunk) - 127, 128):
            length = struct.unpack_from("<H", chunk, off + 64)[0]
            if 2 <= length <= 64:
                names.append(chunk[off : off + length - 2].decode("utf-16-le", "replace"))
        current = fat[current] if current < len(fat) else 0xFFFFFFFE
    return names


def _ole_kind(path: Path) -> str:
    try:
        data = path.read_bytes()
        names = ole_streams(data)
    except PermissionError:
        raise UnreadableError(path, "permission") from None
    except (OSError, ValueError, struct.error) as exc:
        raise UnreadableError(path, "corrupt", str(exc)) from None
    lowered = {n.lower() for n in names}
    if "encryptioninfo" in lowered or "encryptedpackage" in lowered:
        raise UnreadableError(path, "encrypted")
    if "workbook" in lowered or "book" in lowered:
        return "xls"
    raise UnreadableError(path, "not_workbook", "an OLE file without a workbook stream (Word? WPS?)")
