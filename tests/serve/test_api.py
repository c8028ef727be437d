"""The JSON API on a real server: the check document, safety, limits, concurrency, submissions."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.client
import io
import json
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from evaltool.batch import run
from evaltool.cli.main import cli
from evaltool.config import Settings
from evaltool.serve.app import ServeOptions
from evaltool.template import write_workbook
from evaltool.template.examples import mistakes_data
from tests.batch.hooks import hang_job_on
from tests.batch.test_batch_run import clean_data
from tests.serve.conftest import Running, multipart, running

MISTAKES = Path("examples/mistakes-2024.xlsx")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def projection(data: bytes) -> list[tuple[str, str, str, str]]:
    """A copy as text: every non-empty cell and comment, the check time blanked."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.comment is not None:
                    value = STAMP.sub("<time>", str(cell.value))
                    note = cell.comment.text if cell.comment is not None else ""
                    out.append((ws.title, cell.coordinate, value, note))
    return out


def test_check_returns_the_cli_document_and_copy(site: Running, tmp_path: Path) -> None:
    source = tmp_path / MISTAKES.name
    source.write_bytes(MISTAKES.read_bytes())
    cli_run = CliRunner().invoke(cli, ["check", str(source), "--format", "json"])
    assert cli_run.exit_code == 1, cli_run.output
    expected = json.loads(cli_run.stdout)

    reply = site.post_files("/api/check", [(MISTAKES.name, MISTAKES.read_bytes())])
    assert reply.status == 200
    got = reply.json()
    link = got["files"][0]["annotated"]
    assert re.fullmatch(r"/download/[A-Za-z0-9_-]{32}", link)
    for doc in (got, expected):
        doc["files"][0]["path"] = Path(doc["files"][0]["path"]).name
        doc["files"][0]["annotated"] = None
    assert got == expected
    assert got["files"][0]["counts"]["error"] > 0

    copy = site.get(link)
    assert copy.status == 200
    assert (
        "filename*=UTF-8''mistakes-2024_%E6%A0%A1%E9%AA%8C%E7%BB%93%E6%9E%9C.xlsx"
        in copy.headers["content-disposition"]
    )
    cli_copy = (tmp_path / "mistakes-2024_校验结果.xlsx").read_bytes()
    assert projection(copy.body) == projection(cli_copy)
    assert openpyxl.load_workbook(io.BytesIO(copy.body)).sheetnames[0] == "校验结果"
    assert site.get("/download/" + "A" * 32).status == 404  # only the issued link


def test_page_headers_and_no_inline_script(site: Running) -> None:
    reply = site.get("/")
    assert reply.status == 200
    csp = reply.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "evaltool_csrf=" in reply.headers["set-cookie"] and "samesite=strict" in reply.headers["set-cookie"].lower()
    html = reply.body.decode()
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"\son[a-z]+\s*=|\sstyle\s*=|https?://", html)  # no handlers, inline styles, CDN
    assert site.get("/static/app.js").status == 200
    assert site.get("/static/..%2Fapp.py").status == 404
    assert site.get("/static/index.html").status == 404  # only the listed assets


def test_rules_and_health(site: Running) -> None:
    rules = site.get("/api/rules").json()
    expected = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    assert rules == expected
    health = site.get("/healthz").json()
    assert health["status"] == "ok" and health["ready"] == 2 and health["busy"] == 0


def test_not_a_workbook(site: Running) -> None:
    work = site.options.work_dir
    assert work is not None
    before = set(work.iterdir())
    reply = site.post_files("/api/check", [("notes.txt", b"hello"), ("fake.xlsx", b"<html>not a workbook</html>")])
    assert reply.status == 200
    files = reply.json()["files"]
    assert [f["path"] for f in files] == ["notes.txt", "fake.xlsx"]
    assert [f["status"] for f in files] == ["unreadable", "unreadable"]
    assert files[0]["error_reason"] == "unsupported" and files[1]["error_reason"] == "not_workbook"
    assert files[1]["error"].startswith("fake.xlsx: ")  # the name, never the server's own path
    assert all(f["annotated"] is None for f in files)
    assert set(work.iterdir()) == before  # nothing kept for them
    assert site.post_files("/api/check", []).status == 400


