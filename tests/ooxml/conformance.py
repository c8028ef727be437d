"""Would Excel open this .xlsx without its repair prompt? The conformance check of the test suite.

Runs from a fresh clone: the schemas are in ``schemas/`` beside this file (see its README:
the ECMA-376 / ISO/IEC 29500-4 transitional XSDs, freely redistributable), lxml is a dev
dependency. Adapted from the project's development validator; three checks:

1. package: zip members, ``[Content_Types].xml`` coverage, every relationship (ids, targets,
   the target's content type);
2. schema: every XML part against the transitional XSDs, after Markup-Compatibility
   processing (``mc:Ignorable`` namespaces and ``mc:AlternateContent`` resolved as a consumer
   that knows only the transitional namespaces must); VML drawings shape by shape;
3. the rules Excel enforces that no XSD states: unique sheet and defined names per scope,
   row and cell order, style indexes in range, ``count`` attributes, merged cells, hyperlink
   locations naming a real sheet, data validations, conditional formats, one VML note shape
   for every comment and none without, shape ids unique across drawings (each drawing in its
   own ``<o:idmap>`` blocks), comment text in one shape, shared strings, calcChain.

``problems(path)`` lists everything found; ``new_errors(output, source)`` the errors of an
output that its input did not already have (a unit's own defects are not ours to fix).
"""

from __future__ import annotations

import collections
import copy
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "all.xsd"

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CTNS = "http://schemas.openxmlformats.org/package/2006/content-types"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"  # noqa: E741
X = "urn:schemas-microsoft-com:office:excel"
XMLNS = "http://www.w3.org/XML/1998/namespace"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
M = f"{{{MAIN}}}"

# Namespaces the bundled schemas describe: a Markup-Compatibility consumer "understands" these.
UNDERSTOOD = {
    MAIN,
    R,
    PR,
    CTNS,
    MC,
    V,
    O,
    X,
    XMLNS,
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://purl.org/dc/dcmitype/",
    "http://www.w3.org/2001/XMLSchema-instance",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
}

_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CT_BY_REL = {  # relationship type suffix -> content types Excel accepts for its target
    "/officeDocument": {
        _SML + "sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        _SML + "template.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    },
    "/worksheet": {_SML + "worksheet+xml"},
    "/styles": {_SML + "styles+xml"},
    "/sharedStrings": {_SML + "sharedStrings+xml"},
    "/theme": {"application/vnd.openxmlformats-officedocument.theme+xml"},
    "/comments": {_SML + "comments+xml"},
    "/vmlDrawing": {VML_CT},
    "/drawing": {"application/vnd.openxmlformats-officedocument.drawing+xml"},
    "/calcChain": {_SML + "calcChain+xml"},
    "/table": {_SML + "table+xml"},
    "/metadata/core-properties": {"application/vnd.openxmlformats-package.core-properties+xml"},
    "/extended-properties": {"application/vnd.openxmlformats-officedocument.extended-properties+xml"},
    "/custom-properties": {"application/vnd.openxmlformats-officedocument.custom-properties+xml"},
}
# What the file extension promises (Excel refuses an .xlsx whose workbook is a macro workbook).
MAIN_CT_BY_EXTENSION = {
    ".xlsx": {_SML + "sheet.main+xml"},
    ".xlsm": {"application/vnd.ms-excel.sheet.macroEnabled.main+xml"},
}

ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
BAD_SHEET_CHARS = set("[]:*?/\\")
MAX_TEXT = 32767
NAME_OK = re.compile(r"^[A-Za-z_\\\u0080-\uffff][\w.\\\u0080-\uffff]*$")


@dataclass(frozen=True)
class Problem:
    level: str  # error / warning / info
    check: str
    part: str
    msg: str

    def key(self) -> tuple[str, str, str, str]:
        """The same problem in another package (line numbers aside)."""
        return (self.level, self.check, self.part, re.sub(r"line \d+", "#", self.msg))

    def __str__(self) -> str:
        return f"[{self.level}] {self.check} {self.part}: {self.msg}"


def col_num(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_cell(ref: str) -> tuple[int, int] | None:
    m = CELL.match(ref or "")
    if not m:
        return None
    r, c = int(m.group(2)), col_num(m.group(1))
    if not (1 <= r <= 1048576 and 1 <= c <= 16384):
        return None
    return r, c


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    parts = (ref or "").split(":")
    if len(parts) == 1:
        a = parse_cell(parts[0])
        return (a[0], a[1], a[0], a[1]) if a else None
    if len(parts) == 2:
        a, b = parse_cell(parts[0]), parse_cell(parts[1])
        if a and b:
            return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])
        rows = [re.fullmatch(r"\$?(\d+)", p) for p in parts]
        if rows[0] and rows[1]:
            return int(rows[0].group(1)), 1, int(rows[1].group(1)), 16384
        cols = [re.fullmatch(r"\$?([A-Z]{1,3})", p) for p in parts]
        if cols[0] and cols[1]:
            return 1, col_num(cols[0].group(1)), 1048576, col_num(cols[1].group(1))
    return None


