"""Normalise an indicator's 指标性质 (``>=``, ``不低于``, ``≧``, ``═``, ``定性指标`` ...) to an ``Op``; split ``≥50个``.

``SPELLINGS`` is the one table of every spelling accepted, as people type it: symbols and their
full-width, compatibility and box-drawing look-alikes, ASCII pairs and words. Each is compared
after ``clean`` (NFKC folds ＞＝ to >=, ﹦ and ＝ to =; spaces are gone). ``以上`` / ``以下`` also
follow a value (``95%以上``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from evaltool.model import Op
from evaltool.reading.numbers import EMPTY_MARKERS, UNIT, clean, denoise, match_number, tidy

SPELLINGS: Final[dict[Op, tuple[str, ...]]] = {
    Op.GE: (
        *("≥", "≧", "⩾", "≥=", ">=", "=>", "＞＝", "＞="),
        *("大于等于", "大于或等于", "大于和等于", "不低于", "不少于", "不小于", "至少", "达到"),
        *("以上", "及以上", "或以上", "正向", "正向指标"),
    ),
    Op.LE: (
        *("≤", "≦", "⩽", "≤=", "<=", "=<", "＜＝", "＜="),
        *("小于等于", "小于或等于", "小于和等于", "不高于", "不超过", "不大于", "不多于", "至多", "控制在"),
        *("以下", "及以下", "或以下", "以内", "反向", "反向指标"),
    ),
    Op.EQ: ("=", "＝", "﹦", "═", "＝＝", "==", "等于", "约", "约为", "约等于", "≈"),
    Op.GT: (">", "＞", "大于", "高于", "超过", "多于"),
    Op.LT: ("<", "＜", "小于", "低于", "少于"),
    Op.QUAL: ("定性", "定性指标"),
}
# Words that follow the number they qualify: 95%以上, 100人以下.
TRAILING: Final[tuple[str, ...]] = ("以上", "及以上", "或以上", "以下", "及以下", "或以下")
# Words that, typed before a figure in a value, only qualify it: 达到95% is 95 % reached and 约95%
# about 95 %, not a target restated with its operator. Dropped there; an operator in 指标性质.
SOFT: Final[tuple[str, ...]] = ("达到", "约", "约为", "约等于")

__all__ = [
    "SOFT",
    "SPELLINGS",
    "TRAILING",
    "ValueParts",
    "parse_operator",
    "split_operator",
    "split_trailing_operator",
    "split_value",
]

_LOOKUP: Final[dict[str, Op]] = {clean(spelling): op for op, names in SPELLINGS.items() for spelling in names}
# Longest first, so 大于等于 wins over 大于 and >= over >. 以上/以下/以内 only follow a number.
_PREFIX: Final = re.compile(
    "|".join(
        re.escape(s)
        for s in sorted(
            (s for s, op in _LOOKUP.items() if op is not Op.QUAL and s not in {*TRAILING, "以内"}),
            key=len,
            reverse=True,
        )
    )
)
_SOFT: Final = frozenset(clean(s) for s in SOFT)
_SUFFIX: Final = re.compile("(" + "|".join(map(re.escape, sorted(TRAILING, key=len, reverse=True))) + ")$")


def parse_operator(text: object) -> Op | None:
    """The ``Op`` a 指标性质 cell means, or None when it is empty or not an operator.

    >>> parse_operator("＞＝"), parse_operator("不低于"), parse_operator("═"), parse_operator("定性指标")
    (<Op.GE: '≥'>, <Op.GE: '≥'>, <Op.EQ: '='>, <Op.QUAL: '定性'>)
    """
    if text is None:
        return None
    return _LOOKUP.get(clean(str(text)))


def split_operator(text: str) -> tuple[Op | None, str]:
    """Split an operator typed at the start of a value: ``≥50个`` -> (≥, ``50个``).

    ``text`` should already be ``clean``-ed. Returns (None, text) when it starts with none, and
    (None, the rest) after a ``SOFT`` word: ``达到95%`` -> (None, ``95%``).
    """
    match = _PREFIX.match(text)
    if not match:
        return None, text
    word = match.group()
    return (None if word in _SOFT else _LOOKUP[word]), text[match.end() :]


def split_trailing_operator(text: str) -> tuple[Op | None, str]:
    """Split 以上 / 以下 typed after a value: ``95%以上`` -> (≥, ``95%``); ``clean``-ed text."""
    match = _SUFFIX.search(text)
    if not match:
        return None, text
    return _LOOKUP[match.group()], text[: match.start()]


@dataclass(frozen=True, slots=True)
class ValueParts:
    """An indicator value split into operator, number and unit; ``text`` is always the cell as typed."""

    text: str
    op: Op | None = None
    value: float | None = None
    unit: str | None = None
    decimals: int | None = None


def split_value(text: str) -> ValueParts:
    """Split an indicator value: ``≥50个`` -> (≥, 50, 个); ``95%以上`` -> (≥, 95, %); ``1年内完成`` ->
    (None, 1, 年); ``增强`` -> text only.

    An operator is split off only when a number follows it (``高于去年`` stays text).
    """
    shown = tidy(text)
    folded = clean(text)
    if folded in EMPTY_MARKERS:
        return ValueParts(shown)
    op, rest = split_operator(folded)
    if op is None:
        op, rest = split_trailing_operator(rest)  # 95%以上
    parsed = match_number(rest)
    if parsed is None:
        return ValueParts(shown)
    value, decimals, after = parsed
    unit: str | None = None
    if after:
        m = UNIT.match(after)
        if m:
            unit = m.group()
        elif len(after) <= 4 and not any(ch.isdigit() for ch in after):
            unit = after
    return ValueParts(shown, op, denoise(value), unit, decimals)
