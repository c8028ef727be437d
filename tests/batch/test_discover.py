"""Discovery: workbooks found recursively; locks, hidden files and OUT skipped; the rest listed."""

from __future__ import annotations

from pathlib import Path

from evaltool.batch.discover import discover


def _touch(path: Path, data: bytes = b"x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_discover(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for name in ("a.xlsx", "b.XLSM", "sub/c.xls", "sub/deeper/d.ods", "单位 E.xlsx"):
        _touch(inbox / name)
    for name in (
        "~$a.xlsx",  # Excel/WPS lock file
        ".~lock.a.xlsx#",  # LibreOffice lock file
        ".hidden.xlsx",
        ".git/config.xlsx",  # hidden folder
        "a_校验结果.xlsx",  # what `evaltool check` writes beside a.xlsx: listed, not checked
        "a_校验结果 (2).xlsx",
        "m_校验结果.xlsm",  # a copy sent back by a unit (no m.* beside it): a submission
        "out/汇总.xlsx",  # the output folder inside the inbox
        "out/a_校验结果.xlsx",
        "out/x.xlsx",
    ):
        _touch(inbox / name)
    for name in ("cover.pdf", "sub/letter.docx", "data.csv"):
        _touch(inbox / name)
    inv = discover(inbox, exclude=[inbox / "out"])
    assert inv.workbooks == ["a.xlsx", "b.XLSM", "m_校验结果.xlsm", "sub/c.xls", "sub/deeper/d.ods", "单位 E.xlsx"]
    reasons = {u.relpath: u.reason for u in inv.unusable}
    assert reasons == {
        "a_校验结果 (2).xlsx": "own_copy",
        "a_校验结果.xlsx": "own_copy",
        "cover.pdf": "not_workbook",
        "data.csv": "not_workbook",
        "sub/letter.docx": "not_workbook",
    }
    assert inv.skipped == 5  # 2 locks, 1 hidden file, 1 hidden folder, 1 output folder
    assert "不是工作簿" in inv.unusable[2].text("zh")


def test_discover_does_not_follow_folder_links(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    outside = tmp_path / "outside"
    _touch(outside / "secret.xlsx")
    _touch(inbox / "a.xlsx")
    (inbox / "link").symlink_to(outside, target_is_directory=True)
    inv = discover(inbox)
    assert inv.workbooks == ["a.xlsx"]
