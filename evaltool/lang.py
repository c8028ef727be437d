"""The languages every user-facing text exists in (core: imports nothing of evaltool)."""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["zh", "en"]  # Chinese is the default everywhere
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


def as_lang(value: str) -> Lang:
    """A language name from outside (a query parameter, a config value) as ``Lang``; anything but "en" is Chinese."""
    return "en" if value == "en" else "zh"