def local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def nsof(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@dataclass
class Book:
    part: str
    sheets: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # name, sheetId, state, part
    filter_names: dict[int, str] = field(default_factory=dict)
    styles: str | None = None
    sst: str | None = None
    calc: str | None = None
    n_xf: int = 0
    n_dxf: int = 0
    n_sst: int | None = None
    sst_count_attr: str | None = None
    sst_refs: int = 0
    formula_cells: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


class Package:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[Problem] = []
        with zipfile.ZipFile(path) as z:
            self.infos = z.infolist()
            self.data = {i.filename: z.read(i) for i in self.infos if not i.filename.endswith("/")}
        self.names = [i.filename for i in self.infos]
        self.trees: dict[str, Any] = {}
        self.ct: dict[str, str] = {}
        self.rels: dict[str, dict[str, dict[str, Any]]] = {}  # source part -> id -> type, target, mode, part

    def add(self, level: str, check: str, part: str, msg: str) -> None:
        self.found.append(Problem(level, check, part, msg))

    def tree(self, part: str) -> Any:
        if part not in self.data:
            return None
        if part not in self.trees:
            try:
                parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
                self.trees[part] = etree.fromstring(self.data[part], parser)
            except etree.XMLSyntaxError as e:
                self.add("error", "xml-wellformed", part, f"not well-formed XML: {e}")
                self.trees[part] = None
        return self.trees[part]


# ---------------------------------------------------------------- package
def source_of(rels_part: str) -> str:
    d, b = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(d), b[: -len(".rels")])


def resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def check_package(p: Package) -> None:
    seen = collections.Counter(n.casefold() for n in p.names)
    for n, k in seen.items():
        if k > 1:
            p.add("error", "zip", n, "duplicate zip member (case-insensitive)")
    for i in p.infos:
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            p.add("error", "zip", i.filename, f"compression method {i.compress_type}")
        if i.filename.startswith("/") or "\\" in i.filename:
            p.add("error", "zip", i.filename, "bad member name")
    if "[Content_Types].xml" not in p.data:
        p.add("error", "content-types", "[Content_Types].xml", "missing")
        return
    root = p.tree("[Content_Types].xml")
    if root is None:
        return
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    present = {n.casefold() for n in p.data}
    for el in root:
        if local(el.tag) == "Default":
            ext = el.get("Extension", "").lower()
            if ext in defaults:
                p.add("error", "content-types", "[Content_Types].xml", f"duplicate Default for .{ext}")
            defaults[ext] = el.get("ContentType")
        elif local(el.tag) == "Override":
            name = el.get("PartName", "")
            key = name.lstrip("/").casefold()
            if key in overrides:
                p.add("error", "content-types", "[Content_Types].xml", f"duplicate Override for {name}")
            overrides[key] = el.get("ContentType")
            if not name.startswith("/"):
                p.add("error", "content-types", "[Content_Types].xml", f"Override PartName not absolute: {name}")
            if key not in present:
                p.add("warning", "content-types", "[Content_Types].xml", f"Override for a missing part: {name}")
    for part in p.data:
        if part == "[Content_Types].xml":
            continue
        ct = overrides.get(part.casefold())
        if ct is None:
            ext = part.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(part) else ""
            ct = defaults.get(ext)
        if ct is None:
            p.add("error", "content-types", part, "part has no content type")
        else:
            p.ct[part] = ct
    for part in sorted(p.data):
        if part.endswith(".rels"):
            _check_rels(p, part)
    root_rels = p.rels.get("", {})
    book = next((r for r in root_rels.values() if r["type"].endswith("/officeDocument")), None)
    if book is None:
        p.add("error", "relationships", "_rels/.rels", "no officeDocument relationship")
        return
    wanted = MAIN_CT_BY_EXTENSION.get(p.path.suffix.lower())
    if wanted is not None and p.ct.get(book["part"] or "") not in wanted:
        p.add("error", "content-types", book["part"] or "", f"a {p.path.suffix} holding {p.ct.get(book['part'])}")
    if p.path.suffix.lower() == ".xlsx" and any(n.lower().endswith("vbaproject.bin") for n in p.data):
        p.add("error", "content-types", "xl/vbaProject.bin", "an .xlsx holding a macro project")


def _check_rels(p: Package, part: str) -> None:
    src = "" if part == "_rels/.rels" else source_of(part)
    if src and src not in p.data:
        p.add("error", "relationships", part, f"relationships of a part that does not exist ({src})")
    root = p.tree(part)
    if root is None:
        return
    ids: collections.Counter[str] = collections.Counter()
    p.rels[src] = {}
    for rel in root:
        rid, typ, tgt, mode = rel.get("Id"), rel.get("Type", ""), rel.get("Target", ""), rel.get("TargetMode")
        ids[rid] += 1
        entry: dict[str, Any] = {"type": typ, "target": tgt, "mode": mode, "part": None}
        p.rels[src][rid] = entry
        if mode == "External":
            continue
        tp = resolve(src or "/", tgt) if src else tgt.lstrip("/")
        entry["part"] = tp
        if tp not in p.data:
            ci = [n for n in p.data if n.casefold() == tp.casefold()]
            if ci:
                p.add("warning", "relationships", part, f"{rid}: target {tgt} matches only case-insensitively")
                entry["part"] = ci[0]
            else:
                p.add("error", "relationships", part, f"{rid}: target {tgt} -> {tp} does not exist")
                entry["part"] = None
                continue
        for suffix, cts in CT_BY_REL.items():
            if typ.endswith(suffix) and p.ct.get(entry["part"]) not in cts:
                p.add("error", "relationships", part, f"{rid}: {suffix[1:]} target has type {p.ct.get(entry['part'])}")
    for rid, k in ids.items():
        if k > 1:
            p.add("error", "relationships", part, f"duplicate relationship Id {rid}")


# ---------------------------------------------------------------- schema
_SCHEMA: list[Any] = []


