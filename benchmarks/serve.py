"""Benchmark of ``evaltool serve`` on loopback with the mistakes example (34 findings, copy written).

Starts the server (``python -m evaltool serve``, one worker per CPU), waits until its workers are
warm, then posts ``examples/mistakes-2024.xlsx`` to ``/api/check`` from 1 and from 8 concurrent
clients (each on its own keep-alive connection) and prints latency p50/p95 and checks per second.
For comparison it runs ``evaltool batch`` over the same number of copies of the example.

    python benchmarks/serve.py                   # 100 requests per level
    python benchmarks/serve.py --requests 400

Targets (issue 15): p95 ≤ 150 ms with one client; with 8, at least the batch's workbooks/s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "mistakes-2024.xlsx"


def _body(data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="mistakes-2024.xlsx"\r\n'
    body = head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _client(port: int, count: int, body: bytes, content_type: str, out: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(count):
        started = time.perf_counter()
        conn.request("POST", "/api/check", body=body, headers={"Content-Type": content_type})
        reply = conn.getresponse()
        data = reply.read()
        out.append(time.perf_counter() - started)
        if reply.status != 200 or json.loads(data)["files"][0]["status"] != "errors":
            raise RuntimeError(f"unexpected answer {reply.status}: {data[:200]!r}")
    conn.close()


def _level(port: int, clients: int, requests: int, body: bytes, content_type: str) -> dict[str, float]:
    latencies: list[float] = []
    per = max(1, requests // clients)
    threads = [
        threading.Thread(target=_client, args=(port, per, body, content_type, latencies)) for _ in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "clients": clients,
        "n": len(latencies),
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "checks_per_s": len(latencies) / wall,
    }


def _batch(copies: int, env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory(prefix="evaltool-serve-bench-") as folder:
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        for i in range(copies):
            shutil.copyfile(EXAMPLE, inbox / f"unit-{i:04d}.xlsx")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "evaltool", "batch", str(inbox), "--out-dir", str(Path(folder) / "out")],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return copies / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per concurrency level")
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "evaltool", "serve", "--port", str(port), "--queue", "64"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                health = json.loads(conn.getresponse().read())
                conn.close()
                if health["ready"] >= health["workers"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not get ready")
            time.sleep(0.2)
        body, content_type = _body(EXAMPLE.read_bytes())
        _level(port, 2, 10, body, content_type)  # warm-up: every worker has checked the example once
        rows = [_level(port, c, args.requests, body, content_type) for c in (1, 8)]
    finally:
        server.terminate()
        server.wait(30)
    batch = _batch(args.requests, env)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"workers: {health['workers']}, requests per level: {args.requests}, load average after: {load}")
    print("| clients | p50 | p95 | checks/s |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['clients']:.0f} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | {r['checks_per_s']:.1f} |")
    print(f"| batch, {args.requests} copies | — | — | {batch:.1f} (whole run, start-up included) |")


if __name__ == "__main__":
    main()
