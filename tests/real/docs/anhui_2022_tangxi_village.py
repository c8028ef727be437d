"""池州市贵池区棠溪镇人民政府, 项目支出绩效自评表（2022年度）: 村级补助及运转经费."""

from __future__ import annotations

from evaltool.template import ProjectIndicatorRow, ProjectRow, SubmissionData
from tests.real.forms import project_card
from tests.real.verdict import Mark, Source, Verdict, grade_of_words

SOURCE = Source(
    url="http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2",
    title="附件: 项目支出绩效自评表（2022年度） 村级补助及运转经费",
    publisher="池州市贵池区棠溪镇人民政府 (a WPS document; the URL is the address the search corpus stores it under)",
    province="安徽",
    year=2022,
    form="national project form (财预〔2020〕10号 附件: 项目支出绩效自评表)",
    notes=(
        "A second card of the same town (see anhui_2022_tangxi_entrusted), another project. Transcribed from the "
        "search excerpt. 年度资金总额 row → 项目支出 exactly as printed (0 0 0, 分值 10, 执行率 0, 得分 0); the "
        "money is in the 其中 row (UNPLACED), which also shows the budget cut from 202.64 to 132.912 during the "
        "year. 年度指标值 goes whole into 指标值 with 指标性质 and 度量单位 empty (the national form has no such "
        "columns). The excerpt ends at '可持续影响' in the 效益 block: that row, the 满意度指标（10分） block and "
        "anything after (总分, signatures) are not transcribed and the verdict makes no claim about them. "
        "Punctuation as the excerpt shows it. 单位编码 219001 is the code the form prints before the unit name."
    ),
)

PROFILE = "national"

PROJECT = "村级补助及运转经费"

UNPLACED: dict[str, str] = {
    "其中:本年财政拨款 (年初/全年/执行)": "202.64 / 132.912 / 132.912",
    "上年结转资金": "",
    "其他资金": "",
    "年度总体目标 预期目标": (
        "本项目共申请预算资金2026400元,其中村级组织运转400000元,村民组长,党小组长基本报酬252000元,"
        "村民监督委员会 工资28000元,村级事务补助960000元,村级工作目标奖励100000元。 .. "
        "..............................................................................................................................."
    ),
    "年度总体目标 实际完成情况": (
        "本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,村民组长,党小组长基本报酬152000元,"
        "村民监督委员会 工资28000元,村级事务补助660000元,村级工作目标奖励50000元。"
    ),
    "效益指标 / 可持续影响…": "(excerpt ends here)",
}


def data() -> SubmissionData:
    out, eff = "产出指标(50分)", "效益指标(30分)"
    met, effect = "达成预期指标", "效果明显"

    def r(level1: str, level2: str, level3: str, target: str, actual: str | float, points: int) -> ProjectIndicatorRow:
        return ProjectIndicatorRow(PROJECT, level1, level2, level3, "", target, "", actual, points, points, "")

    return project_card(
        {
            "unit_name": "池州市贵池区棠溪镇人民政府",
            "unit_code": "219001",
            "department": "219-池州市贵池区棠溪镇人民政府",
            "year": 2022,
        },
        ProjectRow(PROJECT, None, 0, 0, 0, 0, 10, 0),
        [
            r(out, "数量指标", "补助村(社区)数量", "=8个", 8, 8),
            r(out, "数量指标", "保障村干部人数", "=42个", 42, 8),
            r(out, "质量指标", "补助资格合规性", "合规", met, 8),
            r(out, "质量指标", "经费审批流程规范性", "严格执行相关制度规定", met, 8),
            r(out, "时效指标", "补助经费到位及时性", "及时", met, 8),
            r(out, "成本指标", "项目总成本", "≤202.6万元", 132.9, 10),
            r(eff, "经济效益指标", "对保障村(社区)两委机构正常运行的影响程度", effect, met, 10),
            r(eff, "社会效益指标", "提高村(社区)干部工作积极性的影响程度", effect, met, 10),
        ],
    )


# 项目支出 row 5: D 全年预算数, E 全年执行数, G 分值, I 备注.
# 项目绩效指标 rows 5–12: C 二级, F 指标值, H 实际完成值, I 分值, J 得分.
VERDICT = Verdict(
    faults=(
        Mark("项目支出!D5", "年度资金总额 全年预算数 0 while 其中:本年财政拨款 holds 132.912"),
        Mark("项目支出!E5", "年度资金总额 全年执行数 0 while 132.912 was spent"),
        Mark("项目支出!I5", "budget cut during the year (202.64 → 132.912 in the 其中 row) and no reason given"),
    ),
    right=(
        Mark("项目支出!G5", "分值 10 for budget execution, as the national form prints"),
        Mark("项目绩效指标!H5", "8 meets =8个"),
        Mark("项目绩效指标!J5", "full 8 for a met target"),
        Mark("项目绩效指标!H6", "42 meets =42个"),
        Mark("项目绩效指标!F10", "a money target belongs in 成本指标"),
        Mark("项目绩效指标!H10", "132.9 meets ≤202.6万元"),
        Mark("项目绩效指标!J10", "full 10 for a met target"),
        Mark("项目绩效指标!I5", "产出 points 8+8+8+8+8+10 = 50 as the group header says"),
    ),
    debatable=(
        grade_of_words("项目绩效指标!H7", "实际完成值 '达成预期指标' instead of what the eligibility check found"),
        grade_of_words("项目绩效指标!H8", "实际完成值 '达成预期指标' says nothing of what was done"),
        grade_of_words("项目绩效指标!H9", "实际完成值 '达成预期指标' instead of when the money arrived"),
        grade_of_words("项目绩效指标!H11", "实际完成值 '达成预期指标' for an effect target: no evidence of the effect"),
        grade_of_words("项目绩效指标!H12", "实际完成值 '达成预期指标' for an effect target: no evidence of the effect"),
        Mark("项目支出!F5", "执行率 0 of a 0 budget: undefined, but consistent with the unit's zero totals"),
        Mark("项目支出!H5", "得分 0 follows the zero totals; on the 其中 figures execution is 100 % of the cut budget"),
        Mark("项目绩效指标!C11", "keeping village committees running is hardly an economic benefit (经济效益指标)"),
    ),
)