def schema() -> Any:
    if not _SCHEMA:
        _SCHEMA.append(etree.XMLSchema(etree.parse(str(SCHEMA_FILE))))
    return _SCHEMA[0]


def mce_process(el: Any, ignorable: frozenset[str] = frozenset(), notes: set[str] | None = None) -> None:
    """Markup Compatibility (ECMA-376 Part 3) as a consumer understanding only UNDERSTOOD."""
    ig = el.get(f"{{{MC}}}Ignorable")
    if ig:
        ignorable = ignorable | {el.nsmap.get(pfx) for pfx in ig.split()}
    for a in list(el.attrib):
        ns = nsof(a)
        if ns == MC:
            del el.attrib[a]
        elif ns and ns not in UNDERSTOOD:
            if ns in ignorable:
                del el.attrib[a]
            elif notes is not None:
                notes.add(ns)
    for child in list(el):
        if not isinstance(child.tag, str):
            continue
        ns = nsof(child.tag)
        if ns == MC and local(child.tag) == "AlternateContent":
            chosen = None
            for branch in child:
                if local(branch.tag) == "Choice":
                    req = [branch.nsmap.get(pfx) for pfx in (branch.get("Requires") or "").split()]
                    if req and all(u in UNDERSTOOD for u in req):
                        chosen = branch
                        break
                elif local(branch.tag) == "Fallback":
                    chosen = branch
                    break
            idx = el.index(child)
            el.remove(child)
            if chosen is not None:
                for k, g in enumerate(list(chosen)):
                    el.insert(idx + k, g)
                    if isinstance(g.tag, str):
                        mce_process(g, ignorable, notes)
        elif ns and ns not in UNDERSTOOD and ns in ignorable:
            el.remove(child)
        else:
            mce_process(child, ignorable, notes)


def schema_errors(root: Any) -> list[str]:
    s = schema()
    if s.validate(etree.ElementTree(root)):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


def check_schema(p: Package) -> None:
    for part in sorted(p.data):
        ct = p.ct.get(part, "")
        if part == "[Content_Types].xml" or part.endswith(".rels") or ct.endswith("+xml") or ct == "application/xml":
            root = p.tree(part)
            if root is None:
                continue
            if nsof(root.tag) not in UNDERSTOOD:
                p.add("info", "schema", part, f"root {root.tag}: no bundled schema (not validated)")
                continue
            root = copy.deepcopy(root)
            unknown: set[str] = set()
            mce_process(root, frozenset(), unknown)
            for ns in sorted(unknown):
                p.add("warning", "schema", part, f"attributes in namespace {ns} that is not declared mc:Ignorable")
            # Excel itself writes xml:space="preserve" on SpreadsheetML <t> (ST_Xstring is a simple
            # type in the XSD): the one known gap between the XSDs and Excel.
            for t in root.iter(M + "t"):
                t.attrib.pop(f"{{{XMLNS}}}space", None)
            for e in schema_errors(root):
                p.add("error", "schema", part, e)
        elif ct == VML_CT:
            check_vml_schema(p, part)


def check_vml_schema(p: Package, part: str) -> None:
    root = p.tree(part)
    if root is None:
        return
    if root.tag != "xml":
        p.add("warning", "vml", part, f"root element is {root.tag}, Excel writes <xml>")
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if nsof(child.tag) not in (V, O, X):
            p.add("error", "schema", part, f"{child.tag}: not VML")
            continue
        el = copy.deepcopy(child)
        for tb in el.iter(f"{{{V}}}textbox"):  # the textbox's XHTML-ish content is free-form
            for k in list(tb):
                tb.remove(k)
        for e in schema_errors(el):
            p.add("error", "schema", part, f"{local(child.tag)} id={child.get('id')}: {e}")


# ---------------------------------------------------------------- semantics
def sheet_name_problems(name: str) -> list[str]:
    out = []
    if not name:
        out.append("empty")
    if len(name) > 31:
        out.append(f"{len(name)} characters (> 31)")
    if set(name) & BAD_SHEET_CHARS:
        out.append("contains one of []:*?/\\")
    if name.startswith("'") or name.endswith("'"):
        out.append("starts or ends with an apostrophe")
    if name.casefold() == "history":
        out.append("'History' is reserved by Excel")
    return out


def split_sheet_refs(formula: str) -> list[str]:
    """Sheet names a reference formula names: 'Quoted ''name'''!A1 or Plain!A1."""
    out = []
    for m in re.finditer(r"'((?:[^']|'')+)'!|([^\s'!(),=+\-*/&^<>:;{}\"]+)!", formula):
        out.append(m.group(1).replace("''", "'") if m.group(1) else m.group(2))
    return out


