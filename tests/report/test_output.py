"""Output paths and atomic writes: names, collisions, and one-line reasons when a write fails."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from evaltool.report import output
from evaltool.report.output import OutputError, annotated_path, atomic_write, unique_path


def test_copy_names() -> None:
    assert annotated_path(Path("/d/甲 单位.xlsx")) == Path("/d/甲 单位_校验结果.xlsx")
    assert annotated_path(Path("/d/a.xls"), Path("/o")) == Path("/o/a_校验结果.xlsx")
    assert annotated_path(Path("/d/a.ods")) == Path("/d/a_校验结果.xlsx")
    assert annotated_path(Path("/d/m.XLSM")) == Path("/d/m_校验结果.xlsm")
    # Checking a copy again (the unit fixed it there) numbers the next one.
    assert annotated_path(Path("/d/a_校验结果.xlsx")) == Path("/d/a_校验结果 (2).xlsx")
    assert annotated_path(Path("/d/a_校验结果 (2).xlsx")) == Path("/d/a_校验结果 (3).xlsx")
    assert output.is_copy_name("a_校验结果 (3).xlsx") and output.is_copy_name("m_校验结果.xlsm")
    assert not output.is_copy_name("a_校验结果说明.xlsx") and not output.is_copy_name("a.xlsx")
    taken: set[Path] = set()
    first = unique_path(Path("/o/a_校验结果.xlsx"), taken)
    assert unique_path(Path("/o/a_校验结果.xlsx"), taken) == Path("/o/a_校验结果 (2).xlsx")
    assert first == Path("/o/a_校验结果.xlsx")


def test_a_locked_target_is_one_line_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a_校验结果.xlsx"
    target.write_bytes(b"old copy")

    def locked(src: object, dst: object) -> None:  # what Windows says when Excel holds the file
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(OutputError) as err:
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert err.value.reason == "locked"
    assert (
        err.value.message("zh")
        == f"{target}: 文件被占用或只读（可能正在 Excel/WPS 中打开），请关闭后重试（Permission denied）"
    )
    assert target.read_bytes() == b"old copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_校验结果.xlsx"]


def test_writes_are_complete_or_absent(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "x.xlsx"

    def fails(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as err:
        atomic_write(target, fails)
    assert err.value.reason == "disk_full" and not target.exists()
    assert list(target.parent.iterdir()) == []
    atomic_write(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_never_over_the_input(tmp_path: Path) -> None:
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"input")
    with pytest.raises(OutputError) as err:
        atomic_write(source, lambda tmp: tmp.write_bytes(b"x"), source=source)
    assert err.value.reason == "same_as_input" and source.read_bytes() == b"input"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_locked_target_can_be_written_beside_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The batch's side copy: the one atomic write takes where to go when the target is locked.
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"open in Excel")
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    written = atomic_write(target, lambda tmp: tmp.write_bytes(b"new"), when_locked=lambda t: t.with_name("side.xlsx"))
    assert written == tmp_path / "side.xlsx" and written.read_bytes() == b"new"
    assert target.read_bytes() == b"open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["side.xlsx", "汇总.xlsx"]
