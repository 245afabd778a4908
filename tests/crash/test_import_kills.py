"""Kill -9 during a town's import, again and again: the ledger passes its integrity check,
opens for writing (the dead writer's lock is reclaimed), and holds the import whole or not at
all — every table, the audit trail included, has the row count of before or of after; the
verified backup made before the import is never half a file under its good name. Run once
more to its end, the import gives exactly the figures of an import that was never killed."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cixi_desktop.store.backup import integrity_problems
from cixi_desktop.store.database import open_database
from cixi_desktop.store.summaries import headline

pytestmark = pytest.mark.crash


def test_a_killed_import_is_whole_or_absent(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    ref = town_import
    ledger = kit.copy_ledger(ref.base, tmp_path / "ledger.sqlite3")
    env = kit.child_env(tmp_path / "userdata")
    backups: set[Path] = set()
    outcomes: list[str] = []
    for n, delay in enumerate(kit.kill_delays("import", ref.seconds)):
        context = kit.where("import", n, delay, ref.seconds)
        result = kit.run(
            kit.cli("--db", ledger, "import", ref.workbook), tmp_path, env, kill_after=delay
        )
        if not result.killed:
            assert result.returncode == 0, f"{context}: {result.stderr}"
        kit.assert_healthy(ledger, context)
        found = kit.counts(ledger)
        assert found in (ref.before, ref.after), (
            f"{context}: half an import: {found}; before {ref.before}; after {ref.after}"
        )
        for backup in kit.new_backups(ledger.parent / "backups", backups):
            assert integrity_problems(backup) == [], f"{context}: half a backup {backup.name}"
        whole = found == ref.after
        outcomes.append(
            f"{'killed' if result.killed else 'ended'}→{'whole' if whole else 'absent'}"
        )
        if whole:  # the next kill needs an import still to do
            kit.copy_ledger(ref.base, ledger)
    print(f"import kills ({ref.seconds:.1f} s run):", ", ".join(outcomes))
    assert any(o.startswith("killed") for o in outcomes)

    kit.finished(kit.run(kit.cli("--db", ledger, "import", ref.workbook), tmp_path, env), "import")
    assert kit.counts(ledger) == ref.after
    db = open_database(ledger, user="检查")
    try:
        assert headline(db) == ref.figures
    finally:
        db.close()
