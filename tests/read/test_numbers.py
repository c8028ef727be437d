"""The number parser: what people type in figure cells."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.model import Op
from evaltool.reading.numbers import (
    NotANumber,
    clean,
    decimals_of_format,
    denoise,
    is_empty,
    is_percent_format,
    parse_number,
)
from evaltool.reading.operators import split_value


@pytest.mark.parametrize(
    ("text", "value", "unit", "decimals"),
    [
        ("1482.05", 1482.05, None, 2),
        ("1,482.05", 1482.05, None, 2),
        ("1，482.05", 1482.05, None, 2),  # full-width comma
        ("1482.05万元", 1482.05, "万元", 2),
        (" 1482.05 万元 ", 1482.05, "万元", 2),
        ("797876.4元", 797876.4, "元", 1),
        ("62.25%", 62.25, "%", 2),
        ("６２．２５", 62.25, None, 2),
        ("６２．２５％", 62.25, "%", 2),
        ("62.25 ％", 62.25, "%", 2),
        ("\u00a01482.05\u00a0", 1482.05, None, 2),  # NBSP
        ("\u30001482.05\u3000", 1482.05, None, 2),  # ideographic space
        ("14\u200b82.05", 1482.05, None, 2),  # zero-width space
        ("\ufeff16.8", 16.8, None, 1),
        ("-3.5", -3.5, None, 1),
        ("－3.5", -3.5, None, 1),
        ("(1,000.00)", -1000.0, None, 2),
        ("+7", 7.0, None, 0),
        (".5", 0.5, None, 1),
        ("1.2E+3", 1200.0, None, 0),
        ("0", 0.0, None, 0),
    ],
)
def test_parse_number(text: str, value: float, unit: str | None, decimals: int) -> None:
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed.value == value
    assert parsed.unit == unit
    assert parsed.decimals == decimals


@pytest.mark.parametrize("text", ["", " ", "-", "—", "——", "－", "无", "/", "／", "\u3000", "\u200b", " - "])
def test_empty_markers_are_empty_not_zero(text: str) -> None:
    assert parse_number(text) is None
    assert is_empty(text)


@pytest.mark.parametrize("text", ["约100", "100左右", "abc", "1.2.3", "100人", "12,34.5", "完成"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


def test_units_are_chosen_by_the_caller() -> None:
    assert parse_number("100人", ("人",)).value == 100.0  # type: ignore[union-attr]
    with pytest.raises(NotANumber):
        parse_number("62%", ("万元",))


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥50个", Op.GE, 50.0, "个"),
        ("≥32 万人", Op.GE, 32.0, "万人"),
        ("≥7000 家", Op.GE, 7000.0, "家"),
        ("100%", None, 100.0, "%"),
        ("≥95%", Op.GE, 95.0, "%"),
        ("＞＝９０％", Op.GE, 90.0, "%"),
        ("不低于90%", Op.GE, 90.0, "%"),
        ("<=16.8万元", Op.LE, 16.8, "万元"),
        ("≤1年", Op.LE, 1.0, "年"),
        ("1年内完成", None, 1.0, "年"),
        ("797876.4元/年", None, 797876.4, "元/年"),
        ("=100%", Op.EQ, 100.0, "%"),
        ("16.8", None, 16.8, None),
        ("增强", None, None, None),
        ("高于去年", None, None, None),  # an operator word without a number stays text
        ("达成年度指标", None, None, None),
    ],
)
def test_split_value(text: str, op: Op | None, value: float | None, unit: str | None) -> None:
    parts = split_value(text)
    assert parts.text == text.strip()
    assert parts.op == op
    assert parts.value == value
    assert parts.unit == unit


@pytest.mark.parametrize(
    ("fmt", "decimals", "percent"),
    [
        ("0.00%", 2, True),
        ("0%", 0, True),
        ("#,##0.00", 2, False),
        ("0.00_ ", 2, False),
        ('#,##0.00"万元"', 2, False),
        ('0.0"%"', 1, False),  # a quoted % is just text: the value is not multiplied
        ("General", None, False),
        (None, None, False),
        ("@", None, False),
        ("0", 0, False),
    ],
)
def test_number_formats(fmt: str | None, decimals: int | None, percent: bool) -> None:
    assert decimals_of_format(fmt) == decimals
    assert is_percent_format(fmt) is percent


def test_denoise_rounds_binary_noise_only() -> None:
    assert denoise(1012.9599999999998) == 1012.96
    assert denoise(0.6225 * 100) == 62.25
    assert denoise(9.6852) == 9.6852
    assert math.isnan(denoise(float("nan")))


def test_clean_folds_full_width() -> None:
    assert clean("＞＝") == ">="
    assert clean(" 占比\n（%） ") == "占比(%)"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_every_template_format(value: object) -> None:
    """A number written as the template shows it (#,##0.00, 0.00, 0.00%) reads back as itself."""
    number = float(str(value))
    for text, expected in (
        (f"{number:,.2f}", number),
        (f"{number:.2f}", number),
        (f"{number:.2f}%", number),
        (f"{number:,.2f}万元", number),
    ):
        parsed = parse_number(text)
        assert parsed is not None
        assert parsed.value == pytest.approx(expected, abs=1e-9)