def check_workbook(p: Package) -> Book | None:
    root_rels = p.rels.get("", {})
    book = next((r["part"] for r in root_rels.values() if r["type"].endswith("/officeDocument")), None)
    if not book or book not in p.data:
        return None
    w = p.tree(book)
    if w is None:
        return None
    b = Book(book)
    rels = p.rels.get(book, {})
    ids: collections.Counter[str] = collections.Counter()
    rids: collections.Counter[str] = collections.Counter()
    names: collections.Counter[str] = collections.Counter()
    for s in w.iterfind(f"{M}sheets/{M}sheet"):
        name, sid, state, rid = s.get("name", ""), s.get("sheetId"), s.get("state", "visible"), s.get(f"{{{R}}}id")
        for prob in sheet_name_problems(name):
            p.add("error", "workbook", book, f"sheet name {name!r}: {prob}")
        names[name.casefold()] += 1
        ids[sid] += 1
        rids[rid] += 1
        rel = rels.get(rid)
        part = None
        if rel is None:
            p.add("error", "workbook", book, f"sheet {name!r}: r:id {rid} has no relationship")
        else:
            part = rel["part"]
            if not re.search(r"/(worksheet|chartsheet|dialogsheet|xlMacrosheet|xlIntlMacrosheet)$", rel["type"]):
                p.add("error", "workbook", book, f"sheet {name!r}: r:id {rid} is a {rel['type']}")
        if not (sid or "").isdigit() or int(sid) < 1:
            p.add("error", "workbook", book, f"sheet {name!r}: bad sheetId {sid}")
        b.sheets.append((name, sid, state, part))
    for counter, what in ((names, "sheet name"), (ids, "sheetId"), (rids, "sheet r:id")):
        for k, n in counter.items():
            if n > 1:
                p.add("error", "workbook", book, f"{what} {k!r} used {n} times")
    if not b.sheets:
        p.add("error", "workbook", book, "no sheets")
        return b
    if not any(s[2] == "visible" for s in b.sheets):
        p.add("error", "workbook", book, "no visible sheet")
    view = w.find(f"{M}bookViews/{M}workbookView")
    if view is not None:
        at, first = int(view.get("activeTab", "0")), int(view.get("firstSheet", "0"))
        if at >= len(b.sheets):
            p.add("error", "workbook", book, f"activeTab {at} >= {len(b.sheets)} sheets")
        elif b.sheets[at][2] != "visible":
            p.add("error", "workbook", book, f"activeTab {at} is the hidden sheet {b.sheets[at][0]!r}")
        if first >= len(b.sheets):
            p.add("error", "workbook", book, f"firstSheet {first} >= {len(b.sheets)} sheets")
    _check_defined_names(p, b, w)
    b.styles = next((r["part"] for r in rels.values() if r["type"].endswith("/styles") and r["part"]), None)
    b.sst = next((r["part"] for r in rels.values() if r["type"].endswith("/sharedStrings") and r["part"]), None)
    b.calc = next((r["part"] for r in rels.values() if r["type"].endswith("/calcChain") and r["part"]), None)
    if not b.styles:
        p.add("warning", "workbook", book, "no styles part")
    return b


def _check_defined_names(p: Package, b: Book, w: Any) -> None:
    seen: collections.Counter[tuple[str, str | None]] = collections.Counter()
    sheet_names = {s[0] for s in b.sheets}
    for d in w.iterfind(f"{M}definedNames/{M}definedName"):
        name, lsid, text = d.get("name", ""), d.get("localSheetId"), (d.text or "").strip()
        seen[(name.casefold(), lsid)] += 1
        bad = not (name.startswith("_xlnm.") or NAME_OK.match(name)) or parse_cell(name.upper())
        if bad or re.fullmatch(r"[RrCc]\d*", name):
            p.add("error", "defined-names", b.part, f"invalid name {name!r}")
        scope = int(lsid) if lsid is not None and lsid.isdigit() and int(lsid) < len(b.sheets) else None
        if lsid is not None and scope is None:
            p.add("error", "defined-names", b.part, f"{name}: localSheetId {lsid} out of range")
        if not text:
            p.add("error", "defined-names", b.part, f"{name}: empty formula")
        refs = split_sheet_refs(text)
        for sn in refs:
            if sn not in sheet_names and not sn.startswith("["):
                p.add("error", "defined-names", b.part, f"{name}: refers to sheet {sn!r} which does not exist")
        if scope is not None and name == "_xlnm._FilterDatabase":
            b.filter_names[scope] = text
            if refs and refs[0] != b.sheets[scope][0]:
                p.add("error", "defined-names", b.part, f"_FilterDatabase of sheet #{lsid} points at {refs[0]!r}")
        in_scope = scope is not None and name in ("_xlnm.Print_Titles", "_xlnm.Print_Area")
        if in_scope and refs and any(r != b.sheets[scope][0] for r in refs):
            p.add("error", "defined-names", b.part, f"{name} local to sheet #{lsid} refers to {refs}")
    for (n, lsid_), k in seen.items():
        if k > 1:
            p.add("error", "defined-names", b.part, f"defined name {n!r} (localSheetId {lsid_}) defined {k} times")


_STYLE_LISTS = (
    ("numFmts", "numFmt"),
    ("fonts", "font"),
    ("fills", "fill"),
    ("borders", "border"),
    ("cellStyleXfs", "xf"),
    ("cellXfs", "xf"),
    ("cellStyles", "cellStyle"),
    ("dxfs", "dxf"),
    ("tableStyles", "tableStyle"),
)


