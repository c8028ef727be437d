"""The 指标性质 normaliser."""

from __future__ import annotations

import pytest

from evaltool.model import Op
from evaltool.reading.numbers import clean
from evaltool.reading.operators import SPELLINGS, parse_operator, split_operator, split_trailing_operator

# Written out by hand (not read from the table), so a spelling dropped from SPELLINGS fails here.
CASES = {
    Op.GE: [
        ">=",
        "≥",
        "≧",
        "⩾",
        "＞＝",
        "=>",
        "≥ ",
        "大于等于",
        "大于或等于",
        "不低于",
        "不少于",
        "不小于",
        " 不低于 ",
        "达到",
        "以上",
        "及以上",
    ],
    Op.LE: ["<=", "≤", "≦", "⩽", "＜＝", "=<", "小于等于", "不高于", "不超过", "不大于", "以下", "及以下"],
    Op.EQ: ["=", "＝", "﹦", "═", "等于", "==", "约", "约为"],
    Op.GT: [">", "＞", "大于", "高于", "超过"],
    Op.LT: ["<", "＜", "小于", "低于"],
    Op.QUAL: ["定性", "定性指标", " 定 性 "],
}


@pytest.mark.parametrize(("text", "op"), [(t, op) for op, texts in CASES.items() for t in texts])
def test_spellings(text: str, op: Op) -> None:
    assert parse_operator(text) is op


@pytest.mark.parametrize("text", ["", None, "定量", "正负", "x", "约束"])
def test_not_an_operator(text: str | None) -> None:
    assert parse_operator(text) is None


def test_split_longest_prefix_first() -> None:
    assert split_operator("大于等于50") == (Op.GE, "50")
    assert split_operator(">=50") == (Op.GE, "50")
    assert split_operator(">50") == (Op.GT, "50")
    assert split_operator("50") == (None, "50")


@pytest.mark.parametrize(("spelling", "op"), [(s, op) for op, spellings in SPELLINGS.items() for s in spellings])
def test_every_row_of_the_table(spelling: str, op: Op) -> None:
    assert parse_operator(spelling) is op
    assert parse_operator(f" {spelling} ") is op


def test_no_spelling_means_two_operators() -> None:
    seen: dict[str, Op] = {}
    for op, spellings in SPELLINGS.items():
        for s in spellings:
            key = clean(s)
            assert seen.setdefault(key, op) is op, (s, seen[key], op)


def test_soft_words_qualify_a_value_without_an_operator() -> None:
    # 达到95% as an actual value is 95 % reached, not "≥ 95 %" restated.
    assert split_operator("达到95%") == (None, "95%")
    assert split_operator("约12.5万人") == (None, "12.5万人")
    assert parse_operator("达到") is Op.GE  # in 指标性质 it is an operator


def test_trailing_words() -> None:
    assert split_trailing_operator("95%以上") == (Op.GE, "95%")
    assert split_trailing_operator("100人及以下") == (Op.LE, "100人")
    assert split_trailing_operator("95%") == (None, "95%")
