"""The static code table (evaltool/codes.py) and the declarations agree; config validates against it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from evaltool.checks.registry import load_all
from evaltool.codes import CODES, CodeStatus
from evaltool.config import load_settings


def test_every_active_code_is_declared_and_every_declaration_is_in_the_table() -> None:
    declared = load_all()
    active = {code for code, row in CODES.items() if row.status is CodeStatus.ACTIVE}
    assert set(declared) == active
    for code, rule in declared.items():
        row = CODES[code]
        assert (rule.name, rule.severity, rule.group) == (row.name, row.severity, row.family), code


def test_a_removed_code_has_a_note_and_no_declaration() -> None:
    removed = [row for row in CODES.values() if row.status is CodeStatus.REMOVED]
    assert [r.code for r in removed] == ["V505"]
    assert all(r.note for r in removed)
    assert "V505" not in load_all()


def test_a_config_naming_a_removed_code_still_loads_with_a_note(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = tmp_path / "evaltool.toml"
    cfg.write_text('[rules]\ndisable = ["V505", "T004"]\n[rules.severity]\nV505 = "error"\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="evaltool.config"):
        settings = load_settings(cfg)
    assert settings.disabled == frozenset({"T004"})
    assert "V505" not in settings.severities
    notes = [r.getMessage() for r in caplog.records if "V505" in r.getMessage()]
    assert len(notes) == 2 and all("removed" in n and "I302" in n for n in notes)
