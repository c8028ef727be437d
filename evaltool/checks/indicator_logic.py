"""Indicator semantics in one place: units, met / not met, implied scores, 定性 grades, category meaning.

Pure functions over plain values (no workbook, no pandas), shared by the indicator and score
rules (and by anyone else who needs "is this target met?"). Every comparison goes through
``check/rounding.py``: a figure shown to d decimals stands for ±½·10⁻ᵈ, never a fixed epsilon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Final

from evaltool.checks.rounding import Interval, interval
from evaltool.model import Op
from evaltool.reading.numbers import clean

# ---------------------------------------------------------------------------------------------
# Units


class UnitKind(StrEnum):
    """What a 度量单位 measures."""

    PERCENT = "percent"
    MONEY = "money"
    COUNT = "count"
    TIME = "time"
    OTHER = "other"  # a unit we do not know (公里, 吨 …): compared only with itself
    NONE = "none"  # no unit given


_SCALE: Final[dict[str, Decimal]] = {
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千": Decimal(1000),
    "百": Decimal(100),
}
_PERCENT: Final[dict[str, Decimal]] = {"%": Decimal(1), "‰": Decimal("0.1"), "‱": Decimal("0.01"), "百分比": Decimal(1)}
# Time in days; 季度 and 年 are calendar approximations, good enough to compare 12 个月 with 1 年.
_TIME: Final[dict[str, Decimal]] = {
    "年": Decimal(365),
    "季度": Decimal(365) / Decimal(4),
    "个月": Decimal(365) / Decimal(12),
    "月": Decimal(365) / Decimal(12),
    "周": Decimal(7),
    "个工作日": Decimal(1),
    "工作日": Decimal(1),
    "天": Decimal(1),
    "日": Decimal(1),
    "小时": Decimal(1) / Decimal(24),
    "分钟": Decimal(1) / Decimal(1440),
}
# Things one counts. 人次 and 人 are different things, so the base noun is kept.
_COUNT_NOUNS: Final = (
    "人次", "户次", "人", "户", "家", "个", "项", "次", "件", "所", "台", "套", "场", "期", "篇", "条", "部", "名",
    "份", "本", "辆", "间", "座", "处", "批", "株", "只", "头", "册", "张", "起", "宗", "笔", "节", "课时", "单位",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Unit:
    """A parsed 度量单位: its kind, the base it counts in and the factor to that base.

    ``元/年`` is money (base 元, factor 1, per 年); ``万人`` is a count of 人 with factor 10 000;
    ``个月`` is time in days (factor 30.4). Two units convert into each other when kind and
    base agree (``per`` is ignored when one side lacks it: ``797876.4 元/年`` vs ``79.79 万元``).
    """

    text: str
    kind: UnitKind
    base: str = ""
    factor: Decimal = Decimal(1)
    per: str = ""


def parse_unit(text: object) -> Unit:
    """What a 度量单位 (or a unit typed inside a value) means.

    >>> parse_unit("万元").kind, parse_unit("万元").factor
    (<UnitKind.MONEY: 'money'>, Decimal('10000'))
    """
    if text is None or (isinstance(text, float) and text != text):
        return Unit("", UnitKind.NONE)
    return _parse_unit(str(text))


@lru_cache(maxsize=1024)
def _parse_unit(text: str) -> Unit:
    raw = clean(text)
    if not raw or raw in ("-", "—", "/", "无"):
        return Unit("", UnitKind.NONE)
    body, _, per = raw.partition("/")
    if body in _PERCENT:
        return Unit(raw, UnitKind.PERCENT, "%", _PERCENT[body], per)
    if body in _TIME:
        return Unit(raw, UnitKind.TIME, "day", _TIME[body], per)
    factor = Decimal(1)
    stem = body
    if len(stem) > 1 and stem[0] in _SCALE:
        factor = _SCALE[stem[0]]
        stem = stem[1:]
    if stem == "元":
        return Unit(raw, UnitKind.MONEY, "元", factor, per)
    if stem in _COUNT_NOUNS:
        return Unit(raw, UnitKind.COUNT, stem, factor, per)
    return Unit(raw, UnitKind.OTHER, body, Decimal(1), per)


def conversion(source: Unit, target: Unit) -> Decimal | None:
    """The factor turning a value in ``source`` into ``target`` units, or None when they do not convert.

    A missing unit converts 1:1 to anything (the value is taken to be in the other unit).
    """
    if source.kind is UnitKind.NONE or target.kind is UnitKind.NONE:
        return Decimal(1)
    if source.kind is not target.kind or source.base != target.base:
        return None
    if source.per and target.per and source.per != target.per:
        return None
    return source.factor / target.factor


# ---------------------------------------------------------------------------------------------
# Figures and verdicts


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as shown on the sheet: its value, how many decimals it is shown with, its unit."""

    value: float
    decimals: int | None = None
    unit: Unit = Unit("", UnitKind.NONE)

    @property
    def places(self) -> int:
        """Decimals shown: the cell's, else as typed (``repr`` gives the shortest exact text)."""
        if self.decimals is not None:
            return self.decimals
        text = repr(float(self.value))
        if "e" in text or "E" in text:
            return 0
        frac = text.split(".", 1)[1] if "." in text else ""
        return 0 if frac == "0" else len(frac)

    @property
    def exact(self) -> Decimal:
        """The figure as shown (rounded to what the sheet shows)."""
        from evaltool.checks.rounding import shown

        return shown(self.value, self.places)

    @property
    def span(self) -> Interval:
        """The interval the shown figure stands for."""
        return interval(self.value, self.places)


