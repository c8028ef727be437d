"""The standard workbook: its data model, the seed report's figures and the xlsxwriter writer."""

from __future__ import annotations

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
