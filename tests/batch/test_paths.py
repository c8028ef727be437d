"""Output paths built from submitted names stay inside the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltool.batch.paths import clean_component, safe_join, split_parts
from evaltool.batch.pipeline import annotated_names


@pytest.mark.parametrize(
    "relative",
    [
        "../../etc/passwd",
        "..\\..\\windows\\system32\\x.xlsx",
        "/etc/passwd",
        "C:\\Windows\\x.xlsx",
        "C:x.xlsx",
        "\\\\server\\share\\x.xlsx",
        "a/../../b.xlsx",
        "..",
        "...",
        "",
        "a/\x00/b",
        "CON.xlsx",
        "a:b|c?.xlsx",
        "名称 with spaces/单位#1%2.xlsx",
    ],
)
def test_safe_join_never_escapes(tmp_path: Path, relative: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = safe_join(out, relative)
    assert target.resolve().is_relative_to(out.resolve())
    assert target.resolve() != out.resolve()
    for part in target.relative_to(out).parts:
        assert part not in ("..", ".")
        assert not any(ch in part for ch in '<>:"\\|?*#%\x00')


def test_clean_component() -> None:
    assert clean_component("..") == "_"
    assert clean_component("nul.txt") == "_nul.txt"
    assert clean_component("a/b") == "a_b"
    assert clean_component("trailing. ") == "trailing"
    assert len(clean_component("长" * 300 + ".xlsx")) <= 120
    assert clean_component("长" * 300 + ".xlsx").endswith(".xlsx")
    assert clean_component("单位 A.xlsx") == "单位 A.xlsx"


def test_split_parts_drops_roots() -> None:
    assert split_parts("/a/b") == ["a", "b"]
    assert split_parts("C:\\a\\b.xlsx") == ["a", "b.xlsx"]
    assert split_parts("a\\b/c") == ["a", "b", "c"]


def test_annotated_names_mirror_folders_and_avoid_collisions() -> None:
    names = annotated_names(["a.xlsx", "a.xls", "A.ods", "sub/dir/b.xlsx", "m.XLSM"])
    assert names["a.xlsx"] == "a_校验结果.xlsx"
    assert names["a.xls"] == "a_xls_校验结果.xlsx"
    assert names["sub/dir/b.xlsx"] == "sub/dir/b_校验结果.xlsx"
    assert names["m.XLSM"] == "m_校验结果.xlsm"  # the copy keeps the macros, so the extension
    assert len({n.casefold() for n in names.values()}) == 5
