"""Renders a finding's message and fix hint from the catalogue's per-language templates (core: no packages)."""

from __future__ import annotations

import logging
import math
import string
from collections.abc import Mapping
from typing import Any

from evaltool.checks.registry import load_all
from evaltool.findings import Finding
from evaltool.lang import Lang

log = logging.getLogger(__name__)


def format_number(value: float) -> str:
    """A figure as people write it: no float noise, no trailing zeros (1482.05, 0.005, 100)."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Params(dict[str, Any]):
    """Format parameters: numbers without float noise; a missing key shows as ``?`` and is logged.

    The rule case runner (tests/check/test_rule_cases.py) fails on a missing key, so this is
    the last line of defence, not a normal path.
    """

    def __missing__(self, key: str) -> str:
        log.warning("message template needs %r, which the finding does not give; shown as ?", key)
        return "?"


def _prepare(params: Mapping[str, Any]) -> _Params:
    out = _Params()
    for key, value in params.items():
        if isinstance(value, float):
            out[key] = format_number(value)
        elif isinstance(value, list | tuple):
            out[key] = "、".join(format_number(v) if isinstance(v, float) else str(v) for v in value)
        else:
            out[key] = value
    return out


def _format(template: str, params: Mapping[str, Any]) -> str:
    try:
        return string.Formatter().vformat(template, (), _prepare(params))
    except (ValueError, IndexError, KeyError, TypeError):
        # A template/params mismatch must not lose the finding: show the raw template.
        return template


def message(finding: Finding, lang: Lang = "zh") -> str:
    """What is wrong, with the figures that disagree."""
    return _format(load_all()[finding.code].message(lang), finding.params)


def hint(finding: Finding, lang: Lang = "zh") -> str:
    """What to do about it."""
    return _format(load_all()[finding.code].hint(lang), finding.params)


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses (tests check rules supply them)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            names.add(name.split("!")[0].split(".")[0].split("[")[0])
    return names