class Verdict(StrEnum):
    """Whether a target was met."""

    MET = "met"
    MISSED = "missed"
    UNKNOWN = "unknown"  # not comparable: no number, units that do not convert, 定性


QUANTITATIVE: Final = frozenset({Op.GE, Op.LE, Op.EQ, Op.GT, Op.LT})
POSITIVE: Final = frozenset({Op.GE, Op.GT, Op.EQ})  # scored 正向 (= is treated as 正向)


def in_target_units(actual: Figure, target: Figure) -> tuple[Decimal, Interval] | None:
    """The actual (shown value and its interval) converted into the target's unit, or None."""
    factor = conversion(actual.unit, target.unit)
    if factor is None:
        return None
    span = actual.span
    if factor == 1:
        return actual.exact, span
    # 1/12 of a year is not a finite decimal: settle conversion noise (12 个月 = 1 年) at 10⁻¹².
    q = Decimal(1).scaleb(-12)
    return (actual.exact * factor).quantize(q), Interval((span.lo * factor).quantize(q), (span.hi * factor).quantize(q))


def _goal_span(actual: Figure, target: Figure) -> Interval:
    """A target is a specification, exact as written; but a target restated in another unit
    (79.79 万元 for 797876.4 元) was itself rounded, so then it stands for its interval."""
    if conversion(actual.unit, target.unit) == Decimal(1):
        return Interval.exact(target.exact)
    return target.span


def judge(op: Op | None, target: Figure | None, actual: Figure | None) -> Verdict:
    """Met / not met for a quantitative indicator.

    ≥ and ＞ need actual ≥ / > target, ≤ and ＜ the reverse, comparing the figures as shown
    (after converting 元 ↔ 万元, 人 ↔ 万人, 月 ↔ 年). ``=`` needs equality within rounding:
    the two figures' intervals meet.
    """
    if op is None or op is Op.QUAL or target is None or actual is None:
        return Verdict.UNKNOWN
    converted = in_target_units(actual, target)
    if converted is None:
        return Verdict.UNKNOWN
    value, span = converted
    goal = target.exact
    met = {
        Op.GE: value >= goal,
        Op.GT: value > goal,
        Op.LE: value <= goal,
        Op.LT: value < goal,
        Op.EQ: span.meets(_goal_span(actual, target)),
    }[op]
    return Verdict.MET if met else Verdict.MISSED


def exceeded_by_far(op: Op | None, target: Figure, actual: Figure, ratio: float) -> bool:
    """A ≥ / ＞ target beaten by more than ``ratio`` × target (a target set too low)."""
    if op not in (Op.GE, Op.GT):
        return False
    converted = in_target_units(actual, target)
    goal = target.exact
    if converted is None or goal <= 0:
        return False
    # Use the lower end of the actual's interval: only a clear excess counts.
    return converted[1].lo > goal * Decimal(repr(float(ratio)))


# ---------------------------------------------------------------------------------------------
# Scores (domain spec §4)


