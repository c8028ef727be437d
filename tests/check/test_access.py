"""The one table access of the rules: what counts as a number and a text, for every rule alike."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from evaltool.checks import access as ax


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5.0),
        (1.25, 1.25),
        (np.int64(5), 5.0),  # numpy scalars are numbers
        (np.float64(2.5), 2.5),
        (Decimal("0.1"), 0.1),
        (1e16, 1e16),  # absurd as an amount, still a number (a reconciliation must flag it)
        (-1e17, -1e17),
        ("1.5", None),  # text stays text: only the reader parses what people typed
        ("", None),
        (True, None),
        (None, None),
        (math.nan, None),
        (math.inf, None),
        (1e18, None),  # beyond LARGEST: Decimal rounding to cents would overflow its context
    ],
)
def test_number(value: Any, expected: float | None) -> None:
    assert ax.number(value) == expected


@pytest.mark.parametrize(
    ("value", "text", "text_or_none"),
    [(None, "", None), (math.nan, "", None), ("  x ", "x", "x"), ("   ", "", None), (12, "12", "12")],
)
def test_text(value: Any, text: str, text_or_none: str | None) -> None:
    assert ax.text(value) == text
    assert ax.text_or_none(value) == text_or_none


def test_whole() -> None:
    assert ax.whole(np.int64(2)) == 2
    assert ax.whole(2.0) == 2
    assert ax.whole("2") is None
