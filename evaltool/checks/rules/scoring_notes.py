"""Rule S410: a 自评打分表 row that lost points needs a reason in its 备注 (like an indicator, I311)."""

from __future__ import annotations

from collections.abc import Iterator

from evaltool.catalogue import WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks.context import Context
from evaltool.checks.reasons import is_reason
from evaltool.layout import Kind

G = "评分 / scores"


@rule(
    "S410",
    "scoring-row-docked-without-reason",
    WARNING,
    group=G,
    message_zh="“{name}”{why}，但备注中没有说明原因",
    message_en="{name!r}: {why_en} ({why}), with no reason in 备注",
    hint_zh="在备注中写明扣分的原因和改进措施",
    hint_en="write in 备注 why the points were lost and what will be done about it",
)
def docked_without_reason(ctx: Context) -> Iterator[Hit]:
    """Checks that a 自评打分表 row scored below its 分值 (or a 扣分项 row deducting points) has a reason.

    The same fault as an indicator docked without a reason (I311): the reviewer reads why points
    were lost. A placeholder (无, /, 见附件 alone) or printed help text is no reason
    (``checks/reasons.py``). Scores truncated from full marks are not below. Example: 预算编制质量
    分值 8, 自评得分 6, 备注 empty -> finding; 备注 "年初预算编制不够细化" -> none.
    """
    table = ctx.table(Kind.SCORING)
    if table is None or "note" not in table.columns or "score" not in table.columns:
        return
    for r in ax.rows(table):
        points, score = ax.number_at(table, r, "points"), ax.number_at(table, r, "score")
        if score is None or is_reason(ax.value_at(table, r, "note")):
            continue
        shown = il.Figure(score, ax.places_at(table, r, "score"))
        if il.bare(ax.value_at(table, r, "level1")).startswith("扣分"):  # also 三、扣分项
            if shown.exact <= 0:
                continue
            why, why_en = f"扣分 {score}", f"{score} points deducted"
        elif points is not None and il.scored_below(shown, il.Figure(points)):
            why, why_en = f"得分 {score} 低于分值 {points}", "scored below its points"
        else:
            continue
        name = ax.text(ax.value_at(table, r, "level3")) or ax.text(ax.value_at(table, r, "level2")) or "?"
        # The missing 备注 is at fault; the score may be docked rightly (76 % executed: 7.6 of 10).
        yield hit(table.ref(r, "note"), related=[table.ref(r, "score")], name=name, why=why, why_en=why_en)
