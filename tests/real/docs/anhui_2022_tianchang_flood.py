"""天长市水利局, 项目支出绩效自评表（2022年度）: 水旱灾害防御经费."""

from __future__ import annotations

from evaltool.template import ProjectIndicatorRow, ProjectRow, SubmissionData
from tests.real.forms import project_card
from tests.real.verdict import Mark, Source, Verdict

SOURCE = Source(
    url="search:pages 天长市水利局水旱灾害防御股项目支出绩效自评 (发布时间 2023-12-05 15:04; no address stored)",
    title="天长市水利局水旱灾害防御股项目支出绩效自评",
    publisher="天长市水利局 (滁州市天长市)",
    province="安徽",
    year=2022,
    form="national project form (财预〔2020〕10号 附件: 项目支出绩效自评表), with its printed 注",
    notes=(
        "The search tool returns this page's full card but stores no address for it; the title and date are "
        "recorded instead. Transcribed from the excerpt. The one-level names print vertically and lost their "
        "characters in the text (four blank lines before '(50分)' and '(30分)'); they are restored as "
        "产出指标(50分) / 效益指标(30分), the only names those blocks have on the national form. Wrapped names "
        "joined ('经济效益\\n指标' → 经济效益指标). The empty '指标2: ……' placeholder rows of the printed form "
        "hold nothing and are left out. 年度指标值 goes whole into 指标值 (the form has no 指标性质 or 度量单位 "
        "column). 执行率 is blank on the form and kept blank. 主管部门 is blank on the form. 单位编码 invented "
        "(h13a-ah-tc-slj)."
    ),
)

PROFILE = "national"  # the card's 注: 产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分

PROJECT = "水旱灾害防御经费"

UNPLACED: dict[str, str] = {
    "其中:本年财政拨款 (年初/全年/执行)": "880 / 880 / 880",
    "上年结转资金": "",
    "其他资金": "",
    "年度总体目标完成情况 预期目标": "完成年度防汛工作,完成中型灌区节水改造项目和农业综合水价改革项目。",
    "年度总体目标完成情况 实际完成情况": "完成年度目标。",
    "总分 (分值/得分)": "100 / 100",
    "注": "1.一级指标分值统一设置为:产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。如有…",
}


def data() -> SubmissionData:
    out, eff, sat = "产出指标(50分)", "效益指标(30分)", "满意度指标(10分)"

    def r(
        level1: str, level2: str, level3: str, target: str | int, actual: str | int, points: int | str
    ) -> ProjectIndicatorRow:
        return ProjectIndicatorRow(PROJECT, level1, level2, level3, "", target, "", actual, points, points, "")

    return project_card(
        {
            "unit_name": "天长市水利局",
            "unit_code": "h13a-ah-tc-slj",
            "department": "",
            "year": 2022,
        },
        ProjectRow(PROJECT, None, 880, 880, 880, "", 10, 10),
        [
            r(out, "数量指标", "指标1:完成中型灌区节水改造项目数量", 1, 1, 10),
            r(out, "数量指标", "指标2:完成农业综合水价改革项目", 1, 1, 10),
            r(out, "质量指标", "指标1:工程质量合格", "", "", 10),
            r(out, "时效指标", "指标1:年度资金支付完成率100%", "", "", 10),
            r(out, "成本指标", "指标1:资金执行在预算范围内", "", "", 10),
            r(eff, "经济效益指标", "指标1:全市安全度汛", "", "", 10),
            r(eff, "社会效益指标", "指标1:保护全市人口财产不受损失", "", "", 10),
            r(eff, "生态效益指标", "指标1:/", "/", "/", ""),
            r(eff, "可持续影响指标", "指标1:已建工程良性运行", "", "", 10),
            r(sat, "服务对象满意度指标", "指标1:服务对象满意度", "90%", "100%", 10),
        ],
    )


# 项目支出 row 5. 项目绩效指标 rows 5–14: C 二级, F 指标值, H 实际完成值, I 分值, J 得分.
VERDICT = Verdict(
    faults=(
        Mark("项目绩效指标!F7", "工程质量合格: no target value"),
        Mark("项目绩效指标!H7", "no 实际完成值, yet full 10 points"),
        Mark("项目绩效指标!F8", "target '100%' written into the indicator's name, 指标值 blank"),
        Mark("项目绩效指标!H8", "no 实际完成值, yet full 10 points"),
        Mark("项目绩效指标!F9", "资金执行在预算范围内: no target value"),
        Mark("项目绩效指标!H9", "no 实际完成值, yet full 10 points"),
        Mark("项目绩效指标!F10", "全市安全度汛: no target value"),
        Mark("项目绩效指标!H10", "no 实际完成值, yet full 10 points"),
        Mark("项目绩效指标!F11", "保护全市人口财产不受损失: no target value"),
        Mark("项目绩效指标!H11", "no 实际完成值, yet full 10 points"),
        Mark("项目绩效指标!F13", "已建工程良性运行: no target value"),
        Mark("项目绩效指标!H13", "no 实际完成值, yet full 10 points"),
    ),
    right=(
        Mark("项目支出!D5", "全年预算数 880"),
        Mark("项目支出!E5", "全年执行数 880 within budget"),
        Mark("项目支出!G5", "分值 10 for budget execution"),
        Mark("项目支出!H5", "full 10 for 100 % execution"),
        Mark("项目绩效指标!H5", "1 project done of 1"),
        Mark("项目绩效指标!J5", "full points for a met target"),
        Mark("项目绩效指标!H6", "1 project done of 1"),
        Mark("项目绩效指标!I5", "产出 points 10 × 5 = 50 as the block says"),
        Mark("项目绩效指标!H12", "'/' with no points: 生态效益 not applicable, as the national form allows"),
        Mark("项目绩效指标!C14", "服务对象满意度指标 is the national second-level name"),
    ),
    debatable=(
        Mark("项目支出!F5", "执行率 left blank on the form; 880 / 880 makes it 100 %"),
        Mark("项目绩效指标!C10", "'全市安全度汛' is hardly an economic benefit (misfiled 经济效益指标)"),
        Mark("项目绩效指标!H14", "满意度 100 % with no survey described"),
        Mark("项目绩效指标!E5", "指标性质 empty: the national form has no such column"),
    ),
)
