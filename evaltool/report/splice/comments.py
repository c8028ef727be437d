"""Comments parts and their VML drawings: new ones, or ours added to the unit's own."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Final
from xml.etree import ElementTree

from evaltool.reading.raw import col_letter
from evaltool.report.splice.xmltext import (
    MAIN,
    XML_DECL,
    Note,
    Unsplicable,
    check_plain,
    root_prefix,
    text_bytes,
)


def comments_xml(notes: Mapping[tuple[int, int], Note]) -> bytes:
    """A comments part: one author, one plain-text comment per cell."""
    body = b"".join(
        f'<comment ref="{col_letter(c)}{r}" authorId="0"><text><t xml:space="preserve">'.encode()
        + text_bytes(note.text)
        + b"</t></text></comment>"
        for (r, c), note in sorted(notes.items())
    )
    return (
        XML_DECL
        + f'<comments xmlns="{MAIN}"><authors><author>evaltool</author></authors><commentList>'.encode()
        + body
        + b"</commentList></comments>"
    )


def vml_shapes(notes: Mapping[tuple[int, int], Note], first_id: int) -> bytes:
    """A hidden note shape per cell (prefixes v:, o:, x:), ids counting from ``first_id``."""
    shapes = []
    for i, ((r, c), note) in enumerate(sorted(notes.items())):
        width, height = note.size
        top = max(r - 2, 0)  # Excel's own placement: right of the cell, a row above it
        anchor = f"{c}, 15, {top}, 10, {c + math.ceil(width / 64)}, 15, {top + math.ceil(height / 20)}, 4"
        shapes.append(
            f'<v:shape id="_x0000_s{first_id + i}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:59.25pt;margin-top:1.5pt;width:{width}px;height:{height}px;z-index:{i + 1};"
            'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{r - 1}</x:Row><x:Column>{c - 1}</x:Column></x:ClientData></v:shape>"
        )
    return "".join(shapes).encode()


def blocks_needed(count: int) -> int:
    """How many 1,024-id blocks ``count`` new shapes need (a block's first id is never used)."""
    return max(1, math.ceil((count + 1) / 1024))


def vml_xml(notes: Mapping[tuple[int, int], Note], blocks: Sequence[int]) -> bytes:
    """The legacy VML drawing Excel needs to show the comments (the shape of each note box).

    ``blocks``: the consecutive id blocks this drawing reserves (``<o:idmap>``, ISO 29500
    §14.2.2.14); shape ids count from the first one's.
    """
    data = ",".join(str(b) for b in blocks)
    return (
        (
            '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{data}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        ).encode()
        + vml_shapes(notes, 1024 * blocks[0] + 1)
        + b"</xml>"
    )


_IDMAP: Final = re.compile(rb"""<(\w+):idmap\b[^>]*?\sdata\s*=\s*["']([^"']*)["']""")


SHAPE_ID: Final = re.compile(rb"""<\w+:shape\b[^>]*?\sid\s*=\s*["']_x0000_s(\d+)["']""")


def renumber_drawings(package: bytes) -> bytes:
    """A package (openpyxl's save) whose VML drawings each get their own id blocks.

    openpyxl declares block 1 in every drawing and numbers every drawing's shapes from 1026:
    the same shape ids in several drawings. Here drawing after drawing takes the next free
    blocks (``<o:idmap>``) and its shapes are numbered inside them, in order.
    """
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as z:
        drawings = sorted(n for n in z.namelist() if n.lower().endswith(".vml"))
        if len(drawings) < 2:
            return package
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            block = 1
            for info in z.infolist():
                data = z.read(info)
                if info.filename in drawings and len(_IDMAP.findall(data)) == 1:
                    count = len(SHAPE_ID.findall(data))
                    blocks = list(range(block, block + blocks_needed(count)))
                    block += len(blocks)
                    data = _renumbered(data, blocks)
                zout.writestr(info, data)
    return out.getvalue()


def _renumbered(xml: bytes, blocks: Sequence[int]) -> bytes:
    m = _IDMAP.search(xml)
    assert m is not None
    xml = xml[: m.start(2)] + ",".join(str(b) for b in blocks).encode() + xml[m.end(2) :]
    ids = iter(range(1024 * blocks[0] + 1, 1024 * (blocks[-1] + 1)))

    def renumber(shape: re.Match[bytes]) -> bytes:
        tag = shape.group(0)
        return tag[: shape.start(1) - shape.start(0)] + str(next(ids)).encode() + tag[shape.end(1) - shape.start(0) :]

    return SHAPE_ID.sub(renumber, xml)


def vml_blocks(xml: bytes) -> tuple[set[int], set[int]]:
    """A drawing's id blocks: those its ``<o:idmap>`` reserves, and those its shape ids are in."""
    declared = {int(n) for m in _IDMAP.finditer(xml) for n in re.findall(rb"\d+", m.group(2))}
    used = {int(n) // 1024 for n in SHAPE_ID.findall(xml)}
    return declared, used


VML: Final = "urn:schemas-microsoft-com:vml"


OFFICE: Final = "urn:schemas-microsoft-com:office:office"


EXCEL: Final = "urn:schemas-microsoft-com:office:excel"


def relations(rels: bytes) -> dict[str, tuple[str, str]]:
    """A relationships part's entries: id -> (type, target); external targets left out."""
    if not rels:
        return {}
    out = {}
    for rel in ElementTree.fromstring(rels):
        if rel.get("TargetMode") != "External":
            out[rel.get("Id", "")] = (rel.get("Type", ""), rel.get("Target", ""))
    return out


def merge_comments(name: str, xml: bytes, notes: Mapping[tuple[int, int], Note]) -> tuple[bytes, set[tuple[int, int]]]:
    """The comments part with our notes added, and the cells that had a comment already.

    On such a cell our note is a new run below the unit's text (the same text openpyxl would
    give: the unit's, a line break, ours); on the others it is a new comment by evaltool.
    """
    check_plain(name, xml)
    root_prefix(name, xml, b"comments")
    root = ElementTree.fromstring(xml)
    ns = "{" + MAIN + "}"
    authors = [a.text or "" for a in root.iter(ns + "author")]
    if "evaltool" not in authors:
        at = xml.index(b"</authors>") if b"</authors>" in xml else -1
        if at < 0:
            raise Unsplicable(f"{name}: no authors list")
        xml = xml[:at] + b"<author>evaltool</author>" + xml[at:]
        authors.append("evaltool")
    author = authors.index("evaltool")
    had: set[tuple[int, int]] = set()
    for (row, col), note in notes.items():
        ref = f"{col_letter(col)}{row}"
        m = re.search(rb'<comment\b[^>]*?\sref="\$?' + ref.encode() + rb'"[^>]*>', xml, re.I)
        if m is None:
            continue
        end = xml.index(b"</comment>", m.end())
        text_end = xml.rfind(b"</text>", m.end(), end)
        if text_end < 0 or re.search(rb"<(rPh|phoneticPr)\b", xml[m.end() : end]):
            raise Unsplicable(f"{name}: comment {ref} is not plain rich text")
        body = xml[m.end() : text_end]
        plain = re.fullmatch(rb"\s*<text\b[^>]*>\s*<t\b([^>]*)>([^<]*)</t>\s*", body)
        if plain is not None:  # one plain text: ours joins it (never <t> and <r> mixed in one comment)
            attrs = plain.group(1)
            t_open = b"<t" + attrs + b">" if b"xml:space" in attrs else b'<t xml:space="preserve">'
            joined = t_open + plain.group(2) + text_bytes("\n" + note.text) + b"</t>"
            xml = xml[: m.end() + plain.start(1) - 2] + joined + xml[m.end() + plain.end(2) + len(b"</t>") :]
        elif re.search(rb"<text\b[^>]*>\s*<r>", body) and not re.search(rb"</r>\s*<t\b", body):
            run = b'<r><t xml:space="preserve">' + text_bytes("\n" + note.text) + b"</t></r>"
            xml = xml[:text_end] + run + xml[text_end:]
        else:
            raise Unsplicable(f"{name}: comment {ref} mixes plain text and runs")
        had.add((row, col))
    new = b"".join(
        f'<comment ref="{col_letter(c)}{r}" authorId="{author}"><text><t xml:space="preserve">'.encode()
        + text_bytes(note.text)
        + b"</t></text></comment>"
        for (r, c), note in sorted(notes.items())
        if (r, c) not in had
    )
    if new:
        if re.search(rb"<commentList\s*/>", xml):
            xml = re.sub(rb"<commentList\s*/>", lambda _: b"<commentList>" + new + b"</commentList>", xml, count=1)
        else:
            at = xml.index(b"</commentList>")
            xml = xml[:at] + new + xml[at:]
    return xml, had


def vml_prefixes(name: str, xml: bytes) -> tuple[bytes, bytes, bytes]:
    """The prefixes a VML drawing's root gives the vml, office and excel namespaces."""
    head = re.search(rb"<xml\b[^>]*>", xml)
    prefixes = {uri: p for p, uri in re.findall(rb'\sxmlns:(\w+)="([^"]+)"', head.group(0))} if head else {}
    v, o, x = (prefixes.get(uri.encode()) for uri in (VML, OFFICE, EXCEL))
    if v is None or o is None or x is None:
        raise Unsplicable(f"{name}: VML namespaces declared elsewhere")
    return v, o, x


def merge_vml(
    name: str,
    xml: bytes,
    notes: Mapping[tuple[int, int], Note],
    grow: Mapping[tuple[int, int], Note],
    blocks: Sequence[int],
) -> bytes:
    """The sheet's VML drawing with a note shape for each cell of ``notes`` (cells that had no
    comment), and the boxes of the cells in ``grow`` (the unit's comments we added to) enlarged.

    ``blocks``: id blocks no other drawing of the package uses, ``blocks_needed`` of this
    drawing's numbered shapes and ours, consecutive. The drawing's ``<o:idmap>`` becomes them
    and its shapes, the unit's and ours, are numbered inside them (ISO 29500 §14.2.2.14): ids
    another drawing already has (openpyxl numbers every drawing from 1026) never stay. A
    note's id is referenced by nothing else (form controls, whose ids are, are refused).
    """
    if not notes and not grow:
        return xml
    if b"</xml>" not in xml or b"_x0000_t202" not in xml:
        raise Unsplicable(f"{name}: not a comments drawing we know")
    if len(_IDMAP.findall(xml)) > 1 or re.search(rb":spid\b", xml):
        raise Unsplicable(f"{name}: more than one idmap, or shape ids referenced")
    v, o, x = vml_prefixes(name, xml)
    if grow:
        xml = _grow_shapes(xml, v, x, grow)
    existing = len(SHAPE_ID.findall(xml))
    xml = _renumbered(_reserve(xml, v, o, blocks), blocks)
    if not notes:
        return xml
    shapes = vml_shapes(notes, 1024 * blocks[0] + 1 + existing).decode()
    shapes = shapes.replace("<v:", f"<{v.decode()}:").replace("</v:", f"</{v.decode()}:")
    shapes = shapes.replace("<x:", f"<{x.decode()}:").replace("</x:", f"</{x.decode()}:")
    shapes = shapes.replace(" o:", f" {o.decode()}:")
    at = xml.rindex(b"</xml>")
    return xml[:at] + shapes.encode() + xml[at:]


def _reserve(xml: bytes, v: bytes, o: bytes, blocks: Sequence[int]) -> bytes:
    """The drawing with ``blocks`` added to its ``<o:idmap>`` (one declared when it has none)."""
    m = _IDMAP.search(xml)
    if m is not None:
        declared = {int(n) for n in re.findall(rb"\d+", m.group(2))} | set(blocks)
        data = ",".join(str(b) for b in sorted(declared)).encode()
        return xml[: m.start(2)] + data + xml[m.end(2) :]
    data = ",".join(str(b) for b in blocks).encode()
    idmap = b"<" + o + b":idmap " + v + b':ext="edit" data="' + data + b'"/>'
    layout = re.search(rb"<" + o + rb":shapelayout\b[^>]*?(/?)>", xml)
    if layout is not None and layout.group(1):
        raise Unsplicable("an empty shapelayout")
    if layout is not None:
        return xml[: layout.end()] + idmap + xml[layout.end() :]
    head = re.search(rb"<xml\b[^>]*>", xml)
    assert head is not None  # vml_prefixes found it
    new = b"<" + o + b":shapelayout " + v + b':ext="edit">' + idmap + b"</" + o + b":shapelayout>"
    return xml[: head.end()] + new + xml[head.end() :]


_LENGTH: Final = re.compile(rb"(width|height)\s*:\s*([0-9.]+)\s*(pt|px|in|cm|mm)?", re.I)


_PX_PER: Final = {b"pt": 4 / 3, b"px": 1.0, b"in": 96.0, b"cm": 96 / 2.54, b"mm": 96 / 25.4}


def _grow_shapes(xml: bytes, v: bytes, x: bytes, grow: Mapping[tuple[int, int], Note]) -> bytes:
    """Enlarge the note boxes of ``grow``'s cells so the unit's text and ours both show."""
    shape = re.compile(rb"<" + v + rb":shape\b.*?</" + v + rb":shape>", re.S)
    row_re = re.compile(rb"<" + x + rb":Row>\s*(\d+)\s*</" + x + rb":Row>")
    col_re = re.compile(rb"<" + x + rb":Column>\s*(\d+)\s*</" + x + rb":Column>")
    anchor_re = re.compile(rb"(<" + x + rb":Anchor>)([^<]*)(</" + x + rb":Anchor>)")

    def grown(m: re.Match[bytes]) -> bytes:
        block = m.group(0)
        r, c = row_re.search(block), col_re.search(block)
        note = grow.get((int(r.group(1)) + 1, int(c.group(1)) + 1)) if r and c else None
        if note is None:
            return block
        sizes = {k.lower(): float(n) * _PX_PER.get((u or b"px").lower(), 1.0) for k, n, u in _LENGTH.findall(block)}
        width = max(sizes.get(b"width", 0.0), note.size[0])
        height = min(600.0, sizes.get(b"height", 0.0) + note.size[1])

        def length(lm: re.Match[bytes]) -> bytes:
            value = width if lm.group(1).lower() == b"width" else height
            return lm.group(1) + b":" + f"{value:.0f}px".encode()

        start = block.index(b">")
        block = _LENGTH.sub(length, block[:start]) + block[start:]
        a = anchor_re.search(block)
        if a is not None:
            parts = [p.strip() for p in a.group(2).decode().split(",")]
            if len(parts) == 8 and all(p.lstrip("-").isdigit() for p in parts):
                left, top = int(parts[0]), int(parts[2])
                parts[4] = str(left + math.ceil(width / 64))
                parts[6] = str(top + math.ceil(height / 20))
                block = block[: a.start(2)] + ", ".join(parts).encode() + block[a.end(2) :]
        return block

    return shape.sub(grown, xml)
