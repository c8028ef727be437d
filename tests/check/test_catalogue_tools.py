"""The catalogue's outputs: docs/rules.md is current, and `evaltool rules` lists every code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from evaltool.checks.catalogue_doc import REGENERATE, render
from evaltool.checks.registry import load_all
from evaltool.cli.main import cli

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == render(), f"docs/rules.md is out of date: regenerate it with `{REGENERATE}`"


def test_rules_md_documents_every_rule() -> None:
    text = render()
    for code, rule in load_all().items():
        assert f"### {code}" in text, code
        assert rule.message_en.replace("|", "\\|") in text, code
        assert f'[rules.severity] {code} = "warning"' in text, code


def test_catalogue_doc_module_writes_utf8(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "evaltool.checks.catalogue_doc"], capture_output=True, check=True, cwd=ROOT
    ).stdout
    assert out.decode("utf-8") == render()


def test_rules_command_text_lists_every_code() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(load_all()), "one line per rule, ordered by code"
    b101 = next(line for line in lines if line.startswith("B101"))
    assert "错误" in b101 and "明细合计不符" in b101 and "明细之和" in b101
    english = CliRunner().invoke(cli, ["rules", "--lang", "en"]).output
    assert "breakdown-total-mismatch" in next(line for line in english.splitlines() if line.startswith("B101"))


def test_rules_command_english() -> None:
    result = CliRunner().invoke(cli, ["rules", "--lang", "en"])
    assert result.exit_code == 0, result.output
    b101 = next(line for line in result.output.splitlines() if line.startswith("B101"))
    assert "error" in b101 and "items' sum" in b101


def test_rules_command_json_is_the_full_catalogue() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    catalogue = load_all()
    assert [d["code"] for d in data] == sorted(catalogue)
    for entry in data:
        rule = catalogue[entry["code"]]
        assert entry["severity"] == rule.severity.label
        assert entry["doc"] == rule.doc and "Example" in entry["doc"]
        for key in ("message_zh", "message_en", "hint_zh", "hint_en", "name", "group"):
            assert entry[key], (entry["code"], key)
