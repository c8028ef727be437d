"""廊坊市食品工程学校: 项目支出绩效自评表 (2019年度), 办公宿舍楼、食堂及餐厅暖通改造经费.

Transcribed from the stored copy of the school's published card. The 2019 national project form:
执行率 10 + 产出 50 + 效益 30 + 满意度 10, one 年度指标值 cell per indicator (no 指标性质 / 度量单位
columns), the form's own "指标1 / 指标2 / ……" placeholders left in the names.
"""

from __future__ import annotations

from evaltool.template.data import ProjectIndicatorRow, ProjectRow, Projects, SubmissionData
from tests.real.verdict import Mark, Source, Verdict

# The printed blocks: 执行率 10 + 产出 50 + 效益 30 + 满意度 10.
PROFILE = "national"

SOURCE = Source(
    url="http://www.lfsp.cn/newsinfo/1158053.html",
    title="办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表(修改)",
    publisher="廊坊市食品工程学校",
    province="河北",
    year=2019,
    form="national project form, 2019 layout (项目支出绩效自评表: 年度指标值 one cell, 指标1/指标2 placeholders)",
    notes=(
        "单位编码 invented (LFSP-2019). The card's 年度指标值 is one cell: typed whole into 指标值, 指标性质 and "
        "度量单位 left empty as printed (the card gives neither). 偏差原因 kept as printed: empty, or '0'. The "
        "form's empty placeholder rows ('指标2', '……', and 生态效益指标 '指标1' with no values) are left out; "
        "every row holding a value is transcribed. The stored copy stops after 满意度 '指标2' (empty), so the "
        "card's 总分 line is not visible. 年初预算数 = 全年预算数 = 43.2 (年度资金总额 row; 其中 当年财政拨款 "
        "repeats 43.2 / 43.2 / 37.24)."
    ),
)

_P = "办公宿舍楼、食堂及餐厅暖通改造经费"


def data() -> SubmissionData:
    """The card as printed."""
    rows = [
        (
            "产出指标",
            "数量指标",
            "指标1工程资金金额",
            43.2,
            37.24,
            10,
            9,
            "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。",
        ),
        ("产出指标", "质量指标", "指标1工程完工率", 100, 100, 10, 10, ""),
        ("产出指标", "质量指标", "指标2工程验收合格率", 100, 100, 10, 10, ""),
        ("产出指标", "时效指标", "指标1项目完成及时率", 100, 100, 10, 10, ""),
        ("产出指标", "成本指标", "指标1成本控制率", 100, 100, 10, 10, ""),
        ("效益指标", "经济效益指标", "指标1安全率", 100, 100, 10, 10, "0"),
        ("效益指标", "社会效益指标", "指标1学校发展能力", 100, 100, 10, 10, "0"),
        ("效益指标", "可持续影响指标", "指标1长期使用性", 100, 100, 10, 10, ""),
        ("满意度指标", "服务对象满意度指标", "指标1学生满意度", 100, 100, 10, 10, "0"),
    ]
    return SubmissionData(
        basic={
            "unit_name": "廊坊市食品工程学校",
            "unit_code": "LFSP-2019",
            "department": "廊坊市发改委",
            "year": 2019,
            "money_unit": "万元",
        },
        projects=Projects(
            rows=[ProjectRow(_P, initial_budget=43.2, budget=43.2, spent=37.24, rate="86%", points=10, score=9)]
        ),
        project_indicators=[
            ProjectIndicatorRow(_P, l1, l2, l3, "", target, "", actual, points, score, reason)
            for l1, l2, l3, target, actual, points, score, reason in rows
        ],
    )


UNPLACED: dict[str, str] = {
    "实施单位": "廊坊市食品工程学校",
    "其中:当年财政拨款 (年初/全年/执行)": "43.2 / 43.2 / 37.24",
    "上年结转资金": "(blank)",
    "其他资金": "(blank)",
    "年度总体目标 预期目标": "43.2",
    "年度总体目标 实际完成情况": "37.24",
    "总分": "(not visible in the stored copy)",
}

# Project row 5; indicator rows 5 (工程资金金额) … 13 (学生满意度).
VERDICT = Verdict(
    faults=(
        Mark("项目支出!H5", "执行率得分 9: 37.24/43.2 = 86.2 %, × 10 = 8.6; rounded up to a whole point"),
        Mark("项目绩效指标!C5", "工程资金金额 43.2 → 37.24 is the budget restated as a 数量指标 (money as output)"),
        Mark("项目绩效指标!C10", "安全率 filed under 经济效益指标: safety is no economic benefit (misfiled)"),
        Mark("项目绩效指标!F11", "学校发展能力 '100' → '100': a capability with a bare number, not measurable"),
        Mark("项目绩效指标!F12", "长期使用性 '100' → '100': not measurable, restates nothing observable"),
    ),
    right=(
        Mark("项目支出!D5", "全年预算数 43.2 agrees with 其中 当年财政拨款"),
        Mark("项目支出!E5", "全年执行数 37.24 agrees with 其中 当年财政拨款"),
        Mark("项目支出!F5", "'86%' is 37.24/43.2 = 86.2 % printed to whole percent"),
        Mark("项目支出!G5", "执行率 分值 10 as the national form prints it"),
        Mark("项目绩效指标!K5", "a real reason for the docked point (3 % 尾款 unpaid, ceiling price below budget)"),
        Mark("项目绩效指标!J6", "工程完工率 100 → 100, full score is right"),
        Mark("项目绩效指标!J7", "工程验收合格率 100 → 100, full score is right"),
        Mark("项目绩效指标!I5", "产出 50 = 10+10+10+10+10, 效益 30, 满意度 10, 执行 10: the national blocks hold"),
    ),
    debatable=(
        Mark("项目绩效指标!F6", "'100' without % or operator: the 2019 card has one 年度指标值 cell; meaning clear"),
        Mark("项目绩效指标!J5", "9 of 10 for 86 % of the money: proportional would be 8.6; a reason is given"),
        Mark("项目绩效指标!K10", "'0' as 偏差原因 on a met target: no reason needed, the '0' is noise"),
        Mark("项目绩效指标!13", "学生满意度 100 → 100 with no survey named: the card has no place to name one"),
    ),
)
