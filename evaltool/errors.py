"""Why a whole file could not be read: one line for people, a stable reason key for machines."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from evaltool.lang import Lang

# reason key -> (Chinese, English) one-line explanations; {detail} is optional context.
REASONS: Final[dict[str, tuple[str, str]]] = {
    "not_found": ("文件不存在", "file not found"),
    "permission": ("没有读取该文件的权限", "permission denied"),
    "is_directory": ("这是一个文件夹，不是工作簿", "is a folder, not a workbook"),
    "empty": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "unsupported": ("不支持的文件类型，请另存为 .xlsx", "unsupported file type; save it as .xlsx"),
    "not_workbook": (
        "不是 Excel 工作簿（可能是改了扩展名的 CSV/HTML/文本文件），请在 Excel 中另存为 .xlsx",
        "not an Excel workbook (perhaps a CSV/HTML/text file renamed); save it as .xlsx in Excel",
    ),
    "corrupt": (
        "文件已损坏或不完整（可能传输中断），请重新保存后提交",
        "the file is damaged or incomplete (an interrupted transfer?); save it again and resubmit",
    ),
    "encrypted": (
        "工作簿设有打开密码，请取消密码后提交",
        "the workbook is password-protected; remove the password and resubmit",
    ),
    "too_large": ("文件超出处理上限", "the file exceeds the processing limits"),
    "unsafe": (
        "文件含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝读取",
        "the file holds unsafe XML declarations (DOCTYPE/ENTITY) and was refused",
    ),
    "timeout": ("处理超时", "processing timed out"),
    "config": ("旁边的配置文件 evaltool.toml 有误，未检查", "the evaltool.toml beside it is invalid; not checked"),
    "internal": ("读取时发生内部错误", "internal error while reading"),
}


class UnreadableError(Exception):
    """A file that cannot be read at all. ``str()`` is the one-line Chinese message."""

    def __init__(self, path: Path | str, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.path = Path(path)
        self.reason = reason
        self.detail = detail
        super().__init__(self.message("zh"))

    def message(self, lang: Lang = "zh") -> str:
        """``<file>: <reason>[ (<detail>)]`` in Chinese or English."""
        return f"{self.path}: {reason_text(self.reason, self.detail, lang)}"


def reason_text(reason: str, detail: str = "", lang: Lang = "zh") -> str:
    """A reason key as one sentence, with its detail in brackets: ``<reason>[ (<detail>)]``."""
    zh, en = REASONS[reason]
    if lang == "en":
        return f"{en} ({detail})" if detail else en
    return f"{zh}（{detail}）" if detail else zh
