"""Rewriting an .xlsx package in tests: parts replaced, edited, dropped or added."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping


def rezip(
    src: bytes,
    replace: Mapping[str, bytes | Callable[[bytes], bytes]] | None = None,
    drop: tuple[str, ...] = (),
    add: Mapping[str, bytes] | None = None,
) -> bytes:
    """The package ``src`` with parts replaced (bytes) or edited (a function of the old bytes), dropped or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info.filename)
            new = (replace or {}).get(info.filename, data)
            zout.writestr(info.filename, new(data) if callable(new) else new)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return out.getvalue()
