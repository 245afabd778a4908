"""Kill -9 during ``cixi-desktop backup OUT``: afterwards OUT does not exist, or it is a whole
copy of the ledger that passes SQLite's integrity check — never half a backup under the good
name; and the next backup to the same name succeeds over what the killed one left."""

from __future__ import annotations

import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cixi_desktop.store.backup import integrity_problems

pytestmark = pytest.mark.crash

# Audit rows added to the town's ledger (about 23 MB), so that copying and checking it,
# not only starting Python, take a good part of the run.
PADDING_ROWS = 40_000


def test_a_killed_backup_is_whole_or_absent(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    env = kit.child_env(tmp_path / "userdata")
    ledger = kit.copy_ledger(town_import.reference, tmp_path / "ledger.sqlite3")
    kit.pad_audit_trail(ledger, PADDING_ROWS)
    expected = kit.counts(ledger)
    out = tmp_path / "copies" / "台账备份.sqlite3"
    partial = out.with_name(out.name + ".partial")
    measured = tmp_path / "measured.sqlite3"
    seconds = kit.finished(
        kit.run(kit.cli("--db", ledger, "backup", measured), tmp_path, env), "backup"
    ).seconds
    assert kit.counts(measured) == expected

    outcomes: list[str] = []
    for n, delay in enumerate(kit.kill_delays("backup", seconds)):
        context = kit.where("backup", n, delay, seconds)
        out.unlink(missing_ok=True)
        started = time.time()
        result = kit.run(kit.cli("--db", ledger, "backup", out), tmp_path, env, kill_after=delay)
        if not result.killed:
            assert result.returncode == 0, f"{context}: {result.stderr}"
        if out.exists():
            assert integrity_problems(out) == [], f"{context}: half a backup under the good name"
            assert kit.counts(out) == expected, f"{context}"
        # "mid-copy": killed while this run was making the copy beside the good name.
        copying = partial.exists() and partial.stat().st_mtime >= started
        state = "copy" if out.exists() else "mid-copy" if copying else "none"
        outcomes.append(f"{'killed' if result.killed else 'ended'}→{state}")
        kit.assert_healthy(ledger, context)
    print(f"backup kills ({seconds:.1f} s run):", ", ".join(outcomes))
    assert any(o.startswith("killed") for o in outcomes)

    out.unlink(missing_ok=True)
    print(f"backup: a killed copy left for the next run: {partial.exists()}")
    kit.finished(kit.run(kit.cli("--db", ledger, "backup", out), tmp_path, env), "backup")
    assert integrity_problems(out) == [] and kit.counts(out) == expected
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # nothing left of the killed
