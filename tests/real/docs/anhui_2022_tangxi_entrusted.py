"""池州市贵池区棠溪镇人民政府, 项目支出绩效自评表（2022年度）: 委托业务项目."""

from __future__ import annotations

from evaltool.template import ProjectIndicatorRow, ProjectRow, SubmissionData
from tests.real.forms import project_card
from tests.real.verdict import Mark, Source, Verdict, grade_of_words

SOURCE = Source(
    url="http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2",
    title="附件: 项目支出绩效自评表（2022年度） 委托业务项目",
    publisher="池州市贵池区棠溪镇人民政府 (a WPS document; the URL is the address the search corpus stores it under)",
    province="安徽",
    year=2022,
    form="national project form (财预〔2020〕10号 附件: 项目支出绩效自评表)",
    notes=(
        "Transcribed from the search excerpt of the attachment's text. 年度资金总额 row → 项目支出 exactly as "
        "printed (0 0 0, 分值 10, 执行率 0, 得分 0); the 其中 rows hold the money (UNPLACED). The national form "
        "prints 年度指标值 as one cell ('≥50个'), so it goes whole into 指标值 with 指标性质 and 度量单位 left "
        "empty (the form has no such columns). An empty printed category row (效益指标 / 经济效益指标, no "
        "三级指标, no points) is left out. The excerpt ends inside the 满意度指标（10分） block "
        "('满意度指标 公众满…'), "
        "so the satisfaction row (10 points) and anything after it (总分, signatures) are not transcribed: the "
        "verdict makes no claim about them. Punctuation as the excerpt shows it (it may have normalised "
        "full-width forms). 单位编码 219001 is the code the form prints before the unit name."
    ),
)

PROFILE = "national"  # 产出 50 + 效益 30 + 满意度 10 + 执行率 10, as the form's group headers print

PROJECT = "委托业务项目"

UNPLACED: dict[str, str] = {
    "其中:本年财政拨款 (年初/全年/执行)": "90 / 89.974 / 89.974",
    "上年结转资金": "",
    "其他资金": "",
    "年度总体目标 预期目标": (
        "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
        "30万元用于基建工程项目设计、规划、测绘。"
    ),
    "年度总体目标 实际完成情况": (
        "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
        "29.99万元用于基建工程项目设计、规划、测绘。"
    ),
    "效益指标 / 经济效益指标 (empty printed row)": "",
    "满意度指标(10分) / 满意度指标 / 公众满…": "(excerpt ends here)",
}


def data() -> SubmissionData:
    out, eff = "产出指标(50分)", "效益指标(30分)"
    met = "达成预期指标"

    def r(level1: str, level2: str, level3: str, target: str, actual: str | int, points: int) -> ProjectIndicatorRow:
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
            r(out, "数量指标", "基建工程委托业务项目数量", "≥50个", 50, 8),
            r(out, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8),
            r(out, "质量指标", "经费支出合规性", "严格执行相关制度规定", met, 8),
            r(out, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", met, 8),
            r(out, "成本指标", "项目总成本", "≤90万元", 90, 8),
            r(out, "成本指标", "单项业务成本", "符合相关规定", met, 10),
            r(eff, "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", met, 10),
            r(eff, "生态效益指标", "对控制基建项目成本影响程度", "效果明显", met, 10),
            r(eff, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", met, 10),
        ],
    )


# 项目支出 row 5: C 年初预算数, D 全年预算数, E 全年执行数, F 执行率, G 分值, H 得分.
# 项目绩效指标 rows 5–13: C 二级, F 指标值, H 实际完成值, I 分值, J 得分, K 偏差原因.
VERDICT = Verdict(
    faults=(
        Mark("项目支出!D5", "年度资金总额 全年预算数 0 while 其中:本年财政拨款 holds 89.974"),
        Mark("项目支出!E5", "年度资金总额 全年执行数 0 while 89.974 was spent"),
        Mark("项目绩效指标!C12", "controlling construction cost is not an ecological benefit (misfiled 生态效益指标)"),
    ),
    right=(
        Mark("项目支出!G5", "分值 10 for budget execution, as the national form prints"),
        Mark("项目绩效指标!H5", "50 meets ≥50个"),
        Mark("项目绩效指标!J5", "full 8 for a met target"),
        Mark("项目绩效指标!H6", "100 meets ≥100"),
        Mark("项目绩效指标!F9", "a money target belongs in 成本指标"),
        Mark("项目绩效指标!H9", "90 meets ≤90万元 (89.974 spent)"),
        Mark("项目绩效指标!J9", "full 8 for a met target"),
        Mark("项目绩效指标!I5", "产出 points 8+8+8+8+8+10 = 50 as the group header says"),
        Mark("项目绩效指标!I11", "效益 points 10+10+10 = 30 as the group header says"),
    ),
    debatable=(
        grade_of_words("项目绩效指标!H7", "实际完成值 '达成预期指标' says nothing of what was done"),
        grade_of_words("项目绩效指标!H8", "实际完成值 '达成预期指标' instead of when the reports were delivered"),
        grade_of_words("项目绩效指标!H10", "实际完成值 '达成预期指标' instead of the unit cost reached"),
        grade_of_words("项目绩效指标!H11", "实际完成值 '达成预期指标' for an effect target: no evidence of the effect"),
        grade_of_words("项目绩效指标!H12", "实际完成值 '达成预期指标' for an effect target: no evidence of the effect"),
        grade_of_words("项目绩效指标!H13", "实际完成值 '达成预期指标' for an effect target: no evidence of the effect"),
        Mark("项目支出!F5", "执行率 0 of a 0 budget: undefined, but consistent with the unit's zero totals"),
        Mark("项目支出!H5", "得分 0 follows the zero totals; with the 其中 figures execution is 100 % and 10 points"),
        Mark("项目绩效指标!F6", "'≥100百分比': a ≥100 % target for a pass rate, and a word for the unit"),
    ),
)
