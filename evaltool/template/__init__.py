"""The standard workbook: its data model, the seed report's figures and the xlsxwriter writer.

The names below are loaded on first use (PEP 562), so a check that only needs the template's
help text (``evaltool.template.instructions``, for the reason judgement) does not import the
writer, the seed and the data model (~30 ms).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaltool.template.data import (
        Breakdown,
        BreakdownRow,
        Formula,
        IndicatorRow,
        ProjectIndicatorRow,
        ProjectRow,
        Projects,
        Scoring,
        ScoringRow,
        SubmissionData,
        Value,
    )
    from evaltool.template.placement import TablePlacement, WorkbookPlacement, place
    from evaltool.template.seed import seed_data
    from evaltool.template.writer import write_workbook

_WHERE: dict[str, str] = {
    **dict.fromkeys(
        (
            "Breakdown",
            "BreakdownRow",
            "Formula",
            "IndicatorRow",
            "ProjectIndicatorRow",
            "ProjectRow",
            "Projects",
            "Scoring",
            "ScoringRow",
            "SubmissionData",
            "Value",
        ),
        "evaltool.template.data",
    ),
    **dict.fromkeys(("TablePlacement", "WorkbookPlacement", "place"), "evaltool.template.placement"),
    "seed_data": "evaltool.template.seed",
    "write_workbook": "evaltool.template.writer",
}

__all__ = [
    "Breakdown",
    "BreakdownRow",
    "Formula",
    "IndicatorRow",
    "ProjectIndicatorRow",
    "ProjectRow",
    "Projects",
    "Scoring",
    "ScoringRow",
    "SubmissionData",
    "TablePlacement",
    "Value",
    "WorkbookPlacement",
    "place",
    "seed_data",
    "write_workbook",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
