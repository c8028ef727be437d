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
    hands them on unchanged. When Python does not start or cannot import evaltool (moved,
    uninstalled), the window stays open on the error instead of closing before it can be read.
    """
    lines = [
        "@echo off",
        f"rem evaltool {__version__} drop launcher: drop workbooks onto this file to check them.",
        "chcp 65001 >nul",
        "setlocal DisableDelayedExpansion",
        f'{bat_quote(python)} -c "import evaltool" || goto failed',
        f"{bat_quote(python)} {' '.join(ARGS)} %*",
        "exit /b",
        ":failed",
        "echo.",
        "echo evaltool 无法启动：Python 没有找到，或没有安装 evaltool（见上面的信息）。",
        "echo evaltool could not start: Python was not found or evaltool is not installed (see above).",
        "pause",
        "exit /b 2",
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


DESKTOP_WORDS: Final = frozenset({"桌面", "desktop"})  # ``--dest 桌面`` means the user's desktop


def desktop_folder() -> Path:
    """The user's desktop folder, where the system keeps it.

    Windows: the shell's known folder (it may be redirected, to OneDrive say); elsewhere the
    XDG user directory (``$HOME/桌面`` on a Chinese desktop), else ``~/Desktop``.
    """
    if os.name == "nt":
        import ctypes

        buffer = ctypes.create_unicode_buffer(260)
        csidl_desktopdirectory = 0x10
        if ctypes.windll.shell32.SHGetFolderPathW(None, csidl_desktopdirectory, None, 0, buffer) == 0:  # type: ignore[attr-defined]
            return Path(buffer.value)
        return Path.home() / "Desktop"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "user-dirs.dirs"
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for line in text.splitlines():
        key, _, value = line.strip().partition("=")
        if key == "XDG_DESKTOP_DIR" and value:
            value = value.strip().strip('"').replace("$HOME", str(Path.home()))
            if value.rstrip("/") != str(Path.home()):  # "$HOME/" means no desktop folder
                return Path(value)
    return Path.home() / "Desktop"


def launcher_folder(dest: Path) -> Path:
    """``dest``, except that a bare 桌面 / Desktop (no such folder here) is the user's real desktop."""
    if str(dest).casefold() in DESKTOP_WORDS and not dest.is_dir():
        return desktop_folder()
    return dest


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
