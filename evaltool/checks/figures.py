"""The key figures of a report, computed in their own engine step whatever rules are enabled.

``money_unit``, 收入/支出合计, the projects' totals, the recomputed 自评总分 and its grade
go into the JSON, the batch summary and the console. They used to be a side effect of the
rules that also checked them, so ``disable = ["S405"]`` silently dropped them; here they
depend only on the submission and the settings.
"""

from __future__ import annotations

from typing import Any

from evaltool.checks import access as ax
from evaltool.checks import indicator_logic as il
from evaltool.checks.context import Context
from evaltool.checks.money_logic import money_figures
from evaltool.checks.rounding import as_float
from evaltool.checks.rules.scores import scoring_tree


def compute(ctx: Context) -> dict[str, Any]:
    """The figures in report order: money unit, money totals, recomputed score and grade, self score."""
    sub = ctx.submission
    figures: dict[str, Any] = {"money_unit": sub.value("money_unit")}
    figures.update(money_figures(ctx))
    tree = scoring_tree(ctx)
    if tree is not None:
        recomputed = as_float(tree.recomputed, 4) if tree.score_cells else None
        figures["recomputed_score"] = recomputed
        reported = ax.number(sub.value("self_score"))
        basis = reported if reported is not None else recomputed
        if basis is not None:
            figures["grade"] = il.grade_of(float(basis), ctx.settings.grades)
    figures["self_score"] = sub.value("self_score")
    return figures
