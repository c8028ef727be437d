"""The batch history in SQLite: every run, every file's content hash and status, and its findings.

Schema (documented in docs/batch.md; ``PRAGMA user_version`` holds SCHEMA_VERSION):

- ``runs``: one row per batch run (started / finished UTC ISO-8601, tool version, settings
  fingerprint, rule version, inbox, output folder, state running/finished/failed, exit code).
- ``files``: one row per workbook per run: path relative to the inbox, SHA-256 of its bytes,
  unit code and name, status, counts, key figures, error, annotated copy, and ``checked_run``
  — the run whose check produced the findings (earlier than ``run_id`` when reused).
- ``findings``: the findings of each ``files`` row, in report order, with their text in
  both languages.

Each file is committed as soon as its result arrives (WAL journal), so a crash mid-run loses
nothing already recorded, and a later run reuses those results.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from sys import intern
from typing import Any, Final

from evaltool.batch.record import NO_PARAMS, FileResult
from evaltool.names import display_name
from evaltool.result import FindingRecord, Status

SCHEMA_VERSION: Final = 1

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS runs (
    id                 INTEGER PRIMARY KEY,
    started            TEXT NOT NULL,
    finished           TEXT,
    tool_version       TEXT NOT NULL,
    config_fingerprint TEXT NOT NULL,
    rules_version      TEXT NOT NULL,
    inbox              TEXT NOT NULL,
    out_dir            TEXT NOT NULL,
    state              TEXT NOT NULL DEFAULT 'running',
    exit_code          INTEGER
);
CREATE TABLE IF NOT EXISTS files (
    id               INTEGER PRIMARY KEY,
    run_id           INTEGER NOT NULL REFERENCES runs(id),
    path             TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    unit_code        TEXT,
    unit_name        TEXT,
    status           TEXT NOT NULL,
    errors           INTEGER NOT NULL DEFAULT 0,
    warnings         INTEGER NOT NULL DEFAULT 0,
    infos            INTEGER NOT NULL DEFAULT 0,
    figures          TEXT NOT NULL DEFAULT '{}',
    error_reason     TEXT,
    error_zh         TEXT,
    error_en         TEXT,
    annotated        TEXT,
    annotated_sha256 TEXT,
    annotate_error   TEXT,
    seconds          REAL NOT NULL DEFAULT 0,
    checked_run      INTEGER NOT NULL REFERENCES runs(id),
    explained        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (run_id, path)
);
CREATE INDEX IF NOT EXISTS files_by_content ON files (sha256);
CREATE TABLE IF NOT EXISTS findings (
    file_id    INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    code       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    sheet      TEXT,
    cells      TEXT NOT NULL,
    params     TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    hint_zh    TEXT NOT NULL,
    hint_en    TEXT NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (file_id, seq)
);
"""

_TABLES: Final = frozenset({"runs", "files", "findings"})

_FILE_COLUMNS: Final = ", ".join(
    f"files.{c}"
    for c in (
        *("path", "sha256", "size", "unit_code", "unit_name", "status", "errors", "warnings", "infos"),
        *("figures", "error_reason", "error_zh", "error_en", "annotated", "annotated_sha256"),
        *("annotate_error", "seconds", "checked_run", "explained", "id"),  # id last (row[-1])
    )
)


_FINDING_COLUMNS: Final = (
    "code, severity, sheet, cells, params, name, message_zh, message_en, hint_zh, hint_en, explanation"
)
# Columns added to a table after schema 1 (a database written before gets them, with their default).
_ADDED_COLUMNS: Final = (
    ("findings", "explanation", "TEXT NOT NULL DEFAULT ''"),
    ("files", "explained", "INTEGER NOT NULL DEFAULT 0"),
)
_SLIM_COLUMNS: Final = "code, severity, sheet, cells, name"  # what FileResult.slim keeps


def _finding(f: Any) -> FindingRecord:
    return FindingRecord(
        code=f[0],
        severity=f[1],
        sheet=f[2],
        cells=json.loads(f[3]),
        params=json.loads(f[4]),
        name=f[5],
        message_zh=f[6],
        message_en=f[7],
        hint_zh=f[8],
        hint_en=f[9],
        explanation=f[10],
    )


def _slim_finding(f: Any) -> FindingRecord:
    # What FileResult.slim keeps, built directly (no full record to throw away).
    return FindingRecord(
        intern(f[0]),
        intern(f[1]),
        f[2] and intern(f[2]),
        [intern(c) for c in json.loads(f[3])],
        NO_PARAMS,
        intern(f[4]),
    )


class HistoryError(RuntimeError):
    """The history database cannot be used (corrupt, locked, newer schema): the run fails."""


