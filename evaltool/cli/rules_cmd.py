"""`evaltool rules`: list the rule catalogue (text table, or the full catalogue as JSON)."""

from __future__ import annotations

import json

import click

from evaltool.lang import Lang


def _pad(text: str, width: int) -> str:
    from evaltool.textwidth import text_width

    return text + " " * max(0, width - text_width(text))


@click.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per rule; json: the full catalogue (docs, messages and hints in both languages).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the text.")
def command(fmt: str, lang: Lang) -> None:
    """List every rule: code, severity, name and message template.

    列出全部校验规则：编码、级别、名称和提示模板。

    \b
    Examples / 示例:
      evaltool rules
      evaltool rules --lang en --format json
    """
    from evaltool.checks.catalogue_doc import catalogue, rule_dict
    from evaltool.report.render import SEVERITY_SHORT

    rules = catalogue()
    if fmt == "json":
        click.echo(json.dumps([rule_dict(r) for r in rules], ensure_ascii=False, indent=2))
        return
    rows = [(r.code, SEVERITY_SHORT[lang][r.severity], r.title(lang), r.message(lang)) for r in rules]
    from evaltool.textwidth import text_width

    widths = [max(text_width(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(_pad(cell, w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3])
