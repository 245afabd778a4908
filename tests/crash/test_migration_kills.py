"""Kill -9 while a ledger of an older release is upgraded at open: afterwards the file passes
its integrity check and is at the old revision or at the newest one — never in between —
with every business row as it was; the verified backup made before the upgrade is never
half a file under its good name; the next open finishes the upgrade."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from alembic import command

from cixi_desktop.store import migrate
from cixi_desktop.store.backup import integrity_problems
from cixi_desktop.store.database import open_database

pytestmark = pytest.mark.crash

OLD = "0001"  # the first release: every later migration runs (tables, indexes, search)
# Copies of each project added (about 11,000 projects, 4 MB), so that the backup before
# the upgrade and the indexes and search index it builds fill much of the run.
PROJECT_COPIES = 40


def _old_ledger(kit: ModuleType, source: Path, target: Path) -> Path:
    """The town's ledger taken back to revision OLD, as that release would have it."""
    kit.copy_ledger(source, target)
    db = open_database(target, user="测试员")
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrate._config(conn), OLD)
    finally:
        db.close()
    assert kit.revision(target) == OLD
    kit.pad_projects(target, PROJECT_COPIES)
    return target


def _search_rows(kit: ModuleType, path: Path) -> tuple[int, int] | None:
    """(rows in the project search index, projects), or None for a SQLite without FTS5."""
    con = kit.read_only(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "search_project" not in tables:
            return None
        return (
            con.execute("SELECT count(*) FROM search_project").fetchone()[0],
            con.execute("SELECT count(*) FROM project").fetchone()[0],
        )
    finally:
        con.close()


def test_a_killed_upgrade_leaves_the_old_ledger_or_the_new_one(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    env = kit.child_env(tmp_path / "userdata")
    old = _old_ledger(kit, town_import.reference, tmp_path / "old" / "ledger.sqlite3")
    rows = kit.fingerprint(old)
    assert rows["project"][0] == town_import.after["project"] * (PROJECT_COPIES + 1)
    head = migrate.head_revision()
    measured = kit.copy_ledger(old, tmp_path / "measured" / "ledger.sqlite3")
    seconds = kit.finished(
        kit.run(kit.cli("--db", measured, "summary"), tmp_path, env), "upgrade"
    ).seconds
    assert kit.revision(measured) == head and kit.fingerprint(measured) == rows

    ledger = kit.copy_ledger(old, tmp_path / "ledger.sqlite3")
    backups: set[Path] = set()
    outcomes: list[str] = []
    for n, delay in enumerate(kit.kill_delays("migration", seconds)):
        context = kit.where("migration", n, delay, seconds)
        result = kit.run(kit.cli("--db", ledger, "summary"), tmp_path, env, kill_after=delay)
        if not result.killed:
            assert result.returncode == 0, f"{context}: {result.stderr}"
        # Not opened here: opening upgrades it. The next round (or the last run) does.
        assert integrity_problems(ledger) == [], f"{context}: {integrity_problems(ledger)[:5]}"
        found = kit.revision(ledger)
        assert found in (OLD, head), f"{context}: left at revision {found}"
        assert kit.fingerprint(ledger) == rows, f"{context}: rows changed"
        made = kit.new_backups(ledger.parent / "backups", backups)
        for backup in made:
            assert integrity_problems(backup) == [], f"{context}: half a backup {backup.name}"
        # "upgrading": killed after the backup that precedes the upgrade was made.
        state = "upgrading" if result.killed and found == OLD and made else found
        outcomes.append(f"{'killed' if result.killed else 'ended'}→{state}")
        if found == head:  # the next kill needs an upgrade still to do
            kit.copy_ledger(old, ledger)
    print(f"migration kills ({seconds:.1f} s run):", ", ".join(outcomes))
    assert any(o.startswith("killed") for o in outcomes)

    kit.finished(kit.run(kit.cli("--db", ledger, "summary"), tmp_path, env), "upgrade")
    assert kit.revision(ledger) == head
    assert kit.fingerprint(ledger) == rows
    search = _search_rows(kit, ledger)
    assert search is None or search[0] == search[1]  # the index the upgrade builds is whole
    kit.assert_healthy(ledger, "after the upgrade")
