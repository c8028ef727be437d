"""The text-level XML helpers of the splicer: escaping, attributes, refusing what is not plain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from evaltool.findings import Severity
from evaltool.report.results_sheet import fill_key, safe_text
from evaltool.report.xmlsafe import xml_chars

MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


PKG: Final = "http://schemas.openxmlformats.org/package/2006/relationships"


CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"


XML_DECL: Final = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class Unsplicable(Exception):
    """This package needs the openpyxl round trip instead (the reason is for tests and logs)."""


class SpliceDefect(Exception):
    """A spliced part failed its check (``verify.py``): a defect of ours, never shipped."""

    def __init__(self, message: str, part: str = "") -> None:
        super().__init__(message)
        self.part = part  # the part that failed


@dataclass(frozen=True, slots=True)
class Note:
    """What one cell gets: our comment text and the fill of its worst finding."""

    text: str
    severity: Severity
    size: tuple[int, int]  # comment box width, height (px)
    strong: bool = True  # a finding's main cell (strong fill), else a cell it also names (light fill)

    @property
    def fill_key(self) -> str:
        """The fill's style name (``results_sheet.FILL_STYLES``)."""
        return fill_key(self.severity, self.strong)


def get_attr(tag: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"(?:^|\s)" + name + rb'="([^"]*)"', tag)
    return m.group(1) if m else None


def set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """A start tag's attribute text with ``name="value"`` set (replaced or appended)."""
    pattern = re.compile(rb"(\s)" + name + rb'="[^"]*"')
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + name + b'="' + value + b'"', tag, count=1)
    return tag + b" " + name + b'="' + value + b'"'


def drop_attr(tag: bytes, name: bytes) -> bytes:
    return re.sub(rb"\s" + name + rb'="[^"]*"', b"", tag)


def escape(text: str) -> str:
    """Text as XML character data (``xml.sax.saxutils.escape``, without importing urllib with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value, whitespace kept as character references."""
    text = escape(xml_chars(text)).replace('"', "&quot;")
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def text_bytes(value: str) -> bytes:
    return escape(safe_text(value)).encode()


def check_plain(name: str, xml: bytes) -> None:
    """Refuse what our text splicing cannot read safely."""
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Unsplicable(f"{name}: UTF-16")
    if b"<!--" in xml or b"<![CDATA[" in xml:
        raise Unsplicable(f"{name}: XML comments or CDATA")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise Unsplicable(f"{name}: a DOCTYPE")
    if _ODD_ATTRIBUTE.search(xml):
        raise Unsplicable(f"{name}: attributes in single quotes or with spaces around '='")
    if _PREFIXED_MAIN.search(xml):
        raise Unsplicable(f"{name}: the main namespace bound to a prefix")


# What the splicer's attribute patterns (``name="value"``) would misread: XML allows both, and
# a copy must never get a second ``s`` beside ``s='3'``. Such a part takes the openpyxl path.
_ODD_ATTRIBUTE: Final = re.compile(rb"""<[A-Za-z_][^<>]*?(?:[\w.:-]\s+=|=\s+["']|=')""")


# ``<x:row>`` in a part whose main namespace is bound to ``x``: invisible to our patterns.
_PREFIXED_MAIN: Final = re.compile(rb"""xmlns:[\w.-]+\s*=\s*["']""" + re.escape(MAIN.encode()))


def root_prefix(name: str, xml: bytes, tag: bytes) -> None:
    """The root element must be unprefixed in the transitional main namespace."""
    m = re.search(rb"<(\w+:)?" + tag + rb"\b([^>]*)>", xml)
    if m is None or m.group(1) or (b'xmlns="' + MAIN.encode() + b'"') not in m.group(2):
        raise Unsplicable(f"{name}: not plain transitional SpreadsheetML")


def root_ns_prefix(xml: bytes, uri: str) -> bytes | None:
    """The prefix the root element's start tag binds to ``uri`` (None: not bound there)."""
    start = re.search(rb"<[A-Za-z_][^>?!]*>", xml)
    if start is None:
        return None
    m = re.search(rb"\sxmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(uri.encode()) + rb"[\"']", start.group(0))
    return m.group(1) if m else None


def rel_id_attr(xml: bytes, rel_id: str) -> bytes:
    """`` r:id="…"`` for a new element of ``xml``: the root's prefix for relationships, else declared here."""
    prefix = root_ns_prefix(xml, REL)
    if prefix is not None:
        return b" " + prefix + b':id="' + rel_id.encode() + b'"'
    return b' xmlns:r="' + REL.encode() + b'" r:id="' + rel_id.encode() + b'"'


# A start, end or empty tag, attribute-aware (a quoted value may hold ">").
_TAG: Final = re.compile(rb"""<(/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")


def _inserted(xml: bytes, at: int, new: bytes) -> bytes:
    """``new`` inserted at ``at``: one copy of a part that may be large, no temporaries."""
    view = memoryview(xml)
    return b"".join((view[:at], new, view[at:]))


def insert_before_first(xml: bytes, tags: Sequence[str], new: bytes, start: int) -> bytes:
    """Insert ``new`` before the first root child named in ``tags`` after ``start``, else at the root's end.

    ``start`` must be a position between two children of the root element.
    """
    wanted = {t.encode() for t in tags}
    depth = 0
    for m in _TAG.finditer(xml, start):
        if m.group(1):
            if depth == 0:  # the root's end tag
                return _inserted(xml, m.start(), new)
            depth -= 1
            continue
        if depth == 0 and m.group(2) in wanted:
            return _inserted(xml, m.start(), new)
        if not m.group(4):
            depth += 1
    raise Unsplicable("unbalanced XML")
