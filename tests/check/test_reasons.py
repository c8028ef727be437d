"""The one judgement of "is this a written reason" (checks/reasons.py), row by row."""

from __future__ import annotations

import pytest

from evaltool.checks.reasons import is_reason, refusal
from evaltool.template.instructions import SECTIONS

REFUSED = [
    (None, "empty"),
    ("", "empty"),
    ("   ", "empty"),
    ("无", "placeholder"),
    ("暂无", "placeholder"),
    ("暂无。", "placeholder"),
    ("没有", "placeholder"),
    ("/", "placeholder"),
    ("-", "placeholder"),
    ("—", "placeholder"),
    ("见附件", "placeholder"),
    ("详见附件1", "placeholder"),
    ("同上", "placeholder"),
    ("…", "empty"),
    # Help text provincial forms print in the reason cell.
    ("…预算执行率未达到90%的需说明原因（100字以内）…年中发生预算调整的…应单独说明理由", "instruction"),
    ("结合自评情况，分析存在的问题及原因（200字以内）", "instruction"),
    ("对照年度目标，说明…", "instruction"),
    ("请说明偏差原因及改进措施", "instruction"),
    # 四川 部门预算项目支出绩效自评表's 原因 cell as printed, its definitions included.
    (
        "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
        "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.",
        "instruction",
    ),
    ("说明未完成原因及改进措施", "instruction"),
    # Our own template's 填写说明, copied.
    ("未完成目标的，须在“偏差原因及改进措施”中说明原因。", "template"),
    ("执行率低于 90%，或全年预算数与年初预算数不一致的，请在备注中说明原因。", "template"),
]

ACCEPTED = [
    "物业费年中减免",
    "省级资金，2024年中由市级财政批复并下达预算指标，未列入年初预算",
    "需要说明的是，因疫情影响项目延期",
    "根据市财政统一安排，资金于12月下达，未能及时支付",
    "1.因政策调整，部分资金收回；2.下一步将加强预算执行管理",
    "年中追加",
    # The printed instruction left in place, with the unit's reason after it.
    "预算执行率未达到90%的需说明原因（100字以内）。因项目延期至次年实施，资金未支付完毕",
]


@pytest.mark.parametrize(("text", "why"), REFUSED, ids=[str(t) for t, _ in REFUSED])
def test_refused(text: str | None, why: str) -> None:
    assert refusal(text) == why
    assert not is_reason(text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted(text: str) -> None:
    assert refusal(text) is None
    assert is_reason(text)


def test_every_sentence_of_our_help_text_is_refused() -> None:
    for _, paragraphs in SECTIONS:
        for paragraph in paragraphs:
            assert not is_reason(paragraph), paragraph
