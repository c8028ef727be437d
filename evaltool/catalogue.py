"""The rule catalogue: every code, its default severity, docs and message templates, in one registry."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from evaltool.findings import CellRef, Severity
from evaltool.lang import Lang

if TYPE_CHECKING:
    from evaltool.checks.context import Context

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: the cells involved (primary first) and the figures behind it."""

    cells: tuple[CellRef, ...]
    params: dict[str, Any] = field(default_factory=dict)


def hit(*cells: CellRef, **params: Any) -> Hit:
    """Shorthand for ``Hit(cells, params)``."""
    return Hit(tuple(cells), params)


RuleFunc = Callable[["Context"], Iterable[Hit]]


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


# The registry. Rule modules register on import; evaltool.checks.rules imports them all
# explicitly (no module scanning), so the catalogue is complete once that is imported.
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


def load_all() -> dict[str, Rule]:
    """Import every module that declares codes, and return the full catalogue."""
    import evaltool.checks.engine  # (declares X900, the internal-error code)
    import evaltool.checks.rules
    import evaltool.reading.codes  # noqa: F401  (registers the reader's codes)

    return RULES
