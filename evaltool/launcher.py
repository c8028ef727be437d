"""Drop launchers: a Windows .bat and a Linux .desktop that run this installation on dropped workbooks."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

from evaltool.version import __version__

BAT_NAME: Final = "evaltool-校验.bat"
DESKTOP_NAME: Final = "evaltool-check.desktop"
ARGS: Final = ("-m", "evaltool", "--pause")
MIME_TYPES: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel.sheet.macroEnabled.12",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.spreadsheet",
)
# Characters that force quoting in a desktop-entry Exec argument (Desktop Entry spec, "The Exec key").
_DESKTOP_RESERVED: Final = frozenset(" \t\n\"'\\><~|&;$*?#()`")


class LauncherError(ValueError):
    """A path that cannot be written into a launcher safely."""


def bat_quote(path: str) -> str:
    """A path as one quoted word of a .bat line.

    Inside double quotes cmd.exe takes ``&``, ``^``, ``|``, ``<``, ``>`` and spaces literally;
    ``%`` is expanded even there, so it is doubled. Windows paths cannot hold ``"``.
    """
    if any(ch in path for ch in '"\r\n\0'):
        raise LauncherError(f"path not usable in a .bat file: {path!r}")
    return '"' + path.replace("%", "%%") + '"'


def bat_text(python: str) -> str:
    """The .bat: UTF-8 code page, then this Python with ``-m evaltool --pause`` and every dropped file.

    The file is UTF-8 without a BOM and its lines before ``chcp 65001`` are ASCII: cmd.exe
    reads each line in the code page current at that moment, so a Chinese path after the
    ``chcp`` line is read correctly. Delayed expansion is switched off so ``!`` in a path
    stays literal. Explorer passes dropped files quoted when they contain spaces; ``%*``
    hands them on unchanged.
    """
    lines = [
        "@echo off",
        f"rem evaltool {__version__} drop launcher: drop workbooks onto this file to check them.",
        "chcp 65001 >nul",
        "setlocal DisableDelayedExpansion",
        f"{bat_quote(python)} {' '.join(ARGS)} %*",
    ]
    return "\r\n".join(lines) + "\r\n"


def desktop_quote(arg: str) -> str:
    """One Exec argument per the Desktop Entry spec: quoting, then string escaping, ``%`` doubled."""
    if "\n" in arg or "\r" in arg or "\0" in arg:
        raise LauncherError(f"path not usable in a .desktop file: {arg!r}")
    text = arg
    if any(ch in _DESKTOP_RESERVED for ch in arg) or not arg:
        text = '"' + "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg) + '"'
    # The Exec value is also a "string" value: its backslashes are escaped once more.
    return text.replace("\\", "\\\\").replace("%", "%%")


def desktop_text(python: str) -> str:
    """The .desktop entry: a terminal window running this Python on the dropped files (``%F``)."""
    exec_line = " ".join([desktop_quote(python), *(desktop_quote(a) for a in ARGS), "%F"])
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        "Name=evaltool 自评校验\n"
        "Name[en]=evaltool check\n"
        "Comment=把预算绩效自评工作簿拖放到此图标上进行校验\n"
        "Comment[en]=Drop self-evaluation workbooks here to check them\n"
        f"Exec={exec_line}\n"
        "Terminal=true\n"
        "Categories=Office;\n"
        f"MimeType={';'.join(MIME_TYPES)};\n"
    )


def console_python(executable: str) -> str:
    """The console interpreter beside ``executable``: pythonw.exe opens no window to read."""
    path = Path(executable)
    if path.name.lower() == "pythonw.exe" and path.with_name("python.exe").exists():
        return str(path.with_name("python.exe"))
    return executable


def write_launchers(dest: Path, python: str | None = None) -> list[Path]:
    """Write both launchers into ``dest``; return their paths."""
    python = python or console_python(sys.executable)
    dest.mkdir(parents=True, exist_ok=True)
    bat = dest / BAT_NAME
    bat.write_bytes(bat_text(python).encode("utf-8"))
    desktop = dest / DESKTOP_NAME
    desktop.write_text(desktop_text(python), encoding="utf-8", newline="\n")
    if os.name != "nt":
        desktop.chmod(0o755)  # file managers only launch executable (trusted) entries
    return [bat, desktop]
