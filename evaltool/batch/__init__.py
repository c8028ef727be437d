"""The scheduled batch: check every workbook in an inbox folder, summarise, remember, report."""

from __future__ import annotations

from evaltool.batch.pipeline import BatchError, BatchOptions, BatchOutcome, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchOutcome", "run_batch"]