def check_styles(p: Package, b: Book) -> None:
    if not b.styles or p.tree(b.styles) is None:
        return
    s, part = p.tree(b.styles), b.styles
    counts = {}
    for key, child in _STYLE_LISTS:
        el = s.find(M + key)
        if el is None:
            counts[key] = 0
            continue
        n = counts[key] = len(el.findall(M + child))
        if el.get("count") is not None and int(el.get("count")) != n:
            p.add("error", "styles", part, f"<{key} count={el.get('count')}> but {n} <{child}>")
    fmts = {int(f.get("numFmtId")) for f in s.iterfind(f"{M}numFmts/{M}numFmt")}
    for key in ("cellStyleXfs", "cellXfs"):
        for i, xf in enumerate(s.iterfind(f"{M}{key}/{M}xf")):
            nf = int(xf.get("numFmtId", "0"))
            if nf >= 164 and nf not in fmts:
                p.add("error", "styles", part, f"{key}[{i}] numFmtId {nf} undefined")
            for attr, coll in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                v = int(xf.get(attr, "0"))
                if v >= counts[coll]:
                    p.add("error", "styles", part, f"{key}[{i}] {attr} {v} >= {counts[coll]} {coll}")
            xf_id = xf.get("xfId")
            if key == "cellXfs" and xf_id is not None and int(xf_id) >= max(counts["cellStyleXfs"], 1):
                p.add("error", "styles", part, f"cellXfs[{i}] xfId {xf_id} >= {counts['cellStyleXfs']} cellStyleXfs")
    for cs in s.iterfind(f"{M}cellStyles/{M}cellStyle"):
        if int(cs.get("xfId", "0")) >= max(counts["cellStyleXfs"], 1):
            p.add("error", "styles", part, f"cellStyle {cs.get('name')!r} xfId {cs.get('xfId')} out of range")
    if counts["cellXfs"] > 64000:
        p.add("error", "styles", part, f"{counts['cellXfs']} cellXfs (Excel's limit is 64000)")
    b.n_xf, b.n_dxf = counts["cellXfs"], counts["dxfs"]


def check_sst(p: Package, b: Book) -> None:
    if not b.sst or p.tree(b.sst) is None:
        return
    s = p.tree(b.sst)
    sis = s.findall(M + "si")
    b.n_sst = len(sis)
    uc = s.get("uniqueCount")
    if uc is not None and int(uc) != len(sis):
        p.add("error", "shared-strings", b.sst, f"uniqueCount {uc} but {len(sis)} <si>")
    for i, si in enumerate(sis):
        text = "".join(t.text or "" for t in si.iter(M + "t"))
        if len(text) > MAX_TEXT:
            p.add("error", "shared-strings", b.sst, f"si[{i}] has {len(text)} characters (> 32767)")
    b.sst_count_attr = s.get("count")


def check_sheets(p: Package, b: Book) -> None:
    for idx, (_name, sid, _state, part) in enumerate(b.sheets):
        if not part or part not in p.data or not p.ct.get(part, "").endswith("worksheet+xml"):
            continue
        ws = p.tree(part)
        if ws is not None:
            _check_sheet(p, b, idx, sid, part, ws)
    if b.sst and b.n_sst is not None and b.sst_count_attr is not None and int(b.sst_count_attr) != b.sst_refs:
        p.add("warning", "shared-strings", b.sst, f"count={b.sst_count_attr} but {b.sst_refs} t=s cells")
    selected = []
    for name, _sid, state, part in b.sheets:
        tree = p.tree(part) if part in p.data else None
        view = tree.find(f"{M}sheetViews/{M}sheetView") if tree is not None else None
        if view is not None and view.get("tabSelected") in ("1", "true"):
            selected.append((name, state))
    if len(selected) > 1:
        p.add("warning", "workbook", b.part, f"{len(selected)} sheets tabSelected (Excel opens them grouped)")


def _check_cells(p: Package, b: Book, sid: str, part: str, ws: Any) -> None:
    prev_row = 0
    formula_cells = set()
    for row in ws.iterfind(f"{M}sheetData/{M}row"):
        r = row.get("r")
        rn = int(r) if r and r.isdigit() else prev_row + 1
        if not (1 <= rn <= 1048576):
            p.add("error", "cells", part, f"row r={r} out of range")
        if rn <= prev_row:
            p.add("error", "cells", part, f"row {rn} after row {prev_row} (rows must ascend, no duplicates)")
        prev_row = rn
        if row.get("s") is not None and b.n_xf and int(row.get("s")) >= b.n_xf:
            p.add("error", "styles-ref", part, f"row {rn} s={row.get('s')} >= {b.n_xf} cellXfs")
        for sp in (row.get("spans") or "").split():
            mm = re.fullmatch(r"(\d+):(\d+)", sp)
            if not mm or not (1 <= int(mm.group(1)) <= int(mm.group(2)) <= 16384):
                p.add("error", "cells", part, f"row {rn} spans={row.get('spans')!r} malformed")
        prev_col = 0
        for c in row.iterfind(M + "c"):
            ref = c.get("r")
            col = prev_col + 1
            if ref is not None:
                at = parse_cell(ref)
                if at is None:
                    p.add("error", "cells", part, f"cell r={ref!r} invalid")
                    continue
                if at[0] != rn:
                    p.add("error", "cells", part, f"cell {ref} inside row {rn}")
                col = at[1]
            if col <= prev_col:
                p.add("error", "cells", part, f"cell {ref} after column {prev_col} in row {rn} (cells must ascend)")
            prev_col = col
            style = c.get("s")
            if style is not None and b.n_xf and int(style) >= b.n_xf:
                p.add("error", "styles-ref", part, f"cell {ref} s={style} >= {b.n_xf} cellXfs")
            if c.find(M + "f") is not None:
                formula_cells.add((rn, col))
            _check_value(p, b, part, ref, c)
    b.formula_cells[sid] = formula_cells


