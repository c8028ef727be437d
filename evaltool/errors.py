"""Why a whole file could not be read: one line for people, a stable reason key for machines."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from evaltool.lang import Lang
from evaltool.texts import TEXTS, reason

# The reason keys; their sentences are the "unreadable" texts of evaltool/texts.py.
REASONS: Final = frozenset(TEXTS["zh"]["unreadable"])


class UnreadableError(Exception):
    """A file that cannot be read at all. ``str()`` is the one-line Chinese message."""

    def __init__(self, path: Path | str, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.path = Path(path)
        self.reason = reason
        self.detail = detail
        super().__init__(self.message("zh"))

    def message(self, lang: Lang = "zh") -> str:
        """``<file>: <reason>[ (<detail>)]`` in Chinese or English."""
        return f"{self.path}: {reason_text(self.reason, self.detail, lang)}"


def reason_text(key: str, detail: str = "", lang: Lang = "zh") -> str:
    """A reason key as one sentence, with its detail in brackets: ``<reason>[ (<detail>)]``."""
    return reason("unreadable", key, detail, lang)
