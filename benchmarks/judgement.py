"""Judgement over the real-document corpus: how evaltool's findings compare with reviewers' verdicts.

Usage (from the repository root)::

    python benchmarks/judgement.py [-v]

For every module in tests/real/docs: writes its workbook, checks it, and prints faults marked,
faults caught (an error or warning at the fault's cell or row), recall, cells marked right,
false alarms (an error or warning on a right cell) and error/warning findings that land on no
marked cell (for reading, not scored); then the same over the whole corpus. ``-v`` lists the
missed faults, the false alarms and the unmarked findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.real.verdict import Judgement, check_document, documents, judge  # noqa: E402


def _row(name: str, where: str, profile: str, counts: tuple[int, int, int, int, int]) -> str:
    faults, caught, right, alarms, unmarked = counts
    recall = f"{caught / faults:.0%}" if faults else "-"
    return f"| {name} | {where} | {profile} | {faults} | {caught} | {recall} | {right} | {alarms} | {unmarked} |"


def _profile(j: Judgement) -> str:
    wanted = j.document.profile
    if wanted is None:
        return "default"
    return wanted if j.profile_applied else f"{wanted} (not applied: defaults)"


def _counts(judgements: list[Judgement]) -> tuple[int, int, int, int, int]:
    """Faults, caught, right cells, false alarms, unmarked findings over ``judgements``."""
    return (
        sum(len(j.caught) + len(j.missed) for j in judgements),
        sum(len(j.caught) for j in judgements),
        sum(len(j.document.verdict.right) for j in judgements),
        sum(len(j.false_alarms) for j in judgements),
        sum(len(j.unmarked) for j in judgements),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed faults, false alarms, unmarked")
    args = parser.parse_args()
    judgements: list[Judgement] = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in documents():
            findings, applied = check_document(doc, Path(tmp))
            judgements.append(judge(doc, findings, applied))
    print("| document | province/year | profile | faults | caught | recall | right | false alarms | unmarked |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for j in judgements:
        src = j.document.source
        print(_row(j.document.name, f"{src.province} {src.year}", _profile(j), _counts([j])))
    provinces = len({j.document.source.province for j in judgements})
    print(_row(f"**all ({len(judgements)})**", f"{provinces} provinces", "", _counts(judgements)))
    if args.verbose:
        for j in judgements:
            print(f"\n## {j.document.name}")
            for mark in j.missed:
                print(f"- missed {mark.where}: {mark.why}")
            for mark, found in j.false_alarms:
                codes = ", ".join(sorted({f.code for f in found}))
                print(f"- false alarm {mark.where} [{codes}]: marked right ({mark.why})")
            for f in j.unmarked:
                cells = " ".join(str(c) for c in f.cells)
                print(f"- unmarked {f.code} {f.severity.label} {cells}")


if __name__ == "__main__":
    main()
