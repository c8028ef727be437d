"""Rules: structure and 基本情况 — money unit, year, dates, staff counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from evaltool.catalogue import ERROR, WARNING, Hit, hit, rule
from evaltool.checks import access as ax
from evaltool.checks import schemas  # noqa: F401  (registers the V5xx schema codes in the catalogue)
from evaltool.checks.context import Context
from evaltool.layout import MONEY_UNITS

G = "基本情况 / structure"
EARLIEST_YEAR = 2000  # 预算绩效自评 began in the 2000s; earlier years are typing mistakes


@rule(
    "T001",
    "money-unit-invalid",
    ERROR,
    group=G,
    message_zh="金额单位“{unit}”无效，应为 万元 或 元",
    message_en="money unit {unit!r} is not allowed: use 万元 or 元",
    hint_zh="请在基本情况中把金额单位填为“万元”或“元”，并确保所有金额使用该单位",
    hint_en="set 金额单位 on 基本情况 to 万元 or 元, and enter every amount in that unit",
)
def money_unit(ctx: Context) -> Iterator[Hit]:
    """Checks that 基本情况!金额单位 is 万元 or 元.

    Why it matters: every amount of the workbook is read in this unit; 千元 or 亿元 (or a
    typo) leaves all of them ambiguous. A missing value is the reader's F007.

    Example: 万元 -> no finding; 万 or 千元 -> finding.
    """
    item = ctx.submission.basic.get("money_unit")
    if item is None:
        return
    unit = ax.text(item.value)
    if unit and "".join(unit.split()) not in MONEY_UNITS:
        yield hit(item.cell, unit=unit)


def _year(ctx: Context) -> int | None:
    value = ctx.submission.value("year")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    digits = ax.text(value).removesuffix("年")
    return int(digits) if digits.isdigit() else None


@rule(
    "T002",
    "year-implausible",
    ERROR,
    group=G,
    message_zh="评价年度 {year} 不合理（应在 {earliest}–{latest} 之间）",
    message_en="evaluation year {year} is implausible (expected {earliest}–{latest})",
    hint_zh="请填写被评价的预算年度，如 2024",
    hint_en="enter the budget year evaluated, such as 2024",
)
def year_plausible(ctx: Context) -> Iterator[Hit]:
    """Checks that 评价年度 is a four-digit year from 2000 up to the current year.

    Why it matters: batch runs file submissions by year; 24, 2204 or next year are typing
    mistakes that put a submission into the wrong year's review.

    Example: 2024 -> no finding; 2204 or 24 -> finding.
    """
    item = ctx.submission.basic.get("year")
    year = _year(ctx)
    if item is None or item.value is None or (isinstance(item.value, str) and not item.value.strip()):
        return
    latest = dt.date.today().year
    if year is None or not EARLIEST_YEAR <= year <= latest:
        yield hit(item.cell, year=ax.text(item.value), earliest=EARLIEST_YEAR, latest=latest)


@rule(
    "T003",
    "fill-date-implausible",
    WARNING,
    group=G,
    message_zh="填报日期 {date} 不合理：{year} 年度的自评应在该年度结束后、且不晚于今天填报",
    message_en=(
        "fill-in date {date} is implausible: the {year} self-evaluation is made after that year ends"
        " and not in the future"
    ),
    hint_zh="请核对填报日期和评价年度",
    hint_en="check the fill-in date and the evaluation year",
)
def fill_date(ctx: Context) -> Iterator[Hit]:
    """Checks that 填报日期 falls after the end of 评价年度 and not in the future.

    Why it matters: a self-evaluation reports a finished year; a date inside (or before)
    that year, or a future date, means either the date or the year is wrong.

    Example: the seed: 2024 evaluated on 2025-04-25 -> no finding; 2024-06-30 -> finding.
    """
    item = ctx.submission.basic.get("filled_on")
    year = _year(ctx)
    if item is None or year is None:
        return
    value = item.value
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return
    if value < dt.date(year + 1, 1, 1) or value > dt.date.today():
        yield hit(item.cell, date=value.isoformat(), year=year)


@rule(
    "T004",
    "staff-over-quota",
    WARNING,
    group=G,
    message_zh="实有在编人数 {actual} 超过核定编制人数 {quota}",
    message_en="staff in post ({actual}) exceed the approved establishment ({quota})",
    hint_zh="请核对人数；确属超编的请在自评报告中说明",
    hint_en="check the counts; explain any real overstaffing in the report",
)
def staff_over_quota(ctx: Context) -> Iterator[Hit]:
    """Checks 实有在编人数 ≤ 核定编制人数.

    Why it matters: staff in post beyond the approved establishment (超编) is either a
    typing error or something the finance bureau must be told about.

    Example: the seed: 58 of 61 -> no finding; 63 of 61 -> finding.
    """
    quota_item = ctx.submission.basic.get("staff_quota")
    actual_item = ctx.submission.basic.get("staff_actual")
    if quota_item is None or actual_item is None:
        return
    quota, actual = ax.number(quota_item.value), ax.number(actual_item.value)
    if quota is None or actual is None:
        return
    if actual > quota:
        yield hit(actual_item.cell, quota_item.cell, actual=int(actual), quota=int(quota))
