"""The drop launchers' generated text: quoting of awkward paths, several dropped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.launcher import (
    BAT_NAME,
    DESKTOP_NAME,
    LauncherError,
    bat_text,
    desktop_text,
    launcher_folder,
    write_launchers,
)

AWKWARD = r"C:\Users\张 三\100% ^&!\Python311\python.exe"


def test_bat_text_is_exact() -> None:
    assert bat_text(AWKWARD) == (
        "@echo off\r\n"
        "rem evaltool 0.1.0 drop launcher: drop workbooks onto this file to check them.\r\n"
        "chcp 65001 >nul\r\n"
        "setlocal DisableDelayedExpansion\r\n"
        '"C:\\Users\\张 三\\100%% ^&!\\Python311\\python.exe" -c "import evaltool" || goto failed\r\n'
        '"C:\\Users\\张 三\\100%% ^&!\\Python311\\python.exe" -m evaltool --pause %*\r\n'
        "exit /b\r\n"
        ":failed\r\n"
        "echo.\r\n"
        "echo evaltool 无法启动：Python 没有找到，或没有安装 evaltool（见上面的信息）。\r\n"
        "echo evaltool could not start: Python was not found or evaltool is not installed (see above).\r\n"
        "pause\r\n"
        "exit /b 2\r\n"
    )


def test_bat_keeps_its_window_open_when_python_does_not_start() -> None:
    lines = bat_text(AWKWARD).splitlines()
    # The first thing run is a bare import: a missing interpreter (9009) or package (1) jumps to
    # :failed, which pauses; only a started evaltool (which pauses itself) ends the script.
    probe = next(i for i, line in enumerate(lines) if "import evaltool" in line)
    run = next(i for i, line in enumerate(lines) if "%*" in line)
    assert probe < run and lines[probe].endswith("|| goto failed")
    failed = lines.index(":failed")
    assert lines[run + 1] == "exit /b" and run + 1 < failed
    assert "pause" in lines[failed:] and all(ln.isascii() for ln in lines[: lines.index("chcp 65001 >nul")])


def expand_bat_line(line: str, dropped: list[str]) -> list[str]:
    """What cmd.exe runs for the launcher's last line: %% → %, %* → the dropped files as Explorer
    quotes them (with quotes when they hold spaces), then the command line split the Windows way."""
    explorer = " ".join(f'"{p}"' if " " in p else p for p in dropped)
    text = line.replace("%*", "\0").replace("%%", "%").replace("\0", explorer)
    words, word, quoted, seen = [], "", False, False
    for ch in text:
        if ch == '"':
            quoted, seen = not quoted, True
        elif ch == " " and not quoted:
            if word or seen:
                words.append(word)
            word, seen = "", False
        else:
            word += ch
    if word or seen:
        words.append(word)
    return words


def test_bat_passes_every_dropped_file() -> None:
    last = next(line for line in bat_text(AWKWARD).splitlines() if "%*" in line)
    dropped = [r"D:\自评 材料\甲单位 2024.xlsx", r"D:\乙.xlsx", r"E:\a b\c.xlsm"]
    assert expand_bat_line(last, dropped) == [AWKWARD, "-m", "evaltool", "--pause", *dropped]


def desktop_exec(entry: str, files: list[str]) -> list[str]:
    """The argv a desktop environment builds from Exec (Desktop Entry spec 1.5, 'The Exec key')."""
    value = next(line[5:] for line in entry.splitlines() if line.startswith("Exec="))
    # 1. the string-value escapes (\\ \s \n \t \r), 2. field codes, 3. quoting (shell-like).
    unescaped, i = "", 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            unescaped += {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(value[i + 1], "\\" + value[i + 1])
            i += 2
        else:
            unescaped += value[i]
            i += 1
    words = _split_quoted(unescaped.replace("%%", "\0"))
    argv: list[str] = []
    for w in words:
        if w == "%F":
            argv.extend(files)
        else:
            argv.append(w.replace("\0", "%"))
    return argv


def _split_quoted(text: str) -> list[str]:
    """Split on spaces; inside "...", a backslash escapes only " ` $ and backslash (the spec's rule)."""
    words: list[str] = []
    word, quoted, seen, i = "", False, False, 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            word += text[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted, seen = not quoted, True
        elif ch == " " and not quoted:
            if word or seen:
                words.append(word)
            word, seen = "", False
        else:
            word += ch
        i += 1
    assert not quoted, "unbalanced quotes"
    if word or seen:
        words.append(word)
    return words


@pytest.mark.parametrize(
    "python", ["/usr/bin/python3", "/opt/我的 工具/py 3.11/bin/python", '/home/a/100%/$HOME/`x`/q"uote/b\\s/python']
)
def test_desktop_exec_round_trips_awkward_paths(python: str) -> None:
    files = ["/home/张三/自评 材料/甲单位.xlsx", "/tmp/b.xlsx"]
    assert desktop_exec(desktop_text(python), files) == [python, "-m", "evaltool", "--pause", *files]


def test_write_launchers(tmp_path: Path) -> None:
    bat, desktop = write_launchers(tmp_path / "桌面 x", "/usr/bin/python3")
    assert (bat.name, desktop.name) == (BAT_NAME, DESKTOP_NAME)
    raw = bat.read_bytes()
    assert raw.startswith(b"@echo off\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert "Terminal=true" in desktop.read_text(encoding="utf-8")
    with pytest.raises(LauncherError):
        bat_text('C:\\bad"name\\python.exe')


def test_dest_desktop_is_the_real_desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from evaltool.cli.main import cli

    home, work = tmp_path / "home", tmp_path / "work"
    (home / ".config").mkdir(parents=True)
    work.mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DESKTOP_DIR="$HOME/桌面"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.chdir(work)
    for word in ("桌面", "Desktop"):
        result = CliRunner().invoke(cli, ["launcher", "--dest", word, "--python", "/usr/bin/python3"])
        assert result.exit_code == 0, result.output
        assert (home / "桌面" / BAT_NAME).is_file() and (home / "桌面" / DESKTOP_NAME).is_file()
        assert not (work / word).exists()  # no folder named 桌面 in the current directory
    # Without the XDG file, ~/Desktop; an existing folder of that name here is taken as given.
    (home / ".config" / "user-dirs.dirs").unlink()
    assert launcher_folder(Path("桌面")) == home / "Desktop"
    (work / "桌面").mkdir()
    assert launcher_folder(Path("桌面")) == Path("桌面")
