"""Atomic file writes: a temporary file beside the target, fsync, then rename.

A crash or a full disk leaves either the old file or the new one, never half; a full
disk is reported as ``DiskFull``, one sentence naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cixi_desktop.store.errors import EnvironmentProblem

# No space left, file larger than allowed (RLIMIT_FSIZE, FAT32's 4 GB), quota exceeded.
SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
# lxml (openpyxl's XML writer) reports the same failed write as SerialisationError with
# libxml2's error name instead of an OSError.
_LIBXML_SPACE_ERRORS = frozenset({"IO_ENOSPC", "IO_EFBIG"})


class DiskFull(OSError, EnvironmentProblem):
    """No room to write ``target``; the old file is untouched.

    An OSError, so the dialogs that already catch OSError around a save show it
    (``strerror`` is the short reason); an EnvironmentProblem, so the CLI exits 3.
    """

    def __init__(self, code: int, target: Path) -> None:
        super().__init__(code, "磁盘空间不足", str(target))
        self.target = target

    def __str__(self) -> str:
        return f"磁盘空间不足，未能写入 {self.target}；原文件未改动"


def out_of_space(exc: BaseException) -> int | None:
    """The errno when ``exc`` means the disk (or the allowed file size) is full, else None."""
    if isinstance(exc, OSError):
        return exc.errno if exc.errno in SPACE_ERRNOS else None
    if type(exc).__name__ == "SerialisationError" and str(exc).strip() in _LIBXML_SPACE_ERRORS:
        return errno.ENOSPC if str(exc).strip() == "IO_ENOSPC" else errno.EFBIG
    return None


STALE_AFTER_SECONDS = 6 * 3600
"""A temporary this old was left by a killed writer (no export or backup runs that long)."""


def remove_stale_partials(folder: Path, pattern: str) -> list[Path]:
    """Delete ``pattern`` files in ``folder`` older than STALE_AFTER_SECONDS: what a
    killed write left behind. Younger ones may belong to a write still running."""
    removed = []
    horizon = time.time() - STALE_AFTER_SECONDS
    for leftover in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < horizon:
                leftover.unlink()
                removed.append(leftover)
    return removed


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces ``target`` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target.parent, f".{glob.escape(target.name)}.*.partial")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except Exception as exc:
        code = out_of_space(exc)
        if code is None or isinstance(exc, DiskFull):
            raise
        raise DiskFull(code, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomically(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Run ``writer(tmp_path)`` and move the result over ``target`` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
