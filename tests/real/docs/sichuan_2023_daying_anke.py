"""大英县司法局, 部门预算项目支出绩效自评表（2023年度）: 2023年全县安可替代补助资金项目 (budget block)."""

from __future__ import annotations

from evaltool.template import ProjectRow, SubmissionData
from tests.real.forms import SICHUAN_EXECUTION_REASON_HELP, project_card
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="https://dyxrmt.cn/article-157795-21.html",
    title="部门预算项目支出绩效自评表（2023年度） 51092324T000010263357-2023年全县安可替代补助资金项目",
    publisher="大英县司法局 (page 21 of its 2023 决算 on the 大英县融媒体 site)",
    province="四川",
    year=2023,
    form="四川 部门预算项目支出绩效自评表",
    notes=(
        "The excerpt holds the card's head, 项目基本情况 and the whole 预算执行情况 block, then ends inside the "
        "first 绩效指标 row ('产出指标 | 质量指标 | 完成安可产品购买并按要求支付资金 | = | 100 |'). Only the budget "
        "block is transcribed; the indicator block is left out (its 度量单位, 完成值, 权重, 得分 are unknown) and "
        "the verdict makes no claim about indicators. 总额 row → 项目支出 as printed (年初预算 0.00, 调整后 3.36, "
        "执行 3.36, '100.00%', 权重 10, 得分 10, 原因 = the printed help text). 单位编码 invented (h13a-sc-dy-sfj)."
    ),
)

PROFILE = "sichuan"

PROJECT = "51092324T000010263357-2023年全县安可替代补助资金项目"

UNPLACED: dict[str, str] = {
    "项目年度目标": "根据要求购买安可设备,并完成项目资金支付。",
    "年度目标完成情况": "完成",
    "项目实施内容及过程概述": "2023年购买13台安可电脑,并于12月前完成资金支付。",
    "其中:财政资金 (年初/调整后/执行/执行率)": "0.00 / 3.36 / 3.36 / 100.00%",
    "财政专户管理资金": "0.00 / 0.00 / 0.00 / 0.00%",
    "单位资金": "0.00 / 0.00 / 0.00 / 0.00%",
    "其他资金": "",
    "绩效指标(90分), first row": "产出指标 | 质量指标 | 完成安可产品购买并按要求支付资金 | = | 100 | (excerpt ends)",
}


def data() -> SubmissionData:
    return project_card(
        {
            "unit_name": "大英县司法局",
            "unit_code": "h13a-sc-dy-sfj",
            "department": "大英县司法局部门",
            "year": 2023,
        },
        ProjectRow(PROJECT, None, 0.00, 3.36, 3.36, "100.00%", 10, 10, SICHUAN_EXECUTION_REASON_HELP),
    )


# 项目支出 row 5: C 年初预算数, D 全年预算数, E 全年执行数, F 执行率, G 分值, H 得分, I 备注.
VERDICT = Verdict(
    faults=(
        Mark(
            "项目支出!I5",
            "budget added mid-year (年初 0.00 → 3.36) and the form asks for the reason; the cell holds only the "
            "form's own printed instructions",
        ),
    ),
    right=(
        Mark("项目支出!C5", "年初预算 0.00: a project added during the year"),
        Mark("项目支出!D5", "调整后预算数 3.36"),
        Mark("项目支出!E5", "执行数 3.36 within budget"),
        Mark("项目支出!F5", "执行率 100.00% = 3.36 / 3.36"),
        Mark("项目支出!G5", "分值 10: the 四川 form's 预算执行情况（10分）"),
        Mark("项目支出!H5", "full 10 for 100 % execution"),
    ),
)
