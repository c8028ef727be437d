"""Scoring profiles: bundled, readable presets chosen with ``profile = ...`` in evaltool.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from evaltool.config import PROFILES, ConfigError, Settings, load_settings, profile_text, settings_from_mapping


def test_national_is_the_default() -> None:
    assert settings_from_mapping({"profile": "national"}).fingerprint() == Settings().fingerprint()


@pytest.mark.parametrize(
    ("name", "blocks"),
    [
        ("national", {"产出指标": 50, "效益指标": 30, "满意度指标": 10, "执行率": 10}),
        ("sichuan", {"执行率": 10, "绩效指标": 90}),
        ("anhui", {"执行率": 20, "绩效指标": 80}),
    ],
)
def test_each_profile_is_a_readable_preset_of_100_points(name: str, blocks: dict[str, float]) -> None:
    preset = tomllib.loads(profile_text(name))  # plain TOML a finance bureau can read
    assert preset["scoring"]["project_weights"] == blocks
    settings = settings_from_mapping({"profile": name})
    assert settings.profile == name
    assert dict(settings.project_weights) == blocks
    assert sum(blocks.values()) == 100
    assert settings.execution_weight == blocks["执行率"]


def test_the_files_own_keys_override_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "evaltool.toml"
    path.write_text('profile = "sichuan"\n[execution]\nthreshold = 80\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.profile == "sichuan"
    assert settings.execution_threshold == 80
    assert dict(settings.project_weights) == {"执行率": 10, "绩效指标": 90}
    assert settings.reason_when_adjusted is True


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"national.*sichuan.*anhui.*'guangdong'"):
        settings_from_mapping({"profile": "guangdong"})


def test_profiles_change_the_fingerprint() -> None:
    prints = {settings_from_mapping({"profile": name}).fingerprint() for name in PROFILES}
    assert len(prints) == len(PROFILES)
