"""`evaltool serve`: the drop page and JSON API on the bureau's intranet (an optional extra).

Nothing below this package imports it; it needs ``pip install 'evaltool[serve]'`` (Starlette,
uvicorn, python-multipart). The work items the worker processes run live in ``job`` and import
none of that stack.
"""
