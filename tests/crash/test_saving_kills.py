"""Kill -9 while saves go through the services one transaction each: afterwards the ledger
passes its integrity check, opens for writing, and every record agrees with its audit
trail — one set of audit entries per committed version, none for a version that was not
committed — and every save reported as committed before the kill is there."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from cixi_desktop.store.database import open_database

pytestmark = pytest.mark.crash

SAVES = 150  # per run of the driver (starting Python takes about as long as 100)
DRIVER = Path(__file__).with_name("saving_driver.py")


def _check_trail(kit: ModuleType, path: Path, reported: dict[str, int], context: str) -> None:
    con = kit.read_only(path)
    try:
        projects = {
            row[0]: row[1:]
            for row in con.execute("SELECT id, version, notes, content FROM project")
        }
        firms = {row[0] for row in con.execute("SELECT id FROM enterprise")}
        audit = con.execute(
            "SELECT entity, entity_id, action, field, new FROM audit_entry ORDER BY id"
        ).fetchall()
        moves = Counter(r[0] for r in con.execute("SELECT project_id FROM status_change"))
    finally:
        con.close()
    # Audit rows name records by their UUID text; the tables keep UUIDs as 32 hex digits.
    by_record: dict[str, list[tuple[str, str, str | None]]] = {}
    for entity, entity_id, action, field, new in audit:
        key = entity_id.replace("-", "")
        assert (key in projects) if entity == "project" else (key in firms), (
            f"{context}: audit entries for a {entity} that was never committed"
        )
        by_record.setdefault(key, []).append((action, field, new))
    for pid, (version, notes, content) in projects.items():
        trail = by_record.get(pid, [])
        assert [a for a, _f, _n in trail].count("create") == 1, f"{context}: {pid}"
        for field, now in (("notes", notes), ("content", content)):
            changes = [n for a, f, n in trail if a == "update" and f == field]
            assert len(changes) == version - 1, f"{context}: {pid} v{version}: {field} {changes}"
            assert not changes or changes[-1] == now, f"{context}: {pid}: {field}"
        assert moves[pid] == 1, f"{context}: {pid} has {moves[pid]} status rows"
    for firm in firms:
        assert [a for a, _f, _n in by_record.get(firm, [])] == ["create"], f"{context}: {firm}"
    for record, version in reported.items():
        key = record.replace("-", "")
        assert key in projects or key in firms, f"{context}: committed {record} is gone"
        if key in projects:
            # Committed and reported, or committed a moment before the kill and not yet said.
            assert projects[key][0] in (version, version + 1), f"{context}: {record}"


def test_killed_saves_agree_with_their_audit_trail(kit: ModuleType, tmp_path: Path) -> None:
    env = kit.child_env(tmp_path / "userdata")
    ledger = tmp_path / "ledger.sqlite3"
    open_database(ledger, user="测试员").close()

    def driver(round_no: int) -> list[str]:
        return [sys.executable, str(DRIVER), str(ledger), f"{kit.SEED}:{round_no}", str(SAVES)]

    seconds = kit.finished(kit.run(driver(-1), tmp_path, env), "saving").seconds
    reported: dict[str, int] = {}
    outcomes: list[str] = []
    for n, delay in enumerate(kit.kill_delays("saving", seconds)):
        context = kit.where("saving", n, delay, seconds)
        result = kit.run(driver(n), tmp_path, env, kill_after=delay)
        if not result.killed:
            assert result.returncode == 0, f"{context}: {result.stderr}"
        lines = [line.split() for line in result.stdout.splitlines()]
        reported.update((record, int(version)) for _kind, record, version in lines)
        kit.assert_healthy(ledger, context)
        _check_trail(kit, ledger, reported, context)
        outcomes.append(f"{'killed' if result.killed else 'ended'} after {len(lines)} commits")
    print(f"saving kills ({seconds:.1f} s run):", ", ".join(outcomes))
    assert any(o.startswith("killed") for o in outcomes)
