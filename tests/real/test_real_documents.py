"""Hold evaltool to the reviewer's verdict on each real document in tests/real/docs.

One case per marked cell: every fault must be caught (an error or warning at its cell or
row) and no error or warning may land on a cell marked right. Faults the checker misses
today and false alarms it raises today are listed in KNOWN_GAPS; those cases are strict
xfails, so fixing one makes the test fail until its entry is removed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from evaltool.findings import Finding
from evaltool.layout import TABLES
from tests.real.verdict import Document, alarms, check_document, documents, parse_where

pytestmark = pytest.mark.real

# document → {"fault:Sheet!A1" | "right:Sheet!A1": the gap's class, one line}

KNOWN_GAPS: dict[str, dict[str, str]] = {
    "anhui_2022_tangxi_entrusted": {
        "fault:项目绩效指标!C12": "no rule: a cost effect (成本) filed under 生态效益指标",
    },
    "anhui_2022_tangxi_village": {
        "fault:项目支出!I5": "the budget cut shows only in the 其中 row, which v1 cannot hold: nothing to compare",
    },
    "hebei_2019_langfang_hvac": {
        "fault:项目绩效指标!C10": "no rule: a safety rate filed under 经济效益指标 (misfiled second level)",
    },
    "hunan_2023_guantang_dept": {
        "fault:自评打分表!F5": "no rule: 执行率 points in full while the unit's own expenditure split gives 94.9 %",
    },
}

DOCUMENTS = {doc.name: doc for doc in documents()}


@pytest.fixture(scope="module")
def findings_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Finding, ...]]:
    """Findings per document; each document is written and checked once per module run."""
    cache: dict[str, tuple[Finding, ...]] = {}

    def get(name: str) -> tuple[Finding, ...]:
        if name not in cache:
            cache[name] = check_document(DOCUMENTS[name], tmp_path_factory.mktemp(name))[0]
        return cache[name]

    return get


def _cases() -> list[object]:
    cases: list[object] = []
    for doc in DOCUMENTS.values():
        gaps = KNOWN_GAPS.get(doc.name, {})
        for kind, marks in (("fault", doc.verdict.faults), ("right", doc.verdict.right)):
            for mark in marks:
                key = f"{kind}:{mark.where}"
                xfail = [pytest.mark.xfail(strict=True, reason=gaps[key])] if key in gaps else []
                cases.append(pytest.param(doc.name, kind, mark.where, id=f"{doc.name}:{key}", marks=xfail))
    return cases


@pytest.mark.parametrize(("name", "kind", "where"), _cases())
def test_verdict(name: str, kind: str, where: str, findings_of: Callable[[str], tuple[Finding, ...]]) -> None:
    found = alarms(findings_of(name), where)
    mark = next(m for m in (*DOCUMENTS[name].verdict.faults, *DOCUMENTS[name].verdict.right) if m.where == where)
    if kind == "fault":
        assert found, f"{name}: fault at {where} not caught ({mark.why})"
    else:
        codes = sorted({f.code for f in found})
        assert not found, f"{name}: {codes} on {where}, marked right ({mark.why})"


@pytest.mark.parametrize("doc", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_document_is_complete(doc: Document) -> None:
    """Source recorded, marks well-formed and on the workbook's sheets, no mark both fault and right."""
    # An address, or "search:<corpus> <title and date>" when the search tool stored none.
    assert doc.source.url.startswith(("http://", "https://", "search:")), doc.source.url
    assert doc.source.province and 2000 < doc.source.year < 2100
    assert doc.verdict.faults or doc.verdict.right
    sheets = {layout.sheet for layout in TABLES.values()}
    wheres = [m.where for m in (*doc.verdict.faults, *doc.verdict.right, *doc.verdict.debatable)]
    for where in wheres:
        assert parse_where(where).sheet in sheets, where
    assert len(wheres) == len(set(wheres)), "a cell is marked twice"
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in doc.unplaced.items())


def test_known_gaps_name_marked_cells() -> None:
    """Every KNOWN_GAPS entry names a document and one of its marks (stale entries fail)."""
    for name, gaps in KNOWN_GAPS.items():
        assert name in DOCUMENTS, name
        verdict = DOCUMENTS[name].verdict
        keys = {f"fault:{m.where}" for m in verdict.faults} | {f"right:{m.where}" for m in verdict.right}
        assert set(gaps) <= keys, sorted(set(gaps) - keys)
