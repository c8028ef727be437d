"""Renders the rule catalogue as Markdown: ``python -m evaltool.checks.catalogue_doc > docs/rules.md``."""

from __future__ import annotations

import sys
from typing import Any

from evaltool.catalogue import Rule
from evaltool.checks.registry import load_all
from evaltool.codes import CODES, CodeStatus
from evaltool.findings import Severity

REGENERATE = "python -m evaltool.checks.catalogue_doc > docs/rules.md"
SEVERITY_ZH = {Severity.ERROR: "错误（必须修改）", Severity.WARNING: "警告（需说明）", Severity.INFO: "提示"}
OTHER_GROUP = "其他 / other"


def rule_dict(rule: Rule) -> dict[str, Any]:
    """One catalogue entry as plain JSON data (``evaltool rules --format json``)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "name_zh": rule.title("zh"),
        "severity": rule.severity.label,
        "group": rule.group or OTHER_GROUP,
        "doc": rule.doc,
        "message_zh": rule.message_zh,
        "message_en": rule.message_en,
        "hint_zh": rule.hint_zh,
        "hint_en": rule.hint_en,
        "has_function": rule.func is not None,
    }


def catalogue() -> list[Rule]:
    """Every rule, ordered by code."""
    return [rule for _, rule in sorted(load_all().items())]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """The whole of ``docs/rules.md``."""
    rules = catalogue()
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.group or OTHER_GROUP, []).append(rule)
    out = [
        "# Rule catalogue / 规则目录",
        "",
        f"<!-- Generated from the code by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"{len(rules)} rules. Every finding carries one of these codes. Severities: **error** "
        "(错误，必须修改 — must be fixed before submission), **warning** (警告，需说明 — allowed with a "
        "written explanation), **info** (提示).",
        "",
        "## Configuring rules / 配置",
        "",
        "An `evaltool.toml` next to the checked workbook (or named with `--config`) can turn rules off",
        "and change their severity; unknown keys and codes are an error that names them:",
        "",
        "```toml",
        "[rules]",
        'disable = ["B109", "T003"]        # these rules do not run',
        "",
        "[rules.severity]",
        'P204 = "error"                    # regrade: error, warning or info',
        'I312 = "info"',
        "```",
        "",
        "Province-specific numbers (执行率 threshold, weights, 定性 bands, grades, the hierarchy, the",
        "unit-outlier factor) are set in the `[execution]`, `[scoring]`, `[indicators]` and `[money]`",
        "sections; the rules below say which setting they use.",
        "",
        "## Summary / 一览",
        "",
        "| code | name | 名称 | severity | message (zh) |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.title('zh')} | {r.severity.label} | {_cell(r.message_zh)} |"
        for r in rules
    ]
    for group, members in groups.items():
        out += ["", f"## {group}"]
        for r in members:
            out += [
                "",
                f"### {r.code}",
                "",
                f"`{r.name}` {r.title('zh')} — default severity **{r.severity.label}** ({SEVERITY_ZH[r.severity]})",
                "",
                r.doc,
                "",
                "| | zh | en |",
                "|---|---|---|",
                f"| message | {_cell(r.message_zh)} | {_cell(r.message_en)} |",
                f"| hint | {_cell(r.hint_zh)} | {_cell(r.hint_en)} |",
                "",
                f'Configure: `[rules] disable = ["{r.code}"]`, or `[rules.severity] {r.code} = "warning"`.',
            ]
    removed = [row for _, row in sorted(CODES.items()) if row.status is CodeStatus.REMOVED]
    if removed:
        out += [
            "",
            "## Removed codes / 已删除",
            "",
            "No longer reported. An `evaltool.toml` that names one still loads (the code is logged as",
            "deprecated and ignored).",
            "",
            "| code | name | what now |",
            "|---|---|---|",
        ]
        out += [f"| {row.code} | `{row.name}` | {_cell(row.note)} |" for row in removed]
    return "\n".join(out) + "\n"


def main() -> None:
    """Write the Markdown catalogue to standard output (UTF-8 whatever the console)."""
    sys.stdout.buffer.write(render().encode("utf-8"))


if __name__ == "__main__":
    main()
