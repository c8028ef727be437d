"""Files that are not workbooks: one clear line naming the file and the reason, input untouched."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from evaltool.api import read
from evaltool.config import Limits
from evaltool.errors import UnreadableError
from evaltool.layout import Kind
from evaltool.reading.container import ole_streams
from evaltool.reading.workbook import read_workbook
from evaltool.texts import text as ui_text
from tests.zips import rezip


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def cfb(names: list[str]) -> bytes:
    """A minimal Compound File (OLE2) holding empty streams with these names."""
    sector = 512
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<III", header, 56, 4096, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    entries = bytearray()
    for i, name in enumerate(["Root Entry", *names]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if i == 0 else 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        entries += entry
    entries += b"\x00" * (sector - len(entries))
    return bytes(header) + fat + bytes(entries)


def test_cfb_builder_is_readable() -> None:
    names = ["EncryptionInfo", "EncryptedPackage"]
    assert ole_streams(cfb(names)) == ["Root Entry", *names]


Maker = Callable[[Path, bytes], Path]


def _write(name: str, payload: Callable[[bytes], bytes]) -> Maker:
    def make(tmp: Path, seed: bytes) -> Path:
        path = tmp / name
        path.write_bytes(payload(seed))
        return path

    return make


def _billion_laughs(seed: bytes) -> bytes:
    lol = '<!DOCTYPE x [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    xml = f'<?xml version="1.0"?>{lol}]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>'
    with zipfile.ZipFile(io.BytesIO(seed)) as z:
        part = next(n for n in z.namelist() if n.endswith("sharedStrings.xml"))
    return rezip(seed, {part: xml.encode()})


def _directory(tmp: Path, _seed: bytes) -> Path:
    path = tmp / "folder.xlsx"
    path.mkdir()
    return path


def _plain_zip(seed: bytes) -> bytes:
    return rezip(seed, drop=tuple(zipfile.ZipFile(io.BytesIO(seed)).namelist()))


HTML = b"<html><body><table><tr><td>1</td></tr></table></body></html>"
LOCKED = cfb(["EncryptionInfo", "EncryptedPackage"])

CASES: list[tuple[str, Maker, str, str]] = [
    ("missing", lambda tmp, _s: tmp / "nope.xlsx", "not_found", "文件不存在"),
    ("directory", _directory, "is_directory", "文件夹"),
    ("empty", _write("empty.xlsx", lambda s: b""), "empty", "0 字节"),
    ("truncated", _write("cut.xlsx", lambda s: s[: len(s) // 2]), "corrupt", "损坏"),
    ("no-workbook-part", _write("part.xlsx", lambda s: rezip(s, drop=("xl/workbook.xml",))), "corrupt", "损坏"),
    ("plain-zip", _write("zip.xlsx", _plain_zip), "not_workbook", "不是 Excel"),
    ("csv", _write("data.xlsx", lambda s: "项目,内容\n单位名称,某单位\n".encode("utf-8-sig")), "not_workbook", "CSV"),
    ("html", _write("page.xlsx", lambda s: HTML), "not_workbook", "HTML"),
    ("text", _write("note.xls", lambda s: "随便写的文字".encode()), "not_workbook", "不是 Excel"),
    ("encrypted-cfb", _write("locked.xlsx", lambda s: LOCKED), "encrypted", "密码"),
    ("word-file", _write("doc.xls", lambda s: cfb(["WordDocument"])), "not_workbook", "不是 Excel"),
    ("unsupported-csv", _write("data.csv", lambda s: b"a,b\n"), "unsupported", "不支持"),
    ("unsupported-none", _write("noext", lambda s: s), "unsupported", "不支持"),
    ("billion-laughs", _write("lol.xlsx", _billion_laughs), "unsafe", "不安全"),
]


@pytest.mark.parametrize(("name", "make", "reason", "text"), CASES, ids=[c[0] for c in CASES])
def test_unreadable(tmp_path: Path, seed_workbook: Path, name: str, make: Maker, reason: str, text: str) -> None:
    path = make(tmp_path, seed_workbook.read_bytes())
    before = _sha(path)
    with pytest.raises(UnreadableError) as caught:
        read(path)
    err = caught.value
    assert err.reason == reason
    line = str(err)
    assert "\n" not in line and path.name in line and text in line
    assert ui_text("unreadable", reason, "en") in err.message("en")
    assert _sha(path) == before


def test_password_protected_workbook(tmp_path: Path, seed_workbook: Path) -> None:
    crypto = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / "locked.xlsx"
    out = io.BytesIO()
    crypto.OOXMLFile(io.BytesIO(seed_workbook.read_bytes())).encrypt("密码123", out)
    path.write_bytes(out.getvalue())
    before = _sha(path)
    with pytest.raises(UnreadableError) as caught:
        read(path)
    assert caught.value.reason == "encrypted"
    assert _sha(path) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path: Path, seed_workbook: Path) -> None:
    seed_workbook.chmod(0)
    try:
        with pytest.raises(UnreadableError) as caught:
            read(seed_workbook)
        assert caught.value.reason == "permission"
    finally:
        seed_workbook.chmod(0o644)


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, seed_workbook: Path) -> None:
    src = seed_workbook.read_bytes()
    with zipfile.ZipFile(io.BytesIO(src)) as z:
        part = "xl/worksheets/sheet2.xml" if "xl/worksheets/sheet2.xml" in z.namelist() else z.namelist()[-1]
        xml = z.read(part)
    head, sep, tail = xml.partition(b"<sheetData")
    bomb = head + b"<!-- " + b"A" * (8 << 20) + b" -->" + sep + tail
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(rezip(src, {part: bomb}))
    assert path.stat().st_size < 200_000
    before = _sha(path)
    with pytest.raises(UnreadableError) as caught:
        read_workbook(path, Limits(max_unzipped_mb=4))
    assert caught.value.reason == "too_large"
    assert _sha(path) == before
    assert read_workbook(path, Limits(max_unzipped_mb=64)).tables  # within the limit it reads


def test_file_size_limit(tmp_path: Path, seed_workbook: Path) -> None:
    with pytest.raises(UnreadableError) as caught:
        read_workbook(seed_workbook, Limits(max_file_mb=0))
    assert caught.value.reason == "too_large"


def test_runaway_sheet_stops_at_the_cell_limit(seed_workbook: Path) -> None:
    before = _sha(seed_workbook)
    sub = read_workbook(seed_workbook, Limits(max_cells=150))
    f009 = [f for f in sub.findings if f.code == "F009"]
    assert f009, [f.code for f in sub.findings]
    assert all(isinstance(f.params["kept"], int) for f in f009)
    assert _sha(seed_workbook) == before


def test_doctype_anywhere_in_the_package_is_refused(tmp_path: Path, seed_workbook: Path) -> None:
    src = seed_workbook.read_bytes()
    xml = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "file:///etc/passwd"><Relationships/>'
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(rezip(src, {"_rels/.rels": xml}))
    with pytest.raises(UnreadableError) as caught:
        read(path)
    assert caught.value.reason == "unsafe"


def test_reading_never_writes(tmp_path: Path, seed_workbook: Path) -> None:
    before = (_sha(seed_workbook), seed_workbook.stat().st_mtime_ns)
    assert Kind.INCOME in read(seed_workbook).tables
    assert (_sha(seed_workbook), seed_workbook.stat().st_mtime_ns) == before


def test_permission_denied_is_reported_as_such(
    tmp_path: Path, seed_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even as root (where chmod cannot block reads): an open() refused by the OS says so."""
    from evaltool.reading import container

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(container, "open", refuse, raising=False)
    with pytest.raises(UnreadableError) as caught:
        read(seed_workbook)
    assert caught.value.reason == "permission"
    assert "没有读取该文件的权限" in str(caught.value)


def test_a_reader_defect_is_an_unreadable_file_not_a_crash(
    seed_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evaltool.reading import workbook

    def broken(*_args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(workbook, "assemble", broken)
    with pytest.raises(UnreadableError) as caught:
        read(seed_workbook)
    assert caught.value.reason == "internal"
    assert "KeyError" in str(caught.value)
