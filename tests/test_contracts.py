"""The shared contracts: settings parsing and the catalogue's completeness."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.checks.registry import load_all
from evaltool.codes import ACTIVE, CODES
from evaltool.config import ConfigError, Settings, load_settings
from evaltool.findings import Severity
from evaltool.lang import LANGS
from evaltool.messages import placeholders


def test_every_rule_has_docs_and_messages_in_every_language() -> None:
    for code, rule in load_all().items():
        assert rule.doc and "Example" in rule.doc, code
        for lang in LANGS:
            assert rule.title(lang).strip() and rule.title(lang) != code, (code, lang)
            assert rule.message(lang).strip(), (code, lang)
            assert rule.hint(lang).strip(), (code, lang)

        # Both languages use the same figures, so a finding renders fully in either; a figure that
        # is itself text may come as a pair, ``x`` for Chinese and ``x_en`` for English.
        def figures(template: str) -> set[str]:
            return {name.removesuffix("_en") for name in placeholders(template)}

        assert figures(rule.message_zh) <= figures(rule.message_en), code


def test_every_code_has_a_chinese_name_and_no_two_share_one() -> None:
    names = {c.code: c.name_zh for c in CODES.values()}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names.values()), names
    assert len(set(names.values())) == len(names)  # two rules never share a name
    assert {c.code for c in CODES.values() if c.status is ACTIVE} == set(load_all())


def test_config_regrades_and_disables(tmp_path: Path) -> None:
    cfg = tmp_path / "evaltool.toml"
    cfg.write_text(
        '[rules]\ndisable = ["F005"]\n[rules.severity]\nF004 = "error"\n[execution]\nthreshold = 85\n',
        encoding="utf-8",
    )
    s = load_settings(cfg)
    assert not s.enabled("F005")
    assert s.severity_of("F004", Severity.WARNING) is Severity.ERROR
    assert s.execution_threshold == 85.0
    assert Settings().execution_threshold == 90.0


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[execution]\nthreshhold = 80\n", "did you mean 'threshold'"),
        ("[rule]\n", "did you mean 'rules'"),
        ('[rules]\ndisable = ["NOPE"]\n', "NOPE"),
        ("[rules.severity]\nF004 = 'fatal'\n", "unknown severity"),
        ("not toml at all = = =\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    cfg = tmp_path / "evaltool.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle) as info:
        load_settings(cfg)
    assert str(cfg) in str(info.value)


def test_every_ui_text_exists_in_every_language_with_the_same_placeholders() -> None:
    from evaltool.texts import TEXTS

    zh, en = TEXTS["zh"], TEXTS["en"]
    assert zh.keys() == en.keys()
    for section in zh:
        assert zh[section].keys() == en[section].keys(), section
        for key, template in zh[section].items():
            assert template.strip() and en[section][key].strip(), (section, key)
            assert placeholders(template) == placeholders(en[section][key]), (section, key)
