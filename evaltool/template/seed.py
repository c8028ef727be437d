"""The seed report's figures (攀枝花市社会保险事务中心, 2024) as template data.

Source: ``shared/seed/panzhihua-sbzx-2024-self-evaluation.txt``; the mapping follows
``shared/spec/template.md``. Choices where the report is silent or ambiguous:

- 单位编码: the report has none; ``SBZX-510400`` (攀枝花's administrative code) is stable.
- 收入情况 / 支出情况: the typed 合计 is 1482.05 although the items add up to 1482.06,
  and the shares are typed as the report prints them (62.25, …, 合计 100).
- 自评打分表: the 扣分项 row's 分值 is printed as "-" in the report; we write 10 (the
  group's declared points, so the group adds up) and 自评得分 0 (nothing deducted).
- 项目支出 年初预算数: the report says the two provincial projects (社保公共服务能力建设资金,
  省管森工社会化管理工作经费) were "于2024年中由市级财政批复并下达预算指标" — not in the
  initial budget — so their 年初预算数 is 0 with that reason in 备注; the rent project
  was "在2024年年初预算中申报", so its 年初预算数 equals its 全年预算数 (79.79).
  The report gives no 分值 / 得分 per project: left empty.
- 项目绩效指标: three-level names and 定性 targets as template.md lists them; where the
  report gives no separate 实际完成值 for a 定性 row we restate its 完成情况 text. The
  rent project's 成本 row is named 租金、物业费及水电费成本 so it does not repeat the
  数量 row's name.
- 填报日期: the report's date, 2025-04-25; 填报人 / 联系电话 are not given (empty).
- 项目资金来源 (v2): each project's funds are 财政拨款 of the year (附件3–5: "由省级财政下拨",
  "在2024年年初预算中申报，由市财政批复"): a 年度资金总额 row and one 其中 row
  当年财政拨款 with the same figures; the report names no other source (no rows for them).
- 项目评分结构 (v2): the report gives no scoring blocks per project (only "考核总分为 100分"
  for the provincial allocation): left empty.
- 项目自评结论 (v2): 预期目标 is the project's list of 具体绩效目标 (一(二)2), 实际完成情况 its
  四(一) 项目完成情况 (the opening sentence and the same list), 评价结论 its 4.项目结果 (or the
  one paragraph the rent project has), 存在问题 "无。", 改进措施 its 相关建议. No 总分 or 评价等次
  and no 负责人 are printed: left empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from evaltool.template.data import (
    Breakdown,
    BreakdownRow,
    IndicatorRow,
    ProjectConclusionRow,
    ProjectFundRow,
    ProjectIndicatorRow,
    ProjectRow,
    Projects,
    Scoring,
    ScoringRow,
    SubmissionData,
)

UNIT_NAME = "攀枝花市社会保险事务中心"
UNIT_CODE = "SBZX-510400"

ANNUAL_GOAL = (
    "1.继续确保全市各类参保人员基本养老金按时足额发放，及时支付各项社会保险待遇；"
    "2.按政策调整增加各类养老保险待遇领取人员基本养老金水平；"
    "3.做好城镇企业职工、灵活就业人员、机关事业单位职工以及工伤保险参保登记、申报工作；"
    "4.组织实施全市征地农转非人员社会保障工作；"
    "5.建立健全攀枝花市“预防、补偿、康复”三位一体的工伤保险制度体系。"
)

# (科目名称, 金额 万元, 占比 %), as printed in 二(一) and 二(二).
BREAKDOWN: tuple[tuple[str, float, float], ...] = (
    ("行政运行", 922.57, 62.25),
    ("社会保险经办机构", 139.97, 9.44),
    ("其他人力资源和社会保障管理事务", 16.8, 1.13),
    ("行政单位离退休", 100.12, 6.76),
    ("机关事业单位基本养老保险缴费", 110.66, 7.47),
    ("机关事业单位职业年金缴费", 22.88, 1.54),
    ("行政单位医疗", 62.24, 4.2),
    ("公务员医疗补助", 7.03, 0.47),
    ("其他行政事业单位医疗", 8.08, 0.55),
    ("住房公积金", 91.71, 6.19),
)
BREAKDOWN_TOTAL = 1482.05

# 附表1: (一级, 二级, 三级, 分值, 指标解释); every 自评得分 equals its 分值.
SCORING: tuple[tuple[str, str, str, float, str], ...] = (
    ("总体绩效（65分）", "履职效能（15分）", "履职效果", 15,
     "部门整体绩效目标中选定3-5个核心职能目标，反映该项职能目标完成效果情况"),
    ("总体绩效（65分）", "预算管理（25分）", "预算编制质量", 8,
     "部门是否严格按要求编制年初部门预算，年初预算编制的科学性和准确性"),
    ("总体绩效（65分）", "预算管理（25分）", "单位收入统筹", 4, "部门统筹自有收入程度"),
    ("总体绩效（65分）", "预算管理（25分）", "支出执行进度", 6, "部门1至6月、1至10月预算执行情况"),
    ("总体绩效（65分）", "预算管理（25分）", "预算年终结余", 2, "部门整体年终预算结余情况"),
    ("总体绩效（65分）", "预算管理（25分）", "严控一般性支出", 5,
     "部门严控“三公”经费、会议、培训、差旅、办节办展、办公设备购置、信息网络及软件购置更新、"
     "课题经费等8项一般性支出情况"),
    ("总体绩效（65分）", "财务管理（10分）", "财务管理制度", 4, "部门财务管理制度建立情况"),
    ("总体绩效（65分）", "财务管理（10分）", "财务岗位设置", 2, "部门财务岗位设置是否符合相关财务管理制度要求"),
    ("总体绩效（65分）", "财务管理（10分）", "资金使用规范", 4, "部门资金使用是否符合相关财务管理制度规定"),
    ("总体绩效（65分）", "资产管理（9分）", "人均资产变化率", 3, "部门人均资产变化情况"),
    ("总体绩效（65分）", "资产管理（9分）", "资产利用率", 3, "部门资产超最低使用年限情况"),
    ("总体绩效（65分）", "资产管理（9分）", "资产盘活率", 3, "部门闲置一年以上的资产盘活情况"),
    ("总体绩效（65分）", "采购管理（6分）", "支持中小企业发展", 3,
     "部门是否严格执行政府采购促进中小企业发展相关管理办法"),
    ("总体绩效（65分）", "采购管理（6分）", "采购执行率", 3, "部门政府采购项目资金支付比例情况"),
    ("项目绩效（35分）", "项目决策（12分）", "决策程序", 4, "部门预算项目设立是否按规定履行评估论证、申报程序"),
    ("项目绩效（35分）", "项目决策（12分）", "目标设置", 4,
     "部门预算项目绩效目标与计划期内的任务量、预算安排的资金量匹配情况，"
     "绩效目标设置是否科学合理、规范完整、量化细化、预算匹配"),
    ("项目绩效（35分）", "项目决策（12分）", "项目入库", 4, "部门预算项目是否在规定时间完成项目入库"),
    ("项目绩效（35分）", "项目执行（12分）", "执行同向", 4, "部门预算项目实际列支内容是否与绩效目标设置方向相符"),
    ("项目绩效（35分）", "项目执行（12分）", "项目调整", 4, "部门预算项目是否采取对应调整措施"),
    ("项目绩效（35分）", "项目执行（12分）", "执行结果", 4, "部门预算项目预算执行情况"),
    ("项目绩效（35分）", "目标实现（11分）", "目标完成", 4, "部门预算项目绩效目标数量指标完成情况"),
    ("项目绩效（35分）", "目标实现（11分）", "目标偏离", 4,
     "部门预算项目绩效目标数量指标实现程度与预期目标的偏离情况"),
    ("项目绩效（35分）", "目标实现（11分）", "实现效果", 3, "部门预算项目绩效目标效益指标实施效果"),
)  # fmt: skip
DEDUCTION = ("扣分项（10分）", "被评价部门配合度", "被评价部门配合度", 10, "被评价对象工作配合情况")

DEPT_QUALITATIVE = "确保全市各类参保人员基本养老金按时足额发放，及时支付各项社会保险待遇，维护社会稳定"

PROJECT_NAMES = (
    "社保公共服务能力建设资金",
    "省管森工社会化管理工作经费",
    "入驻政务中心单位租金、物业费及水电费",
)
MID_YEAR_NOTE = "省级资金，2024年中由市级财政批复并下达预算指标，未列入年初预算"

# 附件3–5, 一(二)2: each project's 具体绩效目标, as printed (line breaks removed).
PROJECT_GOALS = (
    "（1）质量指标：养老金领取资格认证率达到100%。（2）时效指标：资金在规定时间下达率达到100%。"
    "（3）时效指标：企业职工基本养老保险待遇按时足额发放率达到100%。（4）成本指标：16.8万元资金全额下达。"
    "（5）社会效益指标：人民群众获得感、幸福感增强。（6）满意度指标：参保人员满意度≥90%。",
    "（1）质量指标：按时足额发放率达到100%。（2）数量指标：森工企业退休人员数量≥750人。（3）时效指标：1年内完成。"
    "（4）成本指标：社会化管理工作成本7.69万元。（5）社会效益指标：人民群众获得感、幸福感增强，维护社会稳定。"
    "（6）满意度指标：森工退休人员满意度≥90%。",
    "（1）数量指标：入驻政务中心单位租金、物业费及水电费797876.4元/年。（2）质量指标：按时全额缴纳。"
    "（3）时效指标：1年内完成。（4）成本指标：入驻政务中心单位租金、物业费及水电费797876.4元/年。"
    "（5）社会效益指标：保障单位正常运转。（6）满意度指标：物业公司满意度达到满意。",
)
# 四(一) 项目完成情况: the opening sentence, then the same list as the goals.
PROJECT_ACHIEVED = (
    "“社保公共服务能力建设资金”项目在当期完成了项目的总体实施，执行率100%。提高社会公众政策知晓度、"
    "依法履行社保义务和维护社保合法权益的意识，不断提升社保工作人员经办能力和水平。" + PROJECT_GOALS[0],
    "“省管森工社会化管理工作经费”项目在当期完成了项目的总体实施，执行率100%。确保代管的省管森工企业离退休人员"
    "基本养老金按时足额发放，提升省管森工企业离退休人员社会化管理服务水平。" + PROJECT_GOALS[1],
    "“入驻政务中心单位租金、物业费及水电费”项目在当期完成了项目的总体实施，执行率100%。" + PROJECT_GOALS[2],
)
PROJECT_CONCLUSIONS = (
    "2024年为新增退休人员建立起基础信息，完善了社会化服务管理信息，离退休人员社会化管理率达到100%。"
    "全面完成2024年离退休人员领取社保待遇资格认证工作，养老金领取资格认证率达到100%。"
    "“社保公共服务能力建设资金”项目在当期完成了项目的总体实施，执行率100%。确保了企业职工基本养老保险全国统筹顺利推进。",
    "2024年为省管森工企业离退休人员完善了社会化服务管理信息，离退休人员社会化管理率达到100%。"
    "“省管森工企业离退休人员社会化管理经费”项目在当期完成了项目的总体实施，执行率100%。"
    "确保代管的省管森工企业离退休人员基本养老金按时足额发放，提升省管森工企业离退休人员社会化管理服务水平。",
    "“入驻政务中心单位租金、物业费及水电费”项目在当期完成了全部缴纳，执行率100%。保障了市社会保险事务中心工作正常开展。",
)
PROJECT_MEASURES = (
    "强化预算资金精细化管理，提高预算资金科学性、合理性。严格根据相关标准和依据，进行资金使用，确保资金使用效益。"
)


def seed_data() -> SubmissionData:
    """A fresh copy of the seed report's data (callers may modify it)."""
    projects = Projects(
        rows=[
            ProjectRow(PROJECT_NAMES[0], "常年项目", 0, 16.8, 16.8, note=MID_YEAR_NOTE),
            ProjectRow(PROJECT_NAMES[1], "常年项目", 0, 7.69, 7.69, note=MID_YEAR_NOTE),
            ProjectRow(PROJECT_NAMES[2], "常年项目", 79.79, 79.79, 79.79),
        ]
    )
    return SubmissionData(
        basic={
            "unit_name": UNIT_NAME,
            "unit_code": UNIT_CODE,
            "department": "攀枝花市人力资源和社会保障局",
            "year": 2024,
            "money_unit": "万元",
            "staff_quota": 61,
            "staff_actual": 58,
            "retired": 33,
            "contract_staff": 12,
            "budget_income": 1474.61,
            "budget_expense": 1474.61,
            "opening_balance": 0,
            "closing_balance": 0,
            "total_funds": 1482.05,
            "fiscal_funds": 1482.05,
            "other_funds": None,
            "annual_goal": ANNUAL_GOAL,
            "self_score": 100,
            "filled_by": None,
            "phone": None,
            "filled_on": dt.date(2025, 4, 25),
        },
        income=_breakdown(),
        expense=_breakdown(),
        scoring=Scoring(
            rows=[ScoringRow(l1, l2, l3, pts, expl, pts) for l1, l2, l3, pts, expl in SCORING]
            + [ScoringRow(*DEDUCTION[:4], explanation=DEDUCTION[4], score=0, note="报告分值为“-”，未扣分")]
        ),
        dept_indicators=_dept_indicators(),
        projects=projects,
        project_indicators=_project_indicators(),
        project_funds=project_funds(projects.rows),
        project_conclusions=[
            ProjectConclusionRow(
                name, goal, achieved, conclusion=conclusion, problems="无。", measures=PROJECT_MEASURES
            )
            for name, goal, achieved, conclusion in zip(
                PROJECT_NAMES, PROJECT_GOALS, PROJECT_ACHIEVED, PROJECT_CONCLUSIONS, strict=True
            )
        ],
    )


