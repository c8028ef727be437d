"""Reading workbooks into typed tables.

``workbook.read_workbook`` is the entry point (``evaltool.api.read`` calls it). Parsers the
rules reuse: ``numbers`` (``parse_number``, ``split_value``, ``clean``, ``is_empty``) and
``operators`` (``parse_operator``). ``container`` sniffs files and enforces limits, ``xlsx``
streams .xlsx cells, ``calamine`` reads .xls/.ods, ``formula`` computes uncached formulas,
``tables`` / ``basic`` build the frames. See docs/reading.md.
"""
