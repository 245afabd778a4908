"""One writer per SQLite ledger, across processes and machines sharing a folder.

The lock is an OS file lock on ``<ledger>.lock`` (``flock`` on POSIX, ``msvcrt``
on Windows), held while the database is open. The OS drops it when the holder
exits or crashes, so a stale lock is reclaimed by simply taking it again; the
file's text only says who holds it, and a clean release empties it, so text found by
the next writer means its holder crashed (``reclaimed_from``; store/integrity.py then
checks the file before writing). Windows of one process share the lock.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cixi_desktop.store.clock import utcnow

# Folders synced by cloud clients copy a live SQLite file half-written.
_CLOUD_MARKERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "icloud",
    "nutstore",
    "坚果云",
    "百度网盘",
    "baiduyun",
    "wps云盘",
    "wpsdrive",
    "seafile",
    "nextcloud",
    "owncloud",
)
_NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "fuse.sshfs",
    "afpfs",
    "9p",
    "davfs",
    "fuse.davfs2",
}


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def sentence(self) -> str:
        return f"{self.user}（计算机 {self.host}，进程 {self.pid}，自 {self.since} 起）"


class _Held:
    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.count = 1


_held: dict[Path, _Held] = {}
_reclaimed: dict[Path, Holder] = {}
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_os_lock(handle: IO[str]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def read_holder(db_path: Path) -> Holder | None:
    try:
        return _parse(lock_path(db_path).read_text(encoding="utf-8"))
    except OSError:
        return None


def _parse(text: str) -> Holder | None:
    try:
        data: dict[str, Any] = json.loads(text)
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (ValueError, KeyError, TypeError):
        return None


def acquire(db_path: Path, user: str) -> bool:
    """Take the writer lock (or share this process's); False when another process has it."""
    key = db_path.resolve()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return True
        path = lock_path(key)
        handle = path.open("a+", encoding="utf-8")
        if not _try_os_lock(handle):
            handle.close()
            return False
        handle.seek(0)
        left = _parse(handle.read())
        if left is None:
            _reclaimed.pop(key, None)
        else:
            _reclaimed[key] = left
        info = {
            "user": user,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": utcnow().strftime("%Y-%m-%d %H:%M UTC"),
        }
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(info, ensure_ascii=False))
        handle.flush()
        _held[key] = _Held(handle)
        return True


def release(db_path: Path) -> None:
    key = db_path.resolve()
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count == 0:
            del _held[key]
            held.handle.seek(0)
            held.handle.truncate()  # a text left behind now means its writer crashed
            held.handle.close()  # closing the file drops the OS lock


@atexit.register
def _clear_at_exit() -> None:
    # A process that ends normally without closing its database did not crash: only a
    # killed one leaves its text for the next writer to find.
    with _guard:
        for held in _held.values():
            with contextlib.suppress(OSError, ValueError):
                held.handle.seek(0)
                held.handle.truncate()
                held.handle.flush()


def held_here(db_path: Path) -> bool:
    """Whether this process holds the writer lock already (another window of it)."""
    with _guard:
        return db_path.resolve() in _held


def reclaimed_from(db_path: Path) -> Holder | None:
    """Who held the lock, when this process took it over from a writer that never
    released it (killed, crashed, powered off); None after a clean release."""
    with _guard:
        return _reclaimed.get(db_path.resolve())


def risky_location(db_path: Path) -> str | None:
    """A sentence when the ledger sits on a network share or in a cloud-synced folder."""
    text = str(db_path).lower()
    if any(marker in text for marker in _CLOUD_MARKERS):
        return (
            f"数据库 {db_path} 位于云同步文件夹中：同步程序可能复制到写了一半的文件。"
            "多人共用请改用服务器模式（PostgreSQL）"
        )
    if text.startswith(("\\\\", "//")) or _network_filesystem(db_path):
        return (
            f"数据库 {db_path} 位于网络共享位置：网络中断可能损坏数据库。"
            "多人共用请改用服务器模式（PostgreSQL）"
        )
    return None


def _network_filesystem(path: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype in _NETWORK_FS