def project_funds(rows: Sequence[ProjectRow]) -> list[ProjectFundRow]:
    """项目资金来源 rows for projects funded wholly by 当年财政拨款, as the seed's three are.

    Each project gets its 年度资金总额 row (its 项目支出 figures) and one 其中 row of the same
    figures. Tests that change the seed's 项目支出 rebuild these so the two sheets agree.
    """
    out: list[ProjectFundRow] = []
    for row in rows:
        figures = (row.initial_budget, row.budget, row.spent)
        out.append(ProjectFundRow(row.name, "年度资金总额", *figures))
        out.append(ProjectFundRow(row.name, "其中：当年财政拨款", *figures))
    return out


def _breakdown() -> Breakdown:
    return Breakdown(
        rows=[BreakdownRow(name, amount, share) for name, amount, share in BREAKDOWN],
        total=BREAKDOWN_TOTAL,
        total_share=100,
    )


def _dept_indicators() -> list[IndicatorRow]:
    out, qty, qual, time = "产出指标", "数量指标", "质量指标", "时效指标"
    return [
        IndicatorRow(out, qty, "享受养老保险待遇人数", "≥", 32, "万人", "≥32 万人"),
        IndicatorRow(out, qty, "参保单位", "≥", 7000, "家", "≥7000 家"),
        IndicatorRow(out, qty, "养老保险参保人数", "≥", 80, "万人", "≥80 万人"),
        IndicatorRow(out, qual, "基本养老金发放准确率", "≥", 95, "%", "≥95%"),
        IndicatorRow(out, qual, "资金发放到位率", "=", 100, "%", 100),
        IndicatorRow(out, qual, "任务完成及时率", "≥", 99, "%", "≥99%"),
        IndicatorRow(out, time, "基本养老金发放准确率", "≥", 95, "%", "≥95%"),
        IndicatorRow(
            "效益指标", "社会效益指标", "基本养老金发放工作", "定性", DEPT_QUALITATIVE, None, DEPT_QUALITATIVE
        ),
        IndicatorRow("满意度指标", "满意度指标", "参保人员满意度", "≥", 90, "%", "≥90%"),
    ]


