"""One judgement of "is this a written reason", shared by every rule that asks for one.

P205 (low execution), P206 (budget adjusted), I311 (target missed or points lost) and S410
(a scoring-table row docked) all need a reason in a text cell. Units leave other things there:

- placeholders: 无, 暂无, 没有, /, -, 同上, 略, 见附件 (alone) …;
- the help text provincial forms print in the reason cell, left in place
  ("…预算执行率未达到90%的需说明原因（100字以内）…", "结合自评情况，分析存在的问题及原因（200字以内）",
  "对照年度目标，说明…");
- a copy of our own template's 填写说明 (``evaltool.template.instructions``).

None of these is a reason. The text is cut into sentences; instruction sentences are dropped,
and what is left must hold a sentence that is neither a placeholder nor help text. So a unit
that writes its reason after the printed instruction has given one; beside help text a sentence
must explain something (因, 由于, 未, 调减 …) to count, as the help's own definitions
(3.其他资金包括:社会投入资金、银行贷款) do not.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from evaltool.reading.numbers import EMPTY_MARKERS, clean

__all__ = ["is_reason", "refusal"]

# Placeholders standing for "nothing to say" (compared after ``clean`` and trailing punctuation).
PLACEHOLDERS: Final = EMPTY_MARKERS | {
    *("暂无", "没有", "无偏差", "无原因", "无偏差原因", "无问题", "暂无问题", "无改进措施", "同上", "略"),
    *("不适用", "未发现", "正常", "无说明", "待定", "待补充", "无。", "0", "x", "×", "...", "…", "……"),
}
# "见附件" and its kin alone: a pointer to a document nobody attached to the workbook.
_POINTER: Final = re.compile(
    r"^(详|具体)?(见|参见|详见)(附件|附表|报告|说明|正文|上表|下表|自评报告)[\d一二三四五六七八九十]*$"
)
# Help text: a word limit, a duty to explain, or a directive opening (对照…，说明…).
_INSTRUCTION: Final = (
    re.compile(r"\d+字(以内|以下|左右|内)|字数(不超过|控制)|不超过\d+字"),
    re.compile(r"(需|须|应|请|务必)(单独|如实|简要|详细|具体|逐项)?(说明|填写|列明|注明|阐述|分析|描述)"),
    re.compile(r"^(对照|结合|根据|针对|围绕)[^。；;]{0,30}?[，,](说明|分析|阐述|填写|简述|列明)"),
    re.compile(r"^(说明|分析|简述|阐述|填写|列明)[^。；;]*(原因|情况|理由|措施)"),
)
# Beside printed help text, a sentence of the unit's own must explain something: the help's other
# sentences (3.其他资金包括:社会投入资金、银行贷款) define terms and explain nothing.
_EXPLAINS: Final = re.compile(
    r"因|由于|原因|导致|造成|受|未|没有|已|将|下一步|措施|延|减|增|调|追加|收回|结余|节约|影响|不足|困难|问题"
)
_SENTENCE: Final = re.compile(r"[。；;！!\n\r]+")
_TRIM: Final = "，,。.;；:：、!！?？ （）()【】[]“”\"'‘’…"
_NUMBERING: Final = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+、|[（(][\d一二三四五六七八九十]+[)）])")


@cache
def _template_help() -> tuple[str, ...]:
    """Our own template's help text, sentence by sentence, as compared (cleaned)."""
    from evaltool.template.instructions import BASIC_HELP, HINT_LINE, SECTIONS

    paragraphs = [p for _, ps in SECTIONS for p in ps] + [HINT_LINE, *BASIC_HELP.values()]
    pieces = (_bare(s) for p in paragraphs for s in _SENTENCE.split(p))
    return tuple(s for s in pieces if len(s) >= 6)


def _bare(text: str) -> str:
    return _NUMBERING.sub("", clean(text).strip(_TRIM)).strip(_TRIM)


def _placeholder(piece: str) -> bool:
    return piece in PLACEHOLDERS or bool(_POINTER.match(piece)) or sum(ch.isalnum() for ch in piece) < 2


def _instruction(piece: str) -> bool:
    return any(p.search(piece) for p in _INSTRUCTION)


def _copied_help(piece: str) -> bool:
    return len(piece) >= 6 and any(piece in line or line in piece for line in _template_help())


def refusal(value: object) -> str | None:
    """Why ``value`` is not a written reason (``empty`` / ``placeholder`` / ``instruction`` /
    ``template``), or None when it is one.

    >>> refusal("物业费年中减免"), refusal("暂无"), refusal("结合自评情况，分析存在的问题及原因（200字以内）")
    (None, 'placeholder', 'instruction')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "empty"
    text = str(value)
    pieces = [_bare(s) for s in _SENTENCE.split(text)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return "empty"
    help_text = [p for p in pieces if _instruction(p) or _copied_help(p)]
    own = [p for p in pieces if p not in help_text and not _placeholder(p)]
    if help_text:
        own = [p for p in own if _EXPLAINS.search(p)]
    if own:
        return None
    if not help_text:
        return "placeholder"
    return "instruction" if any(_instruction(p) for p in help_text) else "template"


def is_reason(value: object) -> bool:
    """Whether a cell holds a written reason (not empty, a placeholder or help text)."""
    return refusal(value) is None
