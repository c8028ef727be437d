"""Rounding intervals: a figure shown to d decimals stands for ±½·10⁻ᵈ; sums pass when intervals meet.

This is the XBRL Calculations 1.1 rule. There is no fixed epsilon anywhere: the allowed
difference always follows from how the figures involved are shown. Arithmetic is done on
``Decimal`` endpoints so float noise (1012.9599999999998) never decides a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

ZERO = Decimal(0)


def shown(value: float, decimals: int) -> Decimal:
    """The figure as a reader of the sheet sees it: ``value`` rounded half-up to ``decimals``."""
    # repr gives the shortest text that round-trips, so 16.8 is 16.8, not 16.800000000000000710…
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        return exact
    with localcontext() as ctx:
        # Enough digits for any float (1e308 shown to 2 decimals): absurd figures are still
        # figures to reconcile, not a crash.
        ctx.prec = 400
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval [lo, hi] of Decimals."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: float | int | Decimal) -> Interval:
        """A figure known exactly (a weight from the settings, 100 %)."""
        v = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
        return cls(v, v)

    @property
    def mid(self) -> Decimal:
        """The centre."""
        return (self.lo + self.hi) / 2

    @property
    def half_width(self) -> Decimal:
        """Half the width: the ± this interval allows around its centre."""
        return (self.hi - self.lo) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        ends = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= ZERO <= other.hi:
            raise ZeroDivisionError("divisor interval contains 0")
        with localcontext() as ctx:
            ctx.prec = 34
            ends = (self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi)
        return Interval(min(ends), max(ends))

    def cap(self, limit: Decimal) -> Interval:
        """``min(x, limit)`` applied to every point (execution scores cap 执行率 at 100 %)."""
        return Interval(min(self.lo, limit), min(self.hi, limit))

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals share a point: the figures are consistent."""
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """How far apart the intervals are (0 when they meet)."""
        if self.meets(other):
            return ZERO
        return other.lo - self.hi if self.hi < other.lo else self.lo - other.hi


def interval(value: float, decimals: int, *, truncated: bool = False) -> Interval:
    """The interval a shown figure stands for.

    ``truncated=True`` also accepts a figure that was cut rather than rounded (9.6852 shown
    as 9.68), which real reports do with scores: the interval then reaches up to the next
    step, [v − ½·10⁻ᵈ, v + 10⁻ᵈ].
    """
    v = shown(value, decimals)
    step = Decimal(1).scaleb(-decimals)
    half = step / 2
    return Interval(v - half, v + (step if truncated else half))


def total(intervals: Iterable[Interval]) -> Interval:
    """The interval of a sum of figures."""
    lo = hi = ZERO
    for item in intervals:
        lo += item.lo
        hi += item.hi
    return Interval(lo, hi)


def consistent(reported: Interval, computed: Interval) -> bool:
    """A reported figure agrees with one computed from others when their intervals meet."""
    return reported.meets(computed)


def allowed(reported: Interval, computed: Interval) -> float:
    """The largest difference of centres that rounding can explain (for messages)."""
    return float(reported.half_width + computed.half_width)


def as_float(value: Decimal, decimals: int = 6) -> float:
    """A Decimal as a float rounded for display in messages and JSON."""
    f = float(value)
    return round(f, decimals) if math.isfinite(f) else f
