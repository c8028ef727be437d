"""Finds the workbooks in an inbox folder, and lists every other file it could not use."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Final

from evaltool.lang import Lang
from evaltool.names import display_name
from evaltool.reading.container import EXTENSIONS
from evaltool.report.output import copy_source_stem
from evaltool.texts import text as ui_text

WORKBOOK_SUFFIXES: Final = EXTENSIONS  # what `check` reads (templates .xltx/.xltm too): one list
RESULT_SUFFIX: Final = "_校验结果.xlsx"  # what `evaltool check` writes beside a workbook
# Files we make and never treat as submissions, wherever they sit.
CONFIG_NAME: Final = "evaltool.toml"  # never applied from the inbox unless passed with --config
# A submission stored by `evaltool serve`: INBOX/<单位编码>/<UTC time, to the microsecond>_<name>.
# Of several in one folder only the latest is checked (the names sort by time).
SUBMISSION_NAME: Final = re.compile(r"\d{8}T\d{6}\.\d{6}Z_.+")
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Unusable:
    """An inbox file that is not a workbook: listed in the outputs, never checked."""

    relpath: str  # POSIX-style, relative to the inbox
    reason: str  # a key of the "unusable" texts (evaltool/texts.py)

    def text(self, lang: Lang) -> str:
        """The reason in ``lang``."""
        return ui_text("unusable", self.reason, lang)


@dataclass(slots=True)
class Inventory:
    """What an inbox holds: workbooks to check, files not used, and how many were skipped silently."""

    workbooks: list[str] = field(default_factory=list)  # relative POSIX paths as shown (names.display_name), sorted
    real: dict[str, str] = field(default_factory=dict)  # shown -> real relative path, where they differ
    unusable: list[Unusable] = field(default_factory=list)
    skipped: int = 0  # lock files, hidden files, our own outputs
    superseded: list[str] = field(default_factory=list)  # earlier submissions of a unit (relative paths)

    def path(self, inbox: Path, relpath: str) -> Path:
        """The real file behind a workbook's shown relative path."""
        return inbox / self.real.get(relpath, relpath)


def submission_name(when: dt.datetime, name: str) -> str:
    """``20261202T051600.123456Z_<name>``: how the server names a submission (``name`` already safe)."""
    return f"{when.astimezone(dt.UTC):%Y%m%dT%H%M%S.%fZ}_{name}"


def _latest_submissions(inv: Inventory) -> None:
    """Of several server submissions in one folder, keep only the latest; the rest are superseded."""
    latest: dict[str, str] = {}
    for rel in inv.workbooks:
        pure = PurePosixPath(rel)
        if SUBMISSION_NAME.fullmatch(pure.name):
            folder = str(pure.parent)
            if folder not in latest or pure.name > PurePosixPath(latest[folder]).name:
                latest[folder] = rel
    keep = set(latest.values())
    inv.superseded = [
        rel for rel in inv.workbooks if SUBMISSION_NAME.fullmatch(PurePosixPath(rel).name) and rel not in keep
    ]
    if inv.superseded:
        gone = set(inv.superseded)
        inv.workbooks = [rel for rel in inv.workbooks if rel not in gone]
        logger.info("%d earlier submission(s) superseded by a later one of the same unit", len(gone))


def _hidden(name: str, st: os.stat_result | None) -> bool:
    if name.startswith("."):
        return True
    attrs = getattr(st, "st_file_attributes", 0) if st is not None else 0
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _skip_file(name: str) -> bool:
    # ~$ : Excel/WPS owner (lock) files; .~lock.…# : LibreOffice locks (also hidden). Our own
    # outputs are told apart by where they are (OUT, the history: ``exclude``), never by name.
    return name.startswith("~$") or name.startswith(".~lock.")


def _beside_its_source(name: str, siblings: set[str]) -> bool:
    """A copy that `evaltool check` wrote beside its workbook (``a_校验结果.xlsx`` next to ``a.xlsx``).

    A copy sent back by a unit (情况说明 filled in) has no original beside it: it is a submission.
    """
    stem = copy_source_stem(name)
    return stem is not None and any(stem + ext in siblings for ext in WORKBOOK_SUFFIXES)


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return None


def _inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a loop, a vanished target
        return False


def discover(inbox: Path, exclude: Iterable[Path] = (), follow_outside: bool = False) -> Inventory:
    """Walk ``inbox`` recursively (without following folder links); ``exclude``: our own folders/files.

    A link to a file is followed only when its target is inside the inbox (``follow_outside``:
    wherever it points); the others are listed as not processed.
    """
    inv = Inventory()
    excluded = {r for r in map(_resolved, exclude) if r is not None}
    root = inbox.resolve()

    def walk(folder: Path, rel: tuple[str, ...]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            inv.unusable.append(Unusable(display_name("/".join(rel)) or ".", "unreachable"))
            return
        siblings = {e.name.casefold() for e in entries}
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                st = None
            if _hidden(entry.name, st):
                inv.skipped += 1
                continue
            relpath = (*rel, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                path = Path(entry.path)
                if _resolved(path) in excluded:
                    inv.skipped += 1
                    continue
                walk(path, relpath)
                continue
            if _skip_file(entry.name) or (excluded and _resolved(Path(entry.path)) in excluded):
                inv.skipped += 1
                continue
            real = "/".join(relpath)
            text = display_name(real)
            try:
                is_file = entry.is_file()  # follows a file link: a linked workbook is still a workbook
            except OSError:
                is_file = False
            if not is_file:
                inv.unusable.append(Unusable(text, "unreachable"))
            elif not follow_outside and entry.is_symlink() and not _inside(Path(entry.path), root):
                inv.unusable.append(Unusable(text, "link_outside"))
            elif _beside_its_source(entry.name.casefold(), siblings):
                inv.unusable.append(Unusable(text, "own_copy"))
            elif entry.name == CONFIG_NAME:  # anyone may drop a file here: listed, never trusted
                inv.unusable.append(Unusable(text, "config_not_applied"))
            elif Path(entry.name).suffix.lower() in WORKBOOK_SUFFIXES:
                inv.workbooks.append(text)
                if text != real:
                    inv.real[text] = real
            else:
                inv.unusable.append(Unusable(text, "not_workbook"))

    walk(root, ())
    inv.workbooks.sort()
    _latest_submissions(inv)
    return inv
