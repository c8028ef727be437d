"""Text that provincial forms print in their cells, shared by the documents that kept it."""

from __future__ import annotations

# 四川 部门预算项目支出绩效自评表, 预算执行情况 block, the 原因 cell as printed (units leave it in).
SICHUAN_EXECUTION_REASON_HELP = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)
