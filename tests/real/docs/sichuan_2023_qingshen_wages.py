"""青神县发展和改革局, 部门预算项目支出绩效自评表（2023年度）: 工资性支出 — published unfilled."""

from __future__ import annotations

from evaltool.template import ProjectIndicatorRow, ProjectRow, SubmissionData
from tests.real.forms import SICHUAN_EXECUTION_REASON_HELP, project_card
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="https://www.scqs.gov.cn/info/13206/211004.htm",
    title="部门预算项目支出绩效自评表（2023年度）51000021R000000019951-工资性支出",
    publisher="青神县发展和改革局（眉山市青神县人民政府网站）",
    province="四川",
    year=2023,
    form="四川 部门预算项目支出绩效自评表 (报表编号 510000_0013zp)",
    notes=(
        "Transcribed from the page text as the search excerpt gives it (the whole card). 总额 row → 项目支出 "
        "(年初预算 → 年初预算数, 调整后预算数 → 全年预算数, 预算执行数 → 全年执行数, 预算执行率 as printed "
        "'100.00%', 权重 → 分值, 得分 blank as printed, 原因 → 备注 with the printed help text). 绩效指标 rows "
        "→ 项目绩效指标 (权重 → 分值, 完成值 → 实际完成值, 未完成原因分析 → 偏差原因; blanks kept). The "
        "form prints 预算执行情况（10分）+ 绩效指标（90分）, so no 满意度 row is required by the form. Punctuation "
        "as the excerpt shows it (it may have normalised full-width forms). 单位编码 invented (h13a-sc-qs-fgj)."
    ),
)

PROFILE = "sichuan"  # 预算执行情况（10分）+ 绩效指标（90分）, the split of the 90 left to the unit

PROJECT = "51000021R000000019951-工资性支出"

UNPLACED: dict[str, str] = {
    "报表编号": "510000_0013zp",
    "项目年度目标": "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。",
    "年度目标完成情况": "对照年度目标,说明相关任务目标的完成情况(100字以内)",
    "项目实施内容及过程概述": "",
    "其中:财政资金 (年初/调整后/执行/执行率)": "238.93 / 251.89 / 251.89 / 100.00%",
    "财政专户管理资金": "0.00 / 0.00 / 0.00 / 0.00%",
    "单位资金": "0.00 / 0.00 / 0.00 / 0.00%",
    "其他资金": "",
    "合计 (权重/得分)": "100 / ",
    "评价结论": "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)",
    "存在问题": "结合自评情况,分析存在的问题及原因。(200字以内)",
    "改进措施": "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)",
    "项目负责人": "",
    "财务负责人": "",
}


def data() -> SubmissionData:
    r = ProjectIndicatorRow
    return project_card(
        {
            "unit_name": "青神县发展和改革局",
            "unit_code": "h13a-sc-qs-fgj",
            "department": "青神县发展和改革局本级",
            "year": 2023,
        },
        ProjectRow(PROJECT, None, 238.93, 251.89, 251.89, "100.00%", 10, "", SICHUAN_EXECUTION_REASON_HELP),
        [
            r(PROJECT, "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", "", 60, "", ""),
            r(PROJECT, "效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", "", 30, "", ""),
        ],
    )


# Sheet 项目支出: header row 4, the project on row 5 (A 名称 … F 执行率, G 分值, H 得分, I 备注).
# Sheet 项目绩效指标: rows 5–6 (E 指标性质, F 指标值, G 度量单位, H 实际完成值, I 分值, J 得分, K 偏差原因).
VERDICT = Verdict(
    faults=(
        Mark("项目绩效指标!H5", "实际完成值 blank: the self-evaluation was never filled in"),
        Mark("项目绩效指标!J5", "得分 blank beside 分值 60"),
        Mark("项目绩效指标!H6", "实际完成值 blank"),
        Mark("项目绩效指标!J6", "得分 blank beside 分值 30"),
        Mark("项目支出!H5", "预算执行 得分 blank beside 分值 10"),
        Mark(
            "项目支出!I5",
            "budget raised mid-year 238.93 → 251.89 and the form asks for the reason; the cell holds only the "
            "form's own printed instructions",
        ),
    ),
    right=(
        Mark("项目支出!D5", "调整后预算数 251.89 is the 全年预算数"),
        Mark("项目支出!E5", "执行数 251.89 within budget"),
        Mark("项目支出!F5", "执行率 100.00% = 251.89 / 251.89"),
        Mark("项目支出!G5", "分值 10: the 四川 form's 预算执行情况（10分）"),
        Mark("项目绩效指标!I5", "分值 60 of the 四川 form's 绩效指标（90分）"),
        Mark("项目绩效指标!I6", "分值 30; 60 + 30 = 90 as the form prints"),
        Mark("项目绩效指标!E5", "指标性质 '=' is a valid operator"),
        Mark("项目绩效指标!F5", "指标值 100 with 度量单位 %"),
    ),
    debatable=(
        Mark("项目绩效指标!C5", "a coverage rate (%) filed as 数量指标; common on 四川 wage cards, arguably 质量指标"),
        Mark("项目绩效指标!C6", "no 满意度 indicator: the 四川 form does not require one; national weights would"),
    ),
)
