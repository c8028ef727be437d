"""UI text of the outputs (severity and status names); finding text is rendered by ``evaltool.messages``."""

from __future__ import annotations

from typing import Final

from evaltool.findings import Severity
from evaltool.lang import Lang
from evaltool.texts import TEXTS

# Views of evaltool/texts.py keyed as the code needs them.
SEVERITY_TEXT: Final = {lang: {sev: t["severity_long"][sev.label] for sev in Severity} for lang, t in TEXTS.items()}
STATUS_TEXT: Final = {lang: t["status"] for lang, t in TEXTS.items()}  # "missing" is the batch's 未提交
SEVERITY_SHORT: Final = {lang: {sev: t["severity"][sev.label] for sev in Severity} for lang, t in TEXTS.items()}


def status_text(status: str, lang: Lang = "zh") -> str:
    """通过 / 有警告 / 有错误 / 无法读取 / 未提交 (or English) for a status key."""
    return STATUS_TEXT["en" if lang == "en" else "zh"][status]


def severity_text(label: str, lang: Lang = "zh") -> str:
    """错误 / 警告 / 提示 (or English) for a severity label (error, warning, info)."""
    texts = SEVERITY_SHORT["en" if lang == "en" else "zh"]
    try:
        return texts[Severity.parse(label)]
    except ValueError:
        return label
