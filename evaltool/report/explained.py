"""The unit's 情况说明 texts for a checked file: read back from the copy of ours it sent back."""

from __future__ import annotations

import logging

from evaltool.layout import RESULT_SHEET
from evaltool.report.results_sheet import explanation_key
from evaltool.report.splice.again import read_explanations
from evaltool.result import Report

_log = logging.getLogger(__name__)


def explanations_of(report: Report) -> list[str]:
    """The unit's 情况说明 for each finding of ``report`` ("" when none).

    A unit explains its warnings in the 情况说明 column of the copy we gave it and sends that
    copy back: the texts are read from its results sheet (only when it has one).
    """
    none = [""] * len(report.findings)
    if report.error is not None or RESULT_SHEET not in report.sheet_order:
        return none
    try:
        found = read_explanations(report.path)
    except Exception as exc:  # the findings stand without the texts; say so
        _log.warning("%s: the 情况说明 texts could not be read (%s: %s)", report.path, type(exc).__name__, exc)
        return none
    return [found.get(explanation_key(f), "") for f in report.findings]
