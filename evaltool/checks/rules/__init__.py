"""Every rule module, imported explicitly so the catalogue is complete (no module scanning)."""

from evaltool.checks.rules import (  # noqa: F401
    conclusions,
    indicators,
    money,
    projects,
    scores,
    scoring_notes,
    structure,
)
