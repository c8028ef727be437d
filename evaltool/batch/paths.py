"""Output paths built from submitted names that can never escape the output folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Final

# Characters Windows refuses in names, the separators of both systems, and # and % (they would
# be read as an anchor or an escape in the summary's links to the annotated copies).
_BAD_CHARS: Final = re.compile(r'[<>:"/\\|?*#%\x00-\x1f\x7f]')
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
MAX_COMPONENT: Final = 120  # characters; keeps the whole path under Windows' usual limits


class UnsafePathError(ValueError):
    """A built path would land outside the output folder (never expected after cleaning)."""


def clean_component(name: str) -> str:
    """One path component made safe: no separators, no ``..``, no control or reserved names."""
    name = unicodedata.normalize("NFC", name)
    name = _BAD_CHARS.sub("_", name).strip().rstrip(". ")
    if name in ("", ".", "..") or set(name) <= {"."}:
        name = "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    if len(name) > MAX_COMPONENT:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_COMPONENT - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else name[:MAX_COMPONENT]
    return name


def split_parts(relative: str | PurePath) -> list[str]:
    """The components of a relative path, splitting on both ``/`` and ``\\``, dropping roots and drives."""
    text = str(relative)
    parts = [p for p in PureWindowsPath(text).parts if p not in ("\\", "/")]
    out: list[str] = []
    for part in parts:
        if PureWindowsPath(part).drive or PurePosixPath(part).is_absolute():
            continue  # a drive ("C:") or root: never honoured
        out.append(part)
    return out


def safe_join(root: Path, *relative: str | PurePath) -> Path:
    """``root`` joined with cleaned components; raises UnsafePathError if it could escape."""
    parts = [clean_component(p) for rel in relative for p in split_parts(rel)]
    target = root.joinpath(*parts) if parts else root / "_"
    base = root.resolve()
    if not target.resolve().is_relative_to(base):
        raise UnsafePathError(f"{target} is outside {root}")
    return target
