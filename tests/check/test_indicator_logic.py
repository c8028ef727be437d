"""indicator_logic: units, met / not met, implied scores, 定性 grades and category meaning."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.checks import indicator_logic as il
from evaltool.model import Op

MET, MISSED, UNKNOWN = il.Verdict.MET, il.Verdict.MISSED, il.Verdict.UNKNOWN


def fig(value: float, unit: str | None = None, decimals: int | None = None) -> il.Figure:
    return il.Figure(value, decimals, il.parse_unit(unit))


@pytest.mark.parametrize(
    ("text", "kind", "base", "factor"),
    [
        ("%", il.UnitKind.PERCENT, "%", 1),
        ("％", il.UnitKind.PERCENT, "%", 1),
        ("万元", il.UnitKind.MONEY, "元", 10_000),
        ("元/年", il.UnitKind.MONEY, "元", 1),
        ("万人", il.UnitKind.COUNT, "人", 10_000),
        ("人次", il.UnitKind.COUNT, "人次", 1),
        ("家", il.UnitKind.COUNT, "家", 1),
        ("年", il.UnitKind.TIME, "day", 365),
        ("天", il.UnitKind.TIME, "day", 1),
        ("公里", il.UnitKind.OTHER, "公里", 1),
        (None, il.UnitKind.NONE, "", 1),
        ("", il.UnitKind.NONE, "", 1),
    ],
)
def test_parse_unit(text: str | None, kind: il.UnitKind, base: str, factor: int) -> None:
    unit = il.parse_unit(text)
    assert (unit.kind, unit.base, unit.factor) == (kind, base, Decimal(factor))


def test_conversion() -> None:
    u = il.parse_unit
    assert il.conversion(u("元"), u("万元")) == Decimal("0.0001")
    assert il.conversion(u("元/年"), u("万元")) == Decimal("0.0001")  # one side without a per
    assert il.conversion(u("人"), u("万人")) == Decimal("0.0001")
    months = il.conversion(u("个月"), u("年"))
    assert months is not None and abs(months * 12 - 1) < Decimal("1e-20")
    assert il.conversion(u("万元"), u("%")) is None
    assert il.conversion(u("人次"), u("人")) is None
    assert il.conversion(u("元/人"), u("元/年")) is None
    assert il.conversion(u(None), u("%")) == 1


# operator, target (value, unit), actual (value, unit, decimals), verdict, implied score of 10 points
TABLE = [
    (Op.GE, (95, "%"), (96, "%", None), MET, 10),
    (Op.GE, (95, "%"), (95, "%", None), MET, 10),
    (Op.GE, (95, "%"), (94.99, "%", None), MISSED, 9.9989),
    (Op.GE, (100, "%"), (72.74, "%", None), MISSED, 7.274),
    (Op.GT, (95, "%"), (95, "%", None), MISSED, 10),
    (Op.GT, (95, "%"), (95.1, "%", None), MET, 10),
    (Op.LE, (1, "年"), (1, "年", None), MET, 10),  # 1年内完成
    (Op.LE, (1, "年"), (12, "个月", None), MET, 10),
    (Op.LE, (1, "年"), (2, "年", None), MISSED, 5),
    (Op.LE, (90, "万元"), (900_000, "元", None), MET, 10),
    (Op.LE, (90, "万元"), (900_100, "元", None), MISSED, 9.9989),
    (Op.LT, (10, "天"), (10, "天", None), MISSED, 10),
    (Op.LT, (10, "天"), (9, "天", None), MET, 10),
    (Op.EQ, (100, "%"), (100, "%", None), MET, 10),
    (Op.EQ, (100, "%"), (99.996, "%", 2), MET, 10),  # shown as 100.00
    (Op.EQ, (100, "%"), (99.9, "%", None), MISSED, 9.99),
    (Op.EQ, (797876.4, "元/年"), (79.79, "万元", None), MET, 10),  # the seed's rent, restated in 万元
    (Op.EQ, (0, "起"), (0, "起", None), MET, 10),
    (Op.EQ, (0, "起"), (1, "起", None), MISSED, 0),
    (Op.GE, (32, "万人"), (328_900, "人", None), MET, 10),
    (Op.GE, (80, "%"), (60, "万元", None), UNKNOWN, None),  # units that do not convert
    (Op.QUAL, (1, None), (1, None, None), UNKNOWN, None),
]


@pytest.mark.parametrize(("op", "target", "actual", "verdict", "score"), TABLE)
def test_met_and_implied_score(
    op: Op,
    target: tuple[float, str | None],
    actual: tuple[float, str | None, int | None],
    verdict: il.Verdict,
    score: float | None,
) -> None:
    t = fig(target[0], target[1])
    a = fig(actual[0], actual[1], actual[2])
    assert il.judge(op, t, a) is verdict
    implied = il.implied_score(op, t, a, 10)
    if score is None:
        assert implied is None
    else:
        assert implied is not None
        assert implied.lo <= Decimal(repr(score)) + Decimal("0.001")
        assert implied.hi >= Decimal(repr(score)) - Decimal("0.001")
        assert implied.hi <= 10


def test_reverse_scoring_linear_alternative() -> None:
    t, a = fig(10, "天"), fig(15, "天", 2)
    ratio = il.implied_score(Op.LE, t, a, 10, "ratio")
    linear = il.implied_score(Op.LE, t, a, 10, "linear")
    assert ratio is not None and linear is not None
    assert abs(float(ratio.mid) - 10 * 10 / 15) < 0.01
    assert abs(float(linear.mid) - 5) < 0.01  # (1 − 5/10) × 10
    gone = il.implied_score(Op.LE, t, fig(25, "天", 2), 10, "linear")
    assert gone is not None and gone.hi == 0  # 0 from 2T


def test_inflation_accepts_truncation() -> None:
    implied = il.implied_score(Op.EQ, fig(100, "%"), fig(72.74, "%", 2), 10)
    assert implied is not None
    assert not il.inflated(fig(7.27, None, 2), implied)  # 7.274 truncated
    assert il.inflated(fig(7.3, None, 2), implied)
    assert il.inflated(fig(10, None, 2), implied)


def test_exceeded_by_far() -> None:
    assert il.exceeded_by_far(Op.GE, fig(100, "人"), fig(131, "人"), 1.3)
    assert not il.exceeded_by_far(Op.GE, fig(100, "人"), fig(130, "人"), 1.3)
    assert not il.exceeded_by_far(Op.LE, fig(100, "人"), fig(500, "人"), 1.3)
    assert il.exceeded_by_far(Op.GT, fig(1, "万人"), fig(20_000, "人"), 1.3)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("达成年度指标", il.ACHIEVED),
        ("部分达成年度指标并具有一定效果", il.PARTLY),
        ("未达成年度指标且效果较差", il.NOT_ACHIEVED),
        ("完成", il.ACHIEVED),
        ("较好", il.ACHIEVED),
        ("增强", il.ACHIEVED),
        ("满意", il.ACHIEVED),
        ("不满意", il.NOT_ACHIEVED),
        ("基本完成", il.PARTLY),
        ("效果一般", il.PARTLY),
        ("一般性支出得到有效控制", il.ACHIEVED),
        ("未发生不满意投诉，退休人员获得感增强", il.ACHIEVED),
        ("无未按时缴纳情况", None),
        ("未发生投诉，但部分工作未完成", il.NOT_ACHIEVED),
        ("一般公共预算资金全部按时拨付", il.ACHIEVED),
        ("保障了单位正常运转", il.ACHIEVED),
        ("详见报告", None),
        ("", None),
        (None, None),
    ],
)
def test_qualitative_grade(text: str | None, grade: str | None) -> None:
    assert il.qualitative_grade(text) == grade


def test_grade_of_uses_the_configured_cut_offs() -> None:
    grades = {"优": 90.0, "良": 80.0, "中": 60.0}
    assert [il.grade_of(s, grades) for s in (100, 90, 89.99, 80, 60, 59.9)] == ["优", "优", "良", "良", "中", "差"]
    assert il.grade_of(85, {"A": 85.0}) == "A"


def test_categories() -> None:
    h = {"产出指标": ("数量指标", "时效指标", "成本指标"), "成本指标": ("经济成本指标",)}
    assert il.fits_hierarchy("产出指标", "数量指标", h) is True
    assert il.fits_hierarchy("产出", "成本指标", h) is True
    assert il.fits_hierarchy("成本指标", "经济成本指标", h) is True
    assert il.fits_hierarchy("产出指标", "经济成本指标", h) is False
    assert il.fits_hierarchy("工作指标", "数量指标", h) is None
    assert il.parent_of("经济成本", h) == ["成本指标"]
    assert il.repeats_category("数量指标", "数量指标", "产出指标")
    assert il.repeats_category("满意度", "满意度指标", "满意度指标")
    assert not il.repeats_category("参保人员满意度", "满意度指标", "满意度指标")


@pytest.mark.parametrize(
    ("level2", "level3", "unit", "suggested"),
    [
        ("时效指标", "基本养老金发放准确率", "%", "质量指标"),
        ("时效指标", "服务对象满意度", "%", "满意度指标"),
        ("时效指标", "资金在规定时间下达率", "%", None),
        ("时效指标", "企业职工基本养老保险待遇按时足额发放率", "%", None),
        ("时效指标", "完成时间", "年", None),
        ("质量指标", "任务完成及时率", "%", None),
        ("数量指标", "租金、物业费及水电费", "元/年", None),
        ("成本指标", "资金全额下达", "万元", None),
        ("数量指标", "参保人员满意度", "%", "满意度指标"),
        ("社会效益指标", "基本养老金发放准确率", "%", None),
    ],
)
def test_category_conflict(level2: str, level3: str, unit: str, suggested: str | None) -> None:
    assert il.category_conflict(level2, level3, il.parse_unit(unit)) == suggested


# ---- properties -------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: n / 100)


@given(target=cents, actual=cents)
def test_ge_is_met_exactly_when_actual_reaches_target(target: float, actual: float) -> None:
    t, a = fig(target, "%", 2), fig(actual, "%", 2)
    verdict = il.judge(Op.GE, t, a)
    assert (verdict is MET) == (round(actual * 100) >= round(target * 100))
    # ≤ is its mirror; = holds exactly when both hold.
    le = il.judge(Op.LE, t, a)
    assert (le is MET) == (round(actual * 100) <= round(target * 100))
    assert (il.judge(Op.EQ, t, a) is MET) == (verdict is MET and le is MET)


@given(target=cents, actual=cents, op=st.sampled_from([Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ]))
def test_units_do_not_change_the_verdict(target: float, actual: float, op: Op) -> None:
    # 万元 figures scaled by 10 000 into 元 (exactly, in cents × 100) keep their verdict.
    in_wan = il.judge(op, fig(target, "万元", 2), fig(actual, "万元", 2))
    yuan = round(actual * 100) * 100  # the same amount in 元, an integer
    assert il.judge(op, fig(target, "万元", 2), fig(float(yuan), "元", 0)) is in_wan
    assert il.judge(op, fig(float(round(target * 100) * 100), "元", 0), fig(actual, "万元", 2)) is in_wan


@given(target=cents.filter(lambda v: v > 0), actual=cents, weight=st.sampled_from([1.0, 4.0, 10.0, 50.0]))
def test_implied_score_stays_within_weight_and_is_full_only_when_met(
    target: float, actual: float, weight: float
) -> None:
    for op in (Op.GE, Op.LE, Op.EQ):
        t, a = fig(target, "%", 2), fig(actual, "%", 2)
        implied = il.implied_score(op, t, a, weight)
        assert implied is not None
        assert Decimal(0) <= implied.lo <= implied.hi <= Decimal(repr(weight))
        if il.judge(op, t, a) is MET:
            assert implied.lo == implied.hi == Decimal(repr(weight))


@pytest.mark.parametrize(
    ("name", "high"),
    [
        ("参保人员满意度", True),
        ("资金发放到位率", True),
        ("参保人数增长率", False),
        ("发放差错率", False),
        ("完成时间", False),
        ("资金结余率", False),
        ("科技支出占比", False),
    ],
)
def test_high_rate(name: str, high: bool) -> None:
    assert il.high_rate(name) is high


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("一、产出指标", "产出"),
        ("（一）数量指标", "数量"),
        ("(二)质量指标", "质量"),
        ("1.产出指标", "产出"),
        ("总体绩效（65分）", "总体绩效"),
        ("1.5倍", "1.5倍"),
    ],
)
def test_bare_drops_numbering(name: str, expected: str) -> None:
    assert il.bare(name) == expected


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("效果明显", True),
        ("可持续", True),
        (" 达标 ", True),
        ("100%", False),
        ("≥50个", False),
        ("", False),
        (None, False),
    ],
)
def test_a_target_in_words_has_no_figure(target: object, words: bool) -> None:
    assert il.text_target(target) is words
