"""The small formula evaluator used for formulas saved without a cached value."""

from __future__ import annotations

from typing import Any

import pytest

from evaltool.reading.formula import ExcelError, Unsupported, evaluate, translate

CELLS: dict[tuple[str, int, int], Any] = {
    ("S", 1, 1): 1.5,  # A1
    ("S", 2, 1): 2.5,  # A2
    ("S", 3, 1): "text",  # A3
    ("S", 4, 1): None,  # A4 empty
    ("S", 1, 2): 0.0,  # B1
    ("收入 情况", 5, 4): 922.57,  # '收入 情况'!D5
    ("收入情况", 5, 4): 10.0,
}


def lookup(sheet: str, row: int, col: int) -> Any:
    return CELLS.get((sheet, row, col))


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("1+2*3", 7.0),
        ("(1+2)*3", 9.0),
        ("-A1+A2", 1.0),
        ("A1*A2", 3.75),
        ("SUM(A1:A4)", 4.0),  # text and empty cells in a range are skipped
        ("SUM(A1,A2,1)", 5.0),
        ("ROUND(2.675,2)", 2.68),  # half-up on the decimal value, not binary
        ("ROUND(A1/A2*100,2)", 60.0),
        ("ABS(-3)", 3.0),
        ("MIN(A1:A2)", 1.5),
        ("MAX(A1:A2)", 2.5),
        ("A4+1", 1.0),  # an empty cell is 0 in arithmetic
        ("'收入 情况'!D5*2", 1845.14),
        ("收入情况!D5+1", 11.0),
        ("$A$1+$A2", 4.0),
        ("50%", 0.5),
        ("2^3", 8.0),
        ('IF(B1=0,"",A1/B1)', ""),  # lazy: the division by zero is never evaluated
        ('IF(OR(A4="",B1=0),"",ROUND(A2/A1*100,2))', ""),
        ('IF(OR(A1="",A2="",A2=0),"",ROUND(A1/A2*100,2))', 60.0),
        ("IF(A1>A2,1,2)", 2.0),
        ("IFERROR(A1/B1,0)", 0.0),
        ('A3&"!"', "text!"),
        ("AND(TRUE,A1>1)", True),
        ("1E2+1", 101.0),
    ],
)
def test_evaluate(formula: str, value: Any) -> None:
    result = evaluate(formula, "S", lookup)
    assert result == pytest.approx(value) if isinstance(value, float) else result == value


@pytest.mark.parametrize("formula", ["VLOOKUP(A1,B1:C3,2,FALSE)", "A3*2", "SUM(A1", "A1 A2", 'INDIRECT("A1")'])
def test_unsupported(formula: str) -> None:
    with pytest.raises(Unsupported):
        evaluate(formula, "S", lookup)


def test_division_by_zero_is_an_excel_error() -> None:
    with pytest.raises(ExcelError):
        evaluate("A1/B1", "S", lookup)


def test_translate_shifts_relative_references_only() -> None:
    assert translate("D5/$D$15*100", 1, 0) == "D6/$D$15*100"
    assert translate('SUM(B2:C3)&"A1"', 2, 1) == 'SUM(C4:D5)&"A1"'


def test_whole_columns_and_rows_use_the_cells_that_exist() -> None:
    def area(sheet: str, r1: int, c1: int, r2: int, c2: int) -> list[Any]:
        return [v for (s, r, c), v in CELLS.items() if s == sheet and r1 <= r <= r2 and c1 <= c <= c2]

    assert evaluate("SUM(A:A)", "S", lookup, area) == 4.0
    assert evaluate("SUM($A:$B)", "S", lookup, area) == 4.0
    assert evaluate("SUM(1:1)", "S", lookup, area) == 1.5
    assert evaluate("SUM(A1:A1048576)", "S", lookup, area) == 4.0
    with pytest.raises(Unsupported):
        evaluate("SUM(A:A)", "S", lookup)  # without an area lookup a whole column is refused
