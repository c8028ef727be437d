"""西部(重庆)科学城 融媒体中心: 部门整体绩效自评表 (2021).

重庆's department form: 部门预算执行情况 (年初预算数 | 全年(调整)预算数 | 全年执行数 | 执行率 | 执行率权重 |
执行率得分), 当年绩效目标 (年初 / 全年(调整) / 实际完成情况), then one flat indicator table: 指标名称 |
计量单位 | 指标性质 (定量指标/定性指标) | 年初指标值 | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) |
指标得分(分) | 是否核心指标. No 一级/二级 categories, no operator column. Blocks: 执行率 10 + 指标 90.
"""

from __future__ import annotations

from evaltool.template.data import IndicatorRow, Scoring, ScoringRow, SubmissionData
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="https://m.yzwku.com/doc/98587.html",
    title="部门整体绩效自评表 (融媒体中心, 2021)",
    publisher="西部(重庆)科学城 融媒体中心",
    province="重庆",
    year=2021,
    form="重庆 部门整体绩效自评表 (flat indicator list with 指标权重/指标得分/核心指标; 执行率 10 + 指标 90)",
    notes=(
        "单位编码 invented (CQKXC-RMT-2021). The stored copy is a text extraction of the .docx with damage: "
        "the form's 单位名称 / 主管部门 cells and the three money amounts do not survive (only 执行率 76%, "
        "权重 10, 得分 7.6 and 自评总分 97.6); the unit is named from its own goal text (保障融媒体中心…). "
        "Extraction garbles some cells: '≥' signs and digits are lost in '到0次', '第O份'; '26次' may be such "
        "a garble too; 'tot扁' is the unit 篇; '“三公经费' lost its closing quote; '性标定指' is 定性指标. These "
        "are typed as printed where a value survives and marked debatable. 指标性质 is a merged cell per block: "
        "repeated on each row. 调整指标值 is blank on every visible row (left out). The list stops after "
        "'业务保障能力提升' (the next row '公共服务…' is cut): the visible weights add to 70 of the 90. "
        "Indicators go to 整体绩效目标 (name, 指标性质, 年初指标值, unit, 全年完成值) and their weights and "
        "scores to 自评打分表 beside the 执行率 row, since template v1 has no score column for department "
        "indicators. No 一级/二级 on the form: left empty."
    ),
)

Q = "定量指标"
L = "定性指标"
# name, unit, 指标性质, 年初指标值, 全年完成值, 指标权重, 指标得分
INDICATORS: list[tuple[str, str, str, str, str, int, int]] = [
    ("财政供养人员控制率", "%", Q, "100%", "92%", 2, 2),
    ("“三公”经费变动率", "%", Q, "", "", 2, 2),
    ("基础信息完善", "%", Q, "100%", "100%", 1, 1),
    ("预算完成率", "%", Q, "70%", "76%", 2, 2),
    ("预算调整率", "%", Q, "3%", "0", 2, 2),
    ("结转结余率", "%", Q, "2%", "0", 2, 2),
    ("公用经费控制率", "%", Q, "100%", "97%", 2, 2),
    ("“三公”经费控制率", "%", Q, "", "", 2, 2),
    ("政府采购执行率", "%", Q, "100%", "72.74%", 2, 2),
    ("管理制度健全性", "", L, "高", "高", 3, 3),
    ("资金使用合规性", "", L, "好", "好", 5, 5),
    ("预决算信息公开性", "", L, "高", "高", 1, 1),
    ("资产管理安全", "", L, "好", "好", 2, 2),
    ("固定资产利用率", "%", Q, "90%", "100%", 2, 2),
    ("党性教育培训次数", "次", Q, "26次", "12次", 5, 5),
    ("组织宣传活动次数", "次", Q, "到0次", "43次", 10, 10),
    ("制作宣传品数量", "份", Q, "第O份", "20份", 5, 5),
    ("播发稿件数量", "篇", Q, "2200篇", "2859篇", 10, 10),
    ("业务保障能力提升", "%", Q, "90%", "95%", 10, 10),
]

GOAL = (
    "通过整合各级各类媒体、户外广告载体、宣传宣讲活动等,为建设成渝地区双城经济圈和西部(重庆)重庆科学城营造良好氛围。"
    "保障融媒体中心正常人事基础/日常运转,有效承担西部(重庆)科学城新闻宣传管理,思想文化领域建设等工作。"
)


