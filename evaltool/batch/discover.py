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
from evaltool.report.output import is_copy_name

WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
RESULT_SUFFIX: Final = "_校验结果.xlsx"  # what `evaltool check` writes beside a workbook
# Files we make and never treat as submissions, wherever they sit.
OWN_NAMES: Final = frozenset({"汇总.xlsx", "results.json", "results.csv", "history.sqlite", "evaltool.toml"})
# A submission stored by `evaltool serve`: INBOX/<单位编码>/<UTC time, to the microsecond>_<name>.
# Of several in one folder only the latest is checked (the names sort by time).
SUBMISSION_NAME: Final = re.compile(r"\d{8}T\d{6}\.\d{6}Z_.+")
logger = logging.getLogger(__name__)
# Reasons an inbox file was not used (key -> Chinese, English).
UNUSABLE: Final[dict[str, tuple[str, str]]] = {
    "not_workbook": (
        "不是工作簿（只接受 .xlsx .xlsm .xls .ods），请在 Excel 中另存为 .xlsx",
        "not a workbook (.xlsx .xlsm .xls .ods only); save it as .xlsx",
    ),
    "unreachable": ("无法访问（权限或链接问题）", "cannot be accessed (permissions or a broken link)"),
}


@dataclass(frozen=True, slots=True)
class Unusable:
    """An inbox file that is not a workbook: listed in the outputs, never checked."""

    relpath: str  # POSIX-style, relative to the inbox
    reason: str  # a key of UNUSABLE

    def text(self, lang: Lang) -> str:
        """The reason in ``lang``."""
        zh, en = UNUSABLE[self.reason]
        return en if lang == "en" else zh


@dataclass(slots=True)
class Inventory:
    """What an inbox holds: workbooks to check, files not used, and how many were skipped silently."""

    workbooks: list[str] = field(default_factory=list)  # relative POSIX paths, sorted
    unusable: list[Unusable] = field(default_factory=list)
    skipped: int = 0  # lock files, hidden files, our own outputs
    superseded: list[str] = field(default_factory=list)  # earlier submissions of a unit (relative paths)


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
    # ~$ : Excel/WPS owner (lock) files; .~lock.…# : LibreOffice locks (also hidden).
    return (
        name.startswith("~$")
        or name.startswith(".~lock.")
        or name.endswith(RESULT_SUFFIX)
        or is_copy_name(name)  # 名_校验结果 (2).xlsx, 名_校验结果.xlsm: what `evaltool check` writes
        or name in OWN_NAMES
        or name.startswith("history.sqlite")  # its -wal / -shm companions
        or name == ".evaltool-batch.lock"
    )


def discover(inbox: Path, exclude: Iterable[Path] = ()) -> Inventory:
    """Walk ``inbox`` recursively (without following folder links); ``exclude``: our own folders/files."""
    inv = Inventory()
    excluded = {p.resolve() for p in exclude}
    root = inbox.resolve()

    def walk(folder: Path, rel: tuple[str, ...]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            inv.unusable.append(Unusable("/".join(rel) or ".", "unreachable"))
            return
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
                if path.resolve() in excluded:
                    inv.skipped += 1
                    continue
                walk(path, relpath)
                continue
            if _skip_file(entry.name) or (excluded and Path(entry.path).resolve() in excluded):
                inv.skipped += 1
                continue
            text = "/".join(relpath)
            try:
                is_file = entry.is_file()  # follows a file link: a linked workbook is still a workbook
            except OSError:
                is_file = False
            if not is_file:
                inv.unusable.append(Unusable(text, "unreachable"))
            elif Path(entry.name).suffix.lower() in WORKBOOK_SUFFIXES:
                inv.workbooks.append(text)
            else:
                inv.unusable.append(Unusable(text, "not_workbook"))

    walk(root, ())
    inv.workbooks.sort()
    _latest_submissions(inv)
    return inv
