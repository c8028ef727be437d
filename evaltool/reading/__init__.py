"""Reading workbooks into typed tables (entry: ``workbook.read_workbook``; parsers: ``numbers``, ``operators``)."""
