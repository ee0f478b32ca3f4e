"""Hidden partial files beside an output, and the removal of those a killed run left behind.

An export or backup is written to ``.NAME.XXXXXXXX.part`` (or ``.partial``) in the output's
folder and renamed to ``NAME`` only when complete. While it is written, the writer holds an
exclusive ``flock`` on it; the kernel drops the lock when the process ends, however it ends
(SIGKILL included). So a partial file of our naming whose lock can be taken is stale, and
the next run writing the same output removes it; a live writer's is left alone.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RANDOM = "[a-z0-9_]{8}"
"""What ``tempfile.mkstemp`` puts between prefix and suffix."""
_ATTEMPTS = 5


def _pattern(target: Path, suffix: str) -> re.Pattern[str]:
    """The names of partial files of ``target`` (ours only: prefix, 8 random chars, suffix)."""
    return re.compile(re.escape(f".{target.name}.") + _RANDOM + re.escape(suffix))


def remove_stale(target: Path, suffix: str) -> list[Path]:
    """Remove the partial files of ``target`` that no live process holds; return them."""
    folder = target.parent if str(target.parent) else Path(".")
    pattern = _pattern(target, suffix)
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if pattern.fullmatch(n)]
    except OSError:
        return removed  # an unreadable folder: the write itself will say why
    for name in names:
        path = folder / name
        if _take_if_stale(path):
            removed.append(path)
    return removed


def _take_if_stale(path: Path) -> bool:
    """Remove ``path`` when it is a regular file nobody holds the lock of."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False  # gone meanwhile, a symlink, or not ours to read
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live writer holds it
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


@contextmanager
def partial_beside(target: Path, suffix: str) -> Iterator[Path]:
    """A new, locked, empty partial file in ``target``'s folder; removed when the block ends.

    Stale partial files of the same target are removed first. The caller writes the path
    (opening it again) and renames or links it to ``target`` when complete; the lock is
    held until the block ends, so no other run takes the file for stale meanwhile.
    """
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale(target, suffix)
    for _attempt in range(_ATTEMPTS):
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
        fcntl.flock(fd, fcntl.LOCK_EX)
        info = os.fstat(fd)
        try:
            now = os.lstat(name)
        except FileNotFoundError:
            now = None
        if now is not None and (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino):
            break
        # Another run took it for stale between its creation and our lock: make another.
        os.close(fd)
    else:
        raise OSError(f"could not create a partial file beside {target}")
    path = Path(name)
    try:
        yield path
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)
