"""The one text sanitiser for everything that goes into XML, whichever writer writes it.

XML 1.0 cannot hold the C0 control characters (tab, line feed and carriage return aside),
U+FFFE, U+FFFF, or a surrogate code point (Python keeps an undecodable byte of a file name
as a lone surrogate, U+DC80–U+DCFF). One such character in one file name makes lxml,
openpyxl and Excel refuse a whole workbook. Every writer passes its text through
``xml_chars``: the splicer (``splice/xmltext.py``), the openpyxl copy and the xlsxwriter
proof (``results_sheet.safe_text``), and 汇总.xlsx (``SafeWorksheet``).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _replacement(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x20:
        return ""  # a control character shows nothing: it goes
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # an undecodable byte of a name: shown, escaped
    return "\ufffd"


def xml_chars(text: str) -> str:
    """``text`` with every character XML 1.0 forbids removed or replaced (readably)."""
    if _FORBIDDEN.search(text) is None:
        return text
    return _FORBIDDEN.sub(_replacement, text)


@functools.cache
def safe_worksheet_class() -> type[Any]:
    """An xlsxwriter worksheet class whose strings and links pass through ``xml_chars``.

    Pass it as ``add_worksheet(name, worksheet_class=...)``: no text reaches the sheet's XML,
    its shared strings or its relationships unsanitised, whichever write method is used.
    """
    from xlsxwriter.worksheet import Worksheet

    class SafeWorksheet(Worksheet):  # type: ignore[misc]
        def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
            return super().write_string(row, col, xml_chars(string), cell_format)

        def write_url(
            self,
            row: int,
            col: int,
            url: str,
            cell_format: Any = None,
            string: str | None = None,
            tip: str | None = None,
        ) -> Any:
            clean = None if string is None else xml_chars(string)
            return super().write_url(
                row, col, xml_chars(url), cell_format, clean, None if tip is None else xml_chars(tip)
            )

    return SafeWorksheet
