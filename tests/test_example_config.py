"""The documented example configuration parses and states exactly the defaults."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evaltool.config import Settings, load_settings

EXAMPLE = Path(__file__).parents[1] / "docs" / "evaltool.example.toml"


def test_example_config_states_the_defaults() -> None:
    loaded = load_settings(EXAMPLE)
    assert replace(loaded, source=None).fingerprint() == Settings().fingerprint()
