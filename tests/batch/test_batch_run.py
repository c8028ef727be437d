"""End to end: a batch of generated workbooks through ``evaltool batch`` (the real entry point)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner, Result

from evaltool.api import check
from evaltool.cli.main import cli
from evaltool.template import IndicatorRow, ProjectIndicatorRow, SubmissionData, seed_data, write_workbook
from evaltool.template.examples import mistakes_data
from tests.batch.hooks import crash_on, hang_on, inject

LINK_NAME = '=HYPERLINK("http://evil.example/","点我")'
CMD_NAME = "=cmd|' /C calc'!A0"


def clean_data(code: str, name: str = "攀枝花市社会保险事务中心") -> SubmissionData:
    """The seed report with its restated targets replaced by measured values: no findings."""
    data = seed_data()
    rows: list[IndicatorRow | ProjectIndicatorRow] = [*data.dept_indicators, *data.project_indicators]
    for row in rows:
        if isinstance(row.actual, str) and row.actual[:1] in "≥≤":
            row.actual = row.target
    data.dept_indicators[6].level3 = "养老金按月发放及时率"  # the seed repeats 准确率 under 时效
    # The rent project restates its budget (797876.4 元/年) as a 数量指标: count the payments instead.
    rent = next(r for r in data.project_indicators if r.level3 == "租金、物业费及水电费")
    rent.level3, rent.op, rent.target, rent.unit, rent.actual = "缴费次数", "=", 12, "次", 12
    data.basic["unit_code"], data.basic["unit_name"] = code, name
    return data


def _with_code(data: SubmissionData, code: str) -> SubmissionData:
    data.basic["unit_code"] = code
    return data


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every workbook of the test inbox, written once."""
    root = tmp_path_factory.mktemp("books")
    specs = {
        "clean.xlsx": clean_data("101"),
        "单位 102 mistakes.xlsx": _with_code(mistakes_data(), "102"),
        "sub/warn.xlsx": _with_code(seed_data(), "107"),
        "sub/104-a.xlsx": clean_data("104", "丁单位"),
        "sub/104-b.xlsx": clean_data("104", "丁单位"),
        "other/999.xlsx": clean_data("999", "名单外单位"),
        "hostile.xlsx": clean_data("105", LINK_NAME),
        "hang.xlsx": clean_data("108", "戊单位"),
        "fixed-warn.xlsx": clean_data("107"),
    }
    out = {}
    for rel, data in specs.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, data)
        out[rel] = path
    return out