def data() -> SubmissionData:
    """The form as far as the copy shows it."""
    scoring = [ScoringRow("部门预算执行情况", "", "执行率", 10, None, 7.6, "")]
    scoring += [
        ScoringRow("绩效指标", "", name, weight, None, score, "") for name, _, _, _, _, weight, score in INDICATORS
    ]
    return SubmissionData(
        basic={
            "unit_name": "西部(重庆)科学城融媒体中心",
            "unit_code": "CQKXC-RMT-2021",
            "year": 2021,
            "money_unit": "万元",
            "annual_goal": GOAL,
            "self_score": 97.6,
        },
        scoring=Scoring(rows=scoring),
        dept_indicators=[
            IndicatorRow("", "", name, nature, target, unit, actual, "")
            for name, unit, nature, target, actual, _, _ in INDICATORS
        ],
    )


UNPLACED: dict[str, str] = {
    "部门联系人": "曾雪莲",
    "财政处室": "(blank)",
    "执行率 (%)": "76%",
    "年初绩效目标": "无",
    "全年(调整)绩效目标": GOAL,
    "全年目标实际完成情况": (
        "中心2021年较好地完成了履职任务,有效开展了西部(重庆)科学城新闻宣传管理/思想文化领域建设等工作,"
        "为建设成渝地区双城经济圈和西部(重庆)重庆科学城营造了良好氛围。"
    ),
    "调整指标值": "(blank on every visible row)",
    "得分系数(%)": "100% on every visible row",
    "是否核心指标": "是: 预算完成率, 结转结余率, 公用经费控制率, 政府采购执行率, 党性教育培训次数, 组织宣传活动次数, "
    "播发稿件数量; 否: the others",
}

# 整体绩效目标 rows 5 … 23 (INDICATORS in order); 自评打分表 row 5 = 执行率, rows 6 … 24 = INDICATORS.
VERDICT = Verdict(
    faults=(
        Mark("整体绩效目标!G6", "“三公”经费变动率: no target, no actual, yet full weight scored"),
        Mark("整体绩效目标!G12", "“三公”经费控制率: no target, no actual, yet full weight scored"),
        Mark("整体绩效目标!G13", "政府采购执行率 72.74 % against 100 %: missed, no reason given"),
        Mark("自评打分表!F14", "政府采购执行率 scored its full 2 points although the target was missed"),
        Mark("自评打分表!G5", "执行率 76 %: 2.4 of 10 points lost, 备注 empty, no reason for the unspent quarter"),
    ),
    right=(
        Mark("整体绩效目标!G5", "财政供养人员控制率 92 % within a 100 % ceiling: met"),
        Mark("整体绩效目标!G7", "基础信息完善 100 % of 100 %: met"),
        Mark("整体绩效目标!G8", "预算完成率 76 % against 70 %: met"),
        Mark("整体绩效目标!G9", "预算调整率 0 under a 3 % ceiling: met (lower is better)"),
        Mark("整体绩效目标!G10", "结转结余率 0 under a 2 % ceiling: met (lower is better)"),
        Mark("整体绩效目标!G11", "公用经费控制率 97 % within 100 %: met"),
        Mark("整体绩效目标!G14", "管理制度健全性 高 → 高: met"),
        Mark("整体绩效目标!D14", "定性指标 is the form's own 指标性质 for a qualitative indicator"),
        Mark("整体绩效目标!G18", "固定资产利用率 100 % against 90 %: met"),
        Mark("整体绩效目标!G22", "播发稿件数量 2859 篇 against 2200 篇: met"),
        Mark("整体绩效目标!G23", "业务保障能力提升 95 % against 90 %: met"),
        Mark("自评打分表!F5", "执行率得分 7.6 = 76 % × 10, the form's rule"),
    ),
    debatable=(
        Mark(
            "整体绩效目标!D5",
            "'定量指标' is 重庆's 指标性质 (quantitative), not an operator; direction implied by the name",
        ),
        Mark("整体绩效目标!A5", "no 一级/二级 categories: 重庆's form has none"),
        Mark(
            "整体绩效目标!19", "党性教育培训次数 '26次' → 12次: missed if 26 is right, but '26' may be a garbled '≥6'"
        ),
        Mark("整体绩效目标!20", "组织宣传活动次数 target garbled in the copy ('到0次')"),
        Mark("整体绩效目标!21", "制作宣传品数量 target garbled in the copy ('第O份')"),
        Mark("基本情况!B22", "自评总分 97.6: the copy lacks 20 points of indicator rows, so the sum cannot be checked"),
    ),
)
