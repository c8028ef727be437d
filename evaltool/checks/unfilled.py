"""A self-evaluation never filled in: one finding (V511) instead of one V501 per empty cell.

The schemas report every empty 实际完成值 and every empty 得分 beside a 分值 as V501. When most
of those cells are empty the unit has not done its self-evaluation at all: fifty findings saying
the same thing bury everything else, so they are folded into one V511 that names every empty
cell (each is still coloured in the annotated copy; no finding is dropped, only merged).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from evaltool.catalogue import ERROR, Hit, declare, hit
from evaltool.layout import TABLES, Kind

CODE: Final = "V511"
# The headers of the cells a self-evaluation fills in: 实际完成值; 得分 (项目), 自评得分 (打分表).
ACTUAL_COLUMNS: Final = frozenset({TABLES[k].column("actual").header for k in (Kind.DEPT_INDICATORS,)})
SCORE_COLUMNS: Final = frozenset(
    {TABLES[k].column("score").header for k in (Kind.PROJECT_INDICATORS, Kind.PROJECTS, Kind.SCORING)}
)
MOSTLY: Final = 0.5  # more than half of the cells empty: not filled in
MIN_EMPTY: Final = 3  # fewer empty cells are reported one by one

declare(
    CODE,
    "self-evaluation-not-filled",
    ERROR,
    group="表格数据 / schema",
    message_zh="自评未完成：{empty} 个应填的实际完成值或得分单元格（共 {total} 个）为空",
    message_en="self-evaluation not filled in: {empty} of the {total} actual values and scores are empty",
    hint_zh="逐项填写实际完成值和得分后再提交（空单元格已全部标出）",
    hint_en="fill in every actual value (实际完成值) and score (得分) before submitting; every empty cell is marked",
    doc="""Reports a workbook whose actual values or scores are mostly empty, once.

    Counted: 实际完成值 of every indicator row (整体绩效目标, 项目绩效指标), 得分 beside a 分值
    (项目绩效指标, 项目支出) and 自评得分 of the 自评打分表 (扣分项 aside). When more than half
    of the actual values, or more than half of the scores, are empty (at least three cells), the
    V501 findings on all empty actual values and scores are folded into this one finding, which
    names every empty cell (each is coloured in the annotated copy); otherwise each stays a V501.

    Why it matters: a self-evaluation with no results and no scores has not been done; the
    reviewer needs one clear verdict, not fifty findings. Example: every 实际完成值 and 得分
    blank -> one finding; one blank 实际完成值 -> V501 on that cell.""",
)


def _empty(found: list[tuple[str, Hit]], columns: frozenset[str]) -> list[Hit]:
    return [h for code, h in found if code == "V501" and h.params.get("column") in columns]


def fold(found: Iterable[tuple[str, Hit]], actuals: int, scores: int) -> Iterator[tuple[str, Hit]]:
    """``found`` as it is, or with its empty actual values and scores folded into one V511.

    ``actuals`` / ``scores``: how many 实际完成值 / 得分 cells the workbook must fill.
    """
    found = list(found)
    empty_actuals, empty_scores = _empty(found, ACTUAL_COLUMNS), _empty(found, SCORE_COLUMNS)
    mostly = len(empty_actuals) > actuals * MOSTLY or len(empty_scores) > scores * MOSTLY
    folded = {id(h) for h in (*empty_actuals, *empty_scores)}
    if len(folded) < MIN_EMPTY or not mostly:
        yield from found
        return
    # Sheet by sheet (as found), row by row: shown at the first empty cell.
    empty = [h.cells[0] for _, h in found if id(h) in folded]
    sheets = list(dict.fromkeys(c.sheet for c in empty))
    empty.sort(key=lambda c: (sheets.index(c.sheet), c.row, c.col))
    yield from ((code, h) for code, h in found if id(h) not in folded)
    yield CODE, hit(*empty, empty=len(empty), total=actuals + scores)
