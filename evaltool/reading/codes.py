"""Catalogue entries for what the reader reports: structure and values it could not read."""

from evaltool.catalogue import ERROR, INFO, WARNING, declare

G = "读取 / reading"

declare(
    "F001",
    "missing-sheet",
    ERROR,
    group=G,
    message_zh="缺少工作表“{sheet}”",
    message_en="sheet {sheet!r} is missing",
    hint_zh="请使用标准模板，恢复该工作表（名称须完全一致）",
    hint_en="use the standard template and restore the sheet (the name must match exactly)",
    doc="""Checks that every sheet of the standard template is present.

    Why it matters: a missing sheet means a whole part of the self-evaluation is unchecked.
    Example: a workbook without 支出情况 -> finding; renamed back -> none.""",
)
declare(
    "F002",
    "missing-column",
    ERROR,
    group=G,
    message_zh="工作表“{sheet}”找不到表头“{column}”",
    message_en="sheet {sheet!r} has no header {column!r}",
    hint_zh="请按标准模板恢复该列的表头文字",
    hint_en="restore the header text of this column as in the standard template",
    doc="""Checks that each table's header row holds every required header.

    Why it matters: the reader finds columns by their header; without it the column's values
    cannot be checked. Example: 金额 renamed 金额数 -> finding; restored -> none.""",
)
declare(
    "F003",
    "unreadable-value",
    ERROR,
    group=G,
    message_zh="“{raw}”无法识别为{expected}",
    message_en="{raw!r} cannot be read as {expected_en}",
    hint_zh="请填写数字（可带千分位、%），不要夹杂文字",
    hint_en="enter a number (thousands separators and % are fine), without words",
    doc="""Checks that a numeric cell holds something readable as a number.

    Why it matters: a figure the checker cannot read is a figure nobody can reconcile.
    Example: 金额 ``约100`` -> finding; ``100`` or ``1,000.50`` -> none.""",
)
declare(
    "F004",
    "formula-not-calculated",
    WARNING,
    group=G,
    message_zh="公式 {formula} 没有计算结果，无法核对",
    message_en="formula {formula} has no calculated value and could not be checked",
    hint_zh="请在 Excel/WPS 中打开并保存一次（让公式算出结果）后再提交",
    hint_en="open and save the workbook once in Excel/WPS so its formulas are calculated",
    doc="""Reports a formula cell with no cached value that the reader could not compute itself.

    Why it matters: files written by scripts carry formulas that were never calculated; reading
    them as 0 or empty would raise false alarms or hide real ones.
    Example: ``=VLOOKUP(...)`` never calculated -> finding; ``=SUM(D3:D12)`` -> computed, none.""",
)
declare(
    "F005",
    "not-standard-template",
    INFO,
    group=G,
    message_zh="工作簿不是由标准模板生成（缺少 _meta 标识），已按表头读取",
    message_en="the workbook is not from the standard template (no _meta sheet); read by its headers",
    hint_zh="建议使用最新标准模板填报",
    hint_en="use the current standard template",
    doc="""Notes that the hidden _meta sheet naming the template is missing or different.

    Why it matters: home-made copies of the form drift from the standard; the reader still
    reads them by header, but the bureau may want to know. Example: no _meta -> finding.""",
)
declare(
    "F006",
    "error-value",
    ERROR,
    group=G,
    message_zh="单元格为错误值 {raw}",
    message_en="the cell holds the error value {raw}",
    hint_zh="请修正产生错误值的公式或引用",
    hint_en="fix the formula or reference that produces the error",
    doc="""Reports a cell whose (cached) value is an Excel error such as #DIV/0! or #REF!.

    Why it matters: an error value hides the figure it should show.
    Example: 占比 ``#DIV/0!`` -> finding; ``62.25`` -> none.""",
)
declare(
    "F007",
    "missing-basic-item",
    ERROR,
    group=G,
    message_zh="基本情况缺少“{label}”",
    message_en="基本情况 lacks the item {label!r}",
    hint_zh="请在基本情况表中填写该项",
    hint_en="fill in this item on the 基本情况 sheet",
    doc="""Checks that the required 基本情况 items (单位名称, 单位编码, 评价年度, 金额单位) are filled.

    Why it matters: batch runs match submissions to units by 单位编码, and every amount is read
    in the declared 金额单位. Example: 单位编码 empty -> finding; filled -> none.""",
)
declare(
    "F008",
    "formula-computed",
    INFO,
    group=G,
    message_zh="{cell} 的公式没有保存计算结果，已按公式算得 {value}",
    message_en="the formula in {cell} had no saved result; computed as {value}",
    hint_zh="建议在 Excel/WPS 中打开并保存一次",
    hint_en="open and save the workbook once in Excel/WPS",
    doc="""Notes a formula without a cached value that the reader computed itself (SUM, + − × ÷).

    Why it matters: the figure used in the checks is the reader's, not the spreadsheet's.
    A formula whose result is empty (the 占比 formula of a blank row) is not noted: no figure
    of it is used.
    Example: ``=SUM(D3:D12)`` written by a script -> finding (info); ``=IF(D9="","",…)`` on a
    blank row -> none.""",
)
declare(
    "F009",
    "limit-exceeded",
    ERROR,
    group=G,
    message_zh="工作表“{sheet}”超出处理上限（{what}），仅读取了前 {kept} 行",
    message_en="sheet {sheet!r} exceeds the processing limit ({what}); only the first {kept} rows were read",
    hint_zh="请删除多余的空行或无关内容后重新提交",
    hint_en="delete the surplus rows or unrelated content and resubmit",
    doc="""Reports a sheet larger than the configured limits; the rest of it is not read.

    Why it matters: a runaway sheet (a million formatted rows) must not stall a batch, and what
    was not read must be said. Example: 1,000,000 rows -> finding.""",
)
declare(
    "F010",
    "duplicate-column",
    WARNING,
    group=G,
    message_zh="工作表“{sheet}”的表头“{column}”出现了多次，仅读取第一列",
    message_en="sheet {sheet!r} has the header {column!r} more than once; only the first is read",
    hint_zh="请删除或改名重复的列",
    hint_en="delete or rename the repeated column",
    doc="""Reports a header that appears twice in one header row.

    Why it matters: the checker cannot know which column is meant.
    Example: two 金额 columns -> finding on the second.""",
)
declare(
    "F011",
    "duplicate-sheet",
    ERROR,
    group=G,
    message_zh="工作表名“{sheet}”出现了 {count} 次，仅读取第一个",
    message_en="the sheet name {sheet!r} appears {count} times; only the first is read",
    hint_zh="请删除或改名多余的同名工作表（Excel 不允许同名工作表）",
    hint_en="delete or rename the extra sheets of that name (Excel does not allow two)",
    doc="""Reports two or more sheets with the same name (compared as Excel does, ignoring case).

    Why it matters: Excel never writes such a file; a crafted one can hide the real 收入情况
    behind a decoy, so which sheet was checked must be said, and always the same one is read.
    Example: two sheets named 收入情况 -> finding on the first; renamed -> none.""",
)
declare(
    "F012",
    "older-template-version",
    INFO,
    group=G,
    message_zh="工作簿使用标准模板 v{version}，已有更新的 v{current}（增加项目资金来源、评分结构和自评结论）",
    message_en=(
        "the workbook uses template v{version}; v{current} exists (adds project fund sources,"
        " scoring blocks and conclusions)"
    ),
    hint_zh="可用 evaltool upgrade 旧文件.xlsx -o 新文件.xlsx 转为新模板后补填新增表格",
    hint_en="run evaltool upgrade OLD.xlsx -o NEW.xlsx and fill in the new sheets",
    doc="""Notes that a workbook from the standard template is of an older version.

    The workbook is read and checked exactly as before: the sheets a newer version added are
    not required of it, so their checks simply have nothing to check.

    Why it matters: the newer template holds what the official project cards hold (funds by
    source, 总分, 评价等次, 存在问题 …), and only then can those be checked.
    Example: _meta version 1 -> finding; version 2 -> none.""",
)
declare(
    "F020",
    "read-as-official-form",
    INFO,
    group=G,
    message_zh="按官方项目支出绩效自评表读取（版式：{layout}，共 {cards} 张表）",
    message_en="read as the official project self-evaluation form (layout: {layout}; {cards} cards)",
    hint_zh="可用 evaltool convert 文件.xlsx -o 标准模板.xlsx 转为标准模板",
    hint_en="evaltool convert FILE.xlsx -o STANDARD.xlsx writes the standard workbook",
    doc="""Notes that the workbook is not the standard template but filled official project cards.

    The cards (national 财预〔2020〕10号 layout, 四川's 部门预算项目支出绩效自评表) are read by their
    labels; every finding names the form's own cells. See docs/reading.md.

    Why it matters: a unit holding a filled official form need not retype it.
    Example: a sheet with 项目名称, 年初预算数 … 一级指标 … 总分 -> finding (info).""",
)
declare(
    "F021",
    "form-label-unplaced",
    WARNING,
    group=G,
    message_zh="工作表“{sheet}”中的“{label}”无法对应到自评表的栏目，该部分未读取或不完整",
    message_en="sheet {sheet!r}: the label {label!r} could not be placed; that part of the card is not (fully) read",
    hint_zh="请按标准表样填写该栏目，或改用标准模板（evaltool template）",
    hint_en="use the official form's labels for this part, or fill the standard template (evaltool template)",
    doc="""Reports a label of an official card that the form reader could not place.

    A header cell of the money or indicator block that is not a known column, or a card
    without its money block (年初预算数 / 全年预算数) or indicator header (一级指标 / 三级指标).

    Why it matters: a partial read must never pass silently; what was not read cannot be checked.
    Example: an indicator header with a column 指标解释 -> finding naming 指标解释.""",
)
