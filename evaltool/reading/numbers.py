"""Parse what people type as numbers: ``1,482.05``, ``1482.05万元``, ``６２．２５％``, ``≥32 万人``, ``—``."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "EMPTY_MARKERS",
    "UNIT",
    "NotANumber",
    "Number",
    "clean",
    "decimals_of_format",
    "denoise",
    "is_empty",
    "is_percent_format",
    "match_number",
    "parse_number",
    "shown_decimals",
    "tidy",
]

# Characters that are invisible or mean nothing in a figure (zero-width space/joiners, BOM, soft hyphen).
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_SPACE: Final = re.compile(r"\s+")

# Cell contents that mean "nothing here" (compared after ``clean``).
EMPTY_MARKERS: Final = frozenset(
    {"", "-", "--", "---", "—", "——", "–", "―", "−", "~", "无", "/", "\\", "空", "n/a", "na", "null", "none"}
)

# Units a money figure may carry; other units make an amount unreadable.
MONEY_SUFFIXES: Final = ("万元", "元", "亿元")

_NUMBER: Final = re.compile(
    r"""
    (?P<sign>[+\-−])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?      # 1,482 or 1482 (thousands groups only in threes)
    (?:\.(?P<frac>\d+))?
    (?:[eE](?P<exp>[+\-]?\d+))?
    """,
    re.VERBOSE,
)

# Units that may follow a number inside an indicator value (longest first); anything else short
# and digit-free is taken whole. Compound rates such as 元/年 and 元/平·年 are one unit.
UNIT: Final = re.compile(
    r"(?:%|‰|‱|"
    r"(?:万|亿|千|百)?(?:元|人次|人|户|家|个|项|次|件|所|台|套|场|期|篇|条|部|名|份|本|辆|间|座|处|吨|亩|株|只|头|批)|"
    r"平方公里|平方米|公里|千米|米|公斤|千克|小时|分钟|工作日|个工作日|天|日|周|个月|月|季度|年|分|元)"
    r"(?:/(?:[^\d/\s]{1,4}))?"
)


def clean(text: str) -> str:
    """Fold full-width forms (NFKC), drop invisible characters and every space, lower-case.

    ``" ６２．２５ ％"`` -> ``"62.25%"``; ``"＞＝"`` -> ``">="``; NBSP and U+3000 are spaces.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_INVISIBLE)).lower()


def tidy(text: str) -> str:
    """Text as shown, minus invisible characters and surrounding spaces (NBSP and U+3000 too)."""
    return text.translate(_INVISIBLE).strip().strip("\u3000\xa0").strip()


def is_empty(text: str) -> bool:
    """Whether a cell's text means "nothing": empty, ``-``, ``—``, ``－``, ``无``, ``/``."""
    return clean(text) in EMPTY_MARKERS


class NotANumber(ValueError):
    """Text that is neither empty nor a number."""


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from text: its value, the unit typed after it, and how many decimals were typed."""

    value: float
    unit: str | None = None  # "%" for percentages (value stays 62.25), "万元", ...
    decimals: int = 0

    @property
    def percent(self) -> bool:
        """Whether it was typed with a % sign."""
        return self.unit == "%"


def match_number(text: str) -> tuple[float, int, str] | None:
    """(value, decimals typed, rest) for a number at the start of cleaned text, else None."""
    negative = False
    body = text
    if body.startswith("(") and ")" in body:  # accounting negative: (1,000.00)
        inner, _, after = body[1:].partition(")")
        parsed = match_number(inner)
        if parsed and not parsed[2]:
            return -parsed[0], parsed[1], after
        return None
    m = _NUMBER.match(body)
    if not m or (m.group("int") is None and m.group("frac") is None):
        return None
    if m.group("sign") in ("-", "−"):
        negative = True
    digits = (m.group("int") or "0").replace(",", "")
    frac = m.group("frac") or ""
    exp = m.group("exp")
    value = float(f"{digits}.{frac or '0'}" + (f"e{exp}" if exp else ""))
    if not math.isfinite(value):  # 1e999, 400 nines: beyond any float, so no figure at all
        return None
    decimals = len(frac)
    if exp:
        decimals = max(0, decimals - int(exp))
    return (-value if negative else value), decimals, body[m.end() :]


def denoise(value: float) -> float:
    """Round binary noise away (15 significant digits): 1012.9599999999998 -> 1012.96."""
    if value != value or value in (float("inf"), float("-inf")):
        return value
    return float(f"{value:.15g}")


def parse_number(text: str, units: tuple[str, ...] = ("%", *MONEY_SUFFIXES)) -> Number | None:
    """Read a number typed as text; None when the text means empty.

    Accepts thousands separators, full-width digits and symbols, spaces anywhere, a sign,
    accounting parentheses, a trailing ``%`` and (by default) a trailing money unit. Raises
    ``NotANumber`` for anything else (``约100``, ``100人`` unless 人 is in ``units``).

    >>> parse_number("1,482.05"), parse_number("６２．２５％").value, parse_number("—")
    (Number(value=1482.05, unit=None, decimals=2), 62.25, None)
    """
    folded = clean(text)
    if folded in EMPTY_MARKERS:
        return None
    parsed = match_number(folded)
    if parsed is None:
        raise NotANumber(text)
    value, decimals, rest = parsed
    if not rest:
        return Number(denoise(value), None, decimals)
    if rest in units:
        return Number(denoise(value), rest, decimals)
    raise NotANumber(text)


@lru_cache(maxsize=256)
def decimals_of_format(fmt: str | None) -> int | None:
    """How many decimals a number format shows: ``0.00%`` -> 2, ``#,##0`` -> 0, General/None -> None."""
    if not fmt or fmt.lower() == "general" or fmt == "@":
        return None
    section = fmt.split(";", 1)[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)
    if not re.search(r"[0#?]", section):
        return None
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1)) if m else 0


@lru_cache(maxsize=256)
def is_percent_format(fmt: str | None) -> bool:
    """Whether a number format multiplies by 100 and shows ``%`` (quoted text aside)."""
    if not fmt:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", fmt.split(";", 1)[0])


def shown_decimals(value: float) -> int:
    """Decimals of a float as Excel's General format shows it (up to 10 significant digits)."""
    text = f"{value:.10g}"
    if "e" in text:
        return 0
    return len(text.split(".", 1)[1]) if "." in text else 0