def rules_version() -> str:
    """A hash of the code that decides findings: any upgrade of the checks re-checks every file.

    Hashes every module of the package except the batch and CLI layers (which do not change
    what a file's findings are), so no heavy import is needed to know it.
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("batch/", "cli/")):
            continue
        digest.update(rel.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One row of ``runs``."""

    id: int
    started: str
    finished: str | None
    tool_version: str
    config_fingerprint: str
    rules_version: str
    state: str
    exit_code: int | None


class History:
    """The database of one output folder (or the ``--history`` file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables - _TABLES:  # some other program's database: never change it
                self.db.close()
                raise HistoryError(f"{path}: not an evaltool history database (it has other tables); refused")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
            self.db.execute("PRAGMA foreign_keys=ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryError(f"{path}: written by a newer evaltool (schema {version} > {SCHEMA_VERSION})")
            self.db.executescript(SCHEMA)
            for table, column, declared in _ADDED_COLUMNS:
                if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declared}")
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{path}: cannot use the history database ({exc})") from None

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed)."""
        self.db.close()

    def start_run(self, tool_version: str, fingerprint: str, rules: str, inbox: Path, out_dir: Path) -> int:
        """Record a new run as running; returns its id.

        A run of the same output folder still marked running was killed (the caller holds the
        folder's lock): it is marked failed, so no run stays "running" forever.
        """
        self.db.execute(
            "UPDATE runs SET state = 'failed', finished = ? WHERE state = 'running' AND out_dir = ?",
            (_now(), display_name(str(out_dir))),
        )
        cur = self.db.execute(
            "INSERT INTO runs (started, tool_version, config_fingerprint, rules_version, inbox, out_dir)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_now(), tool_version, fingerprint, rules, display_name(str(inbox)), display_name(str(out_dir))),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(self, run_id: int, exit_code: int, state: str = "finished") -> None:
        """Mark a run finished (or failed) with its exit code."""
        self.db.execute(
            "UPDATE runs SET finished = ?, state = ?, exit_code = ? WHERE id = ?", (_now(), state, exit_code, run_id)
        )

    def run(self, run_id: int) -> RunInfo | None:
        """One run."""
        row = self.db.execute(
            "SELECT id, started, finished, tool_version, config_fingerprint, rules_version, state, exit_code"
            " FROM runs WHERE id = ?",
            (run_id,),
        ).fetchone()
        return RunInfo(*row) if row else None

    def previous_run(self, run_id: int) -> int | None:
        """The latest finished run before ``run_id`` (the one "changes" are measured against)."""
        row = self.db.execute("SELECT max(id) FROM runs WHERE id < ? AND state = 'finished'", (run_id,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def record(self, run_id: int, result: FileResult) -> None:
        """Store one file's result and findings in one transaction (committed before returning).

        A reused result (``reused`` with the ``history_id`` of the row it came from) has its
        findings copied inside the database: its texts never need to be loaded.
        """
        source = result.history_id if result.reused else None
        checked = result.checked_run if result.reused and result.checked_run is not None else run_id
        c = result.counts
        with self._transaction():
            cur = self.db.execute(
                "INSERT OR REPLACE INTO files (run_id, path, sha256, size, unit_code, unit_name, status, errors,"
                " warnings, infos, figures, error_reason, error_zh, error_en, annotated, annotated_sha256,"
                " annotate_error, seconds, checked_run, explained) VALUES (" + ", ".join("?" * 20) + ")",
                (
                    run_id,
                    result.relpath,
                    result.sha256,
                    result.size,
                    result.unit_code,
                    result.unit_name,
                    result.status,
                    c.get("error", 0),
                    c.get("warning", 0),
                    c.get("info", 0),
                    _dumps(result.figures),
                    result.error_reason,
                    result.error_zh,
                    result.error_en,
                    result.annotated,
                    result.annotated_sha256,
                    result.annotate_error,
                    result.seconds,
                    checked,
                    result.explained,
                ),
            )
            file_id = cur.lastrowid
            if source is not None:
                self.db.execute(
                    f"INSERT INTO findings (file_id, seq, {_FINDING_COLUMNS})"
                    f" SELECT ?, seq, {_FINDING_COLUMNS} FROM findings WHERE file_id = ?",
                    (file_id, source),
                )
                result.checked_run, result.history_id = checked, file_id
                return
            self.db.executemany(
                f"INSERT INTO findings (file_id, seq, {_FINDING_COLUMNS}) VALUES ({', '.join('?' * 13)})",
                [
                    (
                        file_id,
                        seq,
                        f.code,
                        f.severity,
                        f.sheet,
                        _dumps(f.cells),
                        _dumps(f.params),
                        f.name,
                        f.message_zh,
                        f.message_en,
                        f.hint_zh,
                        f.hint_en,
                        f.explanation,
                    )
                    for seq, f in enumerate(result.findings)
                ],
            )
        result.checked_run = checked
        result.history_id = file_id

    def _transaction(self) -> _Tx:
        return _Tx(self.db)

    def reusable(self, sha256: str, fingerprint: str, rules: str, path: str = "") -> FileResult | None:
        """The latest result for these bytes checked with the same settings and rules, if any.

        A result recorded under the same ``path`` is preferred (two units may send identical
        files; each has its own annotated copy). Files that timed out or crashed a worker are
        never reused: the next run tries again. The result is slim (``FileResult.slim``): its
        findings' texts stay in the database and are copied there by ``record``.
        """
        row = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files JOIN runs ON runs.id = files.checked_run"
            " WHERE files.sha256 = ? AND runs.config_fingerprint = ? AND runs.rules_version = ?"
            " AND coalesce(files.error_reason, '') NOT IN ('timeout', 'internal')"
            " ORDER BY files.path = ? DESC, files.id DESC LIMIT 1",
            (sha256, fingerprint, rules, path),
        ).fetchone()
        if not row:
            return None
        found = self._result(row, reused=True, findings=[])
        found.findings = [
            _slim_finding(f)
            for f in self.db.execute(
                f"SELECT {_SLIM_COLUMNS} FROM findings WHERE file_id = ? ORDER BY seq", (found.history_id,)
            )
        ]
        return found

    def files_of_run(self, run_id: int, findings: bool = True) -> list[FileResult]:
        """Every file recorded for a run, with its findings (two queries, however many files).

        ``findings=False``: none (``slim_findings`` reads one file's when needed: memory stays flat).
        """
        rows = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE run_id = ? ORDER BY path", (run_id,)
        ).fetchall()
        if not findings:
            return [self._result(row, reused=False, findings=[]) for row in rows]
        found: dict[int, list[FindingRecord]] = {}
        for file_id, *f in self.db.execute(
            f"SELECT file_id, {_FINDING_COLUMNS} FROM findings JOIN files ON files.id = findings.file_id"
            " WHERE files.run_id = ? ORDER BY file_id, seq",
            (run_id,),
        ):
            found.setdefault(file_id, []).append(_finding(f))
        return [self._result(row, reused=False, findings=found.get(row[-1], [])) for row in rows]

    def full(self, result: FileResult) -> FileResult:
        """A slim result whole again (without findings: ``findings`` reads those)."""
        if not result.slimmed or result.history_id is None:
            return result
        row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE id = ?", (result.history_id,)).fetchone()
        if row is None:
            return result
        whole = self._result(row, reused=result.reused, findings=[])
        whole.tally, whole.relpath, whole.size = result.tally, result.relpath, result.size
        whole.copy_writer, whole.copy_fallback = result.copy_writer, result.copy_fallback
        return whole

    def slim_findings(self, file_id: int) -> list[FindingRecord]:
        """One ``files`` row's findings without texts: what comparing two runs needs."""
        return [
            _slim_finding(f)
            for f in self.db.execute(f"SELECT {_SLIM_COLUMNS} FROM findings WHERE file_id = ? ORDER BY seq", (file_id,))
        ]

    def findings(self, file_id: int) -> list[FindingRecord]:
        """The findings of one ``files`` row, with their texts, in report order."""
        return [
            _finding(f)
            for f in self.db.execute(
                f"SELECT {_FINDING_COLUMNS} FROM findings WHERE file_id = ? ORDER BY seq", (file_id,)
            )
        ]

    def _result(self, row: tuple[Any, ...], reused: bool, findings: list[FindingRecord] | None = None) -> FileResult:
        (path, sha, size, code, name, status, errors, warnings, infos, figures, reason, err_zh, err_en,
         annotated, annotated_sha, annotate_error, seconds, checked_run, explained, file_id) = row  # fmt: skip
        if findings is None:
            findings = self.findings(file_id)
        return FileResult(
            relpath=path,
            sha256=sha,
            size=size,
            status=Status(status),
            unit_code=code,
            unit_name=name,
            counts={"error": errors, "warning": warnings, "info": infos},
            figures=json.loads(figures),
            findings=findings,
            error_reason=reason,
            error_zh=err_zh,
            error_en=err_en,
            annotated=annotated,
            annotated_sha256=annotated_sha,
            annotate_error=annotate_error,
            seconds=seconds,
            checked_run=checked_run,
            reused=reused,
            history_id=file_id,
            explained=explained,
        )

    def runs(self) -> Iterable[RunInfo]:
        """Every run, oldest first."""
        for row in self.db.execute(
            "SELECT id, started, finished, tool_version, config_fingerprint, rules_version, state, exit_code"
            " FROM runs ORDER BY id"
        ):
            yield RunInfo(*row)


class _Tx:
    """BEGIN / COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
