"""Issue 10: one unit's file never stops the night's batch, writes outside OUT, or corrupts the summary.

Each test runs the real ``evaltool batch`` and holds the outputs to being written and well-formed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from evaltool.template import seed_data, write_workbook
from tests.hostile.batchrun import EXAMPLE, ROOT, batch, copy_well_formed, files, strict_constant, well_formed

pytestmark = pytest.mark.hostile

GBK_NAME = "单位甲".encode("gbk") + b".xlsx"  # as unzipping a Windows archive on Linux leaves it


@pytest.mark.skipif(os.name == "nt", reason="Windows names are always Unicode")
def test_undecodable_file_name_among_good_files(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copyfile(EXAMPLE, inbox / "good.xlsx")
    shutil.copyfile(EXAMPLE, os.path.join(os.fsencode(inbox), GBK_NAME))
    shutil.copyfile(EXAMPLE, inbox / "new\nline.xlsx")  # a newline in a name must not split a log line
    (inbox / os.fsdecode(b"notes-\xff.pdf")).write_bytes(b"%PDF")
    run = batch(inbox, out)
    assert run.returncode == 1, run.stderr
    doc = well_formed(out)
    entries = files(doc)
    shown = os.fsdecode(GBK_NAME).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    assert set(entries) == {"good.xlsx", shown, "new\\x0aline.xlsx"}
    for entry in entries.values():
        assert entry["status"] == "errors" and entry["annotated"], entry
        copy_well_formed(Path(entry["annotated"]))
    assert [u["path"] for u in doc["unusable"]] == ["notes-\\xff.pdf"]
    assert all(line.startswith("20") for line in run.stderr.splitlines()), run.stderr  # one line per event
    db = sqlite3.connect(out / "history.sqlite")
    assert {r[0] for r in db.execute("SELECT path FROM files")} == set(entries)
    # The second night reuses every result and finishes too.
    again = batch(inbox, out)
    assert again.returncode == 1, again.stderr
    assert all(e["reused"] for e in files(well_formed(out)).values())


def _with_cell(dest: Path, sheet: str, ref: str, value: object, source: Path = EXAMPLE) -> Path:
    book = openpyxl.load_workbook(source)
    book[sheet][ref] = value
    book.save(dest)
    return dest


@pytest.mark.parametrize("typed", ["1e999", "9" * 400, "-1E+400"], ids=["1e999", "400-nines", "-1E+400"])
def test_a_number_beyond_float_is_a_reading_finding_never_a_figure(tmp_path: Path, typed: str) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copyfile(EXAMPLE, inbox / "good.xlsx")
    _with_cell(inbox / "huge.xlsx", "基本情况", "B22", typed)  # 自评总分
    for night in (1, 2):  # the second night reuses the result from the history and must finish too
        run = batch(inbox, out)
        assert run.returncode == 1, (night, run.stderr)
        entry = files(well_formed(out))["huge.xlsx"]
        assert entry["figures"]["self_score"] is None
        assert any(f["code"] == "F003" and f["cells"] == ["B22"] for f in entry["findings"]), entry["findings"]
    shown = subprocess.run(
        [sys.executable, "-m", "evaltool", "check", str(inbox / "huge.xlsx"), "--format", "json", "--no-annotate"],
        capture_output=True, text=True, encoding="utf-8", check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    doc = json.loads(shown.stdout, parse_constant=strict_constant)
    assert doc["files"][0]["figures"]["self_score"] is None


def _inbox(tmp_path: Path, n: int = 2) -> tuple[Path, Path]:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for i in range(n):
        shutil.copyfile(EXAMPLE, inbox / f"单位{i:02d}.xlsx")
    return inbox, out


def _states(history: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(history)) as db:
        return [r[0] for r in db.execute("SELECT state FROM runs ORDER BY id")]


def test_a_damaged_history_gives_one_line_and_the_next_run_recovers(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 3)
    assert batch(inbox, out).returncode == 1
    history = out / "history.sqlite"
    data = bytearray(history.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page : 3 * page] = b"\xa5" * (2 * page)  # damaged pages after the header
    history.write_bytes(bytes(data))
    run = batch(inbox, out)  # the user's language: Chinese by default
    assert run.returncode == 2
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("evaltool batch：") and "历史数据库" in last, run.stderr
    # Moved aside, the next night starts a new history and writes everything.
    history.rename(tmp_path / "damaged.sqlite")
    assert batch(inbox, out).returncode == 1
    well_formed(out)


@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_fails_in_one_line_and_no_run_stays_running(tmp_path: Path) -> None:
    import resource

    inbox, out = _inbox(tmp_path, 6)
    assert batch(inbox, out).returncode == 1  # a first run: the history exists and holds results
    shutil.copyfile(EXAMPLE, inbox / "new.xlsx")
    (out / "history.sqlite").unlink()  # every file is checked again: the history grows

    def small_disk() -> None:  # every file the run writes stops at 64 KiB, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))

    environ = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(out), "--jobs", "1"],
        capture_output=True, text=True, encoding="utf-8", check=False, env=environ, preexec_fn=small_disk,
    )  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("evaltool batch："), run.stderr
    # The next night (disk freed) finishes, and no run is left "running".
    assert batch(inbox, out).returncode == 1
    well_formed(out)
    assert "running" not in _states(out / "history.sqlite")


# A batch whose worker hangs on 单位01 (the tests' hook, injected as the batch tests do).
HANGING_BATCH = (
    "import functools, sys\n"
    "from evaltool.batch import run\n"
    "from tests.batch.hooks import hang_on\n"
    "run.run_tasks = functools.partial(run.run_tasks, process=functools.partial(hang_on, '单位01'))\n"
    "from evaltool.cli.main import main\n"
    "sys.argv[0] = 'evaltool'\n"
    "main()\n"
)


def test_a_killed_run_does_not_stay_running(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 2)
    proc = subprocess.Popen(
        [sys.executable, "-c", HANGING_BATCH, "batch", str(inbox), "--out-dir", str(out), "--jobs", "1"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    history = out / "history.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (history.exists() and "running" in _states(history)):
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    assert _states(history) == ["running"]
    assert batch(inbox, out).returncode == 1
    assert _states(history) == ["failed", "finished"]


def test_history_pointed_at_another_programs_database_is_refused(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 1)
    other = tmp_path / "accounts.sqlite"
    with contextlib.closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
        db.commit()
    before = other.read_bytes()
    run = batch(inbox, out, "--history", str(other))
    assert run.returncode == 2 and "not an evaltool history" in run.stderr, run.stderr
    assert other.read_bytes() == before


def _check_copy(source: Path, folder: Path) -> Path:
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "check", str(source), "--out-dir", str(folder)],
        capture_output=True, text=True, encoding="utf-8", check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    return folder / f"{source.stem}_校验结果.xlsx"


def test_a_sent_back_copy_is_a_submission_and_no_file_is_skipped_unlisted(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 1)
    made = tmp_path / "made"
    sent_back = _check_copy(inbox / "单位00.xlsx", made)  # what a unit gets back, fills in and returns
    (inbox / "unit-b").mkdir()
    shutil.copyfile(sent_back, inbox / "unit-b" / "单位B_校验结果.xlsx")
    shutil.copyfile(sent_back, inbox / "单位00_校验结果.xlsx")  # `check` ran in the inbox: beside its source
    shutil.copyfile(EXAMPLE, inbox / "汇总.xlsx")  # a unit may name its workbook like our summary
    run = batch(inbox, out)
    assert run.returncode == 1, run.stderr
    doc = well_formed(out)
    entries = files(doc)
    assert set(entries) == {"单位00.xlsx", "unit-b/单位B_校验结果.xlsx", "汇总.xlsx"}
    assert entries["unit-b/单位B_校验结果.xlsx"]["status"] == "errors"
    assert {u["path"]: u["reason"] for u in doc["unusable"]} == {"单位00_校验结果.xlsx": "own_copy"}


def test_a_config_dropped_into_the_inbox_is_listed_and_never_applied(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 1)
    codes = sorted({f["code"] for f in files(_fresh_run(inbox, tmp_path / "plain"))["单位00.xlsx"]["findings"]})
    # Downgrade everything it finds; then a bad key (which once killed the run).
    (inbox / "evaltool.toml").write_text(f"[rules]\ndisable = {json.dumps(codes)}\n", encoding="utf-8")
    doc = _fresh_run(inbox, out)
    assert sorted({f["code"] for f in files(doc)["单位00.xlsx"]["findings"]}) == codes
    assert {u["path"]: u["reason"] for u in doc["unusable"]} == {"evaltool.toml": "config_not_applied"}
    assert doc["run"]["config"]["file"] is None and doc["run"]["config"]["settings"]
    (inbox / "evaltool.toml").write_text("[rules]\nno_such_key = 1\n", encoding="utf-8")
    _fresh_run(inbox, tmp_path / "bad")
    # Applied when the bureau names it, and recorded in every output.
    (inbox / "evaltool.toml").write_text(f"[rules]\ndisable = {json.dumps(codes)}\n", encoding="utf-8")
    doc = _fresh_run(inbox, tmp_path / "named", "--config", str(inbox / "evaltool.toml"))
    assert files(doc)["单位00.xlsx"]["findings"] == []
    assert doc["run"]["config"]["file"] == str((inbox / "evaltool.toml").resolve())
    assert doc["unusable"] == []
    summary = openpyxl.load_workbook(tmp_path / "named" / "汇总.xlsx")
    shown = [str(c.value) for row in summary["运行信息"].iter_rows() for c in row]
    assert str((inbox / "evaltool.toml").resolve()) in shown


def _fresh_run(inbox: Path, out: Path, *args: str) -> dict[str, object]:
    run = batch(inbox, out, *args)
    assert run.returncode in (0, 1), run.stderr
    return well_formed(out)


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_links_planted_at_output_names_are_never_followed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(EXAMPLE, inbox / "单位00.xlsx")
    out = inbox / "out"  # OUT inside INBOX (allowed): whoever drops files in the inbox can plant links there
    out.mkdir()
    victims = {}
    for name in (".evaltool-batch.lock", ".汇总.tmp.xlsx", ".results.tmp.json", ".results.tmp.csv", "汇总.xlsx"):
        victim = tmp_path / f"victim{len(victims)}.txt"
        victim.write_text("precious", encoding="utf-8")
        (out / name).symlink_to(victim)
        victims[name] = victim
    run = batch(inbox, out)
    assert run.returncode == 1, run.stderr
    well_formed(out)
    for victim in victims.values():
        assert victim.read_text(encoding="utf-8") == "precious", victim
    assert not (out / "汇总.xlsx").is_symlink()
    # A link at the history's name is refused, not written through.
    (out / "history.sqlite").rename(tmp_path / "h.sqlite")
    (out / "history.sqlite").symlink_to(victims["汇总.xlsx"])
    run = batch(inbox, out)
    assert run.returncode == 2 and "is a link" in run.stderr, run.stderr
    assert victims["汇总.xlsx"].read_text(encoding="utf-8") == "precious"


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_links_in_the_inbox_are_followed_only_inside_it(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 1)
    outside = tmp_path / "elsewhere" / "secret.xlsx"
    outside.parent.mkdir()
    shutil.copyfile(EXAMPLE, outside)
    (inbox / "secret.xlsx").symlink_to(outside)
    (inbox / "same.xlsx").symlink_to(inbox / "单位00.xlsx")  # inside the inbox: a workbook like any other
    (inbox / "loop.xlsx").symlink_to(inbox / "loop.xlsx")
    doc = _fresh_run(inbox, out)
    assert set(files(doc)) == {"单位00.xlsx", "same.xlsx"}
    assert {u["path"]: u["reason"] for u in doc["unusable"]} == {
        "secret.xlsx": "link_outside",
        "loop.xlsx": "unreachable",
    }
    assert not any("secret" in p.name for p in out.rglob("*"))
    doc = _fresh_run(inbox, tmp_path / "out2", "--follow-outside-links")  # the bureau's explicit choice
    assert "secret.xlsx" in files(doc)


def test_the_hash_stored_is_the_hash_of_what_was_checked(tmp_path: Path) -> None:
    from evaltool.batch.worker import Task, process

    book = tmp_path / "单位.xlsx"
    shutil.copyfile(EXAMPLE, book)
    hashed = hashlib.sha256(book.read_bytes()).hexdigest()  # what the main process saw
    good = tmp_path / "good.xlsx"
    write_workbook(good, seed_data())
    shutil.copyfile(good, book)  # replaced before the worker reads it
    result = process(Task(str(book), "单位.xlsx", hashed, 1, None, None, str(tmp_path)))
    assert result.status in ("passed", "warnings")  # the new content's findings (the example has errors) …
    assert result.sha256 == hashlib.sha256(good.read_bytes()).hexdigest()  # … under the new content's hash
    assert result.size == good.stat().st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.xlsx", "单位.xlsx"]  # no snapshot left behind


def test_copy_names_that_collide_after_cleaning_get_one_copy_each(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    names = ["单位#1.xlsx", "单位?1.xlsx", "单位_1.xlsx", "单位é.xlsx", unicodedata.normalize("NFD", "单位é.xlsx")]
    names += ["单位..xlsx", "单位.xlsx", "a" * 130 + "1.xlsx", "a" * 130 + "2.xlsx"]  # cut to 120 characters
    names = [n for n in names if len(os.fsencode(n)) < 255]  # the file system's own limit
    for i, name in enumerate(names):
        data = seed_data()
        data.basic["unit_name"] = f"单位{i}"  # a different unit in each file
        write_workbook(inbox / name, data)
    assert len(list(inbox.iterdir())) == len(names)
    run = batch(inbox, out)
    assert run.returncode in (0, 1), run.stderr
    entries = files(well_formed(out))
    copies = [str(e["annotated"]) for e in entries.values()]
    assert len(set(copies)) == len(names) and all(Path(c).is_file() for c in copies)
    for entry in entries.values():  # each copy is its own unit's
        copy = openpyxl.load_workbook(entry["annotated"], read_only=True)
        assert entry["unit_name"] in [c for row in copy["校验结果"].iter_rows(values_only=True) for c in row]
    again = batch(inbox, out)  # nothing is checked again the next night
    assert again.returncode == run.returncode
    assert all(e["reused"] for e in files(well_formed(out)).values())


def test_roster_codes_match_as_numbers_and_unreadable_rows_are_said(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    data = seed_data()
    data.basic["unit_code"] = "00123"
    write_workbook(inbox / "单位123.xlsx", data)
    roster = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["单位编码", "单位名称"])
    ws.append([123, data.basic["unit_name"]])  # a code typed as a number: its zeros are gone
    ws.append(['="456"', "乙单位"])  # a formula never calculated: no value to read
    book.save(roster)
    run = batch(inbox, out, "--roster", str(roster))
    assert run.returncode in (0, 1), run.stderr
    doc = well_formed(out)
    entry = files(doc)["单位123.xlsx"]
    assert entry["roster_code"] == "123" and "not_on_roster" not in entry["roster_flags"], entry
    assert doc["missing"] == []
    assert "第 3 行" in run.stderr  # the unreadable roster row is said (in the user's language), not dropped silently
    summary = openpyxl.load_workbook(out / "汇总.xlsx")
    assert any("第 3 行" in str(c.value) for row in summary["未处理文件"].iter_rows() for c in row)


def test_templates_are_workbooks_in_a_batch_as_in_check(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, 1)
    shutil.copyfile(EXAMPLE, inbox / "模板填报.xltx")
    doc = _fresh_run(inbox, out)
    entry = files(doc)["模板填报.xltx"]
    assert entry["status"] == "errors" and doc["unusable"] == [], doc["unusable"]
    assert str(entry["annotated"]).endswith("模板填报_校验结果.xlsx")


@pytest.mark.skipif(os.name == "nt", reason="the in-process time limit uses SIGALRM")
def test_check_has_the_batchs_time_limit_per_file(tmp_path: Path) -> None:
    config = tmp_path / "evaltool.toml"
    config.write_text("[limits]\ntimeout_seconds = 0.05\n", encoding="utf-8")
    slow = tmp_path / "slow.xlsx"
    shutil.copyfile(EXAMPLE, slow)
    run = subprocess.run(
        [sys.executable, "-m", "evaltool", "check", str(slow), "--config", str(config), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2
    entry = json.loads(run.stdout, parse_constant=strict_constant)["files"][0]
    assert entry["error_reason"] == "timeout", entry
    assert not list(tmp_path.glob("*_校验结果*"))  # no half copy
