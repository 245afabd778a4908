"""Backups of the SQLite ledger: made, verified, listed, rotated and restored.

Automatic backups go to ``backups/`` beside the database: one a day when the app
starts (``daily``), and one before each migration, import, restore or demo load.
Rotation keeps the newest N daily backups and the newest backup of each of the
last M weeks; event backups (before a migration etc.) are kept for M weeks.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cixi_desktop.store import lock as writer_lock
from cixi_desktop.store.backup import backup_sqlite, integrity_problems, read_only_uri
from cixi_desktop.store.clock import utcnow
from cixi_desktop.store.database import Database, sqlite_path
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import remove_stale_partials

KEEP_DAILY = 7
KEEP_WEEKS = 4
_NAME = re.compile(r"^(?P<rest>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    reason: str
    made_at: datetime  # UTC, naive
    size: int


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


QUICK_CHECK_ABOVE = 64 * 1024 * 1024
"""Automatic backups of a ledger this large are verified with quick_check: the full check
of a 1.7 GB province ledger takes about 100 s, before every import. A backup the user asks
for (``manual``) always gets the full check."""


def make_backup(db_path: Path, reason: str) -> Path:
    """A verified copy of the live database, named with the reason and UTC time."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir(db_path) / f"{db_path.stem}-{reason}-{stamp}.sqlite3"
    quick = reason != "manual" and db_path.stat().st_size > QUICK_CHECK_ABOVE
    return backup_sqlite(db_path, target, quick=quick)


