"""One module per real document: SOURCE, VERDICT, UNPLACED and ``data()`` (see notes in tests/real/verdict.py)."""
