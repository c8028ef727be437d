"""What a rule sees: the submission, the settings and small helpers shared by rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evaltool.config import Settings
from evaltool.layout import Kind
from evaltool.model import Submission, Table


@dataclass(slots=True)
class Context:
    """Input of every rule function. ``cache`` lets rules share derived values within a run."""

    submission: Submission
    settings: Settings
    cache: dict[str, Any] = field(default_factory=dict)

    def table(self, kind: Kind) -> Table | None:
        """The table of this kind, or None when its sheet was missing or unreadable."""
        return self.submission.tables.get(kind)
