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
_QUALITATIVE_ACTUAL = "no rule: '达成预期指标' as 实际完成值 (a placeholder, not an actual) passes"
_BLANK_ACTUAL = "V501 does not fire on an empty 实际完成值 beside 分值 and a full 得分 (issue 13 class 1)"
_I311_CONTEXT = "I311 lists the 实际完成值 cell among its cells, so a correct actual is flagged"

_WIDE_CELLS = "{code} paints the amounts it computed from (全年预算数/全年执行数) as well as the cell at fault"
_UNMEASURABLE = "no rule: a yes/no or restated-name indicator ('是否…', '可持续', bare '100') passes as measurable"
_B105_TOTALS = "B105 (收支不平衡) paints both totals; the gap is real, the totals add up (no 结转 line)"

KNOWN_GAPS: dict[str, dict[str, str]] = {
    "anhui_2022_tangxi_entrusted": {
        "fault:项目支出!D5": "no rule: 全年预算数 0 beside 分值 10 (the money is in the 其中 row; v1 has none)",
        "fault:项目支出!E5": "no rule: 全年执行数 0 with 全年预算数 0 passes",
        "fault:项目绩效指标!H7": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H8": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H10": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H11": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H12": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H13": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!C12": "no rule: a cost effect (成本) filed under 生态效益指标",
    },
    "anhui_2022_tangxi_village": {
        "fault:项目支出!D5": "no rule: 全年预算数 0 beside 分值 10 (the money is in the 其中 row; v1 has none)",
        "fault:项目支出!E5": "no rule: 全年执行数 0 with 全年预算数 0 passes",
        "fault:项目支出!I5": "the budget cut shows only in the 其中 row, which v1 cannot hold: nothing to compare",
        "fault:项目绩效指标!H7": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H8": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H9": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H11": _QUALITATIVE_ACTUAL,
        "fault:项目绩效指标!H12": _QUALITATIVE_ACTUAL,
    },
    "yunnan_2020_gucheng_satellite": {
        "right:项目绩效指标!H6": _I311_CONTEXT,
        "right:项目绩效指标!H8": _I311_CONTEXT,
    },
    "beijing_2016_xueyuanlu_cleaning": {
        "fault:项目绩效指标!D5": _UNMEASURABLE,
        "right:项目支出!H5": "P203 recomputes 49.88 % × 10 = 4.99 against 5 from the printed whole-percent rate 50 %",
        "right:项目支出!D5": _WIDE_CELLS.format(code="P203/P205"),
    },
    "chongqing_2021_kxc_media_dept": {
        "right:自评打分表!F5": "S405 (自评总分 ≠ sum) paints every score cell, not the 自评总分 cell",
    },
    "hebei_2019_langfang_hvac": {
        "fault:项目绩效指标!C10": "no rule: a safety rate filed under 经济效益指标 (misfiled second level)",
        "fault:项目绩效指标!F11": _UNMEASURABLE,
        "fault:项目绩效指标!F12": _UNMEASURABLE,
        "right:项目支出!D5": _WIDE_CELLS.format(code="P203/P205"),
        "right:项目支出!E5": _WIDE_CELLS.format(code="P203/P205"),
        "right:项目支出!F5": "P205 paints the printed rate '86%' (86.2 % to whole percent), not just the 备注",
    },
    "hebei_2021_laoting_market": {
        "fault:项目绩效指标!F5": _UNMEASURABLE,
        "right:项目支出!G6": "S401 (得分 > 分值) paints the 分值 cell too, not only the 得分",
    },
    "hunan_2023_guantang_dept": {
        "fault:自评打分表!F5": "no rule: 执行率 points in full while the unit's own expenditure split gives 94.9 %",
        "right:收入情况!D9": _B105_TOTALS,
        "right:支出情况!D7": _B105_TOTALS,
        "right:基本情况!B18": "B106 takes an unprinted 财政拨款 as 0 (湖南 prints 一般公共预算 and 政府性基金 apart)",
    },
    "shanxi_2020_jishan_medical": {
        "fault:项目绩效指标!D9": _UNMEASURABLE,
        "fault:项目绩效指标!D10": _UNMEASURABLE,
        "right:项目支出!D5": _WIDE_CELLS.format(code="P203"),
        "right:项目支出!E5": _WIDE_CELLS.format(code="P203"),
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