def _check_value(p: Package, b: Book, part: str, ref: str | None, c: Any) -> None:
    t = c.get("t", "n")
    v = c.find(M + "v")
    vt = v.text if v is not None else None
    if t == "s":
        b.sst_refs += 1
        if vt is None or not vt.strip().isdigit():
            p.add("error", "cells", part, f"cell {ref}: t=s with value {vt!r}")
        elif b.n_sst is None:
            p.add("error", "cells", part, f"cell {ref}: t=s but no shared strings part")
        elif int(vt) >= b.n_sst:
            p.add("error", "cells", part, f"cell {ref}: shared string {vt} >= {b.n_sst}")
    elif t == "inlineStr":
        is_ = c.find(M + "is")
        if is_ is None:
            p.add("error", "cells", part, f"cell {ref}: t=inlineStr without <is>")
        elif len("".join(x.text or "" for x in is_.iter(M + "t"))) > MAX_TEXT:
            p.add("error", "cells", part, f"cell {ref}: more than 32767 characters")
    elif t == "b":
        if vt is not None and vt not in ("0", "1"):
            p.add("error", "cells", part, f"cell {ref}: t=b value {vt!r}")
    elif t == "e":
        if vt is not None and vt not in ERRORS:
            p.add("error", "cells", part, f"cell {ref}: t=e value {vt!r}")
    elif t == "n":
        if vt is not None:
            try:
                finite = math.isfinite(float(vt))
            except ValueError:
                finite = False
            if not finite:
                p.add("error", "cells", part, f"cell {ref}: number {vt!r}")
    elif t == "str":
        if vt is not None and len(vt) > MAX_TEXT:
            p.add("error", "cells", part, f"cell {ref}: more than 32767 characters")
    elif t != "d":
        p.add("error", "cells", part, f"cell {ref}: t={t!r}")


def _check_sheet(p: Package, b: Book, idx: int, sid: str, part: str, ws: Any) -> None:
    _check_cells(p, b, sid, part, ws)
    d = ws.find(M + "dimension")
    if d is not None and parse_range(d.get("ref", "")) is None:
        p.add("error", "sheet", part, f"dimension ref {d.get('ref')!r} invalid")
    last = 0
    for col in ws.iterfind(f"{M}cols/{M}col"):
        lo, hi = int(col.get("min", "0")), int(col.get("max", "0"))
        if not (1 <= lo <= hi <= 16384):
            p.add("error", "cols", part, f"<col min={lo} max={hi}> invalid")
        if lo <= last:
            p.add("error", "cols", part, f"<col min={lo} max={hi}> overlaps the previous (ends {last})")
        last = max(last, hi)
        if col.get("style") is not None and b.n_xf and int(col.get("style")) >= b.n_xf:
            p.add("error", "styles-ref", part, f"<col min={lo}> style {col.get('style')} >= {b.n_xf}")
        if col.get("width") is not None and float(col.get("width")) > 255:
            p.add("error", "cols", part, f"<col min={lo}> width {col.get('width')} > 255")
    _check_merges(p, part, ws)
    _check_hyperlinks(p, b, part, ws)
    _check_validations_and_formats(p, b, part, ws)
    af = ws.find(M + "autoFilter")
    if af is not None:
        if parse_range(af.get("ref", "")) is None:
            p.add("error", "autofilter", part, f"autoFilter ref {af.get('ref')!r} invalid")
        fn = b.filter_names.get(idx)
        if fn is not None and af.get("ref", "").replace("$", "") != fn.split("!")[-1].replace("$", ""):
            p.add("warning", "autofilter", part, f"autoFilter {af.get('ref')} but _FilterDatabase {fn}")
    _check_views(p, part, ws)
    _check_drawings(p, part, ws)


def _check_merges(p: Package, part: str, ws: Any) -> None:
    mc = ws.find(M + "mergeCells")
    if mc is None:
        return
    items = mc.findall(M + "mergeCell")
    if mc.get("count") is not None and int(mc.get("count")) != len(items):
        p.add("error", "merge", part, f"mergeCells count={mc.get('count')} but {len(items)}")
    merges: list[tuple[int, int, int, int]] = []
    for it in items:
        rg = parse_range(it.get("ref", ""))
        if rg is None:
            p.add("error", "merge", part, f"mergeCell {it.get('ref')!r} invalid")
            continue
        if rg[0] == rg[2] and rg[1] == rg[3]:
            p.add("error", "merge", part, f"mergeCell {it.get('ref')} is a single cell")
        for o in merges:
            if not (rg[2] < o[0] or o[2] < rg[0] or rg[3] < o[1] or o[3] < rg[1]):
                p.add("error", "merge", part, f"mergeCell {it.get('ref')} overlaps another")
        merges.append(rg)


_LOCATION = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)")


def _check_hyperlinks(p: Package, b: Book, part: str, ws: Any) -> None:
    rels = p.rels.get(part, {})
    sheet_names = {s[0] for s in b.sheets}
    for h in ws.iterfind(f"{M}hyperlinks/{M}hyperlink"):
        ref, rid, loc = h.get("ref"), h.get(f"{{{R}}}id"), h.get("location")
        if parse_range(ref or "") is None:
            p.add("error", "hyperlinks", part, f"hyperlink ref {ref!r} invalid")
        if rid is not None:
            rel = rels.get(rid)
            if rel is None or not rel["type"].endswith("/hyperlink"):
                p.add("error", "hyperlinks", part, f"hyperlink {ref}: r:id {rid} is not a hyperlink relationship")
        elif loc is None:
            p.add("error", "hyperlinks", part, f"hyperlink {ref}: neither r:id nor location")
        if loc is not None:
            mm = _LOCATION.fullmatch(loc)
            if mm is None:
                p.add("warning", "hyperlinks", part, f"hyperlink {ref}: location {loc!r} is not Sheet!A1")
                continue
            sn = mm.group(1).replace("''", "'") if mm.group(1) else mm.group(2)
            if sn not in sheet_names:
                p.add("error", "hyperlinks", part, f"hyperlink {ref}: location {loc!r} names no sheet")
            if parse_range(mm.group(3).replace("$", "")) is None:
                p.add("error", "hyperlinks", part, f"hyperlink {ref}: location cell invalid {loc!r}")
        if len(h.get("display", "") or "") > 2079 or len(loc or "") > 2079:
            p.add("error", "hyperlinks", part, f"hyperlink {ref}: longer than 2079 characters")


