"""The rule declarations: each active code's message templates, docs and function (see evaltool/codes.py)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from evaltool.codes import CODES, CodeStatus
from evaltool.findings import CellRef, Severity
from evaltool.lang import Lang

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: the cells at fault (primary first), the figures behind it, and the
    cells it was computed from that are not at fault (``related``, see ``Finding``)."""

    cells: tuple[CellRef, ...]
    params: dict[str, Any] = field(default_factory=dict)
    related: tuple[CellRef, ...] = ()


def hit(*cells: CellRef, related: Iterable[CellRef] = (), **params: Any) -> Hit:
    """Shorthand for ``Hit(cells, params, related)``; a cell named twice is kept once, at its first place."""
    at_fault = tuple(dict.fromkeys(cells))
    return Hit(at_fault, params, tuple(c for c in dict.fromkeys(related) if c not in at_fault))


# A rule takes the check layer's Context; typed Any here so the core does not import check.
RuleFunc = Callable[[Any], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue entry.

    ``message_*`` is a short clause naming the problem and the figures ({param} placeholders);
    ``hint_*`` is the imperative fix. ``func`` is None for codes emitted by the reader, the
    schemas or the engine rather than by a rule function of their own.
    """

    code: str
    name: str
    severity: Severity
    message_zh: str
    message_en: str
    hint_zh: str
    hint_en: str
    doc: str
    func: RuleFunc | None = None
    group: str = ""

    def message(self, lang: Lang) -> str:
        """The message template in ``lang`` (zh or en)."""
        return self.message_en if lang == "en" else self.message_zh

    def hint(self, lang: Lang) -> str:
        """The fix template in ``lang`` (zh or en)."""
        return self.hint_en if lang == "en" else self.hint_zh

    def title(self, lang: str) -> str:
        """The rule's short name in ``lang`` (收支不平衡 / income-expense-unbalanced)."""
        return rule_name(self.code, lang)


def rule_name(code: str, lang: str = "zh") -> str:
    """A code's short name in ``lang`` from the code table: 收支不平衡 / income-expense-unbalanced."""
    row = CODES.get(code)
    if row is None:
        return code
    return row.name if lang == "en" else (row.name_zh or row.name)


# The registry of declarations (messages, docs, functions). Rule modules register on import;
# evaltool.checks.registry.load_all imports them all explicitly (no module scanning). Which codes
# exist, and their status, is the static table of evaltool/codes.py.
RULES: dict[str, Rule] = {}

F = TypeVar("F", bound=RuleFunc)


def declare(
    code: str,
    name: str,
    severity: Severity,
    *,
    message_zh: str,
    message_en: str,
    hint_zh: str,
    hint_en: str,
    doc: str,
    func: RuleFunc | None = None,
    group: str = "",
) -> Rule:
    """Add a code to the catalogue (for codes without a rule function of their own)."""
    if code in RULES:
        raise ValueError(f"rule code {code} declared twice")
    row = CODES.get(code)
    if row is None or row.status is not CodeStatus.ACTIVE:
        raise ValueError(f"rule code {code} is not an active code of evaltool/codes.py: add its row there first")
    if (row.name, row.severity, row.family) != (name, severity, group):
        raise ValueError(f"rule {code} disagrees with its row in evaltool/codes.py: {row}")
    entry = Rule(
        code=code,
        name=name,
        severity=severity,
        message_zh=message_zh,
        message_en=message_en,
        hint_zh=hint_zh,
        hint_en=hint_en,
        doc=inspect.cleandoc(doc),
        func=func,
        group=group,
    )
    RULES[code] = entry
    return entry


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    message_zh: str,
    message_en: str,
    hint_zh: str,
    hint_en: str,
    group: str = "",
) -> Callable[[F], F]:
    """Register a rule function; its docstring is the catalogue doc (what / why / example)."""

    def wrap(func: F) -> F:
        if not func.__doc__:
            raise ValueError(f"rule {code} needs a docstring")
        declare(
            code,
            name,
            severity,
            message_zh=message_zh,
            message_en=message_en,
            hint_zh=hint_zh,
            hint_en=hint_en,
            doc=func.__doc__,
            func=func,
            group=group,
        )
        return func

    return wrap
