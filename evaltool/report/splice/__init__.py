"""Annotate an .xlsx by splicing its XML parts: fast, and every byte we do not touch stays as it was.

The openpyxl round trip (load, mark, save) costs ~60 ms per workbook and drops what openpyxl
does not model (cached formula values, unknown extensions). Here the package is copied part
by part; only the parts an annotation needs are edited, by splicing text into them:

- ``styles.xml``: our three fills, and for each (style, severity) marked a copy of the style
  with our fill; the results sheet's fonts and styles;
- each marked sheet: the marked cells' ``s`` attribute (a cell that does not exist is
  inserted), a ``<legacyDrawing>`` pointing at a new comments part and its VML drawing — or,
  where the unit has comments already, our notes added to their comments part and drawing;
- ``workbook.xml``, its relationships and ``[Content_Types].xml``: the 校验结果 sheet first,
  the hidden ``_meta`` sheet (created, or extended with our rows).

A copy of ours checked again is taken back first (``again.py``): our comments, fills, sheet
and ``_meta`` rows. Anything unusual raises ``Unsplicable`` before a byte is written, and the
caller takes the openpyxl path: our results sheet no longer first, form controls or threaded
comments on a sheet to mark, prefixed or non-transitional XML, XML comments/CDATA, UTF-16
parts, rows or cells without an address.
"""

from evaltool.report.splice.cells import widen_dimension
from evaltool.report.splice.comments import merge_comments, merge_vml
from evaltool.report.splice.package import Package, is_strict
from evaltool.report.splice.xmltext import Note, Unsplicable, escape, quoteattr

__all__ = [
    "Note",
    "Package",
    "Unsplicable",
    "escape",
    "is_strict",
    "merge_comments",
    "merge_vml",
    "quoteattr",
    "widen_dimension",
]
