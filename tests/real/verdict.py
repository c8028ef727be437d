"""A reviewer's verdict on one real document, and how evaltool's findings are held to it.

Each module in ``tests/real/docs/`` exports ``SOURCE: Source``, ``VERDICT: Verdict``,
``UNPLACED: dict[str, str]`` (what the printed form holds that template v1 has no place for)
and ``data() -> SubmissionData`` (a faithful transcription, mistakes kept). The verdict is
written before the checker is run on the document. Optionally ``PROFILE`` names the scoring
profile the printed form follows ("national", "sichuan", "anhui"; issue 13): it is written as
``profile = "…"`` into an ``evaltool.toml`` beside the workbook. Until the checker knows
profiles that file is refused; the document is then checked with the defaults and the
judgement says so (``profile_applied``), so nothing is hidden.

A mark's ``where`` is ``"Sheet!A1"`` (one cell) or ``"Sheet!7"`` (a whole row). A fault is
caught when an error- or warning-severity finding has a cell there (for a row mark: any
cell of that row). A cell marked right is falsely alarmed when such a finding lands on it.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import cast

from evaltool.config import ConfigError
from evaltool.findings import CellRef, Finding, Severity
from evaltool.template import SubmissionData, write_workbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    url: str  # the address; "search:<corpus> <title, date>" when the search tool stored none
    title: str
    publisher: str
    province: str
    year: int
    form: str  # e.g. "national project form (财预〔2020〕10号)", "四川 部门预算项目支出绩效自评表", "department report"
    notes: str = ""  # what was transcribed, what was left out, how ambiguities were resolved


@dataclass(frozen=True)
class Mark:
    where: str  # "sheet!A1" for one cell, or "sheet!7" for a whole row
    why: str  # one line: the reviewer's reason


@dataclass(frozen=True)
class Verdict:
    faults: tuple[Mark, ...]  # cells/rows a careful reviewer marks wrong (must be caught: error or warning there)
    right: tuple[Mark, ...]  # important cells that are right (no error or warning may land there)
    debatable: tuple[Mark, ...] = ()  # written down with the reason; not scored


# A grade as the actual of a target printed in words: marked a fault in the first verdicts of the
# 安徽 2022 cards, debatable against domain.md §3 (see the commit that moved those marks).
GRADE_OF_WORDS = (
    "; debatable: the target is printed in words (no figure, no operator: 定性 on this form, which has no "
    "指标性质 column), and domain.md §3 accepts a grade (达成…) as the actual of a 定性 row"
)


def grade_of_words(where: str, why: str) -> Mark:
    """A debatable mark on a grade answering a target printed in words: ``why`` and the reason it is debatable."""
    return Mark(where, why + GRADE_OF_WORDS)


_WHERE = re.compile(r"^(?P<sheet>[^!]+)!(?:(?P<col>[A-Z]{1,3})(?P<row>[1-9][0-9]*)|(?P<whole>[1-9][0-9]*))$")


@dataclass(frozen=True)
class Place:
    """A parsed ``where``: a sheet, a row and a column (None for a whole row)."""

    sheet: str
    row: int
    col: str | None

    def covers(self, cell: CellRef) -> bool:
        """True when ``cell`` is this place (or on this row, for a row mark)."""
        if cell.sheet != self.sheet or cell.row != self.row:
            return False
        return self.col is None or cell.ref.upper() == f"{self.col}{self.row}"


def parse_where(where: str) -> Place:
    """``"项目绩效指标!J5"`` or ``"项目支出!6"`` to a Place; ValueError for anything else."""
    match = _WHERE.match(where)
    if match is None:
        raise ValueError(f"a mark is 'Sheet!A1' or 'Sheet!7', not {where!r}")
    if match["whole"]:
        return Place(match["sheet"], int(match["whole"]), None)
    return Place(match["sheet"], int(match["row"]), match["col"])


def alarms(findings: Iterable[Finding], where: str) -> list[Finding]:
    """The error- and warning-severity findings with a cell at ``where``."""
    place = parse_where(where)
    return [f for f in findings if f.severity >= Severity.WARNING and any(place.covers(cell) for cell in f.cells)]


@dataclass(frozen=True)
class Document:
    """One corpus module, loaded."""

    name: str  # the module's short name, e.g. "sichuan_2023_xyz"
    source: Source
    verdict: Verdict
    unplaced: dict[str, str]
    data: Callable[[], SubmissionData]
    profile: str | None = None  # the scoring profile the printed form follows


def documents() -> list[Document]:
    """Every module in ``tests/real/docs``, sorted by name."""
    from tests.real import docs

    found = []
    for info in sorted(pkgutil.iter_modules(docs.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"{docs.__name__}.{info.name}")
        found.append(
            Document(
                info.name,
                cast(Source, module.SOURCE),
                cast(Verdict, module.VERDICT),
                cast("dict[str, str]", module.UNPLACED),
                cast("Callable[[], SubmissionData]", module.data),
                cast("str | None", getattr(module, "PROFILE", None)),
            )
        )
    return found


@dataclass(frozen=True)
class Judgement:
    """How evaltool's findings on one document compare with the reviewer's verdict."""

    document: Document
    findings: tuple[Finding, ...]
    profile_applied: bool
    caught: tuple[Mark, ...]
    missed: tuple[Mark, ...]
    false_alarms: tuple[tuple[Mark, tuple[Finding, ...]], ...]
    unmarked: tuple[Finding, ...] = field(default=())  # error/warning findings on no marked cell or row

    @property
    def recall(self) -> float:
        """Caught faults over all faults (1.0 when there are none)."""
        total = len(self.caught) + len(self.missed)
        return len(self.caught) / total if total else 1.0


def check_document(document: Document, folder: Path) -> tuple[tuple[Finding, ...], bool]:
    """Write the document's workbook into its own folder under ``folder`` and check it.

    Returns evaltool's findings and whether the document's profile was applied.
    """
    from evaltool.api import check

    here = folder / document.name
    here.mkdir(parents=True, exist_ok=True)
    path = here / f"{document.name}.xlsx"
    write_workbook(path, document.data())
    applied = False
    if document.profile is not None:
        config = here / "evaltool.toml"
        config.write_text(f'profile = "{document.profile}"\n', encoding="utf-8")
        try:
            report = check(path)
            applied = True
        except ConfigError as exc:
            log.warning("%s: profile %r not applied (%s); defaults used", document.name, document.profile, exc)
            config.unlink()
    if not applied:
        report = check(path)
    if report.error is not None:
        raise AssertionError(f"{document.name}: the transcription could not be read: {report.error}")
    return tuple(report.findings), applied


def judge(document: Document, findings: tuple[Finding, ...], profile_applied: bool = False) -> Judgement:
    """Compare ``findings`` with the document's verdict."""
    verdict = document.verdict
    caught = tuple(m for m in verdict.faults if alarms(findings, m.where))
    missed = tuple(m for m in verdict.faults if not alarms(findings, m.where))
    false_alarms = tuple((m, tuple(alarms(findings, m.where))) for m in verdict.right if alarms(findings, m.where))
    places = [parse_where(m.where) for m in (*verdict.faults, *verdict.right, *verdict.debatable)]
    unmarked = tuple(
        f for f in findings if f.severity >= Severity.WARNING and not any(p.covers(c) for p in places for c in f.cells)
    )
    return Judgement(document, findings, profile_applied, caught, missed, false_alarms, unmarked)
