"""The 指标性质 normaliser."""

from __future__ import annotations

import pytest

from evaltool.model import Op
from evaltool.reading.operators import parse_operator, split_operator

CASES = {
    Op.GE: [">=", "≥", "≧", "＞＝", "≥ ", "大于等于", "大于或等于", "不低于", "不少于", "不小于", " 不低于 "],
    Op.LE: ["<=", "≤", "≦", "＜＝", "小于等于", "不高于", "不超过", "不大于"],
    Op.EQ: ["=", "＝", "等于", "=="],
    Op.GT: [">", "＞", "大于", "高于", "超过"],
    Op.LT: ["<", "＜", "小于", "低于"],
    Op.QUAL: ["定性", "定性指标", " 定 性 "],
}


@pytest.mark.parametrize(("text", "op"), [(t, op) for op, texts in CASES.items() for t in texts])
def test_spellings(text: str, op: Op) -> None:
    assert parse_operator(text) is op


@pytest.mark.parametrize("text", ["", None, "定量", "约", "正负", "x"])
def test_not_an_operator(text: str | None) -> None:
    assert parse_operator(text) is None


def test_split_longest_prefix_first() -> None:
    assert split_operator("大于等于50") == (Op.GE, "50")
    assert split_operator(">=50") == (Op.GE, "50")
    assert split_operator(">50") == (Op.GT, "50")
    assert split_operator("50") == (None, "50")
