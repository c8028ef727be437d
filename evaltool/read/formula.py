"""Compute simple uncached formulas: + − × ÷, parentheses, refs and ranges, SUM/ROUND/ABS/MIN/MAX.

Anything else raises ``Unsupported`` and the reader reports the formula as not calculated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from evaltool.read.raw import address, col_letter, col_number

_TOKEN: Final = re.compile(
    r"""\s*(?:
    (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<ref>(?:(?:'(?:[^']|'')+'|[^\s!'(),:+\-*/^&=<>"]+)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)
    |(?P<func>[A-Za-z][A-Za-z0-9_.]*)\s*\(
    |(?P<op>[-+*/^(),%])
    |(?P<str>"(?:[^"]|"")*")
    |(?P<bad>.)
    )""",
    re.VERBOSE,
)
_CELL: Final = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_RELATIVE: Final = re.compile(r"(?<![A-Za-z0-9_!$'\"])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])")
_MAX_RANGE: Final = 100_000


class Unsupported(ValueError):
    """A formula this evaluator does not compute (unknown function, text operand, cycle, error)."""


Lookup = Callable[[str, int, int], Any]  # (sheet, row, col) -> number | None (empty) ; raises Unsupported


def _round_half_up(value: float, digits: float) -> float:
    q = Decimal(1).scaleb(-int(digits))
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def _flatten(args: list[Any]) -> list[float]:
    out: list[float] = []
    for a in args:
        if isinstance(a, list):
            out.extend(v for v in a if isinstance(v, float))  # ranges skip text and empty, as Excel does
        else:
            out.append(_num(a))
    return out


def _num(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    raise Unsupported(f"not a number: {value!r}")


_FUNCS: Final[dict[str, Callable[[list[Any]], float]]] = {
    "SUM": lambda a: math.fsum(_flatten(a)),
    "ROUND": lambda a: _round_half_up(_num(a[0]), _num(a[1])),
    "ABS": lambda a: abs(_num(a[0])),
    "MIN": lambda a: min(_flatten(a) or [0.0]),
    "MAX": lambda a: max(_flatten(a) or [0.0]),
}


def _unquote(sheet: str) -> str:
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


class _Parser:
    def __init__(self, text: str, sheet: str, lookup: Lookup) -> None:
        self.tokens: list[tuple[str, str]] = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind is None:
                continue
            if kind == "bad":
                if m.group().strip():
                    raise Unsupported(f"unexpected {m.group()!r}")
                continue
            self.tokens.append((kind, m.group(kind)))
        self.i = 0
        self.sheet = sheet
        self.lookup = lookup

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise Unsupported("unexpected end")
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, text = self.take()
        if kind != "op" or text != value:
            raise Unsupported(f"expected {value!r}, got {text!r}")

    def expr(self) -> Any:
        left = self.term()
        while (tok := self.peek()) in (("op", "+"), ("op", "-")):
            self.take()
            right = self.term()
            left = _num(left) + _num(right) if tok == ("op", "+") else _num(left) - _num(right)
        return left

    def term(self) -> Any:
        left = self.power()
        while (tok := self.peek()) in (("op", "*"), ("op", "/")):
            self.take()
            right = _num(self.power())
            if tok == ("op", "*"):
                left = _num(left) * right
            else:
                if right == 0:
                    raise Unsupported("#DIV/0!")
                left = _num(left) / right
        return left

    def power(self) -> Any:
        base = self.unary()
        if self.peek() == ("op", "^"):
            self.take()
            return _num(base) ** _num(self.power())
        return base

    def unary(self) -> Any:
        tok = self.peek()
        if tok in (("op", "-"), ("op", "+")):
            self.take()
            value = _num(self.unary())
            return -value if tok == ("op", "-") else value
        value = self.atom()
        if self.peek() == ("op", "%"):
            self.take()
            return _num(value) / 100
        return value

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "op" and text == "(":
            value = self.expr()
            self.expect(")")
            return value
        if kind == "func":
            name = text.upper().removeprefix("_XLFN.")
            if name not in _FUNCS:
                raise Unsupported(f"function {name}")
            args: list[Any] = []
            if self.peek() != ("op", ")"):
                args.append(self.expr())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
            self.expect(")")
            try:
                return _FUNCS[name](args)
            except (IndexError, ArithmeticError) as exc:
                raise Unsupported(str(exc)) from None
        if kind == "ref":
            return self.ref(text)
        raise Unsupported(f"unexpected {text!r}")

    def ref(self, text: str) -> Any:
        sheet = self.sheet
        if "!" in text:
            sheet_part, text = text.rsplit("!", 1)
            sheet = _unquote(sheet_part)
        first, _, last = text.partition(":")
        m1 = _CELL.fullmatch(first)
        if not m1:
            raise Unsupported(text)
        r1, c1 = int(m1.group(2)), col_number(m1.group(1))
        if not last:
            return self.lookup(sheet, r1, c1)
        m2 = _CELL.fullmatch(last)
        if not m2:
            raise Unsupported(text)
        r2, c2 = int(m2.group(2)), col_number(m2.group(1))
        r1, r2 = sorted((r1, r2))
        c1, c2 = sorted((c1, c2))
        if (r2 - r1 + 1) * (c2 - c1 + 1) > _MAX_RANGE:
            raise Unsupported("range too large")
        values = []
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = self.lookup(sheet, r, c)
                values.append(float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v)
        return values


def evaluate(formula: str, sheet: str, lookup: Lookup) -> float:
    """The value of ``formula`` (without '=') on ``sheet``; ``lookup`` gives other cells' values."""
    parser = _Parser(formula.lstrip("="), sheet, lookup)
    value = parser.expr()
    if parser.peek() is not None:
        raise Unsupported(f"unexpected {parser.peek()}")
    if isinstance(value, list):
        raise Unsupported("a range is not a value")
    return _num(value)


def translate(formula: str, drow: int, dcol: int) -> str:
    """Shift the relative references of a shared formula by (drow, dcol)."""

    def shift(m: re.Match[str]) -> str:
        cabs, col, rabs, row = m.groups()
        c = col_number(col) if cabs else col_number(col) + dcol
        r = int(row) if rabs else int(row) + drow
        if c < 1 or r < 1:
            return m.group()
        return f"{cabs}{col_letter(c)}{rabs}{r}"

    # Leave string literals alone.
    parts = re.split(r'("(?:[^"]|"")*")', formula)
    return "".join(p if p.startswith('"') else _RELATIVE.sub(shift, p) for p in parts)


__all__ = ["Unsupported", "address", "evaluate", "translate"]
