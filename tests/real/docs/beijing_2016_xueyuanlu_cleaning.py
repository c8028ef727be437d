"""北京市海淀区学院路街道城市运行服务中心: 项目支出绩效自评表 (2016年度), 自管道路清扫保洁外包工作经费.

北京's 2016 card: 年初预算数(A) | 全年执行数(B) | 分值(10分) | 执行率(B/A) | 得分 | 得分计算方法, and per
indicator 分值 | 年度指标值(A) | 全年实际值(B) | 得分计算方法 | 得分 | 未完成原因分析; 产出指标 (50分).
"""

from __future__ import annotations

from evaltool.template.data import ProjectIndicatorRow, ProjectRow, Projects, SubmissionData
from tests.real.verdict import Mark, Source, Verdict

# The printed blocks: 执行率 10 + 产出 50 + 效益 30 + 满意度 10.
PROFILE = "national"

SOURCE = Source(
    url="https://www.wenku365.com/s-60761775.html",
    title="项目支出绩效自评表(2016年度) 【体制】自管道路清扫保洁外包工作经费",
    publisher="北京市海淀区学院路街道城市运行服务中心",
    province="北京",
    year=2016,
    form="北京 项目支出绩效自评表 (2016: 年初预算数(A)/全年执行数(B), 得分计算方法 column, 产出 50)",
    notes=(
        "单位编码 invented (HDXYL-2016). The stored copy is a document site's preview of a 2-page .doc; it "
        "shows the money block, 年度总体目标 and the first indicator, then stops at '质量指标 是否达到国…'. "
        "The card has a single budget column 年初预算数(A), the divisor of 执行率: typed into both 年初预算数 "
        "and 全年预算数. The first indicator's figures run together in the copy as '12.5 12.5 12.5 … 12.5' "
        "(分值, 年度指标值(A), 全年实际值(B), then 得分 after the 得分计算方法 text): read as 12.5 each."
    ),
)

_P = "【体制】自管道路清扫保洁外包工作经费"


def data() -> SubmissionData:
    """The card as far as the copy shows it."""
    return SubmissionData(
        basic={
            "unit_name": "北京市海淀区学院路街道城市运行服务中心",
            "unit_code": "HDXYL-2016",
            "department": "北京市海淀区人民政府学院路街道办事处",
            "year": 2016,
            "money_unit": "万元",
        },
        projects=Projects(
            rows=[ProjectRow(_P, initial_budget=310.2, budget=310.2, spent=154.74, rate="50%", points=10, score=5)]
        ),
        project_indicators=[
            ProjectIndicatorRow(
                _P, "产出指标", "数量指标", "是否完成绩效目标申报表中申报的数量", "", 12.5, "", 12.5, 12.5, 12.5, ""
            ),
        ],
    )


UNPLACED: dict[str, str] = {
    "主管部门及代码": "北京市海淀区人民政府学院路街道办事处",
    "其中:本年一般公共预算拨款 (A/B)": "310.2 / 154.74",
    "其他资金": "(blank)",
    "执行率 得分计算方法": "执行率*该指标分值,最高不得超过分值上限。",
    "年度总体目标": (
        "通过规范地区自管道路清扫保洁外包工作经费工作专项资金的使用,明确专项资金使用目的,实现科学管理,充分发挥项目资金在"
        "地区自管小区、小广告、三级以下道路、无主垃圾渣土清运及重大活动环境卫生保障工作中的作用,将自管道路保洁进行外包,"
        "更好的服务于本地区政治、经济、文化等各项事业的发展"
    ),
    "年度总体目标 完成情况": (
        "按照年初设定目标,将辖区20条城市道路清扫保洁、4处居民生活区小广场清扫保洁业务通过公开招投标方式进行了外包,通过"
        "地区自管道路清扫保洁外包项目的实施,使地区环境卫生及社区环境更加优美,为建设全国文明城区及建设美丽学院路做出了贡献"
    ),
    "指标 得分计算方法": "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。",
    "一级指标分值": "产出指标(50分)",
}

VERDICT = Verdict(
    faults=(
        Mark("项目支出!5", "执行率 49.9 %: half the money unspent and no word why anywhere on the card"),
        Mark("项目绩效指标!D5", "'是否完成…申报的数量' is a yes/no pointer to another form, not a measurable output"),
    ),
    right=(
        Mark("项目支出!H5", "得分 5 = 50 % × 10, as the card's own 得分计算方法 says"),
        Mark("项目支出!D5", "年初预算数(A) 310.2 agrees with 本年一般公共预算拨款"),
        Mark("项目支出!G5", "执行率 分值 10 as printed"),
    ),
    debatable=(
        Mark("项目支出!F5", "'50%' for 49.88 %: printed to whole percent"),
        Mark("项目绩效指标!F5", "年度指标值 12.5 equals the 分值; the copy runs the figures together (read as 12.5)"),
        Mark("项目绩效指标!J5", "full 12.5 for a target nobody can verify; depends on the reading of F5/H5"),
    ),
)