def implied_score(
    op: Op | None,
    target: Figure,
    actual: Figure,
    weight: float,
    reverse: str = "ratio",
) -> Interval | None:
    """The score a completion earns, as an interval (rounding of target and actual carried through).

    正向 (≥, ＞, =): met → w, else A/T × w. 反向 (≤, ＜): met → w, else T/A × w, or with
    ``reverse="linear"`` (1 − (A−T)/T) × w, 0 from 2T. T = 0 needs A = 0 for full marks.
    Always within [0, w]. None when the figures do not compare.
    """
    verdict = judge(op, target, actual)
    if verdict is Verdict.UNKNOWN or op is None:
        return None
    w = Decimal(repr(float(weight)))
    full = Interval(w, w)
    if verdict is Verdict.MET:
        return full
    converted = in_target_units(actual, target)
    assert converted is not None  # judge() converted it already
    a = converted[1]
    t = _goal_span(actual, target)
    zero = Decimal(0)
    if t.hi <= zero or a.hi < zero:
        return Interval(zero, zero)  # T = 0 missed (A ≠ 0), or a negative actual: nothing earned
    weight_iv = Interval(w, w)
    if op in POSITIVE:
        ratio = a / t if t.lo > zero else Interval(zero, a.hi / t.hi)
    elif reverse == "linear":
        # (1 − (A−T)/T) = 2 − A/T, floored at 0.
        over = a / t if t.lo > zero else Interval(a.lo / t.hi, a.hi / t.hi)
        ratio = Interval(Decimal(2) - over.hi, Decimal(2) - over.lo)
    else:
        ratio = t / a if a.lo > zero else Interval(t.lo / a.hi, Decimal(1))
    score = ratio * weight_iv
    return Interval(min(max(score.lo, zero), w), min(max(score.hi, zero), w))


def scored_below(score: Figure, points: Figure) -> bool:
    """A score clearly below its points (beyond rounding; truncation accepted)."""
    # 分值 is a weight, exact as written; the 得分 may be rounded or truncated.
    return interval(score.value, score.places, truncated=True).hi < points.exact


def inflated(score: Figure, implied: Interval) -> bool:
    """Whether a given score is above what the completion earns, beyond rounding and truncation."""
    given = interval(score.value, score.places, truncated=True)
    return given.lo > implied.hi


# ---------------------------------------------------------------------------------------------
# 定性 grades

ACHIEVED, PARTLY, NOT_ACHIEVED = "达成", "部分达成", "未达成"

_NOT: Final = re.compile(
    "未达成|未完成|没有完成|未能完成|没完成|未实现|未达到|未达标|较差|很差|不满意|不合格|未到位|效果差|未发放|未按时|未执行"
)
# 一般 as a grade (效果一般), not the budget terms 一般性支出 / 一般公共预算.
_PART: Final = re.compile(r"部分|基本达成|基本完成|基本实现|基本满意|一般(?![性公])|有待|尚未全部|未全部|不够")
_YES: Final = re.compile(
    r"达成|完成|实现|达到|达标|好|优|增强|提升|提高|改善|满意|到位|正常|按时|及时|足额|全额|保障|稳定|明显|显著|有效|"
    r"合格|规范|落实|执行|确保|增加|加强|维护|顺利|良"
)


# A failure word that is itself denied (未发生不满意投诉, 无未按时缴纳情况) states no failure.
_DENIED: Final = re.compile(f"(?:无|没有|未发生|未出现|杜绝|零)(?:{_NOT.pattern})")


def qualitative_grade(text: object) -> str | None:
    """The grade a 定性 实际完成值 states: 达成 / 部分达成 / 未达成, or None (no grade word at all).

    >>> qualitative_grade("部分达成年度指标并具有一定效果"), qualitative_grade("增强")
    ('部分达成', '达成')
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    s = _DENIED.sub("", clean(str(text)))
    if not s:
        return None
    if _NOT.search(s):
        return NOT_ACHIEVED
    if _PART.search(s):
        return PARTLY
    if _YES.search(s):
        return ACHIEVED
    return None


def band_of(grade: str, bands: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The configured score band (percent of the weight) for a grade, or None."""
    found = bands.get(grade)
    if found is None or len(found) != 2:
        return None
    return float(found[0]), float(found[1])