def _check_validations_and_formats(p: Package, b: Book, part: str, ws: Any) -> None:
    dv = ws.find(M + "dataValidations")
    if dv is not None:
        items = dv.findall(M + "dataValidation")
        if dv.get("count") is not None and int(dv.get("count")) != len(items):
            p.add("error", "data-validation", part, f"count={dv.get('count')} but {len(items)}")
        for it in items:
            for rg in (it.get("sqref") or "").split():
                if parse_range(rg) is None:
                    p.add("error", "data-validation", part, f"sqref {rg!r} invalid")
            if it.get("type", "none") not in ("none", "custom") and it.find(M + "formula1") is None:
                p.add("error", "data-validation", part, f"{it.get('sqref')}: type {it.get('type')} without formula1")
    for cf in ws.iterfind(M + "conditionalFormatting"):
        for rg in (cf.get("sqref") or "").split():
            if parse_range(rg) is None:
                p.add("error", "conditional-format", part, f"sqref {rg!r} invalid")
        for rule in cf.iterfind(M + "cfRule"):
            if rule.get("dxfId") is not None and int(rule.get("dxfId")) >= b.n_dxf:
                p.add("error", "conditional-format", part, f"dxfId {rule.get('dxfId')} >= {b.n_dxf} dxfs")


def _check_views(p: Package, part: str, ws: Any) -> None:
    for view in ws.iterfind(f"{M}sheetViews/{M}sheetView"):
        pane = view.find(M + "pane")
        panes = {"topLeft"}
        if pane is not None:
            xs, ys = float(pane.get("xSplit", "0")), float(pane.get("ySplit", "0"))
            if xs and ys:
                panes |= {"topRight", "bottomLeft", "bottomRight"}
            elif xs:
                panes |= {"topRight"}
            elif ys:
                panes |= {"bottomLeft"}
            if pane.get("activePane", "topLeft") not in panes:
                p.add("warning", "sheet-view", part, f"activePane {pane.get('activePane')} not in this split")
            if pane.get("topLeftCell") and parse_cell(pane.get("topLeftCell")) is None:
                p.add("error", "sheet-view", part, f"pane topLeftCell {pane.get('topLeftCell')!r}")
        for sel in view.iterfind(M + "selection"):
            if sel.get("activeCell") and parse_cell(sel.get("activeCell")) is None:
                p.add("error", "sheet-view", part, f"selection activeCell {sel.get('activeCell')!r}")


def _check_drawings(p: Package, part: str, ws: Any) -> None:
    rels = p.rels.get(part, {})
    ld = ws.find(M + "legacyDrawing")
    vml = None
    if ld is not None:
        rel = rels.get(ld.get(f"{{{R}}}id"))
        if rel is None or not rel["type"].endswith("/vmlDrawing"):
            p.add("error", "comments", part, "legacyDrawing r:id is not a vmlDrawing relationship")
        else:
            vml = rel["part"]
    for tag, suffix in (("drawing", "/drawing"), ("legacyDrawingHF", "/vmlDrawing")):
        el = ws.find(M + tag)
        if el is not None:
            rel = rels.get(el.get(f"{{{R}}}id"))
            if rel is None or not rel["type"].endswith(suffix):
                p.add("error", "sheet", part, f"<{tag}> r:id is not a {suffix[1:]} relationship")
    comments = [r["part"] for r in rels.values() if r["type"].endswith("/comments") and r["part"]]
    if len(comments) > 1:
        p.add("error", "comments", part, f"{len(comments)} comments parts for one sheet")
    if comments and vml is None:
        p.add("error", "comments", part, "comments part without a <legacyDrawing> pointing at a VML drawing")
    if comments and vml is not None:
        check_comments(p, comments[0], vml)
    elif vml is not None and vml_notes(p, vml):
        p.add("error", "comments", vml, "Note shapes but the sheet has no comments part")


def vml_notes(p: Package, vml: str) -> list[tuple[Any, int | None, int | None]]:
    root = p.tree(vml)
    if root is None:
        return []
    out = []
    for sh in root.iter(f"{{{V}}}shape"):
        cd = sh.find(f"{{{X}}}ClientData")
        if cd is not None and cd.get("ObjectType") == "Note":
            rr, cc = cd.find(f"{{{X}}}Row"), cd.find(f"{{{X}}}Column")
            out.append((sh, int(rr.text) if rr is not None else None, int(cc.text) if cc is not None else None))
    return out


