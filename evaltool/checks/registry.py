"""The full catalogue of declarations: imports every module that declares codes (no module scanning).

The check layer owns this list because it sits above both declaring layers: the reader's codes
(``reading/codes.py``) and the rules (``checks/rules``, ``checks/schemas.py``, X900 below).
"""

from __future__ import annotations

import evaltool.checks.rules
import evaltool.checks.schemas
import evaltool.reading.codes  # noqa: F401  (registers the reader's codes)
from evaltool.catalogue import ERROR, RULES, Rule, declare
from evaltool.codes import INTERNAL as INTERNAL_FAMILY

INTERNAL = "X900"

declare(
    INTERNAL,
    "internal-error",
    ERROR,
    group=INTERNAL_FAMILY,
    message_zh="规则 {rule} 运行出错：{error}（其余规则照常运行）",
    message_en="rule {rule} failed: {error} (the other rules still ran)",
    hint_zh="这是 evaltool 的缺陷，请把该文件和此信息反馈给维护者",
    hint_en="this is a defect in evaltool; report it with the file to the maintainers",
    doc="""Reports a rule that raised an exception on this workbook.

    Why it matters: one broken rule must not hide the findings of all the others, and its
    failure must not pass silently. Example: a rule hitting an unexpected value type -> finding.""",
)


def load_all() -> dict[str, Rule]:
    """Every declared code (the modules above are imported with this one)."""
    return RULES
