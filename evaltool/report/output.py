"""Where outputs go and how they are written: the JSON document, output paths, atomic saves."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from evaltool.lang import Lang
from evaltool.result import finite
from evaltool.texts import TEXTS, reason
from evaltool.version import __version__

if TYPE_CHECKING:
    from evaltool.result import Report

SUFFIX: Final = "_校验结果"  # <stem>_校验结果.xlsx; batch skips inputs whose stem ends with it
MACRO_SUFFIXES: Final = (".xlsm",)
_COPY_STEM: Final = re.compile(rf"(.*){SUFFIX}(?: \((\d+)\))?")


def document(reports: Iterable[Report], lang: Lang = "zh") -> dict[str, Any]:
    """The one JSON document ``check --format json`` prints (shape documented in docs/cli.md)."""
    return {"tool": "evaltool", "version": __version__, "files": [r.to_dict(lang) for r in reports]}


def dumps(doc: Any) -> str:
    """The document as UTF-8-ready text: Chinese kept readable, stable key order; strict JSON."""
    return json.dumps(finite(doc), ensure_ascii=False, indent=2, default=str, allow_nan=False)


def annotated_path(source: Path, out_dir: Path | None = None) -> Path:
    """``<stem>_校验结果.xlsx`` beside the input, or in ``out_dir``.

    A macro workbook (.xlsm) keeps its macros and its extension: Excel refuses to open a
    macro workbook saved under .xlsx. Everything else (.xlsx, .xls, .ods) gives .xlsx.
    """
    ext = source.suffix.lower() if source.suffix.lower() in MACRO_SUFFIXES else ".xlsx"
    folder = out_dir if out_dir is not None else source.parent
    again = _COPY_STEM.fullmatch(source.stem)
    if again:  # checking a copy again (fixed in the copy): a numbered copy, not 名_校验结果_校验结果
        return folder / f"{again.group(1)}{SUFFIX} ({int(again.group(2) or 1) + 1}){ext}"
    return folder / f"{source.stem}{SUFFIX}{ext}"


def is_copy_name(name: str) -> bool:
    """Whether a file name is one of our copies (``名_校验结果.xlsx``, ``名_校验结果 (2).xlsm``…)."""
    return copy_source_stem(name) is not None


def copy_source_stem(name: str) -> str | None:
    """The stem of the workbook a copy-like name was made from (``名_校验结果 (2).xlsx`` -> ``名``), else None."""
    path = Path(name)
    match = _COPY_STEM.fullmatch(path.stem) if path.suffix.lower() in (".xlsx", *MACRO_SUFFIXES) else None
    return match.group(1) if match else None


def unique_path(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``<stem> (2)<ext>``… when an earlier file of this run already wrote there."""
    candidate, n = path, 1
    while _key(candidate) in taken:
        n += 1
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
    taken.add(_key(candidate))
    return candidate


def _key(path: Path) -> Path:
    # Two inputs a.xlsx and A.XLSX collide on Windows/macOS file systems: compare folded.
    return Path(os.path.normcase(os.path.abspath(path))).with_name(path.name.casefold())


class OutputError(Exception):
    """An output that cannot be written. ``message(lang)`` is one line naming the file and why."""

    REASONS: Final = frozenset(TEXTS["zh"]["output"])  # their sentences: the "output" texts (evaltool/texts.py)

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        self.path = path
        self.reason = reason if reason in self.REASONS else "other"
        self.detail = detail
        super().__init__(self.message("zh"))

    def message(self, lang: Lang = "zh") -> str:
        """``<file>: <reason>[ (<detail>)]``."""
        return f"{self.path}: {reason('output', self.reason, self.detail, lang)}"


def _reason(exc: OSError, stage: str) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is_directory"
    if isinstance(exc, NotADirectoryError | FileExistsError) and stage == "folder":
        return "bad_folder"
    if isinstance(exc, NotADirectoryError):
        return "bad_folder"
    if isinstance(exc, PermissionError):
        # Creating our temp file failed: the folder. Replacing the target failed: the target
        # (on Windows a file open in Excel cannot be replaced).
        return "no_permission" if stage in ("folder", "temp") else "locked"
    if exc.errno == errno.ENOSPC:
        return "disk_full"
    if exc.errno == errno.EROFS:
        return "no_permission"
    return "other"


def atomic_write(
    target: Path,
    write: Callable[[Path], object],
    *,
    source: Path | None = None,
    when_locked: Callable[[Path], Path] | None = None,
) -> Path:
    """Write ``target`` via ``write(temp_path)`` and ``os.replace``: readers never see half a file.

    The one atomic write of evaltool (annotated copies, the batch outputs, ``evaltool template``).
    The temp file lives in the target's folder (a rename across file systems is not atomic).
    Any OS failure becomes an OutputError with a one-line reason; the temp file is removed.
    ``when_locked``: when the target cannot be replaced (a file open in Excel on Windows), the
    path to write instead (the batch keeps a side copy); the path written is returned.
    """
    if source is not None and _same_file(source, target):
        raise OutputError(target, "same_as_input")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(target, _reason(exc, "folder"), exc.strerror or "") from None
    if target.is_dir():
        raise OutputError(target, "is_directory")
    try:
        fd, name = tempfile.mkstemp(prefix=".~evaltool-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(target, _reason(exc, "temp"), exc.strerror or "") from None
    os.close(fd)
    temp = Path(name)
    try:
        try:
            write(temp)
        except OSError as exc:
            raise OutputError(target, _reason(exc, "temp"), exc.strerror or "") from None
        with contextlib.suppress(OSError):  # mkstemp makes 0600 files; give the usual permissions
            os.chmod(temp, 0o666 & ~_umask())
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            if when_locked is None:
                raise OutputError(target, _reason(exc, "replace"), exc.strerror or "") from None
            target = when_locked(target)
            os.replace(temp, target)
        except OSError as exc:
            raise OutputError(target, _reason(exc, "replace"), exc.strerror or "") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
