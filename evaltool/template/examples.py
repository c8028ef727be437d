"""The bundled examples: the seed report, and a copy with typical mistakes (domain.md §5).

Regenerate every generated workbook of the repository (the two examples, the committed
blank template) and the mistakes table of ``examples/README.md``::

    python -m evaltool.template.examples            # from the repository root
    python -m evaltool.template.examples --root DIR
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaltool.template.data import IndicatorRow, ProjectIndicatorRow, ProjectRow, ScoringRow, SubmissionData
from evaltool.template.seed import PROJECT_NAMES, project_funds, seed_data
from evaltool.template.writer import write_workbook

SEED_EXAMPLE = Path("examples/panzhihua-2024.xlsx")
MISTAKES_EXAMPLE = Path("examples/mistakes-2024.xlsx")
TEMPLATE_FILE = Path("workbook_templates/selfeval-template-v2.xlsx")
# The same examples in template v1: held to their v1 findings, and what `evaltool upgrade` starts from.
SEED_EXAMPLE_V1 = Path("examples/v1/panzhihua-2024.xlsx")
MISTAKES_EXAMPLE_V1 = Path("examples/v1/mistakes-2024.xlsx")
README = Path("examples/README.md")
_TABLE_START, _TABLE_END = "<!-- mistakes:start -->", "<!-- mistakes:end -->"


@dataclass(frozen=True, slots=True)
class Mistake:
    """One deliberate mistake of ``examples/mistakes-2024.xlsx``.

    ``cell`` is where a reviewer would point. ``expected_codes`` are the finding codes
    the checker must raise at that cell (filled in as the rules are written).
    """

    id: str
    domain_ref: str
    description_zh: str
    description_en: str
    sheet: str
    cell: str
    expected_codes: tuple[str, ...] = ()


MISTAKES: list[Mistake] = []
_EDITS: dict[str, Callable[[SubmissionData], None]] = {}


def _mistake(
    id: str, ref: str, zh: str, en: str, sheet: str, cell: str, codes: tuple[str, ...] = ()
) -> Callable[[Callable[[SubmissionData], None]], Callable[[SubmissionData], None]]:
    def register(edit: Callable[[SubmissionData], None]) -> Callable[[SubmissionData], None]:
        MISTAKES.append(Mistake(id, ref, zh, en, sheet, cell, codes))
        _EDITS[id] = edit
        return edit

    return register


# ---- finding rows by name, so the edits do not depend on row positions -----------------


def _dept(data: SubmissionData, level3: str, level2: str | None = None) -> IndicatorRow:
    return next(r for r in data.dept_indicators if r.level3 == level3 and level2 in (None, r.level2))


def _pind(data: SubmissionData, project: int, level3: str) -> ProjectIndicatorRow:
    name = PROJECT_NAMES[project]
    return next(r for r in data.project_indicators if r.project == name and r.level3 == level3)


def _project(data: SubmissionData, project: int) -> ProjectRow:
    return next(r for r in data.projects.rows if r.name == PROJECT_NAMES[project])


def _score_row(data: SubmissionData, level3: str) -> ScoringRow:
    return next(r for r in data.scoring.rows if r.level3 == level3)


# ---- the mistakes ------------------------------------------------------------------------


@_mistake(
    "M01",
    "§5.1",
    "整体支出预算资金总额填 0，而其中的财政拨款填了 1482.05",
    "整体支出预算资金总额 (total funds) left at 0 while 财政拨款 (fiscal funds) holds 1482.05",
    "基本情况",
    "B18",
    ("B108",),
)
def _total_left_zero(data: SubmissionData) -> None:
    data.basic["total_funds"] = 0


@_mistake(
    "M02",
    "§5.2",
    "成本指标实际完成值 7.5 万元与项目支出表的全年执行数 7.69 万元矛盾",
    "A cost indicator's actual (7.5 万元) contradicts the project's spending in 项目支出 (7.69 万元)",
    "项目绩效指标",
    "H14",
    ("I316",),
)
def _actual_contradicts_money(data: SubmissionData) -> None:
    _pind(data, 1, "社会化管理工作成本").actual = 7.5


@_mistake(
    "M03",
    "§5.3",
    "定量指标（参保单位 ≥ 7000 家）的实际完成值填了文字“完成”",
    "A quantitative indicator (参保单位 ≥ 7000 家) answered with the text 完成",
    "整体绩效目标",
    "G6",
    ("I307",),
)
def _text_answer(data: SubmissionData) -> None:
    _dept(data, "参保单位").actual = "完成"


@_mistake(
    "M04",
    "§5.4",
    "度量单位为 %，实际完成值却填“28.8万元”",
    "The unit is % but the actual value reads 28.8万元",
    "整体绩效目标",
    "G9",
    ("I308",),
)
def _unit_disagrees(data: SubmissionData) -> None:
    _dept(data, "资金发放到位率").actual = "28.8万元"


@_mistake(
    "M05",
    "§5.4",
    "定性指标填了度量单位 %",
    "A qualitative (定性) indicator has the unit %",
    "项目绩效指标",
    "G9",
    ("I309",),
)
def _qualitative_with_unit(data: SubmissionData) -> None:
    _pind(data, 0, "人民群众获得感、幸福感增强").unit = "%"


@_mistake(
    "M06",
    "§5.5",
    "资金在规定时间下达率目标 100%，实际 72.74%，却给了满分 10 分",
    "Target 100 %, actual 72.74 %, yet full marks (10 of 10)",
    "项目绩效指标",
    "J6",
    ("S407",),
)
def _full_marks_on_miss(data: SubmissionData) -> None:
    row = _pind(data, 0, "资金在规定时间下达率")
    row.actual, row.points, row.score = 72.74, 10, 10


@_mistake(
    "M07",
    "§5.6",
    "二级指标“数量指标”放在一级指标“效益指标”之下",
    "The second-level 数量指标 filed under the first-level 效益指标",
    "整体绩效目标",
    "B12",
    ("I301",),
)
def _wrong_category(data: SubmissionData) -> None:
    _dept(data, "基本养老金发放工作").level2 = "数量指标"


@_mistake(
    "M08",
    "§5.6",
    "三级指标名称只是重复二级指标“质量指标”",
    "The third-level name only repeats its category 质量指标",
    "项目绩效指标",
    "D18",
    ("I303",),
)
def _level3_repeats_category(data: SubmissionData) -> None:
    _pind(data, 2, "按时全额缴纳").level3 = "质量指标"


@_mistake(
    "M09",
    "§5.7",
    "指标值“效果明显”无法衡量，却标为定量（≥）",
    "An unmeasurable target (效果明显) marked quantitative (≥)",
    "项目绩效指标",
    "F21",
    ("I306",),
)
def _unmeasurable_target(data: SubmissionData) -> None:
    row = _pind(data, 2, "保障单位正常运转")
    row.op, row.target = "≥", "效果明显"


@_mistake(
    "M10",
    "§5.8",
    "任务完成及时率目标 ≥99%，实际 97%，偏差原因却填“无”",
    "Target ≥ 99 % missed (97 %) while the deviation reason says 无 (none)",
    "整体绩效目标",
    "H10",
    ("I311",),
)
def _no_reason_for_miss(data: SubmissionData) -> None:
    row = _dept(data, "任务完成及时率")
    row.actual, row.reason = 97, "无"


@_mistake(
    "M11",
    "§5.9",
    "行政运行占比填 62.24%，按金额应为 62.25%（超出舍入误差）",
    "行政运行's share typed 62.24 % where its amount gives 62.25 % (beyond rounding)",
    "收入情况",
    "E5",
    ("B102",),
)
def _share_off(data: SubmissionData) -> None:
    data.income.rows[0].share = 62.24


@_mistake(
    "M12",
    "§5.10",
    "金额单位为万元，住房公积金却按元填了 917100",
    "住房公积金 typed in 元 (917100) although the workbook declares 万元",
    "支出情况",
    "D14",
    ("B109",),
)
def _amount_in_yuan(data: SubmissionData) -> None:
    next(r for r in data.expense.rows if r.name == "住房公积金").amount = 917100


@_mistake(
    "M13",
    "§5.11",
    "年末结转结余填 12.5，但本年收入 1482.05 = 本年支出 1482.05，收支与结转结余不平衡",
    "年末结转结余 12.5 while income and expense are both 1482.05: income + opening ≠ expense + closing",
    "基本情况",
    "B17",
    ("B105",),
)
def _unbalanced(data: SubmissionData) -> None:
    data.basic["closing_balance"] = 12.5


@_mistake(
    "M14",
    "§5.12",
    "满意度指标值填 0.9，其他百分比行填 95、99 这样的数",
    "A percentage typed as 0.9 while the other % rows use 95, 99 …",
    "整体绩效目标",
    "E13",
    ("I315",),
)
def _fraction_percent(data: SubmissionData) -> None:
    _dept(data, "参保人员满意度").target = 0.9


@_mistake(
    "M15",
    "§2",
    "项目执行率 79.58%（低于 90%），备注未说明原因",
    "Budget execution 79.58 % (below 90 %) with no reason given",
    "项目支出",
    "I7",
    ("P205",),
)
def _low_execution(data: SubmissionData) -> None:
    project = _project(data, 2)
    project.spent = 63.5
    project.note = "无"  # what units type when they give no reason: a placeholder, not a reason


@_mistake(
    "M16",
    "§4",
    "预算编制质量自评得分 10 分，超过其分值 8 分",
    "A self-assessed score (10) above its weight (8)",
    "自评打分表",
    "F6",
    ("S401",),
)
def _score_above_points(data: SubmissionData) -> None:
    _score_row(data, "预算编制质量").score = 10


@_mistake(
    "M17",
    "§4",
    "一级指标写“项目绩效（30分）”，其二级指标合计 35 分，总分也不再是 100",
    "项目绩效 declares 30 points while its children add up to 35 (and the tree no longer totals 100)",
    "自评打分表",
    "A19",
    ("S402",),
)
def _tree_does_not_add_up(data: SubmissionData) -> None:
    for row in data.scoring.rows:
        if row.level1 == "项目绩效（35分）":
            row.level1 = "项目绩效（30分）"


def mistakes_data() -> SubmissionData:
    """The seed data with every mistake applied."""
    data = seed_data()
    for mistake in MISTAKES:
        _EDITS[mistake.id](data)
    # 项目资金来源 follows what the mistakes did to 项目支出: the mistakes are on the v1 sheets.
    data.project_funds = project_funds(data.projects.rows)
    return data


def apply_mistake(data: SubmissionData, mistake_id: str) -> SubmissionData:
    """Apply one mistake to ``data`` in place (tests build one-mistake workbooks) and return it."""
    _EDITS[mistake_id](data)
    return data


def mistakes_table() -> str:
    """The markdown table of every mistake, as in examples/README.md."""
    lines = [
        "| id | domain.md | cell | mistake | 错误 | codes |",
        "|---|---|---|---|---|---|",
        *(
            f"| {m.id} | {m.domain_ref} | `{m.sheet}!{m.cell}` | {m.description_en} | {m.description_zh} "
            f"| {', '.join(m.expected_codes) or '—'} |"
            for m in MISTAKES
        ),
    ]
    return "\n".join(lines)


def regenerate(root: Path) -> list[Path]:
    """Write both examples and the blank template under ``root``; refresh the README table."""
    written = []
    for rel, data, version in (
        (SEED_EXAMPLE, seed_data(), 2),
        (MISTAKES_EXAMPLE, mistakes_data(), 2),
        (TEMPLATE_FILE, None, 2),
        (SEED_EXAMPLE_V1, seed_data(), 1),
        (MISTAKES_EXAMPLE_V1, mistakes_data(), 1),
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, data, version=version)
        written.append(path)
    readme = root / README
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        block = f"{_TABLE_START}\n{mistakes_table()}\n{_TABLE_END}"
        pattern = re.compile(re.escape(_TABLE_START) + ".*?" + re.escape(_TABLE_END), re.S)
        if pattern.search(text):
            readme.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
            written.append(readme)
    return written


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: regenerate the generated files of a checkout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: here)")
    args = parser.parse_args(argv)
    for path in regenerate(args.root):
        print(path)


if __name__ == "__main__":
    main()