def _project_indicators() -> list[ProjectIndicatorRow]:
    out, eff, sat = "产出指标", "效益指标", "满意度指标"
    qty, qual, time, cost = "数量指标", "质量指标", "时效指标", "成本指标"
    social, served = "社会效益指标", "服务对象满意度指标"
    p1, p2, p3 = PROJECT_NAMES
    r = ProjectIndicatorRow
    return [
        r(p1, out, qual, "养老金领取资格认证率", "=", 100, "%", 100),
        r(p1, out, time, "资金在规定时间下达率", "=", 100, "%", 100),
        r(p1, out, time, "企业职工基本养老保险待遇按时足额发放率", "=", 100, "%", 100),
        r(p1, out, cost, "资金全额下达", "≤", 16.8, "万元", 16.8),
        r(p1, eff, social, "人民群众获得感、幸福感增强", "定性", "增强", None, "增强"),
        r(p1, sat, served, "参保人员满意度", "≥", 90, "%", "≥90%"),
        r(p2, out, qual, "按时足额发放率", "=", 100, "%", 100),
        r(p2, out, qty, "森工企业退休人员数量", "≥", 750, "人", "≥750人"),
        r(p2, out, time, "完成时间", "≤", 1, "年", "1年内完成"),
        r(p2, out, cost, "社会化管理工作成本", "≤", 7.69, "万元", 7.69),
        r(p2, eff, social, "获得感、幸福感增强，维护社会稳定", "定性", "增强", None,
          "人民群众获得感、幸福感增强，维护社会稳定"),
        r(p2, sat, served, "森工退休人员满意度", "≥", 90, "%", "≥95%"),
        r(p3, out, qty, "租金、物业费及水电费", "=", 797876.4, "元/年", 797876.4),
        r(p3, out, qual, "按时全额缴纳", "定性", "按时全额缴纳", None, "按时全额缴纳"),
        r(p3, out, time, "完成时间", "≤", 1, "年", "1年内完成"),
        r(p3, out, cost, "租金、物业费及水电费成本", "≤", 797876.4, "元/年", 797876.4),
        r(p3, eff, social, "保障单位正常运转", "定性", "正常运转", None, "保障了单位正常运转"),
        r(p3, sat, served, "物业公司满意度", "定性", "满意", None, "满意"),
    ]  # fmt: skip
