"""Writes OUT/results.json (the ``check --format json`` shape plus batch fields) and OUT/results.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Final

from evaltool.batch.assemble import BatchData, Change, Row
from evaltool.batch.record import FileResult
from evaltool.lang import Lang
from evaltool.names import display_name
from evaltool.result import FindingRecord, file_json

JSON_NAME: Final = "results.json"
CSV_NAME: Final = "results.csv"
CSV_COLUMNS: Final = (
    "unit_code",
    "unit_name",
    "file",
    "status",
    "sheet",
    "cell",
    "code",
    "severity",
    "message",
    "hint",
    "explanation",
)
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: formula-like text gets a leading ``'``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def file_dict(
    res: FileResult, row: Row, inbox: Path, out_dir: Path, lang: Lang, findings: list[FindingRecord] | None = None
) -> dict[str, Any]:
    """``Report.to_dict(lang)`` for a batch result (the one serializer, ``result.file_json``) plus the
    batch fields (documented in docs/batch.md)."""
    path = inbox / res.relpath
    error = res.error(lang)
    return {
        **file_json(
            path=path,
            status=res.status,
            unit_code=res.unit_code,
            unit_name=res.unit_name,
            annotated=out_dir / res.annotated if res.annotated else None,
            copy_writer=res.copy_writer,
            copy_fallback=res.copy_fallback,
            error=f"{path}: {error}" if error else None,
            error_reason=res.error_reason,
            counts=res.counts,
            figures=res.figures,
            findings=res.findings if findings is None else findings,
            lang=lang,
        ),
        # Batch fields.
        "relpath": res.relpath,
        "sha256": res.sha256,
        "reused": res.reused,
        "checked_run": res.checked_run,
        "seconds": round(res.seconds, 4),
        "roster_code": row.code,
        "roster_flags": [key for key, _ in row.flags],
        "changes": change_dict(row.change),
    }


def change_dict(change: Change | None) -> dict[str, Any] | None:
    """The changes since the previous run as data (None on the first run)."""
    if change is None:
        return None
    return {
        "kind": change.kind,
        "previous_status": change.previous_status,
        "new": [{"code": f.code, "sheet": f.sheet, "cells": list(f.cells)} for f in change.new],
        "resolved": [{"code": f.code, "sheet": f.sheet, "cells": list(f.cells)} for f in change.resolved],
    }


def write_json(path: Path, data: BatchData, out_dir: Path, exit_code: int, version: str) -> None:
    """results.json: ``{"tool", "version", "files": [...]}`` plus ``run``, ``missing``, ``unusable``.

    Written file by file (each file's findings read back as it is written), so memory does
    not grow with the batch.
    """
    inbox = Path(data.inbox)
    rest = {
        "run": {
            "id": data.run_id,
            "started": data.started,
            "inbox": data.inbox,
            "out_dir": display_name(str(out_dir)),
            "roster": data.roster_file,
            "config": {"file": data.config_file, "settings": data.config},
            "checked": data.checked,
            "reused": data.reused,
            "previous_run": data.previous_run,
            "seconds": round(data.seconds, 3),
            "timings": {k: round(v, 3) for k, v in data.timings.items()},
            "exit_code": exit_code,
        },
        "missing": [
            {"unit_code": r.code, "unit_name": r.name, "changes": change_dict(r.change)}
            for r in data.rows
            if r.result is None
        ],
        "unusable": [{"path": u.relpath, "reason": u.reason, "message": u.text(data.lang)} for u in data.unusable],
    }

    def dumps(value: Any) -> str:
        # Compact: the C encoder is only used without indent (5× faster on a 1,000-file batch).
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    with path.open("w", encoding="utf-8") as fh:
        fh.write(dumps({"tool": "evaltool", "version": version})[:-1] + ',"files":[')
        first = True
        for row in data.rows:
            if row.result is None:
                continue
            entry = file_dict(data.full(row.result), row, inbox, out_dir, data.lang, data.findings_of(row.result))
            fh.write(("" if first else ",") + dumps(entry))
            first = False
        fh.write("]," + dumps(rest)[1:] + "\n")


def write_csv(path: Path, data: BatchData) -> None:
    """results.csv: one row per finding; one row for each file without findings and each missing unit."""
    lang = data.lang
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel then reads UTF-8
        out = csv.writer(fh)
        out.writerow(CSV_COLUMNS)
        for row in data.rows:
            res = data.full(row.result) if row.result is not None else None
            base = [row.code, row.name, res.relpath if res else "", row.status]
            findings = data.findings_of(res) if res is not None else []
            if res is None or not findings:
                note = res.error(lang) if res else None
                out.writerow([neutralise(v) for v in [*base, "", "", "", "", note or "", "", ""]])
                continue
            for f in findings:
                out.writerow(
                    [
                        neutralise(v)
                        for v in [
                            *base,
                            f.sheet,
                            ", ".join(f.cells),
                            f.code,
                            f.severity,
                            f.message(lang),
                            f.hint(lang),
                            f.explanation,
                        ]
                    ]
                )
        for item in data.unusable:
            out.writerow(
                [neutralise(v) for v in ["", "", item.relpath, "unusable", "", "", "", "", item.text(lang), "", ""]]
            )