def check_comments(p: Package, cpart: str, vml: str) -> None:
    root = p.tree(cpart)
    if root is None:
        return
    authors = root.findall(f"{M}authors/{M}author")
    refs: collections.Counter[tuple[int, int]] = collections.Counter()
    for cm in root.iterfind(f"{M}commentList/{M}comment"):
        ref = cm.get("ref", "")
        at = parse_cell(ref)
        if at is None:
            p.add("error", "comments", cpart, f"comment ref {ref!r} is not one cell")
            continue
        refs[at] += 1
        a = cm.get("authorId")
        if a is None or not a.isdigit() or int(a) >= len(authors):
            p.add("error", "comments", cpart, f"comment {ref}: authorId {a} but {len(authors)} authors")
        if len("".join(t.text or "" for t in cm.iter(M + "t"))) > MAX_TEXT:
            p.add("error", "comments", cpart, f"comment {ref}: more than 32767 characters")
        tx = cm.find(M + "text")
        kids = {local(k.tag) for k in tx} if tx is not None else set()
        if {"t", "r"} <= kids:
            p.add("error", "comments", cpart, f"comment {ref}: <text> mixes a plain <t> with <r> runs")
    for at, k in refs.items():
        if k > 1:
            p.add("error", "comments", cpart, f"{k} comments on one cell R{at[0]}C{at[1]}")
    notes = vml_notes(p, vml)
    shapes = collections.Counter((r + 1, c + 1) for _, r, c in notes if r is not None and c is not None)
    if any(r is None or c is None for _, r, c in notes):
        p.add("error", "comments", vml, "Note shape without x:Row/x:Column")
    for at in refs:
        if shapes[at] != 1:
            p.add("error", "comments", vml, f"comment at R{at[0]}C{at[1]} has {shapes[at]} Note shapes")
    for at in shapes:
        if at not in refs:
            p.add("error", "comments", vml, f"Note shape at R{at[0]}C{at[1]} has no comment")
    vroot = p.tree(vml)
    types = {st.get("id") for st in vroot.iter(f"{{{V}}}shapetype")} if vroot is not None else set()
    for sh, _r, _c in notes:
        t = (sh.get("type") or "").lstrip("#")
        if t and t not in types:
            p.add("error", "comments", vml, f"shape {sh.get('id')} uses undefined shapetype #{t}")
        a = sh.find(f"{{{X}}}ClientData/{{{X}}}Anchor")
        if a is not None and len([x for x in (a.text or "").split(",") if x.strip().lstrip("-").isdigit()]) != 8:
            p.add("error", "comments", vml, f"shape {sh.get('id')}: x:Anchor is not 8 integers")


def check_vml_ids(p: Package) -> None:
    """Each drawing reserves its own id blocks (ISO 29500 §14.2.2.14); shape ids are unique across drawings."""
    blocks: dict[int, list[str]] = collections.defaultdict(list)
    ids: dict[str, list[str]] = collections.defaultdict(list)
    for part, ct in sorted(p.ct.items()):
        root = p.tree(part) if ct == VML_CT else None
        if root is None:
            continue
        mine = set()
        for im in root.iter(f"{{{O}}}idmap"):
            for n in re.findall(r"\d+", im.get("data", "")):
                blocks[int(n)].append(part)
                mine.add(int(n))
        for sh in root.iter(f"{{{V}}}shape"):
            sid = sh.get("id") or ""
            mm = re.fullmatch(r"_x0000_s(\d+)", sid)
            if mm is None:
                continue  # LibreOffice's "shape_0": not an id Excel numbers
            ids[sid].append(part)
            if int(mm.group(1)) // 1024 not in mine:
                p.add("error", "vml-ids", part, f"shape {sid} lies outside this drawing's idmap blocks {sorted(mine)}")
    for n, parts in blocks.items():
        if len(parts) > 1:
            p.add("error", "vml-ids", ",".join(sorted(parts)), f"o:idmap block {n} claimed {len(parts)} times")
    for sid, parts in ids.items():
        if len(parts) > 1:
            p.add("error", "vml-ids", ",".join(sorted(set(parts))), f"shape id {sid} used {len(parts)} times")


def check_calc_chain(p: Package, b: Book) -> None:
    if not b.calc or p.tree(b.calc) is None:
        return
    sid = None
    for c in p.tree(b.calc).iterfind(M + "c"):
        sid = c.get("i", sid)
        at = parse_cell(c.get("r", ""))
        if at is None:
            p.add("error", "calc-chain", b.calc, f"entry r={c.get('r')!r}")
        elif sid not in b.formula_cells:
            p.add("error", "calc-chain", b.calc, f"entry {c.get('r')} in sheetId {sid}: no such worksheet")
        elif at not in b.formula_cells[sid]:
            p.add("error", "calc-chain", b.calc, f"entry {c.get('r')} in sheetId {sid}: the cell has no formula")


def problems(path: Path) -> list[Problem]:
    """Everything the check finds in one package."""
    p = Package(path)
    check_package(p)
    check_schema(p)
    b = check_workbook(p)
    if b is not None:
        check_styles(p, b)
        check_sst(p, b)
        check_sheets(p, b)
        check_calc_chain(p, b)
    check_vml_ids(p)
    return p.found


def new_errors(output: Path, source: Path | None = None) -> list[str]:
    """The errors of ``output`` that ``source`` (the workbook it was made from) did not have."""
    before: collections.Counter[tuple[str, str, str, str]] = collections.Counter()
    if source is not None and zipfile.is_zipfile(source):
        before.update(f.key() for f in problems(source) if f.level == "error")
    out = []
    for f in problems(output):
        if f.level != "error":
            continue
        if before[f.key()] > 0:
            before[f.key()] -= 1
        else:
            out.append(str(f))
    return out
