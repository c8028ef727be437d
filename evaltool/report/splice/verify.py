"""Every part the splicer edits or adds is checked before the copy is written.

Text splicing cannot see structure; this does, in one streaming expat pass per part (memory
stays flat whatever the sheet's size): the part must parse (so no duplicate attribute, no
undeclared prefix, no stray markup), hold no DOCTYPE, and keep the rules Excel repairs a
file for: rows and cells in ascending order without duplicates, a cell inside its row, style
indexes in range, ``count`` attributes that match, defined names unique per scope, one
comment per cell, shape ids unique across the package's drawings. A failure raises
``SpliceDefect``: the copy is then made by the openpyxl path (and the test suite fails), so a
splicer defect can never ship a broken copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final
from xml.parsers import expat

from evaltool.reading.raw import col_number
from evaltool.report.splice.comments import SHAPE_ID
from evaltool.report.splice.xmltext import MAIN, SpliceDefect

_M: Final = MAIN + " "
_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_SHAPE_ID: Final = re.compile(r"^_x0000_s(\d+)$")
# Style lists whose ``count`` Excel checks against their children.
_COUNTED: Final = ("fonts", "fills", "cellXfs")  # the ones the splicer appends to


class _Part:
    """One streaming pass over a part, collecting what the rules need."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.depth = 0
        self.row = 0  # the current row's number (0: none open)
        self.col = 0  # the last cell's column in the current row
        self.max_style = -1
        self.counts: dict[str, int] = {}  # counted list -> its count attribute
        self.children: dict[str, int] = {}  # counted list -> its direct children
        self.open_list: list[str | None] = []
        self.names: set[tuple[str, str]] = set()
        self.sheets: set[str] = set()
        self.comments: set[tuple[int, int]] = set()
        self.shape_ids: list[int] = []
        self.in_defined_name: tuple[str, str] | None = None

    def fail(self, why: str) -> None:
        raise SpliceDefect(f"{self.name}: {why}", self.name)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        parent = self.open_list[-1] if self.open_list else None
        if parent is not None and len(self.open_list) == self.depth - 1:
            self.children[parent] = self.children.get(parent, 0) + 1
        local = tag[len(_M) :] if tag.startswith(_M) else None
        if local in _COUNTED and self.depth == 2:
            self.counts[local] = int(attrs.get("count", "-1"))
            self.children.setdefault(local, 0)
            self.open_list.append(local)
        else:
            self.open_list.append(None)
        if local == "row":
            r = int(attrs.get("r", "0") or 0)
            if r <= self.row and r != 0:
                self.fail(f"row {r} after row {self.row}")
            self.row, self.col = (r or self.row + 1), 0
            self._style(attrs)
        elif local == "c" and self.row:
            ref = attrs.get("r")
            col = self.col + 1
            if ref is not None:
                m = _REF.match(ref)
                if m is None:
                    self.fail(f"cell address {ref!r}")
                    return
                col = col_number(m.group(1))
                if int(m.group(2)) != self.row:
                    self.fail(f"cell {ref} inside row {self.row}")
            if col <= self.col:
                self.fail(f"cell column {col} after column {self.col} in row {self.row}")
            self.col = col
            self._style(attrs)
        elif local == "col":
            self._style(attrs)
        elif local == "sheet" and self.depth == 3:
            name = attrs.get("name", "").casefold()
            if name in self.sheets:
                self.fail(f"two sheets named {name!r}")
            self.sheets.add(name)
        elif local == "definedName":
            key = (attrs.get("name", "").casefold(), attrs.get("localSheetId", ""))
            if key in self.names:
                self.fail(f"defined name {key[0]!r} twice in one scope")
            self.names.add(key)
        elif local == "comment":
            m = _REF.match(attrs.get("ref", ""))
            if m is None:
                self.fail(f"comment ref {attrs.get('ref')!r}")
                return
            at = (int(m.group(2)), col_number(m.group(1)))
            if at in self.comments:
                self.fail(f"two comments on {attrs.get('ref')}")
            self.comments.add(at)
        elif tag == "urn:schemas-microsoft-com:vml shape":
            m = _SHAPE_ID.match(attrs.get("id", ""))
            if m is not None:
                self.shape_ids.append(int(m.group(1)))

    def _style(self, attrs: Mapping[str, str]) -> None:
        s = attrs.get("s", attrs.get("style"))
        if s is not None:
            if not s.isdigit():
                self.fail(f"style index {s!r}")
            self.max_style = max(self.max_style, int(s))

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.open_list.pop()
        if tag == _M + "row":
            self.col = 0

    def refuse_doctype(self, *_: object) -> None:
        self.fail("a DOCTYPE")


def scan(name: str, data: bytes) -> _Part:
    """Parse ``data`` in one streaming pass; ``SpliceDefect`` if it is malformed or breaks a rule."""
    part = _Part(name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = part.refuse_doctype
    parser.EntityDeclHandler = part.refuse_doctype
    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SpliceDefect(f"{name}: not well-formed XML ({exc})", name) from None
    for key, count in part.counts.items():
        if count >= 0 and count != part.children.get(key, 0):
            part.fail(f"<{key} count={count}> holds {part.children.get(key, 0)}")
    return part


def verify(
    parts: Mapping[str, bytes],
    originals: Mapping[str, bytes],
    styles_part: str,
    sheets: Iterable[str],
    drawings: Mapping[str, bytes],
) -> None:
    """Check the edited and added ``parts`` of a copy (``originals``: the edited ones as they were).

    ``sheets``: the worksheet parts among ``parts`` (their style indexes are checked against
    ``styles_part``'s cell styles); ``drawings``: every VML drawing of the copy (shape ids must
    not repeat across them where one of ours is involved).
    """
    scanned = {}
    for name, data in parts.items():
        if name.lower().endswith(".vml") and name in originals and not _parses(originals[name]):
            continue  # a drawing that never parsed (old VML): we only appended to it
        scanned[name] = scan(name, data)
    xfs = scanned[styles_part].children.get("cellXfs", 0) if styles_part in scanned else None
    for name in sheets:
        part = scanned.get(name)
        if part is not None and xfs is not None and part.max_style >= xfs:
            part.fail(f"style index {part.max_style} of {xfs} cell styles")
    seen: dict[int, str] = {}
    for name, data in drawings.items():
        for shape in scanned[name].shape_ids if name in scanned else _shape_ids(data):
            other = seen.get(shape)
            if other is not None and (name in parts or other in parts):
                raise SpliceDefect(f"{name}: shape id _x0000_s{shape} also in {other}", name)
            seen[shape] = name


def _parses(data: bytes) -> bool:
    try:
        scan("", data)
    except SpliceDefect:
        return False
    return True


def _shape_ids(data: bytes) -> list[int]:
    """The shape ids of a drawing we did not edit (Excel's own VML may not even parse)."""
    return [int(n) for n in SHAPE_ID.findall(data)]
