"""乐亭县市场监督管理局: 项目支出绩效自评表 (2021年度), two cards of the same file.

The stored copy (a document-sharing site's preview of the unit's 17-page .docx) shows the tail of the
商品质量检测经费 card (可持续影响 and 满意度 rows, 总分) and the head of the 双随机抽查委托审计费 card
(money rows and 年度总体目标). Both cards are transcribed as far as they are visible.
"""

from __future__ import annotations

from evaltool.template.data import ProjectIndicatorRow, ProjectRow, Projects, SubmissionData
from tests.real.verdict import Mark, Source, Verdict

# The printed blocks: 执行率 10 + 产出 50 + 效益 30 + 满意度 10.
PROFILE = "national"

SOURCE = Source(
    url="https://m.taodocs.com/p-726199079.html",
    title="项目支出绩效自评表 (2021年度) — 乐亭县市场监督管理局",
    publisher="乐亭县市场监督管理局",
    province="河北",
    year=2021,
    form="national project form (财预〔2020〕10号 layout: 年初预算数 | 调整预算数 | 全年执行数 | 分值 | 执行率 | 得分)",
    notes=(
        "单位编码 invented (LTSJ-2021). 主管部门 printed blank. The preview jumps from the first card's money "
        "block ('年度资金总') into its 效益 rows, so 商品质量检测经费 has no visible money and its first visible "
        "indicator row ('≥90%' → '95%', 10, 10) has no visible name: that row is left out. The 可持续影响指标 row "
        "sits under 效益指标 in the form (first-level label not visible; typed 效益指标). Targets typed whole into "
        "指标值 as printed ('≥90%'), 指标性质 / 度量单位 empty. 双随机抽查委托审计费: 调整预算数 → 全年预算数; "
        "全年执行数 printed blank in both the 年度资金总额 and the 其中 row; 得分 printed '99'. Its indicator "
        "rows are not in the preview."
    ),
)

_A = "商品质量检测经费"
_B = "双随机抽查委托审计费"


def data() -> SubmissionData:
    """The two cards as far as they are visible."""
    return SubmissionData(
        basic={
            "unit_name": "乐亭县市场监督管理局",
            "unit_code": "LTSJ-2021",
            "year": 2021,
            "money_unit": "万元",
        },
        projects=Projects(
            rows=[
                ProjectRow(_A),
                ProjectRow(_B, initial_budget=30, budget=30, spent="", rate="100%", points=10, score=99),
            ]
        ),
        project_indicators=[
            ProjectIndicatorRow(_A, "效益指标", "可持续影响指标", "可持续", "", "可持续", "", "可持续", 10, 9, ""),
            ProjectIndicatorRow(
                _A, "满意度指标", "服务对象满意度指标", "服务对象满意度", "", "≥90%", "", "100%", 10, 10, ""
            ),
        ],
    )


UNPLACED: dict[str, str] = {
    f"{_A} 总分": "100 / 99",
    f"{_B} 其中:当年财政拨款 (年初/调整/执行/执行率)": "30 / 30 / (blank) / 100%",
    f"{_B} 上年结转资金": "(blank)",
    f"{_B} 其他资金": "(blank)",
    f"{_B} 年度总体目标 预期目标": (
        "年度报告公示结束后 ,委托会计师事务所、税务师事务 所、律师事务所等专业机构对企业通过企业信用信息公 "
        "示系统公示信息的情况开展审计 、验资、咨询等相关工作。"
    ),
    f"{_B} 年度总体目标 实际完成情况": (
        "共开展抽查95批次,检查监管对像1590户,抽查结果全部公示,13户企业列入经营异常名录,22户个体工商户被标记为"
        "经营异常状态。%、%、%,未按规定公示年报信息的500户企业、166户农民专业合作社和6741户个体工商户被列入经营"
        "异常名录或标记为经营异常状态。… (preview cut)"
    ),
}

# 项目支出 rows 5 (商品质量检测经费, money not visible) and 6 (双随机); indicator rows 5 and 6.
VERDICT = Verdict(
    faults=(
        Mark("项目支出!E6", "全年执行数 left blank while 执行率 says 100 %: the rate rests on nothing"),
        Mark("项目支出!H6", "得分 99 in a cell worth 10 points"),
        Mark("项目绩效指标!J5", "9 of 10 although the actual equals the target, and no reason for the lost point"),
        Mark("项目绩效指标!F5", "target '可持续' restates the indicator's own name: nothing to measure"),
    ),
    right=(
        Mark("项目支出!D6", "全年预算数 30 as printed, equal to 年初预算数"),
        Mark("项目支出!G6", "执行率 分值 10 as the national form prints it"),
        Mark("项目绩效指标!J6", "满意度 100 % against ≥ 90 %: full score is right"),
        Mark("项目绩效指标!G6", "'100%' is a plain, comparable actual"),
    ),
    debatable=(
        Mark(
            "项目支出!5", "商品质量检测经费's money block is not in the stored copy (truncation, not the unit's fault)"
        ),
        Mark("项目支出!F6", "100 % printed; with 执行数 blank it cannot be checked (the fault is marked at E6)"),
    ),
)
