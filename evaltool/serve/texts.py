"""The drop page's words in Chinese and English: the one place for them (the page fetches them).

Statuses and severities come from ``report.render`` so the page says what the copies say.
"""

from __future__ import annotations

from typing import Any, Final

from evaltool.lang import Lang
from evaltool.report.render import SEVERITY_TEXT, STATUS_TEXT

PAGE: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "title": "预算绩效自评表 在线校验",
        "skip": "跳到校验结果",
        "lede": "把自评表拖到下面的方框里（可以一次多个），立即看到校验结果，下载标注副本；修改无误后提交。",
        "drop": "将工作簿拖放到此处",
        "or": "或",
        "pick": "选择文件…",
        "formats": "支持 .xlsx .xlsm .xls .ods，每个文件不超过 {mb} MB。文件只在本单位内网服务器上处理。",
        "lang": "English",
        "uploading": "正在上传 {pct}%",
        "checking": "正在校验…",
        "counts": "错误 {error} 项 · 警告 {warning} 项 · 提示 {info} 项",
        "unit": "单位：{code} {name}",
        "no_unit": "未填写单位编码",
        "download": "下载批注副本",
        "download_proof": "下载校验证明",
        "submit": "提交",
        "submitting": "正在提交…",
        "submit_blocked": "有错误的文件不能提交，请修改后重新校验。",
        "submit_no_code": "未填写单位编码，不能提交。",
        "receipt": "已提交。回执：",
        "receipt_unit": "单位",
        "receipt_time": "时间",
        "receipt_file": "存档文件",
        "receipt_sha": "SHA-256",
        "receipt_status": "状态",
        "receipt_counts": "问题数",
        "cells": "位置",
        "hint": "修改建议：",
        "no_findings": "未发现问题。",
        "clear": "清除结果",
        "busy": "服务器正忙，请 {s} 秒后重试。",
        "too_large": "文件超过 {mb} MB，已拒绝。",
        "too_many_files": "一次上传的文件太多。",
        "not_multipart": "上传格式不正确。",
        "bad_upload": "上传不完整或格式不正确，请重试。",
        "incomplete": "上传不完整，请重试。",
        "no_files": "没有收到文件。",
        "network": "无法连接服务器，请检查网络后重试。",
        "expired": "校验结果已过期，请重新校验后提交。",
        "csrf": "页面已过期，请刷新后重试。",
        "not_submittable": "该文件不能提交。",
        "store_failed": "服务器无法保存提交的文件，请联系财政局。",
        "failed": "出错了（{status}）。",
        "footer": "evaltool {version} · 规则说明见 /api/rules",
    },
    "en": {
        "title": "Budget performance self-evaluation: online check",
        "skip": "Skip to the results",
        "lede": "Drop your workbooks into the box below (several at once), see the findings at once and "
        "download the annotated copy; when it is clean, submit it.",
        "drop": "Drop workbooks here",
        "or": "or",
        "pick": "Choose files…",
        "formats": ".xlsx .xlsm .xls .ods, up to {mb} MB each. "
        "Files are processed on the bureau's intranet server only.",
        "lang": "中文",
        "uploading": "Uploading {pct}%",
        "checking": "Checking…",
        "counts": "{error} errors · {warning} warnings · {info} info",
        "unit": "Unit: {code} {name}",
        "no_unit": "no unit code",
        "download": "Download the annotated copy",
        "download_proof": "Download the proof",
        "submit": "Submit",
        "submitting": "Submitting…",
        "submit_blocked": "A file with errors cannot be submitted; fix it and check again.",
        "submit_no_code": "No unit code: cannot be submitted.",
        "receipt": "Submitted. Receipt:",
        "receipt_unit": "Unit",
        "receipt_time": "Time",
        "receipt_file": "Stored as",
        "receipt_sha": "SHA-256",
        "receipt_status": "Status",
        "receipt_counts": "Findings",
        "cells": "Where",
        "hint": "What to do: ",
        "no_findings": "No findings.",
        "clear": "Clear results",
        "busy": "The server is busy; try again in {s} s.",
        "too_large": "The file is over {mb} MB and was refused.",
        "too_many_files": "Too many files in one upload.",
        "not_multipart": "Not a file upload.",
        "bad_upload": "The upload was incomplete or malformed; try again.",
        "incomplete": "The upload was incomplete; try again.",
        "no_files": "No file received.",
        "network": "Cannot reach the server; check the network and try again.",
        "expired": "The result has expired; check the file again, then submit.",
        "csrf": "The page has expired; reload it and try again.",
        "not_submittable": "This file cannot be submitted.",
        "store_failed": "The server could not store the submission; please contact the bureau.",
        "failed": "Something went wrong ({status}).",
        "footer": "evaltool {version} · rules: /api/rules",
    },
}


def page_texts() -> dict[str, Any]:
    """Both languages' words for the page, with statuses and severity headings."""
    return {
        lang: {
            **words,
            "status": dict(STATUS_TEXT[lang]),
            "severity": {s.label: text for s, text in SEVERITY_TEXT[lang].items()},
        }
        for lang, words in PAGE.items()
    }


def text(key: str, lang: Lang) -> str:
    """One of the page's words (the API's error messages use them too)."""
    return PAGE[lang][key]
