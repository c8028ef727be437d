"""Properties of the parsers: any text is read or refused cleanly, never with a crash."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.reading.formula import Unsupported, evaluate
from evaltool.reading.numbers import NotANumber, parse_number
from evaltool.reading.operators import parse_operator, split_value

TYPED = st.text(
    alphabet=st.sampled_from(list("0123456789.,-+%％ ()（）万元人个≥≤><=＞＜＝—无/年约\u00a0\u3000\u200b１２３．e")),
    max_size=16,
)


@given(st.one_of(TYPED, st.text(max_size=30)))
def test_parse_number_reads_or_refuses(text: str) -> None:
    try:
        parsed = parse_number(text)
    except NotANumber:
        return
    assert parsed is None or math.isfinite(parsed.value) or math.isinf(parsed.value)


@given(st.one_of(TYPED, st.text(max_size=30)))
def test_split_value_never_raises_and_keeps_the_text(text: str) -> None:
    parts = split_value(text)
    assert parts.text == parts.text.strip()
    if parts.op is not None:
        assert parts.value is not None
    parse_operator(text)


@given(st.decimals(min_value=-(10**10), max_value=10**10, places=4, allow_nan=False, allow_infinity=False))
def test_thousands_and_full_width_forms_round_trip(value: object) -> None:
    """Up to 15 significant digits (what Excel keeps) read back exactly."""
    number = float(str(value))
    text = f"{number:,.4f}"
    full = text.translate(str.maketrans("0123456789.,-", "０１２３４５６７８９．，－"))
    for typed in (text, full, f" {text}\u00a0", f"{text}万元"):
        parsed = parse_number(typed)
        assert parsed is not None
        assert parsed.value == number
        assert parsed.decimals == 4


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("A1B2:$!+-*/^()%&=<>\",SUMIFROUND .'x")), max_size=24))
def test_formula_evaluator_computes_or_refuses(formula: str) -> None:
    try:
        evaluate(formula, "S", lambda sheet, row, col: float(row + col))
    except Unsupported:
        pass
    except (OverflowError, RecursionError):
        pass
