"""The hostile corpus, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.corpus import build_all


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("hostile"))
