"""Read a submitted workbook into a ``Submission``: sniff the file, load its cells, build every table."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from evaltool.config import Limits
from evaltool.errors import UnreadableError
from evaltool.findings import CellRef
from evaltool.layout import META_SHEET, TABLES, TEMPLATE_ID, TEMPLATE_VERSION, V2_KINDS, Kind
from evaltool.model import Submission, Table
from evaltool.reading.cells import CellReader, finding
from evaltool.reading.container import Source, inspect_file
from evaltool.reading.numbers import clean
from evaltool.reading.raw import RawBook, RawSheet
from evaltool.reading.tables import TableBuilder, find_header, missing_columns

_WANTED = frozenset({clean(t.sheet) for t in TABLES.values()} | {clean(META_SHEET)})


def _wanted(name: str) -> bool:
    """Only the sheets we read are parsed (填报说明, 校验结果 and strangers are skipped)."""
    return clean(name) in _WANTED


def load(source: Source, limits: Limits, wanted: Callable[[str], bool] | None = _wanted) -> RawBook:
    """The raw cells of the file (of the sheets ``wanted`` accepts; None: every sheet).

    Damage found while parsing becomes ``UnreadableError``.
    """
    path = source.path
    max_bytes = limits.max_unzipped_mb << 20
    if source.kind == "xlsx":
        from evaltool.reading.xlsx import TooLarge, XmlRejected, read_xlsx

        try:
            with zipfile.ZipFile(path) as zf:
                return read_xlsx(zf, max_bytes, limits.max_cells, wanted)
        except XmlRejected as exc:
            raise UnreadableError(path, "unsafe", str(exc)) from None
        except TooLarge:
            raise UnreadableError(path, "too_large", f"> {limits.max_unzipped_mb} MB unzipped") from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
            raise UnreadableError(path, "corrupt", str(exc)) from None
        except Exception as exc:  # a package our reader does not understand: let calamine try
            try:
                return _calamine(path, limits, wanted)
            except UnreadableError:
                raise UnreadableError(path, "corrupt", f"{type(exc).__name__}: {exc}") from None
    book = _calamine(path, limits, wanted)
    if source.kind == "xls":
        from evaltool.reading.xls_formats import add_xls_formats

        add_xls_formats(path, book, wanted or (lambda name: True))
    return book


def _calamine(path: Path, limits: Limits, wanted: Callable[[str], bool] | None = _wanted) -> RawBook:
    from python_calamine import CalamineError, PasswordError

    from evaltool.reading.calamine import read_calamine

    try:
        return read_calamine(path, limits.max_cells, wanted)
    except PasswordError:
        raise UnreadableError(path, "encrypted") from None
    except (CalamineError, OSError, ValueError, RuntimeError) as exc:
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise UnreadableError(path, "encrypted") from None
        raise UnreadableError(path, "corrupt", text.splitlines()[0][:200] if text else type(exc).__name__) from None


def _find_sheet(book: RawBook, name: str) -> RawSheet | None:
    exact = book.sheet(name)
    if exact is not None:
        return exact
    key = clean(name)
    return next((s for s in book.sheets if clean(s.name) == key), None)


def _meta(book: RawBook) -> tuple[bool, int | None]:
    sheet = _find_sheet(book, META_SHEET)
    if sheet is None:
        return False, None
    pairs: dict[str, object] = {}
    for (row, col), cell in sheet.cells.items():
        if isinstance(cell.value, str):
            right = sheet.cells.get((row, col + 1))
            if right is not None:
                pairs.setdefault(clean(cell.value), right.value)
    template = pairs.get("template")
    version: int | None = None
    raw_version = pairs.get("version")
    try:
        version = int(float(str(raw_version))) if raw_version is not None else None
    except ValueError:
        version = None
    return (isinstance(template, str) and template.strip() == TEMPLATE_ID), version


def assemble(path: Path, book: RawBook, limits: Limits) -> Submission:
    """Build the Submission (tables, 基本情况, findings) from raw cells."""
    from evaltool.reading.basic import read_basic

    reader = CellReader(book)
    from_template, version = _meta(book)
    if not from_template:
        reader.findings.append(finding("F005", ()))
    elif version is not None and version < TEMPLATE_VERSION:
        reader.findings.append(finding("F012", (), version=version, current=TEMPLATE_VERSION))
    named = Counter(clean(s.name).casefold() for s in book.sheets)
    for each in book.sheets:
        count = named.pop(clean(each.name).casefold(), 1)
        if count > 1:  # the first one is read (RawBook.sheet, CellReader): say so
            reader.findings.append(finding("F011", (CellRef(each.name, "A1"),), sheet=each.name, count=count))
    # The sheets template v2 added are required of a v2 workbook only: an older one (or one
    # not from the template) is read and checked as before.
    optional = V2_KINDS if not from_template or version is None or version < 2 else frozenset()
    basic = {}
    tables: dict[Kind, Table] = {}
    for kind, layout in TABLES.items():
        sheet = _find_sheet(book, layout.sheet)
        if sheet is None:
            if kind not in optional:
                reader.findings.append(finding("F001", (), sheet=layout.sheet))
            continue
        if sheet.truncated_at is not None:
            reader.findings.append(
                finding(
                    "F009",
                    (CellRef(sheet.name, "A1"),),
                    sheet=sheet.name,
                    what=f"max_cells={limits.max_cells}",
                    kept=sheet.truncated_at,
                )
            )
        if kind is Kind.BASIC:
            basic = read_basic(reader, sheet)
            continue
        header = find_header(sheet, layout)
        if header is None:
            for column in layout.columns:
                if column.required:
                    reader.findings.append(
                        finding("F002", (CellRef(sheet.name, "A1"),), sheet=sheet.name, column=column.header)
                    )
            continue
        missing_columns(reader, sheet, layout, header)
        tables[kind] = TableBuilder(reader, sheet, layout, header).build()
    return Submission(
        path=path,
        basic=basic,
        tables=tables,
        findings=reader.findings,
        from_template=from_template,
        template_version=version,
        sheet_order=[s.name for s in book.sheets],
        formats_known=book.formats,
    )


def read_workbook(path: Path, limits: Limits) -> Submission:
    """Read ``path``; raise ``UnreadableError`` when it is not a workbook we can open.

    Never raises anything else for a bad file: a defect of the reader itself surfaces as
    ``UnreadableError(reason="internal")`` naming the exception, so a batch keeps going.
    """
    try:
        source = inspect_file(path, limits)
        book = load(source, limits)
        if not any(_find_sheet(book, t.sheet) for t in TABLES.values()):
            # No sheet of the standard workbook: perhaps filled official project cards.
            from evaltool.reading.forms import looks_like_forms, read_forms

            every = load(source, limits, wanted=None)
            if looks_like_forms(every):
                return read_forms(path, every)
        return assemble(path, book, limits)
    except UnreadableError:
        raise
    except MemoryError:
        raise UnreadableError(path, "too_large", "out of memory") from None
    except RecursionError as exc:
        raise UnreadableError(path, "too_large", f"nesting too deep: {exc}") from None
    except Exception as exc:
        raise UnreadableError(path, "internal", f"{type(exc).__name__}: {exc}"[:300]) from exc
