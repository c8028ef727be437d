"""One batch at a time per output folder: an OS file lock, released by the OS even if the process dies."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

LOCK_NAME: Final = ".evaltool-batch.lock"


class LockedError(RuntimeError):
    """Another batch run is using the same output folder."""


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration; raise LockedError at once if another run holds it."""
    fd = _open(folder / LOCK_NAME)
    try:
        try:
            _lock(fd)
        except OSError:
            raise LockedError(f"{folder}: another evaltool batch run is using this output folder") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())  # for people wondering who holds it
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _open(path: Path) -> int:
    """Open (or create) the lock file itself, never what a link planted at its name points to."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | nofollow, 0o644)
    except OSError:
        if not path.is_symlink():
            raise
    path.unlink()  # a link at our lock's name (OUT may sit inside the inbox): ours is a plain file
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | nofollow, 0o644)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
