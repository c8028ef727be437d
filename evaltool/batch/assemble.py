"""Puts a run together: one row per submission or missing unit, roster flags, changes since last run."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from evaltool.batch.discover import Unusable
from evaltool.batch.record import FileResult
from evaltool.batch.roster import Roster, infer_code, normalise_code
from evaltool.exitcodes import ExitStatus
from evaltool.lang import Lang
from evaltool.report.render import status_text
from evaltool.result import FindingRecord
from evaltool.texts import section_of

# Roster flags are keys of the "flags" texts (evaltool/texts.py); {name}: the roster's name for the unit.
# Flags that need the bureau's attention: they make the exit code 1.
BLOCKING_FLAGS: Final = frozenset({"duplicate", "not_on_roster"})


@dataclass(slots=True)
class Change:
    """What changed for a unit since the previous finished run."""

    kind: str  # first / resubmitted / unchanged / withdrawn
    new: list[FindingRecord] = field(default_factory=list)
    resolved: list[FindingRecord] = field(default_factory=list)
    previous_status: str | None = None

    def text(self, lang: Lang, status: str) -> str:
        """A short sentence: 重新提交；新增 2 项（B101、I301）；已解决 1 项；有错误 → 通过."""
        t = section_of("change", lang)
        parts = [t[self.kind]]
        if self.new:
            codes = t["codes_sep"].join(sorted({f.code for f in self.new}))
            parts.append(t["new"].format(n=len(self.new), codes=codes))
        if self.resolved:
            parts.append(t["resolved"].format(n=len(self.resolved)))
        if self.previous_status and self.previous_status != status:
            parts.append(f"{status_text(self.previous_status, lang)} → {status_text(status, lang)}")
        return t["join"].join(parts)


@dataclass(slots=True)
class Row:
    """One row of 单位汇总: a submitted file, or a roster unit with none."""

    code: str | None
    name: str | None
    status: str  # passed / warnings / errors / unreadable / missing
    result: FileResult | None = None
    flags: list[tuple[str, str]] = field(default_factory=list)  # (flag key, roster name)
    change: Change | None = None

    def flag_text(self, lang: Lang) -> str:
        """The roster flags as one line."""
        t = section_of("flags", lang)
        return t["join"].join(t[k].format(name=n) for k, n in self.flags)

    @property
    def blocking(self) -> bool:
        """Whether this row makes the batch exit with 1."""
        return self.status in ("errors", "unreadable", "missing") or any(k in BLOCKING_FLAGS for k, _ in self.flags)


def _own(result: FileResult) -> list[FindingRecord]:
    return result.findings


def _diff(
    now: FileResult | None,
    before: FileResult | None,
    have_previous: bool,
    findings_of: Callable[[FileResult], list[FindingRecord]] = _own,
) -> Change | None:
    if not have_previous:
        return None  # the first run: nothing to compare with
    if now is None:
        return Change("withdrawn", previous_status=before.status) if before is not None else None
    if before is None:
        return Change("first")
    old = {f.key(): f for f in findings_of(before)}
    new = {f.key(): f for f in findings_of(now)}
    return Change(
        "unchanged" if now.sha256 == before.sha256 else "resubmitted",
        new=[f for k, f in new.items() if k not in old],
        resolved=[f for k, f in old.items() if k not in new],
        previous_status=before.status,
    )


def build_rows(
    results: list[FileResult],
    roster: Roster | None,
    previous: list[FileResult] | None,
    findings_of: Callable[[FileResult], list[FindingRecord]] = _own,
) -> list[Row]:
    """Rows in roster order (then files not on it, by path); ``previous``: the last finished run's files.

    ``findings_of``: a result's findings for comparing runs (the batch reads them from the
    history one file at a time; by default, the result's own).
    """
    have_previous = previous is not None
    before_by_code: dict[str, list[FileResult]] = defaultdict(list)
    before_by_path: dict[str, FileResult] = {}
    for old in previous or []:
        before_by_path[old.relpath] = old
        code = normalise_code(old.unit_code)
        if code:
            before_by_code[code].append(old)

    def before_of(code: str | None, relpath: str | None) -> FileResult | None:
        if relpath is not None and relpath in before_by_path:
            same = before_by_path[relpath]
            if code is None or normalise_code(same.unit_code) in (code, None):
                return same
        candidates = before_by_code.get(code or "", [])
        return candidates[0] if candidates else None

    rows: list[Row] = []
    for res in sorted(results, key=lambda r: r.relpath):
        code = normalise_code(res.unit_code)
        if roster is not None:
            code = roster.match(code)
        row = Row(code, res.unit_name, res.status, res)
        if code is None and roster is not None and res.status == "unreadable":
            code = infer_code(res.relpath, roster)
            if code is not None:
                row.code, row.name = code, roster.units[code].name
                row.flags.append(("inferred", ""))
        if row.code is None and res.status != "unreadable":
            row.flags.append(("no_code", ""))
        row.change = _diff(res, before_of(row.code, res.relpath), have_previous, findings_of)
        rows.append(row)

    per_code = Counter(r.code for r in rows if r.code)
    for row in rows:
        if row.code and per_code[row.code] > 1:
            row.flags.append(("duplicate", ""))
        if roster is not None and row.code:
            unit = roster.units.get(row.code)
            if unit is None:
                row.flags.append(("not_on_roster", ""))
            elif row.name and unit.name and _loose(row.name) != _loose(unit.name):
                row.flags.append(("name_mismatch", unit.name))
    if roster is None:
        return rows

    submitted = set(per_code)
    for unit in roster.units.values():
        if unit.code not in submitted:
            rows.append(
                Row(unit.code, unit.name, "missing", change=_diff(None, before_of(unit.code, None), have_previous))
            )
    order = {code: i for i, code in enumerate(roster.units)}
    rows.sort(key=lambda r: (order.get(r.code or "", len(order)), r.result.relpath if r.result else ""))
    return rows


def _loose(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")")


def exit_status(rows: list[Row]) -> ExitStatus:
    """0: everything passed (warnings allowed); 1: errors, unreadable or missing files, roster conflicts."""
    return ExitStatus.FINDINGS if any(r.blocking for r in rows) else ExitStatus.OK


@dataclass(slots=True)
class BatchData:
    """Everything the outputs show about one run."""

    run_id: int
    started: str
    tool_version: str
    inbox: str
    lang: Lang
    rows: list[Row]
    unusable: list[Unusable]
    roster_file: str | None = None
    config_file: str | None = None  # the --config file; None: the defaults
    config: str = ""  # every setting that changes findings (Settings.fingerprint)
    roster_duplicates: list[str] = field(default_factory=list)
    roster_unreadable: list[int] = field(default_factory=list)  # roster rows whose code could not be read
    previous_run: int | None = None
    checked: int = 0  # files checked in this run
    reused: int = 0  # files taken from history unchanged
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase (results.json)
    # Where the findings' texts are: the history (a long batch keeps only slim results in
    # memory); None: in the results themselves.
    full_findings: Callable[[FileResult], list[FindingRecord]] | None = None
    # A slim result whole again (figures, copy, error texts) from the history; None: as is.
    full_result: Callable[[FileResult], FileResult] | None = None

    def full(self, result: FileResult) -> FileResult:
        """A result with every field (the rows hold slim ones in a long batch)."""
        return self.full_result(result) if self.full_result is not None else result

    def findings_of(self, result: FileResult) -> list[FindingRecord]:
        """A result's findings with their texts."""
        return self.full_findings(result) if self.full_findings is not None else result.findings

    @property
    def copy_fallbacks(self) -> int:
        """Copies of this run the splicer left to the openpyxl path (each is logged where it happened)."""
        return sum(1 for r in self.results if r.copy_fallback)

    @property
    def results(self) -> list[FileResult]:
        """The file results, in row order."""
        return [r.result for r in self.rows if r.result is not None]
