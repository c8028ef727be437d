"""Compute simple uncached formulas: arithmetic, comparisons, refs and ranges, SUM/ROUND/IF and a few more.

The formula is compiled to closures so IF / IFERROR evaluate lazily, as Excel does.
Anything else raises ``Unsupported`` and the reader reports the formula as not calculated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, Final

from evaltool.reading.raw import col_letter, col_number

_TOKEN: Final = re.compile(
    r"""\s*(?:
    (?P<func>[A-Za-z_][A-Za-z0-9_.]*)\s*\(
    |(?P<ref>(?:(?:'(?:[^']|'')+'|[^\s!'(),:+\-*/^&=<>"]+)!)?
        (?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+))
    |(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<bool>TRUE|FALSE)\b
    |(?P<op><>|<=|>=|[-+*/^(),%&=<>])
    |(?P<str>"(?:[^"]|"")*")
    |(?P<bad>\S)
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_CELL: Final = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_RELATIVE: Final = re.compile(r"(?<![A-Za-z0-9_!$'\"])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])")
_MAX_RANGE: Final = 100_000


class Unsupported(ValueError):
    """A formula this evaluator does not compute (unknown function, text operand, cycle)."""


class ExcelError(Unsupported):
    """An Excel error value met while computing (#DIV/0!, #VALUE!, a referenced error cell)."""


Lookup = Callable[[str, int, int], Any]  # (sheet, row, col) -> value, None when empty
# (sheet, r1, c1, r2, c2) -> the values of the non-empty cells in that area (large ranges)
AreaLookup = Callable[[str, int, int, int, int], list[Any]]
MAX_ROW: Final = 1_048_576
MAX_COL: Final = 16_384
Thunk = Callable[[], Any]


class Range(list[Any]):
    """The values of a range (functions flatten it; arithmetic on it is unsupported)."""


def _num(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            raise ExcelError("#VALUE!") from None
    raise Unsupported(f"not a number: {value!r}")


def _numbers(args: list[Any]) -> list[float]:
    out: list[float] = []
    for a in args:
        if isinstance(a, Range):
            out.extend(float(v) for v in a if isinstance(v, int | float) and not isinstance(v, bool))
        else:
            out.append(_num(a))
    return out


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise ExcelError("#VALUE!")
    return bool(_num(value))


def _round(value: float, digits: float, mode: str) -> float:
    q = Decimal(1).scaleb(-int(digits))
    return float(Decimal(repr(value)).quantize(q, rounding=mode))


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0
    if isinstance(a, str) != isinstance(b, str):
        # Excel orders every number before every text.
        ka: Any = (isinstance(a, str), 0)
        kb: Any = (isinstance(b, str), 0)
    elif isinstance(a, str):
        ka, kb = a.lower(), b.lower()
    else:
        ka, kb = float(a), float(b)
    result: bool = {"=": ka == kb, "<>": ka != kb, "<": ka < kb, ">": ka > kb, "<=": ka <= kb, ">=": ka >= kb}[op]
    return result


def _if(args: list[Thunk]) -> Any:
    if not 1 <= len(args) <= 3:
        raise Unsupported("IF arity")
    if _truth(args[0]()):
        return args[1]() if len(args) > 1 else True
    return args[2]() if len(args) > 2 else False


def _iferror(args: list[Thunk]) -> Any:
    if len(args) != 2:
        raise Unsupported("IFERROR arity")
    try:
        return args[0]()
    except ExcelError:
        return args[1]()


def _eager(func: Callable[[list[Any]], Any]) -> Callable[[list[Thunk]], Any]:
    return lambda thunks: func([t() for t in thunks])


def _isblank(args: list[Any]) -> bool:
    return args[0] is None


_FUNCS: Final[dict[str, Callable[[list[Thunk]], Any]]] = {
    "IF": _if,
    "IFERROR": _iferror,
    "SUM": _eager(lambda a: math.fsum(_numbers(a))),
    "ROUND": _eager(lambda a: _round(_num(a[0]), _num(a[1]), ROUND_HALF_UP)),
    "ROUNDUP": _eager(lambda a: _round(_num(a[0]), _num(a[1]), ROUND_UP)),
    "ROUNDDOWN": _eager(lambda a: _round(_num(a[0]), _num(a[1]), ROUND_DOWN)),
    "ABS": _eager(lambda a: abs(_num(a[0]))),
    "MIN": _eager(lambda a: min(_numbers(a) or [0.0])),
    "MAX": _eager(lambda a: max(_numbers(a) or [0.0])),
    "AVERAGE": _eager(lambda a: math.fsum(_numbers(a)) / len(_numbers(a)) if _numbers(a) else _div0()),
    "AND": _eager(lambda a: all(_truth(v) for v in _flat(a))),
    "OR": _eager(lambda a: any(_truth(v) for v in _flat(a))),
    "NOT": _eager(lambda a: not _truth(a[0])),
    "ISBLANK": _eager(_isblank),
}


def _flat(args: list[Any]) -> list[Any]:
    out: list[Any] = []
    for a in args:
        if isinstance(a, Range):
            out.extend(v for v in a if v is not None and not isinstance(v, str))
        else:
            out.append(a)
    return out


def _div0() -> float:
    raise ExcelError("#DIV/0!")


def _unquote(sheet: str) -> str:
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def _scalar(value: Any) -> Any:
    if isinstance(value, Range):
        raise Unsupported("a range is not a value")
    return value


class _Compiler:
    def __init__(self, text: str, sheet: str, lookup: Lookup, area: AreaLookup | None = None) -> None:
        self.tokens: list[tuple[str, str]] = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind is None:
                continue
            if kind == "bad":
                raise Unsupported(f"unexpected {m.group().strip()!r}")
            self.tokens.append((kind, m.group(kind)))
        self.i = 0
        self.sheet = sheet
        self.lookup = lookup
        self.area = area

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise Unsupported("unexpected end")
        self.i += 1
        return tok

    def is_op(self, *ops: str) -> str | None:
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in ops:
            return tok[1]
        return None

    def expect(self, value: str) -> None:
        if not self.is_op(value):
            raise Unsupported(f"expected {value!r}")
        self.take()

    def comparison(self) -> Thunk:
        left = self.concat()
        while op := self.is_op("=", "<>", "<", ">", "<=", ">="):
            self.take()
            right = self.concat()
            left = (lambda lf, rt, o: lambda: _compare(o, _scalar(lf()), _scalar(rt())))(left, right, op)
        return left

    def concat(self) -> Thunk:
        left = self.additive()
        while self.is_op("&"):
            self.take()
            right = self.additive()
            left = (lambda lf, rt: lambda: _text(lf()) + _text(rt()))(left, right)
        return left

    def additive(self) -> Thunk:
        left = self.term()
        while op := self.is_op("+", "-"):
            self.take()
            right = self.term()
            if op == "+":
                left = (lambda lf, rt: lambda: _num(_scalar(lf())) + _num(_scalar(rt())))(left, right)
            else:
                left = (lambda lf, rt: lambda: _num(_scalar(lf())) - _num(_scalar(rt())))(left, right)
        return left

    def term(self) -> Thunk:
        left = self.power()
        while op := self.is_op("*", "/"):
            self.take()
            right = self.power()
            if op == "*":
                left = (lambda lf, rt: lambda: _num(_scalar(lf())) * _num(_scalar(rt())))(left, right)
            else:
                left = (lambda lf, rt: lambda: _divide(_num(_scalar(lf())), _num(_scalar(rt()))))(left, right)
        return left

    def power(self) -> Thunk:
        base = self.unary()
        if self.is_op("^"):
            self.take()
            exp = self.power()
            return lambda: _num(_scalar(base())) ** _num(_scalar(exp()))
        return base

    def unary(self) -> Thunk:
        op = self.is_op("-", "+")
        if op:
            self.take()
            inner = self.unary()
            return (lambda: -_num(_scalar(inner()))) if op == "-" else (lambda: _num(_scalar(inner())))
        value = self.atom()
        while self.is_op("%"):
            self.take()
            value = (lambda v: lambda: _num(_scalar(v())) / 100)(value)
        return value

    def atom(self) -> Thunk:
        kind, text = self.take()
        if kind == "num":
            number = float(text)
            return lambda: number
        if kind == "str":
            literal = text[1:-1].replace('""', '"')
            return lambda: literal
        if kind == "bool":
            flag = text.upper() == "TRUE"
            return lambda: flag
        if kind == "op" and text == "(":
            inner = self.comparison()
            self.expect(")")
            return inner
        if kind == "func":
            name = text.upper().removeprefix("_XLFN.")
            func = _FUNCS.get(name)
            if func is None:
                raise Unsupported(f"function {name}")
            args: list[Thunk] = []
            if not self.is_op(")"):
                args.append(self.comparison())
                while self.is_op(","):
                    self.take()
                    args.append(self.comparison())
            self.expect(")")

            def call() -> Any:
                try:
                    return func(args)
                except (IndexError, ArithmeticError, TypeError) as exc:
                    raise Unsupported(f"{name}: {exc}") from None

            return call
        if kind == "ref":
            return self.ref(text)
        raise Unsupported(f"unexpected {text!r}")

    def ref(self, text: str) -> Thunk:
        sheet = self.sheet
        if "!" in text:
            sheet_part, text = text.rsplit("!", 1)
            sheet = _unquote(sheet_part)
        first, _, last = text.partition(":")
        lookup = self.lookup
        m1 = _CELL.fullmatch(first)
        if not last:
            if not m1:
                raise Unsupported(text)
            r, c = int(m1.group(2)), col_number(m1.group(1))
            return lambda: lookup(sheet, r, c)
        r1, c1 = _corner(first, 1)
        r2, c2 = _corner(last, MAX_ROW if first.lstrip("$").isalpha() else MAX_COL)
        r1, r2 = sorted((r1, r2))
        c1, c2 = sorted((c1, c2))
        size = (r2 - r1 + 1) * (c2 - c1 + 1)
        area = self.area
        if size > _MAX_RANGE and area is None:
            raise Unsupported("range too large")

        def values() -> Range:
            if size > _MAX_RANGE and area is not None:
                return Range(area(sheet, r1, c1, r2, c2))  # whole columns: only the cells that exist
            return Range(lookup(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))

        return values


def _corner(text: str, fill: int) -> tuple[int, int]:
    """(row, col) of a range end: ``D5``; ``D`` of a whole column (row ``fill``); ``5`` of a whole row."""
    bare = text.replace("$", "")
    m = _CELL.fullmatch(bare)
    if m:
        return int(m.group(2)), col_number(m.group(1))
    if bare.isalpha() and len(bare) <= 3:
        return (1 if fill == 1 else MAX_ROW), col_number(bare)
    if bare.isdigit():
        return int(bare), (1 if fill == 1 else MAX_COL)
    raise Unsupported(text)


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise ExcelError("#DIV/0!")
    return a / b


def _text(value: Any) -> str:
    value = _scalar(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def evaluate(formula: str, sheet: str, lookup: Lookup, area: AreaLookup | None = None) -> Any:
    """The value (float, str or bool) of ``formula`` (without '=') on ``sheet``.

    ``lookup`` gives other cells' values (None when empty) and raises ``Unsupported`` for
    cells it cannot give; ``area`` (optional) gives the non-empty cells of ranges too large to
    walk cell by cell (``SUM(D:D)``). Errors met on the way raise ``ExcelError``.
    """
    compiler = _Compiler(formula.removeprefix("="), sheet, lookup, area)
    thunk = compiler.comparison()
    if compiler.peek() is not None:
        raise Unsupported(f"unexpected {compiler.peek()}")
    value = _scalar(thunk())
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


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
