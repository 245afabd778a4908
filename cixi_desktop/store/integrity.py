"""Integrity at open: a damaged SQLite ledger is never opened for writing.

``PRAGMA quick_check`` reads every page of the file, so its cost grows with the file.
Measured here (2 shared cores, file in the page cache): 34 MB (20,000 projects) 0.2 s,
258 MB (150,000 projects) 1.4–1.7 s, the 1.7 GB benchmark ledger (1,000,000 projects)
7–15 s, and 76 s once while other work loaded the machine; a whole window start on that
ledger takes 1.3 s. Hence the rule:

* a file under ``SYNC_LIMIT`` (64 MB, about 40,000 projects: every real town or bureau
  ledger) is checked before anything writes to it, at a cost under 0.35 s;
* a file of any size is checked before anything writes when its last writer did not
  close cleanly: the writer lock was taken over from a holder that never released it
  (lock.reclaimed_from), or a -wal file with content was left behind;
* a larger file after a clean close opens with ``Database.unchecked`` set: the window
  checks it on a low-priority thread after its first paint (ui/integrity_watch.py; 40 s
  for the 1.7 GB ledger on a loaded machine, the window usable meanwhile) and turns the
  database read-only if it is damaged. The command line does not wait for it;
  ``cixi-desktop check`` runs the full ``integrity_check`` on any file.

A damaged file is refused with ``DamagedDatabase`` (an ``EnvironmentProblem``, exit 3):
one sentence naming the file, the newest backup that passes its own check now, and the
command that restores it. Read-only opens (another process writes) are checked by size
only: the writer is alive, and its own window checks what it writes.
"""

from __future__ import annotations

import contextlib
import shlex
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from cixi_desktop.store import lock as writer_lock
from cixi_desktop.store.backup import integrity_problems, read_only_uri
from cixi_desktop.store.backups import BackupFile, local_time, newest_good_backup
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem

SYNC_LIMIT = 64 * 1024 * 1024


class DamagedDatabase(EnvironmentProblem):
    """The ledger file failed its check; ``backup`` is the newest good backup, if any."""

    def __init__(self, path: Path, problems: list[str], backup: BackupFile | None) -> None:
        super().__init__(damaged_sentence(path, backup))
        self.path = path
        self.problems = problems
        self.backup = backup


def damaged_sentence(path: Path, backup: BackupFile | None) -> str:
    if backup is None:
        return f"数据库 {path} 已损坏，不能打开；没有找到完好的备份，请保留该文件并联系维护人员"
    words = ["cixi-desktop", "--db", str(path), "restore", str(backup.path)]
    # Quoted for the shell the user has: cmd.exe on Windows, a POSIX shell elsewhere.
    command = subprocess.list2cmdline(words) if sys.platform == "win32" else shlex.join(words)
    return (
        f"数据库 {path} 已损坏，不能打开；最新的完好备份是 {backup.path.name}"
        f"（{local_time(backup):%Y-%m-%d %H:%M}），可用命令 {command} 恢复"
    )


def wal_left_behind(path: Path) -> bool:
    """A -wal file with content: a clean close checkpoints it into the file and deletes it."""
    try:
        return Path(str(path) + "-wal").stat().st_size > 0
    except OSError:
        return False


def unclean_close(path: Path, wal_before_lock: bool, held_before: bool) -> bool:
    """Whether the previous writer went away without closing (call after taking the lock).

    ``wal_before_lock`` and ``held_before`` are read before the lock was taken: WAL content
    of another window of this process, which still writes, says nothing about a crash."""
    if held_before:
        return False
    return wal_before_lock or writer_lock.reclaimed_from(path) is not None


def check_at_open(db: Database, path: Path, *, unclean: bool) -> None:
    """Before anything writes: refuse a damaged file, or leave a large one to the window."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # a new ledger: nothing to check yet
    if size == 0:
        return
    if size < SYNC_LIMIT or (unclean and not db.read_only):
        refuse_if_damaged(path)
    elif not db.read_only:
        db.unchecked = True


def is_damaged(path: Path) -> bool:
    """An existing, non-empty ledger file that fails the quick check."""
    try:
        if path.stat().st_size == 0:
            return False
    except OSError:
        return False
    return bool(integrity_problems(path, quick=True))


def refuse_if_damaged(path: Path) -> None:
    problems = integrity_problems(path, quick=True)
    if problems:
        raise DamagedDatabase(path, problems, newest_good_backup(path))


class QuickCheck:
    """A quick check on a background thread, which ``stop()`` ends early from any thread
    (a window closed during the check does not wait for it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None
        self._stopped = False
        self._guard = threading.Lock()

    def run(self) -> list[str] | None:
        """The problems found (empty when healthy); None when stopped before the end."""
        try:
            con = sqlite3.connect(read_only_uri(self.path), uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            return [str(exc)]
        with self._guard:
            self._con = con
            if self._stopped:
                con.interrupt()
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            rows = [(str(exc),)]
        finally:
            with self._guard:
                self._con = None
            con.close()
        if self._stopped:
            return None
        problems = [str(r[0]) for r in rows]
        return [] if problems == ["ok"] else problems

    def stop(self) -> None:
        with self._guard:
            self._stopped = True
            if self._con is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._con.interrupt()


def check_in_background(check: QuickCheck) -> DamagedDatabase | None:
    """The background check of a large ledger: the refusal to show when damaged."""
    problems = check.run()
    if not problems:
        return None
    return DamagedDatabase(check.path, problems, newest_good_backup(check.path))
