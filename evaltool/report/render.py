"""UI text of the outputs (severity and status names); finding text is rendered by ``evaltool.messages``."""

from __future__ import annotations

from evaltool.findings import Severity
from evaltool.lang import Lang

SEVERITY_TEXT = {
    "zh": {Severity.ERROR: "错误（必须修改）", Severity.WARNING: "警告（需说明）", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error (must fix)", Severity.WARNING: "warning (explain)", Severity.INFO: "info"},
}
# A file's status as people read it; "missing" is the batch's 未提交 (a roster unit with no file).
STATUS_TEXT = {
    "zh": {"passed": "通过", "warnings": "有警告", "errors": "有错误", "unreadable": "无法读取", "missing": "未提交"},
    "en": {
        "passed": "passed",
        "warnings": "warnings",
        "errors": "errors",
        "unreadable": "unreadable",
        "missing": "not submitted",
    },
}
SEVERITY_SHORT = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


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
