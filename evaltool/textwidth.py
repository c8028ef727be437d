"""How wide text is drawn in a spreadsheet column, and how many lines it takes wrapped.

Excel and LibreOffice do not grow a row for wrapped text that a program wrote: without an
explicit height, the text of one row is drawn over the next. Every writer of ours (the template,
the results sheet) sizes its rows with these two functions.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Final

LINE_HEIGHT: Final = 15.0  # points per line of wrapped text (11 pt fonts; CJK included)


def text_width(text: str) -> int:
    """Display width in Excel's character units: a CJK (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    per_line = max(1.0, width - 1)
    return sum(max(1, math.ceil(text_width(line) / per_line)) for line in text.splitlines() or [""])


def row_height(lines: int) -> float:
    """The height (points) of a row that must show ``lines`` lines of wrapped text."""
    return lines * LINE_HEIGHT + 2
