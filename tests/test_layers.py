"""The layer contract: which part of evaltool may import which (docs/architecture.md draws it).

Every import counts: module level, inside functions, under ``if TYPE_CHECKING:`` — an import
hidden in a function is still a dependency, and hid three import cycles before this test.
An AST walk of our own instead of import-linter: ~80 lines, no extra dependency, and the
contract can be fed a violating module (below) to prove it fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "evaltool"

# Lowest first. A module may import its own layer and the layers below, never one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        (
            "evaltool.lang",
            "evaltool.texts",
            "evaltool.version",
            "evaltool.findings",
            "evaltool.codes",
            "evaltool.catalogue",
            "evaltool.layout",
            "evaltool.model",
            "evaltool.config",
            "evaltool.errors",
            "evaltool.textwidth",
            "evaltool.exitcodes",
            "evaltool.names",
        ),
    ),
    ("read", ("evaltool.reading", "evaltool.template")),
    ("check", ("evaltool.checks",)),
    ("result", ("evaltool.messages", "evaltool.result")),
    ("report", ("evaltool.report", "evaltool.convert")),
    (
        "top",
        (
            "evaltool.batch",
            "evaltool.serve",
            "evaltool.cli",
            "evaltool.api",
            "evaltool.launcher",
            "evaltool.__main__",
            "evaltool",
        ),
    ),
)
# Within a layer: siblings that must not know each other.
FORBIDDEN: tuple[tuple[str, str], ...] = (
    ("evaltool.reading", "evaltool.template"),
    ("evaltool.template", "evaltool.reading"),
    ("evaltool.batch", "evaltool.cli"),
    ("evaltool.batch", "evaltool.serve"),
)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> int:
    """The index in LAYERS of a module (the longest matching prefix wins: ``evaltool`` is last)."""
    best: tuple[int, int] | None = None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if _within(module, prefix) and (best is None or len(prefix) > best[1]):
                best = (i, len(prefix))
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
    return best[0]


def imports_of(source: str, module: str) -> Iterator[tuple[int, str]]:
    """Every evaltool import of a module's source, wherever it sits: (line, imported module)."""
    package = module if module == "evaltool" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                yield node.lineno, _facade(alias.name) if base == "evaltool" else base


def _facade(name: str) -> str:
    """``from evaltool import X``: the subpackage or module X when there is one, else the facade itself."""
    if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file():
        return f"evaltool.{name}"
    return "evaltool"


def violations(source: str, module: str) -> list[str]:
    """The imports of ``module`` that break the contract, as readable lines."""
    mine = layer_of(module)
    out = []
    for line, target in imports_of(source, module):
        if not _within(target, "evaltool") or (_within(module, target) and target != "evaltool"):
            continue
        theirs = layer_of(target)
        if theirs > mine:
            out.append(f"{module}:{line} imports {target} ({LAYERS[mine][0]} → {LAYERS[theirs][0]}, upwards)")
        for low, high in FORBIDDEN:
            if _within(module, low) and _within(target, high):
                out.append(f"{module}:{line} imports {target} (forbidden: {low} must not know {high})")
    return out


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def test_every_import_respects_the_layers() -> None:
    found = [v for module, path in _modules() for v in violations(path.read_text(encoding="utf-8"), module)]
    assert not found, "\n".join(found)


def test_no_import_cycles_even_through_imports_inside_functions() -> None:
    known = dict(_modules())

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        targets = {resolve(t) for _, t in imports_of(path.read_text(encoding="utf-8"), module)}
        graph[module] = {t for t in targets if t and t != module and not _within(module, t)}
    cycles = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize(
    ("module", "source", "needle"),
    [
        # The reader reaching into the rules from inside a function.
        ("evaltool.reading.fake", "def f():\n    from evaltool.checks.engine import run_checks\n", "read → check"),
        ("evaltool.reading.fake", "def f():\n    import evaltool.report.annotate\n", "read → report"),
        # The core importing a package, even only for typing.
        (
            "evaltool.findings",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from evaltool.checks.context import Context\n",
            "core → check",
        ),
        ("evaltool.catalogue", "def load():\n    import evaltool.checks.rules\n", "core → check"),
        ("evaltool.checks.fake", "from evaltool.api import check\n", "check → top"),
        ("evaltool.report.fake", "from evaltool import Report\n", "report → top"),
        ("evaltool.reading.fake", "from evaltool import checks\n", "read → check"),
        ("evaltool.reading.fake", "from evaltool import check\n", "read → top"),
        ("evaltool.reading.fake", "from ..checks import engine\n", "read → check"),
        ("evaltool.batch.fake", "def f():\n    from evaltool.cli.main import main\n", "forbidden"),
    ],
)
def test_the_contract_catches_a_violating_module(module: str, source: str, needle: str) -> None:
    found = violations(source, module)
    assert found and needle in found[0], found


def test_the_contract_lets_a_module_import_downwards() -> None:
    source = "from evaltool.model import Table\ndef f():\n    from evaltool.reading.numbers import clean\n"
    assert violations(source, "evaltool.checks.fake") == []
