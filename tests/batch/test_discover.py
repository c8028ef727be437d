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


def test_only_a_units_latest_submission_is_checked(tmp_path: Path) -> None:
    """The server's inbox: INBOX/<code>/<UTC time>_<name>; the latest per folder counts."""
    import datetime as dt

    from evaltool.batch.discover import submission_name

    inbox = tmp_path / "inbox"
    t0 = dt.datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=dt.UTC)
    later = t0 + dt.timedelta(microseconds=1)  # the next day, by one microsecond
    east = dt.timezone(dt.timedelta(hours=8))
    names = {
        "A1/" + submission_name(t0, "自评表.xlsx"),
        "A1/" + submission_name(later.astimezone(east), "改过的.xlsx"),  # any zone: stored in UTC
        "B2/" + submission_name(t0, "b.xlsx"),
        "B2/manual copy.xlsx",  # put there by hand: not a submission, always checked
    }
    for name in names:
        _touch(inbox / name)
    inv = discover(inbox)
    assert inv.workbooks == [
        "A1/20261202T000000.000000Z_改过的.xlsx",
        "B2/20261201T235959.999999Z_b.xlsx",
        "B2/manual copy.xlsx",
    ]
    assert inv.superseded == ["A1/20261201T235959.999999Z_自评表.xlsx"]
