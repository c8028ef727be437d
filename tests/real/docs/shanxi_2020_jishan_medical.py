"""稷山县医疗保险服务中心: 稷山县项目支出绩效自评表 (2020年度), 建档立卡个人缴费县级配套资金.

The national project form: 执行率 10 + 产出 50 + 效益 30 + 满意度 10, one 年度指标值 cell, the form's
"指标1:" prefix left in the names, 总分 at the foot.
"""

from __future__ import annotations

from evaltool.template.data import ProjectIndicatorRow, ProjectRow, Projects, SubmissionData, Value
from tests.real.verdict import Mark, Source, Verdict

# The printed blocks: 执行率 10 + 产出 50 + 效益 30 + 满意度 10.
PROFILE = "national"

SOURCE = Source(
    url="https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html",
    title="建档立卡个人缴费县级配套绩效自评表.xlsx (稷山县项目支出绩效自评表 2020年度)",
    publisher="稷山县医疗保险服务中心 (主管部门 稷山县医疗保障局)",
    province="山西",
    year=2020,
    form="national project form (财预〔2020〕10号 layout, 年度指标值 one cell, '指标1:' prefixes)",
    notes=(
        "单位编码 invented (JSYB-2020). The stored copy is a text extraction of the unit's .xlsx, cells in "
        "reading order but columns interleaved; values were matched to rows by the form's order (成本 75元, "
        "社会效益 95%/30/27, 满意度 95%/10/9, 总分 100/94). The money row shows two amounts for the three "
        "columns 年初预算数 / 全年预算数 / 全年执行数: read as 全年预算数 65.66 and 全年执行数 65.07, "
        "年初预算数 left empty. Line breaks inside cells ('医 保统筹', '死亡 人员') joined. Targets typed "
        "whole into 指标值 as printed, 指标性质 / 度量单位 empty (the form has no such columns)."
    ),
)

_P = "建档立卡个人缴费县级配套资金"


def data() -> SubmissionData:
    """The card as printed."""
    rows: list[tuple[str, str, str, Value, Value, int, int, str]] = [
        ("产出指标", "数量指标", "指标1:全县参合人数", 8755, 8676, 15, 13, "建档立卡中有新增死亡人员,导致有偏差"),
        ("产出指标", "质量指标", "指标1:资金是否全部纳入医保统筹", "100%", "100%", 15, 15, ""),
        ("产出指标", "时效指标", "指标1:资金是否全部及时纳入", "100%", "100%", 10, 10, ""),
        ("产出指标", "成本指标", "指标1:配套资金每人每年", "75元", "75元", 10, 10, ""),
        ("效益指标", "社会效益指标", "指标1:是否解决建档立卡人员看病难贵问题", "95%", "95%", 30, 27, ""),
        ("满意度指标", "服务对象满意度指标", "指标1:是否满意", "95%", "95%", 10, 9, ""),
    ]
    return SubmissionData(
        basic={
            "unit_name": "稷山县医疗保险服务中心",
            "unit_code": "JSYB-2020",
            "department": "稷山县医疗保障局",
            "year": 2020,
            "money_unit": "万元",
        },
        projects=Projects(rows=[ProjectRow(_P, budget=65.66, spent=65.07, rate="99%", points=10, score=9)]),
        project_indicators=[
            ProjectIndicatorRow(_P, l1, l2, l3, "", target, "", actual, points, score, reason)
            for l1, l2, l3, target, actual, points, score, reason in rows
        ],
    )


UNPLACED: dict[str, str] = {
    "其中:当年财政拨款 (全年/执行/执行率)": "65.66 / 65.07 / 99%",
    "上年结转资金": "—",
    "其他资金": "—",
    "年度总体目标 预期目标": "提高医疗保障水平,推进因病致贫问题的根本性解决",
    "年度总体目标 实际完成情况": "提高医疗保障水平,推进了因病致贫问题的基本性 解决",
    "总分 (分值 / 得分)": "100 / 94",
}

# Project row 5; indicator rows 5 (参合人数) … 10 (是否满意).
VERDICT = Verdict(
    faults=(
        Mark("项目支出!H5", "执行率得分 9: 65.07/65.66 = 99.1 %, × 10 = 9.9; the score disagrees with the rate"),
        Mark("项目绩效指标!J9", "27 of 30 although the actual equals the target (95 %), and no reason for 3 points"),
        Mark("项目绩效指标!J10", "9 of 10 although the actual equals the target (95 %), and no reason"),
        Mark("项目绩效指标!D9", "'是否解决…问题' is a yes/no question scored as 95 %: nothing measurable"),
        Mark("项目绩效指标!D10", "'是否满意': whose satisfaction, measured how? Not an indicator"),
    ),
    right=(
        Mark("项目支出!D5", "全年预算数 65.66 agrees with 其中 当年财政拨款"),
        Mark("项目支出!E5", "全年执行数 65.07 agrees with 其中 当年财政拨款"),
        Mark("项目支出!F5", "'99%' is 65.07/65.66 = 99.1 % printed to whole percent"),
        Mark("项目支出!G5", "执行率 分值 10, the national block"),
        Mark("项目绩效指标!I5", "产出 15+15+10+10 = 50, 效益 30, 满意度 10: the national blocks hold"),
        Mark("项目绩效指标!K5", "a real reason for the missed count (new deaths among the enrolled)"),
        Mark("项目绩效指标!J6", "100 % of 100 %: full score right"),
        Mark("项目绩效指标!H8", "'75元' against '75元': met"),
        Mark("项目绩效指标!J8", "成本 met: full score right"),
    ),
    debatable=(
        Mark("项目绩效指标!J5", "13 of 15 for 99.1 % of the count: proportional is 14.9, but a reason is given"),
        Mark("项目绩效指标!F5", "a bare 8755 with no unit (人) and no operator: the 2020 card has one cell"),
    ),
)
