"""Put back the cached formula results openpyxl drops on save, copied verbatim from the original file.

Without them the annotated copy shows empty totals in every viewer that does not recalculate
(previewers, python-calamine, our own reader), and re-checking the copy would report
"formula not calculated" where the original had figures. The cache is copied byte for byte
(value and type), so a formula that had none in the original still has none in the copy.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Final
from xml.etree import ElementTree

_CELL: Final = re.compile(rb"<((?:\w+:)?)c\b([^>]*?)(?:/>|>(.*?)</\1c>)", re.S)
_R: Final = re.compile(rb'\br="\$?([A-Za-z]+)\$?([0-9]+)"')
_T: Final = re.compile(rb'\bt="([A-Za-z]+)"')
_F: Final = re.compile(rb"<(?:\w+:)?f\b")
_V: Final = re.compile(rb"<((?:\w+:)?)v\b[^>]*?(?:/>|>(.*?)</\1v>)", re.S)
_NS_MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Caches = dict[bytes, tuple[bytes | None, bytes]]  # "F5" -> (t attribute or None, <v> content)


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    root_rels = ElementTree.fromstring(z.read("_rels/.rels"))
    book = next(
        (r.get("Target", "") for r in root_rels if r.get("Type", "").endswith("/officeDocument")),
        "xl/workbook.xml",
    ).lstrip("/")
    folder = posixpath.dirname(book)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(z.read(rels_name))}
    out = {}
    sheets = ElementTree.fromstring(z.read(book)).find(f"{_NS_MAIN}sheets")
    for sheet in sheets if sheets is not None else ():
        target = targets.get(sheet.get(f"{_NS_REL}id"))
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[sheet.get("name", "")] = part
    return out


def _key(attrs: bytes) -> bytes | None:
    m = _R.search(attrs)
    return (m.group(1).upper() + m.group(2)) if m else None


def formula_caches(xml: bytes) -> Caches:
    """Every formula cell's cached ``<v>`` (raw bytes) and type, keyed by its address."""
    out: Caches = {}
    for m in _CELL.finditer(xml):
        content = m.group(3)
        if not content or not _F.search(content):
            continue
        v = _V.search(content)
        key = _key(m.group(2))
        if v is None or v.group(2) is None or key is None:
            continue
        t = _T.search(m.group(2))
        out[key] = (t.group(1) if t else None, v.group(2))
    return out


def patch(xml: bytes, caches: Caches) -> bytes:
    """Give each formula cell without a cached value the original's cache (value and type)."""
    if not caches:
        return xml

    def fix(m: re.Match[bytes]) -> bytes:
        prefix, attrs, content = m.group(1), m.group(2), m.group(3)
        if not content or not _F.search(content):
            return m.group(0)
        key = _key(attrs)
        cached = caches.get(key) if key else None
        if cached is None or _T.search(attrs):
            return m.group(0)
        v = _V.search(content)
        if v is not None and v.group(2):
            return m.group(0)  # already has a value
        t, raw = cached
        value = b"<" + prefix + b"v>" + raw + b"</" + prefix + b"v>"
        content = content[: v.start()] + value + content[v.end() :] if v is not None else content + value
        if t is not None and t != b"n":
            attrs += b' t="' + t + b'"'
        return b"<" + prefix + b"c" + attrs + b">" + content + b"</" + prefix + b"c>"

    return _CELL.sub(fix, xml)


def restore(original: zipfile.ZipFile, saved: bytes) -> bytes:
    """``saved`` (an openpyxl-written .xlsx) with the original's formula caches put back."""
    wanted = sheet_parts(original)
    names = set(original.namelist())
    caches = {name: formula_caches(original.read(part)) for name, part in wanted.items() if part in names}
    if not any(caches.values()):
        return saved
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as zin:
        targets = {part: caches.get(name, {}) for name, part in sheet_parts(zin).items()}
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if targets.get(info.filename):
                    data = patch(data, targets[info.filename])
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