def grade_of(score: float, grades: Mapping[str, float]) -> str:
    """优 / 良 / 中 / 差 (per ``settings.grades``: the best grade whose cut-off the score reaches)."""
    items = sorted(((float(v), str(k)) for k, v in grades.items()), reverse=True)
    for cut, name in items:
        if score >= cut:
            return name
    return "差"


# ---------------------------------------------------------------------------------------------
# Names and categories


def bare(name: object) -> str:
    """A category or indicator name compared loosely: cleaned, without a trailing 等 / 指标 / 类."""
    if name is None or (isinstance(name, float) and name != name):
        return ""
    return _bare(str(name))


# A leading enumeration as printed forms number categories: 一、 （一） (2) 1. 2、 (not 1.5).
_ENUMERATION: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))\s*"
)


@lru_cache(maxsize=4096)
def _bare(text: str) -> str:
    s = clean(text)
    s = _ENUMERATION.sub("", s)  # 一、产出指标, （一）数量指标, 1.产出指标
    s = re.sub(r"[（(][^）)]*[）)]$", "", s)  # 总体绩效（65分）
    if s.endswith("等") and len(s) > 1:
        s = s[:-1]  # the form's own list: 服务对象满意度指标等
    for suffix in ("指标", "类"):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
    return s


def repeats_category(level3: object, *categories: object) -> bool:
    """A 三级 name that only restates its 二级 / 一级 (``数量指标``, ``满意度``)."""
    name = bare(level3)
    return bool(name) and any(name == bare(c) for c in categories if bare(c))


