"""The readable form of a file name: what every output (SQLite, JSON, CSV, logs, XML) shows of a path.

A name that is not valid UTF-8 (GBK bytes from a Windows archive unzipped on Linux) reaches
Python as text holding lone surrogates (``os.fsdecode``), which no encoder accepts. The file
itself is always opened by its real name; outputs show it through ``display_name``.
"""

from __future__ import annotations

import re
from typing import Final

# Bytes that were not UTF-8 (surrogate escapes), other lone surrogates, C0/C1 controls and DEL
# (a newline in a name would split a log or CSV line), and the non-characters XML 1.0 forbids.
_UNSHOWABLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_name(name: str) -> str:
    """``name`` with each undecodable byte and control character as a visible ``\\xNN``.

    >>> display_name("单位.xlsx")
    '单位.xlsx'
    >>> print(display_name(b"\\xb5\\xa5.xlsx".decode("utf-8", "surrogateescape")))
    \\xb5\\xa5.xlsx
    >>> print(display_name("a\\nb"))
    a\\x0ab
    """
    return _UNSHOWABLE.sub(_escape, name)