def test_oversized_upload_is_refused_while_streaming(site: Running) -> None:
    """The limit is 2 MB; the client announces 50 MB, sends one byte over the limit and stops: the
    413 comes anyway (a server waiting for the whole body would never answer)."""
    body, content_type = multipart([("big.xlsx", b"")])
    head, tail = body.split(b"\r\n\r\n", 1)  # tail: the empty file's end and the closing boundary
    host, port = site.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST /api/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(head) + 4 + 50 * 1024 * 1024 + len(tail)}\r\n\r\n".encode()
            + head
            + b"\r\n\r\n"
        )
        for _ in range(32):  # 2 MB ...
            sock.sendall(b"x" * 65536)
        sock.sendall(b"x")  # ... and one byte: everything sent is read, so no reset hides the answer
        response = http.client.HTTPResponse(sock)  # read the answer without sending the rest
        response.begin()
        status, answer = response.status, response.read().decode()
    assert status == 413, answer
    assert json.loads(answer)["error"] == "too_large"
    work = site.options.work_dir
    assert work is not None and not any(work.rglob("big.xlsx"))  # the part written so far is gone


def test_sixteen_concurrent_uploads(site: Running, tmp_path: Path) -> None:
    books = {}
    for i in range(16):
        path = tmp_path / f"unit-{i:02d}.xlsx"
        write_workbook(path, clean_data(f"U{i:03d}", f"单位{i}"))
        books[path.name] = path.read_bytes()

    def post(name: str) -> tuple[str, Any]:
        reply = site.post_files("/api/check", [(name, books[name])])
        assert reply.status == 200, reply.body[:300]
        return name, reply.json()["files"][0]

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(post, books))
    assert len(results) == 16
    for name, doc in results:
        i = int(name[5:7])
        assert (doc["path"], doc["unit_code"], doc["unit_name"]) == (name, f"U{i:03d}", f"单位{i}")
        assert doc["status"] == "passed"
    links = {doc["annotated"] for _, doc in results}
    assert len(links) == 16
    name, doc = results[7]
    proof = openpyxl.load_workbook(io.BytesIO(site.get(doc["annotated"]).body))
    values = [str(c.value) for row in proof.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert name in values and hashlib.sha256(books[name]).hexdigest() in values


def test_workbook_text_comes_back_as_data(site: Running, tmp_path: Path) -> None:
    """The JSON carries a unit name like <script> or =HYPERLINK(...) as text; the page escapes it."""
    name = '<script>alert(1)</script>=HYPERLINK("http://evil.example/","x")'
    path = tmp_path / "xss.xlsx"
    write_workbook(path, clean_data("X1", name))
    reply = site.post_files("/api/check", [("<img src=x onerror=alert(1)>.xlsx", path.read_bytes())])
    doc = reply.json()["files"][0]
    assert doc["unit_name"] == name
    assert doc["path"] == "_img src=x onerror=alert(1)_.xlsx"  # the stored name is sanitised
    assert reply.headers["content-type"] == "application/json"


def _csrf(site: Running) -> dict[str, str]:
    reply = site.get("/api/csrf")
    token = reply.json()["token"]
    cookie = reply.headers["set-cookie"].split(";")[0]
    return {"X-CSRF-Token": token, "Cookie": cookie}


def test_submission_stored_with_receipt_then_batch_takes_the_latest(site: Running, tmp_path: Path) -> None:
    inbox = site.options.inbox
    assert inbox is not None
    first = tmp_path / "自评表.xlsx"
    write_workbook(first, clean_data("S-001", "丙单位"))
    second_data = clean_data("S-001", "丙单位")
    second_data.dept_indicators[0].actual = "≥" + str(second_data.dept_indicators[0].target).lstrip("≥")
    second = tmp_path / "自评表 v2.xlsx"
    write_workbook(second, second_data)
    bad = tmp_path / "errors.xlsx"
    write_workbook(bad, mistakes_data())

    def checked(path: Path) -> dict[str, Any]:
        doc: dict[str, Any] = site.post_files("/api/check", [(path.name, path.read_bytes())]).json()["files"][0]
        return doc

    headers = _csrf(site)
    one = checked(first)
    assert one["status"] == "passed"
    assert site.post_json("/api/submit", {"id": one["annotated"]}, {}).status == 403  # no CSRF token
    wrong = {**headers, "X-CSRF-Token": "forged"}
    assert site.post_json("/api/submit", {"id": one["annotated"]}, wrong).status == 403
    reply = site.post_json("/api/submit", {"id": one["annotated"]}, headers)
    assert reply.status == 200, reply.body
    receipt = reply.json()
    stored = inbox / receipt["file"]
    assert stored.read_bytes() == first.read_bytes()
    assert receipt["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert (receipt["unit_code"], receipt["unit_name"], receipt["status"]) == ("S-001", "丙单位", "passed")
    assert receipt["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert re.fullmatch(r"S-001/\d{8}T\d{6}\.\d{6}Z_自评表\.xlsx", receipt["file"])

    two = checked(second)
    assert two["status"] == "warnings"
    time.sleep(0.01)
    again = site.post_json("/api/submit", {"id": two["annotated"]}, headers).json()
    assert again["file"] != receipt["file"] and stored.is_file()  # the earlier one stays
    assert site.post_json("/api/submit", {"id": checked(bad)["annotated"]}, headers).status == 409
    assert sorted(p.name for p in (inbox / "S-001").iterdir()) == sorted(
        [Path(receipt["file"]).name, Path(again["file"]).name]
    )

    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["batch", str(inbox), "--out-dir", str(out), "--jobs", "1"])
    assert run.exit_code in (0, 1), run.output
    files = json.loads((out / "results.json").read_text("utf-8"))["files"]
    ours = [f for f in files if f["unit_code"] == "S-001"]
    assert [(f["relpath"], f["status"]) for f in ours] == [(again["file"], "warnings")]
    assert "duplicate" not in ours[0]["roster_flags"]


def test_full_queue_answers_503_and_kept_files_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker, one place in the queue: a third check is refused at once with a retry hint.
    Kept for 3 s: the copy's link then answers 404 and its folder is gone."""
    monkeypatch.setattr(
        run, "WarmPool", functools.partial(run.WarmPool, process=functools.partial(hang_job_on, "hang-"))
    )
    limits = dataclasses.replace(Settings().limits, timeout_seconds=4.0)
    options = ServeOptions(
        settings=Settings(limits=limits), workers=1, queue=1, work_dir=tmp_path / "work", keep_minutes=0.05
    )
    with running(options) as site:
        answers: list[Any] = []

        def post(name: str) -> None:
            answers.append(site.post_files("/api/check", [(name, b"x")]))

        threads = [threading.Thread(target=post, args=(f"hang-{i}.xlsx",)) for i in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while site.get("/healthz").json()["busy"] < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        refused = site.post_files("/api/check", [("third.xlsx", b"x")])
        assert refused.status == 503
        assert refused.headers["retry-after"] == "5"
        assert refused.json()["error"] == "busy"
        for thread in threads:
            thread.join(60)
        # The hung checks hit the time limit: answered as unreadable (timeout), the worker replaced.
        assert sorted(a.json()["files"][0]["error_reason"] for a in answers) == ["timeout", "timeout"]
        assert site.post_files("/api/check", [("after.xlsx", b"x")]).status == 200

        book = tmp_path / "fresh.xlsx"
        write_workbook(book, clean_data("E-1"))
        link = site.post_files("/api/check", [(book.name, book.read_bytes())]).json()["files"][0]["annotated"]
        assert site.get(link).status == 200
        assert list((tmp_path / "work").rglob("fresh.xlsx"))
        deadline = time.monotonic() + 20
        while site.get(link).status != 404:
            assert time.monotonic() < deadline, "the copy was never removed"
            time.sleep(0.5)
        assert not list((tmp_path / "work").iterdir())


def test_malformed_uploads_are_refused(site: Running) -> None:
    from urllib.request import Request

    plain = site.send(Request(site.url + "/api/check", data=b"hello", headers={"Content-Type": "text/plain"}))
    assert (plain.status, plain.json()["error"]) == (415, "not_multipart")
    many = site.post_files("/api/check", [(f"{i}.xlsx", b"x") for i in range(21)])
    assert (many.status, many.json()["error"]) == (413, "too_many_files")
    body, content_type = multipart([("cut.xlsx", b"x" * 1000)])
    cut = site.send(Request(site.url + "/api/check", data=body[:600], headers={"Content-Type": content_type}))
    assert cut.status == 400 and cut.json()["error"] in ("incomplete", "bad_upload")
    assert site.get("/healthz").json()["busy"] == 0  # every refusal gave its place back
    work = site.options.work_dir
    assert work is not None and not list(work.rglob("cut.xlsx"))
