"""What provincial forms print in their cells, and how a one-project card goes into template v1."""

from __future__ import annotations

from evaltool.template import Breakdown, ProjectIndicatorRow, ProjectRow, Projects, SubmissionData

# 四川 部门预算项目支出绩效自评表, 预算执行情况 block, the 原因 cell as printed (units leave it in).
SICHUAN_EXECUTION_REASON_HELP = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


def project_card(
    basic: dict[str, str | int],
    project: ProjectRow,
    indicators: list[ProjectIndicatorRow] | None = None,
) -> SubmissionData:
    """A project card (项目支出绩效自评表) as template v1 holds it: 基本情况, one 项目支出 row without a
    合计 row, its 项目绩效指标; the department tables (收入情况, 支出情况) left out, as the card has none."""
    return SubmissionData(
        basic={"money_unit": "万元", **basic},
        income=Breakdown(with_total=False),
        expense=Breakdown(with_total=False),
        projects=Projects(rows=[project], with_total=False),
        project_indicators=list(indicators or []),
    )
