"""The public API: ``evaltool.check`` and ``evaltool.read`` stay functions however often they are called."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import evaltool
from evaltool.template.examples import MISTAKES_EXAMPLE

ROOT = Path(__file__).resolve().parents[1]


def test_check_and_read_called_twice_in_this_process() -> None:
    first = evaltool.check(MISTAKES_EXAMPLE)
    second = evaltool.check(MISTAKES_EXAMPLE)
    assert [f.code for f in first.findings] == [f.code for f in second.findings]
    assert evaltool.read(MISTAKES_EXAMPLE).sheet_order == evaltool.read(MISTAKES_EXAMPLE).sheet_order


def test_check_called_twice_in_a_fresh_interpreter() -> None:
    # A fresh interpreter: importing the rule packages must not replace the API functions.
    script = (
        "import evaltool, sys\n"
        f"p = {str(MISTAKES_EXAMPLE)!r}\n"
        "a = evaltool.check(p); b = evaltool.check(p); evaltool.read(p); evaltool.read(p)\n"
        "print(callable(evaltool.check), callable(evaltool.read), len(a.findings) == len(b.findings))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "True", "True"]