def list_backups(db_path: Path) -> list[BackupFile]:
    """This database's backups, newest first."""
    folder = backup_dir(db_path)
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        # "<stem>-<reason>-<stamp>.sqlite3": the stem and the reason may both hold hyphens,
        # so the known stem is cut off the front rather than guessed by a pattern.
        match = _NAME.match(path.name)
        prefix = f"{db_path.stem}-"
        if not match or not match.group("rest").startswith(prefix):
            continue
        reason = match.group("rest")[len(prefix) :]
        made = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S-%f")
        found.append(BackupFile(path, reason, made, path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def daily_backup(
    db_path: Path, keep_daily: int = KEEP_DAILY, keep_weeks: int = KEEP_WEEKS
) -> Path | None:
    """At start: one backup per day (none for an empty new file), then rotation."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    today = utcnow().date()
    made = None
    if not any(b.reason == "daily" and b.made_at.date() == today for b in list_backups(db_path)):
        made = make_backup(db_path, "daily")
    rotate(db_path, keep_daily, keep_weeks)
    return made


def rotate(db_path: Path, keep_daily: int = KEEP_DAILY, keep_weeks: int = KEEP_WEEKS) -> list[Path]:
    """Delete backups the policy no longer keeps; returns what was removed."""
    backups = list_backups(db_path)
    now = utcnow()
    keep: set[Path] = set()
    daily = [b for b in backups if b.reason == "daily"]
    keep.update(b.path for b in daily[:keep_daily])
    weeks_seen: set[tuple[int, int]] = set()
    for b in daily:  # newest first: the newest of each week survives as the weekly copy
        week = b.made_at.isocalendar()[:2]
        if week not in weeks_seen and len(weeks_seen) < keep_weeks:
            weeks_seen.add(week)
            keep.add(b.path)
    horizon = now - timedelta(weeks=keep_weeks)
    keep.update(b.path for b in backups if b.reason != "daily" and b.made_at >= horizon)
    if backups:
        keep.add(backups[0].path)  # never delete the newest backup of all
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    # Copies cut short by a crash never got a backup's name; clear the old ones away.
    removed += remove_stale_partials(backup_dir(db_path), "*.partial*")
    return removed


def restore_backup(source: Path, db_path: Path, user: str = "") -> Path | None:
    """Replace the live database with a verified backup; the current one is backed up first.

    Refuses a damaged or foreign file before touching anything. Returns the safety
    backup made of the database that was replaced (None when there was none).
    """
    if not source.is_file():
        raise EnvironmentProblem(f"备份文件 {source} 不存在")
    problems = integrity_problems(source)
    if problems:
        raise EnvironmentProblem(f"备份文件 {source.name} 已损坏，不能用于恢复：{problems[0]}")
    _require_ledger(source)
    if not writer_lock.acquire(db_path, user or "恢复备份"):
        holder = writer_lock.read_holder(db_path)
        who = holder.sentence() if holder else "另一个程序"
        raise EnvironmentProblem(f"数据库正由 {who} 使用，请对方关闭程序后再恢复")
    try:
        safety = make_backup(db_path, "before-restore") if _has_data(db_path) else None
        staging = db_path.with_name(db_path.name + ".restoring")
        backup_sqlite(source, staging)
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(staging, db_path)
    finally:
        writer_lock.release(db_path)
    return safety


def _has_data(db_path: Path) -> bool:
    """Worth a safety copy: an existing, readable database (a damaged one cannot be copied)."""
    return (
        db_path.exists()
        and db_path.stat().st_size > 0
        and not integrity_problems(db_path, quick=True)
    )


def _require_ledger(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    if not {"alembic_version", "project", "enterprise"} <= tables:
        raise EnvironmentProblem(f"{path.name} 不是 cixi-desktop 的台账备份")


def safety_backup(db: Database, reason: str) -> Path | None:
    """A verified backup of ``db`` before risky work (an import), when it is a local
    SQLite ledger this process writes; None for servers and read-only copies."""
    path = sqlite_path(db.url)
    if path is None or db.read_only or not path.exists() or path.stat().st_size == 0:
        return None
    made = make_backup(path, reason)
    rotate(path)
    return made


def backup_at_start(db: Database) -> None:
    """The once-a-day backup when the window opens; a failure is a warning, not a refusal."""
    path = sqlite_path(db.url)
    if path is None or db.read_only:
        return
    try:
        daily_backup(path)
    except EnvironmentProblem as exc:
        db.warnings.append(f"今天的自动备份没有完成：{exc}")


def local_time(backup: BackupFile) -> datetime:
    """When the backup was made, in this computer's time zone (names are in UTC)."""
    return backup.made_at.replace(tzinfo=UTC).astimezone()


def newest_good_backup(db_path: Path) -> BackupFile | None:
    """The newest backup that passes a quick check now and holds a ledger (a backup
    damaged on disk after it was made is passed over, never offered)."""
    for backup in list_backups(db_path):
        if integrity_problems(backup.path, quick=True):
            continue
        try:
            _require_ledger(backup.path)
        except (EnvironmentProblem, sqlite3.Error):
            continue
        return backup
    return None


def restore_over_damaged(source: Path, db_path: Path, user: str = "") -> list[Path]:
    """Restore ``source`` in place of a damaged ledger, which cannot be backed up: it is
    kept beside itself as ``<name>.damaged-<UTC stamp>`` (with its -wal, which may hold
    the last saves) for salvage, never listed as a backup. Returns the kept files."""
    if not writer_lock.acquire(db_path, user or "恢复备份"):
        holder = writer_lock.read_holder(db_path)
        who = holder.sentence() if holder else "另一个程序"
        raise EnvironmentProblem(f"数据库正由 {who} 使用，请对方关闭程序后再恢复")
    kept: list[Path] = []
    try:
        kept = _keep_damaged(db_path)
        restore_backup(source, db_path, user)
    except BaseException:
        for path in kept:  # nothing was replaced: the damaged file is still in place
            path.unlink(missing_ok=True)
        raise
    finally:
        writer_lock.release(db_path)
    return kept


def _keep_damaged(db_path: Path) -> list[Path]:
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    kept: list[Path] = []
    for suffix in ("", "-wal"):
        here = Path(str(db_path) + suffix)
        if not here.exists() or (suffix and here.stat().st_size == 0):
            continue
        there = db_path.with_name(f"{db_path.name}.damaged-{stamp}{suffix}")
        try:
            try:
                os.link(here, there)  # instant: the restore then replaces only the name
            except OSError:
                shutil.copyfile(here, there)  # file systems without hard links
        except OSError as exc:
            raise EnvironmentProblem(
                f"无法保留已损坏的数据库 {db_path} 的副本：{exc.strerror}"
            ) from exc
        kept.append(there)
    return kept
