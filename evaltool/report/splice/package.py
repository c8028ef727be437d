"""The package: what it holds, what we may splice, and the annotated copy's bytes."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from evaltool.layout import META_SHEET, RESULT_SHEET
from evaltool.reading.raw import col_letter, col_number
from evaltool.report.output import MACRO_SUFFIXES
from evaltool.report.results_sheet import COLUMNS, HEADER_ROW, Put, last_row, quote_sheet
from evaltool.report.splice.again import Previous, filter_name, restore_fills, strip_comments, strip_shapes, update_meta
from evaltool.report.splice.cells import (
    SheetPart,
    add_legacy_drawing,
    mark_sheet,
)
from evaltool.report.splice.comments import (
    SHAPE_ID,
    blocks_needed,
    comments_xml,
    merge_comments,
    merge_vml,
    relations,
    vml_blocks,
    vml_xml,
)
from evaltool.report.splice.sheets import extend_meta, meta_sheet_xml, result_sheet_xml
from evaltool.report.splice.styles import Styles
from evaltool.report.splice.verify import scan, verify
from evaltool.report.splice.xmltext import (
    MAIN,
    PKG,
    REL,
    XML_DECL,
    Note,
    SpliceDefect,
    Unsplicable,
    check_plain,
    drop_attr,
    escape,
    insert_before_first,
    quoteattr,
    rel_id_attr,
    root_prefix,
)

WORKSHEET_TYPE: Final = REL + "/worksheet"


WORKSHEET_CT: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


COMMENTS_CT: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"


VML_CT: Final = "application/vnd.openxmlformats-officedocument.vmlDrawing"


# An .xltx/.xltm input: the copy is a workbook, not a template.
TEMPLATE_CT: Final = {
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": (
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
    b"application/vnd.ms-excel.template.macroEnabled.main+xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
}


WORKBOOK_CT: Final = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


MACRO_CT: Final = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


# Workbook children that come after <definedNames>.
_AFTER_NAMES: Final = [
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]


_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class Package:
    """An .xlsx package opened for splicing; ``build`` returns the annotated copy's bytes."""

    path: Path
    names: list[str]  # zip members, in order
    parts: dict[str, bytes]  # the parts we read (and may edit)
    book: str  # the workbook part
    sheets: dict[str, SheetPart]  # worksheets by name
    sheet_order: list[str]  # every sheet name, in tab order
    styles_part: str
    again: bool = False  # our copy, annotated before: its results sheet is replaced in place
    edited: dict[str, bytes] = field(default_factory=dict)
    added: dict[str, bytes] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    _blocks: dict[str, set[int]] | None = None  # VML drawing -> the id blocks it declares or uses

    @classmethod
    def open(cls, path: Path) -> Package:
        """Read what splicing needs; ``Unsplicable`` if this package needs the openpyxl path."""
        try:
            with zipfile.ZipFile(path) as z:
                return cls._open(path, z)
        except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, OSError, EOFError) as exc:
            raise Unsplicable(f"{type(exc).__name__}: {exc}") from None

    @classmethod
    def _open(cls, path: Path, z: zipfile.ZipFile) -> Package:
        names = z.namelist()
        if len(set(names)) != len(names):
            raise Unsplicable("duplicate zip members")
        parts = {"[Content_Types].xml": z.read("[Content_Types].xml")}
        check_plain("_rels/.rels", z.read("_rels/.rels"))
        root_rels = ElementTree.fromstring(z.read("_rels/.rels"))
        book = next(
            (r.get("Target", "") for r in root_rels if r.get("Type", "").endswith("/officeDocument")), ""
        ).lstrip("/")
        if not book:
            raise Unsplicable("no workbook part")
        folder = posixpath.dirname(book)
        book_rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
        for part in (book, book_rels):
            parts[part] = z.read(part)
            check_plain(part, parts[part])
        root_prefix(book, parts[book], b"workbook")
        rels = ElementTree.fromstring(parts[book_rels])
        by_id = {r.get("Id"): r for r in rels}
        styles_part = next(
            (
                _resolve(folder, r.get("Target", ""))
                for r in rels
                if r.get("Type", "").endswith("/styles") and r.get("TargetMode") != "External"
            ),
            "",
        )
        if not styles_part or styles_part not in names:
            raise Unsplicable("no styles part")
        parts[styles_part] = z.read(styles_part)
        sheets: dict[str, SheetPart] = {}
        order = []
        element = ElementTree.fromstring(parts[book]).find("{" + MAIN + "}sheets")
        for sheet in element if element is not None else ():
            name = sheet.get("name", "")
            order.append(name)
            rel = by_id.get(sheet.get("{" + REL + "}id"))
            if rel is None or not rel.get("Type", "").endswith("/worksheet") or rel.get("TargetMode") == "External":
                continue  # a chart sheet, dialog sheet…: never marked
            part = _resolve(folder, rel.get("Target", ""))
            if part in names:
                sheets[name] = SheetPart(name, part, z.read(part))
        again = RESULT_SHEET in order
        if again and (order[0] != RESULT_SHEET or RESULT_SHEET not in sheets or META_SHEET not in sheets):
            raise Unsplicable("a results sheet that is not first, or not ours")
        if META_SHEET in order and not again:
            if META_SHEET not in sheets:
                raise Unsplicable("_meta is not a worksheet")
            shared = next(
                (
                    _resolve(folder, r.get("Target", ""))
                    for r in rels
                    if r.get("Type", "").endswith("/sharedStrings") and r.get("TargetMode") != "External"
                ),
                "",
            )
            seen = sheets[META_SHEET].xml + (z.read(shared) if shared in names else b"")
            if b"annotated_by" in seen:
                raise Unsplicable("annotated before (_meta says so)")
        return cls(path, names, parts, book, sheets, order, styles_part, again)

    def resolve(self, sheet: str, ref: str) -> tuple[int, int] | None:
        """The (row, col) a finding's cell is shown at: itself, or its merged range's top-left."""
        part = self.sheets.get(sheet)
        m = _REF.match(ref.strip())
        if part is None or sheet in (RESULT_SHEET, META_SHEET) or m is None:
            return None
        row, col = int(m.group(2)), col_number(m.group(1))
        if col > 16384 or row > 1_048_576:
            return None
        for r1, c1, r2, c2 in part.merged():
            if r1 <= row <= r2 and c1 <= col <= c2:
                return r1, c1
        return row, col

    def build(
        self,
        notes: Mapping[tuple[str, tuple[int, int]], Note],
        puts: Sequence[Put],
        meta: Callable[[dict[str, str]], list[tuple[str, str]]],
        previous: Previous | None = None,
    ) -> bytes:
        """The annotated copy: ``notes`` by (sheet, (row, col)), the results sheet, ``_meta`` rows.

        ``previous``: what an earlier annotation of this copy left (``again.read_previous``),
        taken back first.
        """
        if self.again and previous is None:
            raise Unsplicable("annotated before: read_previous first")
        styles = Styles(self.styles_part, self.parts[self.styles_part])
        ours = styles.ours() if previous is not None else set()
        by_sheet: dict[str, dict[tuple[int, int], Note]] = {}
        for (sheet_name, at), note in notes.items():
            by_sheet.setdefault(sheet_name, {})[at] = note
        fills: dict[str, str] = {}
        types: list[tuple[str, str]] = []  # (part, content type) overrides to add
        folder = posixpath.dirname(self.book)
        for name in self.sheet_order:
            sheet = self.sheets.get(name)
            if sheet is None or (self.again and name == RESULT_SHEET):
                continue
            on_sheet = by_sheet.get(name)
            xml, edited = sheet.xml, False
            rels_part = posixpath.join(posixpath.dirname(sheet.part), "_rels", posixpath.basename(sheet.part) + ".rels")
            if previous is not None and name != META_SHEET:
                restored = restore_fills(name, xml, styles, ours, previous.fills)
                if restored != xml:
                    check_plain(sheet.part, xml)
                    xml, edited = restored, True
                rels = self._rels(rels_part)
                if rels is not None and b"/comments" in rels:
                    stripped = self._strip_comments(sheet, xml, rels, rels_part, keep=bool(on_sheet))
                    xml, edited = stripped, edited or stripped is not xml
            if on_sheet:
                check_plain(sheet.part, xml)
                root_prefix(sheet.part, xml, b"worksheet")
                rels = self._rels(rels_part)
                xml = mark_sheet(replace(sheet, xml=xml), {at: n.fill_key for at, n in on_sheet.items()}, styles, fills)
                sheet.xml, edited = xml, True  # the original goes: one copy of a large sheet at a time
                if re.search(rb"<legacyDrawing\b", xml) or (rels is not None and b"/comments" in rels):
                    self._merge_comments(sheet, rels, on_sheet)  # the unit's own comments stay
                else:
                    if b"<legacyDrawing" in xml or (rels is not None and b"/vmlDrawing" in rels):
                        raise Unsplicable(f"{sheet.part}: legacy drawing without comments")
                    xml = self._new_comments(sheet, xml, rels, rels_part, on_sheet, types)
            if re.search(rb'\stabSelected="(1|true)"', xml):  # one selected tab: ours
                xml, edited = re.sub(rb'\stabSelected="(1|true)"', b"", xml), True
            if edited:
                self._put(sheet.part, xml)
                sheet.xml = xml

        new_sheets: list[tuple[str, str, bool]] = []
        if self.again:
            old = self.sheets[RESULT_SHEET].part
            self._put(old, result_sheet_xml(puts, styles.result_styles()))
            old_rels = posixpath.join(posixpath.dirname(old), "_rels", posixpath.basename(old) + ".rels")
            if old_rels in self.names:  # whatever a re-save hung on the old sheet: ours links nothing
                self.removed.add(old_rels)
        else:
            result_part = self._free(f"{folder}/worksheets/sheet{{}}.xml".lstrip("/"))
            self.added[result_part] = result_sheet_xml(puts, styles.result_styles())
            types.append((result_part, WORKSHEET_CT))
            new_sheets.append((RESULT_SHEET, result_part, True))
        meta_rows = meta(fills)
        if previous is not None:
            meta_sheet = self.sheets[META_SHEET]
            self._put(meta_sheet.part, update_meta(self._current(meta_sheet.part), previous.meta_rows, meta_rows))
        elif META_SHEET in self.sheets:
            meta_sheet = self.sheets[META_SHEET]
            self._put(meta_sheet.part, extend_meta(self._current(meta_sheet.part), meta_rows))
        else:
            meta_part = self._free(f"{folder}/worksheets/sheet{{}}.xml".lstrip("/"))
            self.added[meta_part] = meta_sheet_xml(meta_rows)
            types.append((meta_part, WORKSHEET_CT))
            new_sheets.append((META_SHEET, meta_part, False))
        self._put(self.styles_part, styles.render())

        book_rels = posixpath.join(folder, "_rels", posixpath.basename(self.book) + ".rels")
        macros = self.path.suffix.lower() in MACRO_SUFFIXES  # the copy keeps the extension: .xlsm
        book_rels_xml = self.parts[book_rels] if macros else self._drop_macros(self.parts[book_rels])
        rels, ids = _add_relationships(
            book_rels_xml,
            [(WORKSHEET_TYPE, posixpath.relpath(part, folder or ".")) for _, part, _ in new_sheets],
        )
        self._put(book_rels, rels)
        self._put(self.book, _edit_workbook(self.parts[self.book], new_sheets, ids, last_row(puts)))
        content_types = _edit_types(self.parts["[Content_Types].xml"], types, self.removed, macros)
        self._put("[Content_Types].xml", content_types)
        self._verify({part for part, ct in types if ct == WORKSHEET_CT})
        return self._write()

    def _drop_macros(self, rels: bytes) -> bytes:
        """The workbook's relationships without its macro project, whose parts go too.

        The copy of an .xltm (or of macros under another name) is an .xlsx, which Excel refuses
        to open with a macro project inside.
        """
        folder = posixpath.dirname(self.book)
        for rel_id, (kind, target) in relations(rels).items():
            if not kind.endswith("/vbaProject"):
                continue
            part = _resolve(folder, target)
            self.removed.add(part)
            part_rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
            if part_rels in self.names:
                self.removed.add(part_rels)
                for _, linked in relations(self._current(part_rels)).values():
                    self.removed.add(_resolve(posixpath.dirname(part), linked))
            rels = re.sub(rb'<Relationship\b[^>]*\sId="' + re.escape(rel_id.encode()) + rb'"[^>]*/>', b"", rels)
        return rels

    def _verify(self, new_sheets: set[str]) -> None:
        """Check every part we edited or added (``verify.py``) before a byte is written."""
        changed = {**self.edited, **self.added}
        drawings = {
            name: changed.get(name) or self._current(name, plain=False)
            for name in (*self.names, *self.added)
            if name.lower().endswith(".vml") and name not in self.removed
        }
        try:
            verify(
                changed,
                {name: self.parts[name] for name in self.edited if name in self.parts},
                self.styles_part,
                {s.part for s in self.sheets.values()} | new_sheets,
                drawings,
            )
        except SpliceDefect as exc:
            if exc.part in self.names:  # the unit's part broke that rule already: not ours to splice into
                with zipfile.ZipFile(self.path) as z:
                    submitted = z.read(exc.part)
                try:
                    scan(exc.part, submitted)
                except SpliceDefect as before:
                    raise Unsplicable(f"as submitted, {before}") from None
            raise

    def _new_comments(
        self,
        sheet: SheetPart,
        xml: bytes,
        rels: bytes | None,
        rels_part: str,
        notes: Mapping[tuple[int, int], Note],
        types: list[tuple[str, str]],
    ) -> bytes:
        """A comments part and its VML drawing for a sheet that had none; the sheet XML pointing at them."""
        folder = posixpath.dirname(self.book)
        comments = self._free(f"{folder}/comments{{}}.xml".lstrip("/"))
        vml = self._free(f"{folder}/drawings/vmlDrawing{{}}.vml".lstrip("/"))
        self.added[comments] = comments_xml(notes)
        self.added[vml] = vml_xml(notes, self._take_blocks(vml, len(notes)))
        types += [(comments, COMMENTS_CT), (vml, VML_CT)]
        base = posixpath.dirname(sheet.part)
        new_rels, (vml_id, _) = _add_relationships(
            rels,
            [
                (REL + "/vmlDrawing", posixpath.relpath(vml, base)),
                (REL + "/comments", posixpath.relpath(comments, base)),
            ],
        )
        self._put(rels_part, new_rels)
        return add_legacy_drawing(xml, vml_id)

    def _comment_parts(self, sheet: SheetPart, rels: bytes) -> tuple[tuple[str, str], tuple[str, str]]:
        """The (relationship id, part) of a sheet's comments and of their VML drawing."""
        found = relations(rels)
        if any(kind.endswith(("/threadedComment", "/threadedComments")) for kind, _ in found.values()):
            raise Unsplicable(f"{sheet.part}: threaded comments")
        base = posixpath.dirname(sheet.part)
        comments = [(i, _resolve(base, t)) for i, (kind, t) in found.items() if kind.endswith("/comments")]
        drawings = [(i, _resolve(base, t)) for i, (kind, t) in found.items() if kind.endswith("/vmlDrawing")]
        if len(comments) != 1 or len(drawings) != 1:
            raise Unsplicable(f"{sheet.part}: comments without exactly one comments part and drawing")
        if comments[0][1] not in self.names or drawings[0][1] not in self.names:
            raise Unsplicable(f"{sheet.part}: a comments part is missing")
        return comments[0], drawings[0]

    def _merge_comments(self, sheet: SheetPart, rels: bytes | None, notes: Mapping[tuple[int, int], Note]) -> None:
        """Add our notes to a sheet that has comments already: ours go below the unit's, or new."""
        (_, comments_part), (_, vml_part) = self._comment_parts(sheet, rels or b"")
        merged, had = merge_comments(comments_part, self._current(comments_part), notes)
        self._put(comments_part, merged)
        fresh = {at: n for at, n in notes.items() if at not in had}
        grow = {at: n for at, n in notes.items() if at in had}
        xml = self._current(vml_part, plain=False)
        blocks = self._take_blocks(vml_part, len(SHAPE_ID.findall(xml)) + len(fresh))
        self._put(vml_part, merge_vml(vml_part, xml, fresh, grow, blocks))

    def _strip_comments(self, sheet: SheetPart, xml: bytes, rels: bytes, rels_part: str, keep: bool) -> bytes:
        """Take our comments out of a copy annotated before; drop the parts when none remain."""
        (comments_id, comments_part), (vml_id, vml_part) = self._comment_parts(sheet, rels)
        stripped, gone, remaining = strip_comments(comments_part, self._current(comments_part))
        if remaining == 0 and not keep:
            # Nothing left to show: the parts, their relationships and the sheet's pointer go.
            self.removed |= {comments_part, vml_part}
            for rel_id in (comments_id, vml_id):
                rels = re.sub(rb'<Relationship\b[^>]*\sId="' + re.escape(rel_id.encode()) + rb'"[^>]*/>', b"", rels)
            self._put(rels_part, rels)
            return re.sub(rb"<legacyDrawing\b[^>]*/>", b"", xml)
        self._put(comments_part, stripped)
        self._put(vml_part, strip_shapes(vml_part, self._current(vml_part, plain=False), gone))
        return xml

    def _take_blocks(self, drawing: str, count: int) -> list[int]:
        """Consecutive shape-id blocks for ``count`` shapes of ``drawing`` that no other drawing
        reserves or uses (ISO 29500 §14.2.2.14: each drawing declares its own in ``<o:idmap>``).

        The drawing's own blocks may be taken again: its shapes are numbered anew.
        """
        if self._blocks is None:
            self._blocks = {}
            for name in (n for n in self.names if n.lower().endswith(".vml") and n not in self.removed):
                declared, used = vml_blocks(self._current(name, plain=False))
                self._blocks[name] = declared | used
        taken = set().union(*(blocks for name, blocks in self._blocks.items() if name != drawing))
        n = blocks_needed(count)
        start = 1
        while any(b in taken for b in range(start, start + n)):
            start += 1
        self._blocks[drawing] = set(range(start, start + n))
        return sorted(self._blocks[drawing])

    def _current(self, part: str, plain: bool = True) -> bytes:
        """A part as this build has it so far: edited, else as the package holds it.

        ``plain``: refuse what text splicing cannot read safely (VML is only appended to).
        """
        data = self.edited.get(part)
        if data is None:
            if part not in self.parts:
                with zipfile.ZipFile(self.path) as z:
                    self.parts[part] = z.read(part)
            data = self.parts[part]
        if plain:
            check_plain(part, data)
        return data

    def _rels(self, part: str) -> bytes | None:
        """A sheet's relationships as they stand, or None when it has none."""
        return self._current(part) if part in self.names or part in self.edited else None

    def _put(self, part: str, data: bytes) -> None:
        if part in self.names:
            self.edited[part] = data
        else:
            self.added[part] = data

    def _free(self, pattern: str) -> str:
        """The first ``pattern.format(n)`` that names no part yet."""
        taken = {n.casefold() for n in (*self.names, *self.added)}
        n = 1
        while pattern.format(n).casefold() in taken:
            n += 1
        return pattern.format(n)

    def _write(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(self.path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename in self.removed:
                    continue
                data = self.edited.get(info.filename)
                if data is None:
                    data = zin.read(info)
                zout.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data, zipfile.ZIP_DEFLATED)
            for name, data in self.added.items():
                zout.writestr(name, data, zipfile.ZIP_DEFLATED)
        return out.getvalue()


STRICT: Final = b"http://purl.oclc.org/ooxml/"


def is_strict(z: zipfile.ZipFile) -> bool:
    """Whether a package is Strict Open XML (ISO 29500 strict namespaces for its main document)."""
    try:
        rels = z.read("_rels/.rels")
    except KeyError:
        return False
    return STRICT + b"officeDocument/relationships/officeDocument" in rels


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _add_relationships(rels: bytes | None, new: Sequence[tuple[str, str]]) -> tuple[bytes, list[str]]:
    """A relationships part with ``new`` (type, target) added; returns it and the new ids."""
    if rels is None:
        rels = XML_DECL + f'<Relationships xmlns="{PKG}"></Relationships>'.encode()
    check_plain("relationships", rels)
    taken = {m.group(1) for m in re.finditer(rb'\sId="([^"]*)"', rels)}
    ids = []
    n = 1
    for _ in new:
        while f"rIdEvaltool{n}".encode() in taken:
            n += 1
        ids.append(f"rIdEvaltool{n}")
        n += 1
    added = b"".join(
        f"<Relationship Id={quoteattr(i)} Type={quoteattr(t)} Target={quoteattr(target)}/>".encode()
        for i, (t, target) in zip(ids, new, strict=True)
    )
    if re.search(rb"<Relationships\b[^>]*/>", rels):
        rels = re.sub(
            rb"<Relationships\b([^>]*)/>", lambda m: b"<Relationships" + m.group(1) + b"></Relationships>", rels
        )
    at = rels.rindex(b"</Relationships>")
    return rels[:at] + added + rels[at:], ids


def _edit_workbook(xml: bytes, new: Sequence[tuple[str, str, bool]], ids: Sequence[str], last: int) -> bytes:
    """workbook.xml with our sheets (the results sheet first), local names shifted by one, tab 0 active."""
    sheets = re.search(rb"<sheets\b[^>]*>", xml)
    if sheets is None or b"</sheets>" not in xml:
        raise Unsplicable("workbook.xml: no sheets")
    next_id = max((int(m.group(1)) for m in re.finditer(rb'<sheet\b[^>]*?\ssheetId="(\d+)"', xml)), default=0) + 1
    elements = []
    for (name, _, first), rel_id in zip(new, ids, strict=True):
        hidden = b"" if first else b' state="hidden"'
        elements.append(
            (
                first,
                b"<sheet name="
                + quoteattr(name).encode()
                + f' sheetId="{next_id}"'.encode()
                + hidden
                + rel_id_attr(xml, rel_id)
                + b"/>",
            )
        )
        next_id += 1
    # Names local to a sheet refer to it by position: with our sheet first, every sheet moves right.
    if any(first for _, _, first in new):
        xml = re.sub(rb'(\slocalSheetId=")(\d+)"', lambda m: m.group(1) + str(int(m.group(2)) + 1).encode() + b'"', xml)
    sheets = re.search(rb"<sheets\b[^>]*>", xml)
    assert sheets is not None
    xml = xml[: sheets.end()] + b"".join(e for first, e in elements if first) + xml[sheets.end() :]
    at = xml.index(b"</sheets>")
    xml = xml[:at] + b"".join(e for first, e in elements if not first) + xml[at:]
    # The results sheet is the active tab.
    xml = re.sub(
        rb"<workbookView\b[^>]*?/?>",
        lambda m: drop_attr(drop_attr(m.group(0), b"activeTab"), b"firstSheet"),
        xml,
        count=1,
    )
    width = col_letter(len(COLUMNS))
    where = escape(f"{quote_sheet(RESULT_SHEET)}!$A${HEADER_ROW}:${width}${last}").encode()
    titles = escape(f"{quote_sheet(RESULT_SHEET)}!${HEADER_ROW}:${HEADER_ROW}").encode()
    defined = (
        b'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">' + where + b"</definedName>"
        b'<definedName name="_xlnm.Print_Titles" localSheetId="0">' + titles + b"</definedName>"
    )
    replaced, found = filter_name(xml, defined)  # our copy annotated before: its names, updated
    if found:
        return replaced
    names = re.search(rb"<definedNames\b[^>]*>", xml)
    if re.search(rb"<definedNames\s*/>", xml):
        return re.sub(rb"<definedNames\s*/>", lambda _: b"<definedNames>" + defined + b"</definedNames>", xml, count=1)
    if names is not None:
        return xml[: names.end()] + defined + xml[names.end() :]
    start = xml.index(b"</sheets>") + len(b"</sheets>")
    return insert_before_first(xml, _AFTER_NAMES, b"<definedNames>" + defined + b"</definedNames>", start)


def _edit_types(xml: bytes, new: Sequence[tuple[str, str]], removed: set[str], macros: bool) -> bytes:
    """[Content_Types].xml with our parts declared (and removed ones not); a template's workbook a workbook,
    a macro workbook's an ordinary one unless the copy keeps its ``macros``."""
    check_plain("[Content_Types].xml", xml)
    for part in removed:
        xml = re.sub(rb'<Override\b[^>]*\sPartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", xml)
    for template, workbook in TEMPLATE_CT.items():
        xml = xml.replace(b'ContentType="' + template + b'"', b'ContentType="' + workbook + b'"')
    if not macros:
        xml = xml.replace(b'ContentType="' + MACRO_CT + b'"', b'ContentType="' + WORKBOOK_CT + b'"')
    added = b"".join(f'<Override PartName={quoteattr("/" + part)} ContentType="{ct}"/>'.encode() for part, ct in new)
    at = xml.rindex(b"</Types>")
    return xml[:at] + added + xml[at:]
