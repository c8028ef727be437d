"""Small workbooks built in the test, cell by cell, with openpyxl (no binary fixtures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASIC_ROWS: list[list[Any]] = [
    ["项目", "内容"],
    ["单位名称", "测试单位"],
    ["单位编码", "T-001"],
    ["评价年度", 2024],
    ["金额单位", "万元"],
]
BREAKDOWN_HEADER = ["序号", "科目编码", "科目名称", "金额", "占比（%）", "备注"]
INDICATOR_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "实际完成值",
    "偏差原因及改进措施",
]
SCORING_HEADER = ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "自评得分", "备注"]


@dataclass(frozen=True)
class C:
    """A cell with a number format (``C(0.6225, "0.00%")``)."""

    value: Any
    fmt: str


def make_book(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    meta: bool = True,
    hidden: Sequence[str] = (),
    merges: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write ``{sheet: rows}``; a row is a list of values (None = empty, ``C`` = formatted, "=..." = formula)."""
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, C):
                    cell.value = value.value
                    cell.number_format = value.fmt
                else:
                    cell.value = value
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    if meta:
        ws = wb.create_sheet("_meta")
        ws.append(["template", "evaltool-selfeval"])
        ws.append(["version", 1])
        ws.sheet_state = "hidden"
    wb.save(path)
    return path


def income_book(path: Path, rows: Sequence[Sequence[Any]], *, above: int = 2, **kw: Any) -> Path:
    """基本情况 plus a 收入情况 table whose header sits ``above`` rows below a title (data from row above+2)."""
    title: list[list[Any]] = [["收入情况表"]] + [[] for _ in range(above - 1)]
    return make_book(path, {"基本情况": BASIC_ROWS, "收入情况": [*title, BREAKDOWN_HEADER, *rows]}, **kw)
