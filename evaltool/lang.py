"""The languages every user-facing text exists in (core: imports nothing of evaltool)."""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["zh", "en"]  # Chinese is the default everywhere
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")
