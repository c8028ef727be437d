"""丽江市古城区自然资源局, 2020年度项目支出绩效自评表: 省级自然资源卫片执法补助经费."""

from __future__ import annotations

from evaltool.template import ProjectIndicatorRow, ProjectRow, SubmissionData
from tests.real.forms import project_card
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="http://m.jjiadianqingjie.com.cn/changyong/13241.html",
    title="2020年云南省级自然资源卫片执法补助经费 (2020年度项目支出绩效自评表)",
    publisher="丽江市古城区自然资源局 (reposted 2021-06-28; the page names 微信公众号 yn2553 as its source)",
    province="云南",
    year=2020,
    form="national project form as 云南 prints it (指标性质 / 指标值 / 度量单位 in separate columns)",
    notes=(
        "Transcribed from the search excerpt (the page is in traditional characters; transcribed in simplified "
        "characters, operators exactly as printed: '﹦' U+FE66 on three rows, '≥' on two). 年度资金总额 row → "
        "项目支出 (执行率 as printed '100%'). The 项目名称 cell prints the form's own title "
        "('…补助经费支出绩效自评表') and is kept. The excerpt ends after the 满意度 row's 分值 10.00: its 得分, "
        "偏差原因 and anything after (总分, signatures) are unknown and left empty; the verdict makes no claim "
        "about them. 单位编码 invented (h13a-yn-lj-gc-zrzy)."
    ),
)

PROFILE = "national"  # 执行率 10 + 产出 50 + 效益 30 + 满意度 10 (the card's 分值 add up so)

PROJECT = "2020年省级自然资源卫片执法补助经费支出绩效自评表"

UNPLACED: dict[str, str] = {
    "其中:当年财政拨款 (年初/全年/执行/执行率)": "7.29 / 7.29 / 7.29 / 100%",
    "上年结转资金": "",
    "其他资金": "",
    "年度总体目标 预期目标": "自然资源卫片执法补助经费",
    "年度总体目标 实际完成情况": "自然资源卫片执法补助经费",
    "满意度 得分 and the rest of the card": "(excerpt ends after the 满意度 row's 分值)",
}


def data() -> SubmissionData:
    eq = "﹦"  # U+FE66 SMALL EQUALS SIGN, as printed
    r = ProjectIndicatorRow
    return project_card(
        {
            "unit_name": "丽江市古城区自然资源局",
            "unit_code": "h13a-yn-lj-gc-zrzy",
            "department": "丽江市自然资源和规划局",
            "year": 2020,
        },
        ProjectRow(PROJECT, None, 7.29, 7.29, 7.29, "100%", 10, 10),
        [
            r(PROJECT, "产出指标", "数量指标", "卫片执法补助经费", eq, 72890, "元", 72890, 10, 9, ""),
            r(PROJECT, "产出指标", "质量指标", "项目验收合格率", eq, 100, "%", 100, 20, 19, ""),
            r(PROJECT, "产出指标", "时效指标", "项目完成及时率", eq, 100, "%", 100, 20, 19, ""),
            r(PROJECT, "效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30, 27, ""),
            r(PROJECT, "满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10, None, None),
        ],
    )


# 项目支出 row 5. 项目绩效指标 rows 5–9: C 二级, E 指标性质, H 实际完成值, I 分值, J 得分, K 偏差原因.
VERDICT = Verdict(
    faults=(
        Mark("项目绩效指标!C5", "a 数量指标 in 元 that restates the budget (72890 元 = 7.29 万元): a misfiled cost"),
        Mark("项目绩效指标!K5", "9 of 10 points on a met target and no reason given"),
        Mark("项目绩效指标!K6", "19 of 20 points on a met target and no reason given"),
        Mark("项目绩效指标!K7", "19 of 20 points on a met target and no reason given"),
        Mark("项目绩效指标!K8", "27 of 30 points on a met target and no reason given"),
    ),
    right=(
        Mark("项目支出!D5", "全年预算数 7.29"),
        Mark("项目支出!E5", "全年执行数 7.29 within budget"),
        Mark("项目支出!F5", "执行率 100% = 7.29 / 7.29"),
        Mark("项目支出!H5", "full 10 for 100 % execution"),
        Mark("项目绩效指标!E5", "'﹦' is a compatibility form of '=': a valid operator"),
        Mark("项目绩效指标!E6", "'﹦' is a valid operator"),
        Mark("项目绩效指标!E7", "'﹦' is a valid operator"),
        Mark("项目绩效指标!H6", "100 meets = 100 %"),
        Mark("项目绩效指标!H8", "95 meets ≥ 95 %"),
        Mark("项目绩效指标!I6", "产出 points 10 + 20 + 20 = 50"),
        Mark("项目绩效指标!I8", "效益 points 30"),
        Mark("项目绩效指标!C9", "服务对象满意度指标 is the national second-level name"),
    ),
    debatable=(
        Mark("项目支出!A5", "项目名称 holds the form's title ('…支出绩效自评表'), not the project's name"),
        Mark("项目绩效指标!J9", "满意度 得分 unknown: the source excerpt ends before it"),
        Mark("项目绩效指标!H9", "满意度 95 reported without any survey described; the excerpt may have omitted it"),
    ),
)