def parent_of(level2: object, hierarchy: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The 一级 names a 二级 belongs to in the configured hierarchy."""
    b = bare(level2)
    return [str(p) for p, kids in hierarchy.items() if any(bare(k) == b for k in kids)]


def fits_hierarchy(level1: object, level2: object, hierarchy: Mapping[str, tuple[str, ...]]) -> bool | None:
    """True when the 二级 is listed under its 一级; None when the 一级 is not a known 一级."""
    b1 = bare(level1)
    for parent, kids in hierarchy.items():
        if bare(parent) == b1:
            return any(bare(k) == bare(level2) for k in kids)
    return None


# What each 二级 means, by name keywords (and unit kinds). A row is flagged only when its
# name has none of its category's own marks AND clearly carries another category's
# (an accuracy rate under 时效指标): conservative on purpose, a warning at most.
_OWN: Final[dict[str, re.Pattern[str]]] = {
    "时效": re.compile(r"时|期|日|天|月|年|限|进度|周|按时|及时|准时|当年|截止|提前|快|速"),
    "成本": re.compile(r"成本|费|资金|金额|元|经费|支出|价|投入|预算|租|薪|补助|补贴|额|款|开支"),
    "数量": re.compile(r"数|量|人|次|户|家|个|项|件|场|批|台|套|面积|长度|里程|覆盖|率|规模|名|所|座|处"),
    "质量": re.compile(r"率|合格|准确|达标|质量|规范|标准|正确|差错|完好|验收|完整|安全|有效"),
}
_FOREIGN: Final[dict[str, re.Pattern[str]]] = {
    "时效": re.compile(r"准确|合格|正确|差错|达标|满意|质量|覆盖"),
    "成本": re.compile(r"满意|准确率|合格率|及时率"),
    "数量": re.compile(r"满意|准确率|合格率|及时率"),
    "质量": re.compile(r"满意度"),
}
_OWN_UNITS: Final[dict[str, frozenset[UnitKind]]] = {
    "时效": frozenset({UnitKind.TIME}),
    "成本": frozenset({UnitKind.MONEY}),
    "数量": frozenset({UnitKind.COUNT}),
    "质量": frozenset(),
}


def category_conflict(level2: object, level3: object, unit: Unit) -> str | None:
    """The category a 三级 indicator's name suggests when it does not fit its 二级, else None.

    ``时效指标`` / ``基本养老金发放准确率`` (unit %) -> "质量指标"; ``时效指标`` / ``完成时间`` -> None.
    """
    b2 = bare(level2)
    name = bare(level3)
    key = next((k for k in _OWN if b2.startswith(k) or b2 == k or b2.endswith(k)), None)
    if key is None or not name:
        return None
    if unit.kind in _OWN_UNITS[key]:
        return None
    if re.search(r"满意(度|率)$", name):
        return "满意度指标"  # a satisfaction rate is a 满意度 indicator whatever else its name says
    if _OWN[key].search(name):
        return None
    if not _FOREIGN[key].search(name):
        return None
    if re.search(r"满意", name):
        return "满意度指标"
    if key != "成本" and re.search(r"元|费|成本", name):
        return "成本指标"
    return "质量指标"


_RATE_NAME: Final = re.compile(r"率$|满意度$|占比$|比例$|比率$|覆盖面$")


_MONEY_NAME: Final = re.compile(r"金额|资金|经费|费用|预算|投资|拨款|成本")


def money_name(level3: object) -> str | None:
    """The word naming an amount in an indicator's name (工程资金金额 -> 金额); None for a rate."""
    if looks_like_rate(level3):
        return None
    found = _MONEY_NAME.search(bare(level3))
    return found.group() if found else None


def looks_like_rate(level3: object) -> bool:
    """Whether the indicator's name is a rate (准确率, 满意度, 占比): its unit should be %."""
    return bool(_RATE_NAME.search(bare(level3)))


# Rates that are normally small: growth and error rates, balances left over, a part's share.
_SMALL_RATE: Final = re.compile(
    r"增长|增幅|下降|降幅|降低|减少|差错|错误|投诉|事故|误差|损失|流失|空置|偏差|变化|超支|结余|占比|比重"
)


def high_rate(level3: object) -> bool:
    """A rate whose values are normally near 100 % (满意度, 合格率, 到位率), not a growth or error rate."""
    name = bare(level3)
    return looks_like_rate(name) and not _SMALL_RATE.search(name)


def is_cost_category(level1: object, level2: object) -> bool:
    """A 成本指标 row (成本 as 二级 under 产出, or as 一级 from 2021)."""
    return "成本" in bare(level1) or "成本" in bare(level2)


# A 指标性质 saying "quantitative" with no direction: 重庆's form prints 定量指标 / 定性指标.
UNDIRECTED: Final = frozenset({"定量", "定量指标"})
# Names whose figure must stay at or under its target (a ceiling, lower is better).
_CEILING: Final = re.compile(
    r"控制|调整率|结余|结转|变动率|差错|错误|投诉|事故|发生率|超支|违规|违纪|损失|空置|闲置|不良|成本|费用|时间|时限|周期|天数|用时|耗时"
)


_DIGIT: Final = re.compile(r"[0-9０-９]")
# A row label printed before the name: 指标1: / 指标1 (河北's and 山西's cards).
_ROW_LABEL: Final = re.compile(r"^指标\s*[0-9０-９]+\s*[:：、.．]?\s*")
# Words that name something countable or a proportion: a bare figure beside them means something.
_MEASURABLE_NAME: Final = re.compile(
    r"率|数|量|人|次|个|天|日|月|年|元|额|时间|时限|比例|面积|公里|户|家|项|件|台|套|亩|吨|满意|分"
)


def indicator_name(level3: object) -> str:
    """A 三级指标 as named, without the row label some forms print before it (``指标1:是否满意``)."""
    return _ROW_LABEL.sub("", clean(str(level3))) if level3 is not None else ""


def names_a_measure(name: str) -> bool:
    """Whether a name speaks of a count, an amount, a time or a proportion (``完工率``, ``人数``)."""
    return _MEASURABLE_NAME.search(name) is not None


def text_target(target_text: object) -> bool:
    """A target printed as words with no figure (``效果明显``, ``可持续``): read as 定性 when no
    operator is given, as a reviewer reads the national card (it has no 指标性质 column)."""
    text = clean(str(target_text)) if target_text is not None else ""
    return bool(text) and _DIGIT.search(text) is None


def implied_direction(op_text: object, level1: object, level2: object, level3: object) -> Op | None:
    """The operator a 定量 (direction-less) row means, read from what it measures; None for other text.

    ≤ for a ceiling (控制率, 结余率, 差错率, 成本, 完成时间 …, or a 成本指标 row), ≥ otherwise
    (完成率, 利用率, 数量, 满意度 …): what a reviewer reads into 财政供养人员控制率 100 % / 92 %.
    """
    if op_text is None or clean(str(op_text)) not in UNDIRECTED:
        return None
    return Op.LE if is_cost_category(level1, level2) or _CEILING.search(bare(level3)) else Op.GE
