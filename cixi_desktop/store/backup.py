"""Verified copies of a SQLite database made with SQLite's online backup API.

The copy is written beside its final name and renamed only after an integrity
check passes, so a crash never leaves a half-made backup under a good name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from cixi_desktop.store.clock import utcnow
from cixi_desktop.store.errors import EnvironmentProblem


def read_only_uri(path: Path) -> str:
    """A URI SQLite opens read-only. Percent-encoded, because in "file:{path}" a "#" or "?"
    in a folder name would cut the path short and open (or create) a different file."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """SQLite's own check of a database file; empty when healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(r[0]) for r in rows]
    return [] if messages == ["ok"] else messages


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` consistently, verify it, then move it into place."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".partial")
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                # A backup is one self-contained file: no -wal/-shm companions.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        problems = integrity_problems(tmp)
        if problems:
            raise EnvironmentProblem(f"备份 {destination.name} 未通过完整性检查：{problems[0]}")
        os.replace(tmp, destination)
    except sqlite3.Error as exc:
        raise EnvironmentProblem(f"无法备份数据库 {source}：{exc}") from exc
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入备份 {destination}：{exc.strerror}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return destination


def backup_beside(source: Path, reason: str) -> Path:
    """A timestamped backup in the ``backups`` folder next to the database."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    return backup_sqlite(
        source, source.parent / "backups" / f"{source.stem}-{reason}-{stamp}.sqlite3"
    )
