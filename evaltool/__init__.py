"""evaltool: checks budget performance self-evaluation workbooks and annotates them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evaltool.version import __version__

if TYPE_CHECKING:
    from evaltool.api import Report, Status, check, read

__all__ = ["Report", "Status", "__version__", "check", "read"]


def __getattr__(name: str) -> Any:
    # Lazy: `import evaltool` must stay cheap (the CLI's --version, the launcher).
    if name in ("Report", "Status", "check", "read"):
        from evaltool import api

        return getattr(api, name)
    raise AttributeError(name)
