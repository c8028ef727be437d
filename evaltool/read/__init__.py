"""Reading workbooks into typed tables."""
