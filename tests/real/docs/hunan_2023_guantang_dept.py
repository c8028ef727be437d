"""衡山县贯塘乡人民政府: 2023年度部门整体支出绩效自评表 (附件二 of its 2023 决算公开), with 附件一.

湖南's department form: 年度预算申请 (年初预算数 | 全年预算数 | 全年执行数 | 分值 10 | 执行率 | 自评得分),
the money split 按收入性质 and 按支出性质 side by side, 年度总体目标, then the indicator table. 附件一
(部门整体支出绩效评价基础数据表) gives 编制数 / 实际在职人数 / 控制率 and 经费控制情况.
"""

from __future__ import annotations

from evaltool.template.data import Breakdown, BreakdownRow, Scoring, ScoringRow, SubmissionData
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="http://www.hengshan.gov.cn/xzxxgk/gtx/fdzdgknr/czxx/20240914/i3455515.html",
    title="2023年贯塘乡人民政府决算编制说明 (附件一 基础数据表, 附件二 部门整体支出绩效自评表)",
    publisher="衡山县贯塘乡人民政府",
    province="湖南",
    year=2023,
    form="湖南 部门整体支出绩效自评表 (年度预算申请 10 分 + 年度绩效指标; 按收入性质/按支出性质)",
    notes=(
        "单位编码 411001 as the page prints it ('411001-衡山县贯塘乡人民政府'). The stored copy stops inside "
        "年度总体目标 ('…服务市场主体和营造发展'): the goal is typed as far as it goes and no indicator row "
        "or 总分 is visible. 按收入性质分 → 收入情况 (一般公共预算 1325.68, 政府性基金拨款 118.82, 纳入专户管理的"
        "非税收入拨款 blank, 其他资金 585.62; 合计 2030.12 typed as printed); 按支出性质分 → 支出情况 (基本支出 "
        "900.47, 项目支出 1025.20; 合计 1925.67 typed). These are splits by nature, not by 功能分类 科目, the only "
        "splits the form gives. The 10-point 执行率 block → 自评打分表 (one row). 编制数 46 / 实际在职人数 50 "
        "from 附件一. 财政拨款 is not printed as one figure: left empty."
    ),
)

GOAL = "搞好政府各职能部门完成的工作任务监督,服务市场主体和营造发展"


def data() -> SubmissionData:
    """The visible part of the form."""
    return SubmissionData(
        basic={
            "unit_name": "衡山县贯塘乡人民政府",
            "unit_code": "411001",
            "year": 2023,
            "money_unit": "万元",
            "staff_quota": 46,
            "staff_actual": 50,
            "total_funds": 2030.12,
            "other_funds": 585.62,
            "annual_goal": GOAL,
        },
        income=Breakdown(
            rows=[
                BreakdownRow("一般公共预算", 1325.68),
                BreakdownRow("政府性基金拨款", 118.82),
                BreakdownRow("纳入专户管理的非税收入拨款", ""),
                BreakdownRow("其他资金", 585.62),
            ],
            total=2030.12,
        ),
        expense=Breakdown(
            rows=[BreakdownRow("基本支出", 900.47), BreakdownRow("项目支出", 1025.20)],
            total=1925.67,
        ),
        scoring=Scoring(rows=[ScoringRow("年度预算申请", "", "执行率", 10, None, 10, "")]),
    )


UNPLACED: dict[str, str] = {
    "年度资金总额 年初预算数": "861.10",
    "年度资金总额 全年预算数": "2030.12",
    "年度资金总额 全年执行数": "2030.12",
    "年度资金总额 执行率": "100%",
    "年度总体目标 实际完成情况": "(not visible in the stored copy)",
    "附件一 财政供养人员控制率": "108.70%",
    "附件一 三公经费 (2022决算 / 2023预算 / 2023决算)": "0 / 0 / 0",
    "附件一 项目支出 (2022决算 / 2023预算 / 2023决算)": "874.20 / 308.17 / 1025.20",
    "附件一 公用经费 (2022决算 / 2023预算 / 2023决算)": "118.31 / 85.76 / 193.42",
    "附件一 其中:办公经费": "29.35 / 27.00 / 49.09",
    "附件一 水费、电费、差旅费": "8.80 / 13.00 / 12.64",
    "附件一 会议费、培训费": "4.92 / 3.00 / 5.42",
}

# 收入情况 rows 5-8, 合计 9; 支出情况 rows 5-6, 合计 7; 自评打分表 row 5.
VERDICT = Verdict(
    faults=(
        Mark(
            "自评打分表!F5",
            "执行率 100 % and full 10 points: 全年执行数 restates the budget 2030.12, but the unit's own 按支出性质 "
            "total is 1925.67 (94.9 %)",
        ),
    ),
    right=(
        Mark("收入情况!D9", "2030.12 = 1325.68 + 118.82 + 585.62"),
        Mark("支出情况!D7", "1925.67 = 900.47 + 1025.20"),
        Mark("收入情况!D5", "一般公共预算 1325.68 as printed"),
        Mark("支出情况!D6", "项目支出 1025.20, agrees with 附件一's 2023 决算数"),
        Mark("基本情况!B18", "整体支出预算资金总额 2030.12 = the income split's total"),
    ),
    debatable=(
        Mark("支出情况!D5", "income 2030.12 vs expenditure 1925.67: 104.45 left, the form has no 结转结余 line"),
        Mark("基本情况!B19", "财政拨款 not printed as one figure (1325.68 + 118.82 = 1444.50)"),
        Mark(
            "基本情况!B11",
            "实有 50 against 编制 46 (控制率 108.70 %): a staffing fact the reviewer notes, no form error",
        ),
        Mark("自评打分表!D5", "only the 10-point 执行率 block is visible; the indicator table is cut off"),
    ),
)