def make_inbox(tmp_path: Path, books: dict[str, Path], extra: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """The test inbox and its roster (101–107; 106 never submits)."""
    inbox = tmp_path / "收件箱 inbox"
    names = ["clean.xlsx", "单位 102 mistakes.xlsx", "sub/warn.xlsx", "sub/104-a.xlsx", "sub/104-b.xlsx"]
    for rel in [*names, "other/999.xlsx", "hostile.xlsx", *extra]:
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(books[rel], inbox / rel)
    (inbox / "103_损坏.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (inbox / "~$clean.xlsx").write_bytes(b"\x00lock")
    (inbox / "cover.pdf").write_bytes(b"%PDF-1.4\n")
    roster = tmp_path / "roster.csv"
    lines = ["单位编码,单位名称", "101,攀枝花市社会保险事务中心", "102,攀枝花市社会保险事务中心", "103,丙单位"]
    lines += ["104,丁单位", f'105,"{CMD_NAME}"', "106,未交单位", "107,攀枝花市社会保险事务中心"]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return inbox, roster


def batch(*args: str | Path) -> Result:
    """``evaltool batch ...`` through the real click entry point."""
    return CliRunner().invoke(cli, ["batch", *map(str, args)], catch_exceptions=False)


def digest(folder: Path) -> dict[str, str]:
    """Every file's SHA-256 under a folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def summary_rows(out: Path) -> list[tuple[object, ...]]:
    """单位汇总 as tuples, read back with openpyxl."""
    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    return [tuple(r) for r in wb["单位汇总"].iter_rows(min_row=2, values_only=True)]


def test_batch_end_to_end(tmp_path: Path, books: dict[str, Path]) -> None:
    inbox, roster = make_inbox(tmp_path, books)
    out = tmp_path / "out"
    before = digest(inbox)
    result = batch(inbox, "--out-dir", out, "--roster", roster, "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert digest(inbox) == before  # the inputs are only read

    rows = summary_rows(out)
    got = [(r[0], r[2], r[3], r[11]) for r in rows]
    assert got == [
        ("101", "clean.xlsx", "通过", None),
        ("102", "单位 102 mistakes.xlsx", "有错误", None),
        ("103", "103_损坏.xlsx", "无法读取", "无法读取，单位编码按文件名推断"),
        ("104", "sub/104-a.xlsx", "通过", "同一单位编码有多个文件"),
        ("104", "sub/104-b.xlsx", "通过", "同一单位编码有多个文件"),
        ("105", "hostile.xlsx", "通过", f"单位名称与名单不符（名单：{CMD_NAME}）"),
        ("106", None, "未提交", None),
        ("107", "sub/warn.xlsx", "有警告", None),
        ("999", "other/999.xlsx", "通过", "单位编码不在名单中"),
    ]
    by_file = {r[2]: r for r in rows}
    # Counts agree with checking each file alone.
    for rel in ("单位 102 mistakes.xlsx", "sub/warn.xlsx", "clean.xlsx"):
        report = check(inbox / rel)
        assert by_file[rel][4:7] == (report.counts["error"], report.counts["warning"], report.counts["info"])
    assert by_file["hostile.xlsx"][1] == LINK_NAME
    assert "损坏" in str(by_file["103_损坏.xlsx"][13])
    # Annotated copies mirror the inbox's folders; the link in the summary points at them.
    for rel in ("clean_校验结果.xlsx", "单位 102 mistakes_校验结果.xlsx", "sub/warn_校验结果.xlsx"):
        assert (out / rel).is_file()
    assert not (out / "103_损坏_校验结果.xlsx").exists()
    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    link = wb["单位汇总"]["K9"].hyperlink
    assert link is not None and link.target.replace("\\", "/") == "sub/warn_校验结果.xlsx"

    # The unit × rule matrix agrees with the per-file findings.
    mistakes = Counter(f.code for f in check(inbox / "单位 102 mistakes.xlsx").findings)
    matrix = list(wb["单位×规则"].iter_rows(values_only=True))
    codes = [str(head).split("\n")[0] for head in matrix[0][4:-1]]
    row102 = next(r for r in matrix if r[2] == "单位 102 mistakes.xlsx")
    assert {c: n for c, n in zip(codes, row102[4:-1], strict=True) if n} == dict(mistakes)
    assert row102[-1] == sum(mistakes.values())

    # Nothing that came from a submission became a formula.
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
    unused = {r[0]: r[1:] for r in wb["未处理文件"].iter_rows(min_row=2, values_only=True)}
    assert {k: v[0] for k, v in unused.items()} == {"103_损坏.xlsx": "无法读取", "cover.pdf": "未使用"}
    assert all(reason for _, reason in unused.values())  # every row says why (the unreadable one too)

    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["tool"] == "evaltool" and doc["run"]["exit_code"] == 1
    assert len(doc["files"]) == 8 and doc["missing"][0]["unit_code"] == "106"
    api_shape = check(inbox / "clean.xlsx").to_dict()
    assert set(api_shape) <= set(doc["files"][0])  # the `check --format json` keys, plus batch fields
    timings = doc["run"]["timings"]  # one per step of the run, each measured from the previous one
    assert list(timings) == ["discover_hash_plan", "check", "assemble", "summary", "results"]
    assert all(v >= 0 for v in timings.values()) and sum(timings.values()) <= doc["run"]["seconds"] + 0.01
    csv_text = (out / "results.csv").read_text(encoding="utf-8-sig")
    assert "'" + LINK_NAME.replace('"', '""') in csv_text
    assert "\n" + LINK_NAME not in csv_text and "," + LINK_NAME not in csv_text


def test_second_run_rechecks_only_the_changed_file(
    tmp_path: Path, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rule version hashes the source tree: pin it, so an edit elsewhere mid-test changes nothing.
    monkeypatch.setattr("evaltool.batch.pipeline.rules_version", lambda: "pinned")
    inbox, roster = make_inbox(tmp_path, books)
    out = tmp_path / "out"
    assert batch(inbox, "--out-dir", out, "--roster", roster, "--jobs", "1").exit_code == 1
    copy_before = (out / "clean_校验结果.xlsx").stat().st_mtime_ns
    shutil.copyfile(books["fixed-warn.xlsx"], inbox / "sub/warn.xlsx")  # unit 107 resubmits, fixed
    result = batch(inbox, "--out-dir", out, "--roster", roster, "--jobs", "1")
    assert result.exit_code == 1
    assert "开始检查 1 个文件，7 个文件未变化" in result.stderr  # the log follows --lang (zh)

    db = sqlite3.connect(out / "history.sqlite")
    checked = db.execute("SELECT path FROM files WHERE run_id = 2 AND checked_run = 2").fetchall()
    assert checked == [("sub/warn.xlsx",)]
    assert db.execute("SELECT count(*) FROM files WHERE run_id = 2").fetchone()[0] == 8
    assert db.execute("SELECT state, exit_code FROM runs ORDER BY id").fetchall() == [("finished", 1)] * 2
    db.close()
    assert (out / "clean_校验结果.xlsx").stat().st_mtime_ns == copy_before

    changes = {r[2]: r[12] for r in summary_rows(out)}
    assert str(changes["sub/warn.xlsx"]).startswith("重新提交；已解决 ")
    assert str(changes["sub/warn.xlsx"]).endswith("有警告 → 通过")
    assert changes["clean.xlsx"] == "未变化"
    assert changes[None] == "首次提交" or changes[None] is None  # 106: never submitted
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    reused = {f["relpath"]: f["reused"] for f in doc["files"]}
    assert reused.pop("sub/warn.xlsx") is False and all(reused.values())

    # A deleted annotated copy is written again (by checking the file again).
    (out / "clean_校验结果.xlsx").unlink()
    result = batch(inbox, "--out-dir", out, "--roster", roster, "--jobs", "1")
    assert "开始检查 1 个文件" in result.stderr
    assert (out / "clean_校验结果.xlsx").is_file()


def test_hung_file_is_cut_off(tmp_path: Path, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, _ = make_inbox(tmp_path, books, extra=("hang.xlsx",))
    # Generous for the files that do finish (a loaded 2-core machine), yet the hung one is cut off.
    (tmp_path / "limits.toml").write_text("[limits]\ntimeout_seconds = 8\n", encoding="utf-8")
    inject(monkeypatch, functools.partial(hang_on, "hang.xlsx"))
    out = tmp_path / "out"
    started = time.monotonic()
    result = batch(inbox, "--out-dir", out, "--jobs", "2", "--config", tmp_path / "limits.toml")
    assert time.monotonic() - started < 60
    assert result.exit_code == 1
    rows = {r[2]: r for r in summary_rows(out)}
    assert rows["hang.xlsx"][3] == "无法读取"
    assert "处理超时" in str(rows["hang.xlsx"][13])
    assert rows["clean.xlsx"][3] == "通过"  # the others were checked as usual
    assert sum(1 for r in rows.values() if r[3] == "通过") == 5
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert next(f for f in doc["files"] if f["relpath"] == "hang.xlsx")["error_reason"] == "timeout"


def test_hung_file_is_cut_off_in_process(
    tmp_path: Path, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for rel in ("clean.xlsx", "hang.xlsx"):
        shutil.copyfile(books[rel], inbox / rel)
    (tmp_path / "limits.toml").write_text("[limits]\ntimeout_seconds = 1\n", encoding="utf-8")
    inject(monkeypatch, functools.partial(hang_on, "hang.xlsx"))
    result = batch(inbox, "--out-dir", tmp_path / "out", "--jobs", "1", "--config", tmp_path / "limits.toml")
    assert result.exit_code == 1
    assert [r[3] for r in summary_rows(tmp_path / "out")] == ["通过", "无法读取"]


def test_crashed_worker_is_replaced(tmp_path: Path, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for rel in ("clean.xlsx", "hang.xlsx", "sub/104-a.xlsx"):
        shutil.copyfile(books[rel], inbox / Path(rel).name)
    inject(monkeypatch, functools.partial(crash_on, "hang.xlsx"))
    result = batch(inbox, "--out-dir", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 1
    rows = {r[2]: r[3] for r in summary_rows(tmp_path / "out")}
    assert rows == {"clean.xlsx": "通过", "hang.xlsx": "无法读取", "104-a.xlsx": "通过"}


def test_all_passed_exits_0_and_english(tmp_path: Path, books: dict[str, Path]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(books["clean.xlsx"], inbox / "clean.xlsx")
    shutil.copyfile(books["sub/warn.xlsx"], inbox / "警告 #1 %41.xlsx")  # warnings alone: still 0
    out = inbox / "out"  # the output folder inside the inbox is never read as input
    result = batch(inbox, "--out-dir", out, "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert [r[3] for r in summary_rows(out)] == ["passed", "warnings"]
    # Odd characters in a file name stay out of the copy's name (and so out of its link).
    assert (out / "警告 _1 _41_校验结果.xlsx").is_file()
    link = openpyxl.load_workbook(out / "汇总.xlsx")["单位汇总"]["K3"].hyperlink
    assert link is not None and unquote(link.target) == "警告 _1 _41_校验结果.xlsx"
    result = batch(inbox, "--out-dir", out, "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0
    assert len(json.loads((out / "results.json").read_text(encoding="utf-8"))["files"]) == 2


def test_run_failures_exit_2(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert batch(tmp_path / "nowhere", "--out-dir", tmp_path / "o").exit_code == 2
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[limits]\ntimeout_secs = 1\n", encoding="utf-8")
    result = batch(inbox, "--out-dir", tmp_path / "o", "--config", bad_config)
    assert result.exit_code == 2 and "timeout_seconds" in result.stderr
    bad_roster = tmp_path / "roster.csv"
    bad_roster.write_text("no,header\n", encoding="utf-8")
    assert batch(inbox, "--out-dir", tmp_path / "o", "--roster", bad_roster).exit_code == 2
    history = tmp_path / "h.sqlite"
    history.write_bytes(b"garbage" * 1000)
    assert batch(inbox, "--out-dir", tmp_path / "o", "--history", history).exit_code == 2
    assert batch(inbox).exit_code == 2  # --out-dir is required (click usage error)


def test_workers_are_recycled(tmp_path: Path, books: dict[str, Path]) -> None:
    from evaltool.batch import BatchOptions, run_batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for rel in ("clean.xlsx", "单位 102 mistakes.xlsx", "sub/warn.xlsx"):
        shutil.copyfile(books[rel], inbox / Path(rel).name)
    outcome = run_batch(BatchOptions(inbox, tmp_path / "out", jobs=2, max_tasks_per_worker=1))
    assert sorted(r.status for r in outcome.data.rows) == ["errors", "passed", "warnings"]
    assert int(outcome.exit_status) == 1


def test_overlapping_runs_are_refused(tmp_path: Path) -> None:
    from evaltool.batch.lock import exclusive

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    with exclusive(out):  # as if an earlier run were still going
        result = batch(inbox, "--out-dir", out)
    assert result.exit_code == 2 and "另一个批量检查正在使用该输出文件夹" in result.stderr
    assert batch(inbox, "--out-dir", out).exit_code == 0  # released: an empty inbox passes


@pytest.mark.parametrize(
    ("lang", "inbox_missing", "roster_missing", "log"),
    [
        ("zh", "收件文件夹不存在", "单位名单文件不存在", "开始检查 0 个文件"),
        ("en", "inbox folder not found", "roster file not found", "checking 0 file(s)"),
    ],
)
def test_the_batch_speaks_the_users_language(
    tmp_path: Path, lang: str, inbox_missing: str, roster_missing: str, log: str
) -> None:
    out = tmp_path / "out"
    result = batch(tmp_path / "nowhere", "--out-dir", out, "--lang", lang)
    assert result.exit_code == 2 and inbox_missing in result.stderr
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = batch(inbox, "--out-dir", out, "--lang", lang, "--roster", tmp_path / "名单.csv")
    assert result.exit_code == 2 and roster_missing in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[execution]\nthreshhold = 80\n", encoding="utf-8")
    result = batch(inbox, "--out-dir", out, "--lang", lang, "--config", bad)
    assert result.exit_code == 2 and ("配置文件有误" if lang == "zh" else "invalid configuration") in result.stderr
    result = batch(inbox, "--out-dir", out, "--lang", lang)
    assert result.exit_code == 0 and log in result.stderr
    # Log lines carry the local time with its offset: 2025-04-25 09:30:00+08:00.
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d ", result.stderr)
