"""The command line on a ledger with overwritten pages: exit 3 and one line naming the
newest good backup; restoring it with the command that line gives brings the figures back."""

from __future__ import annotations

import importlib.util
import json
import shlex
from pathlib import Path

from cixi_desktop.store import backups

_spec = importlib.util.spec_from_file_location(
    "damaged_ledger", Path(__file__).parents[1] / "unit" / "store" / "damaged_ledger.py"
)
assert _spec is not None and _spec.loader is not None
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


def test_a_damaged_ledger_exits_3_with_one_line_and_the_restore_command(  # type: ignore[no-untyped-def]
    run_cli, db_path: Path
) -> None:
    sample.build_ledger(db_path)
    before = run_cli("--db", str(db_path), "summary", "--json")
    assert before.returncode == 0, before.stderr
    good = backups.make_backup(db_path, "manual")
    sample.damage(db_path)

    result = run_cli("--db", str(db_path), "summary")
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert str(db_path) in lines[0] and "已损坏" in lines[0] and good.name in lines[0]

    # The command named in the sentence does restore it.
    command = lines[0].split("可用命令 ", 1)[1].rsplit(" 恢复", 1)[0]
    words = shlex.split(command)
    assert words[0] == "cixi-desktop" and words[-2] == "restore"
    restored = run_cli(*words[1:])
    assert restored.returncode == 0, restored.stderr
    kept = list(db_path.parent.glob("ledger.sqlite3.damaged-*"))
    assert len(kept) == 1 and str(kept[0]) in restored.stdout  # kept for salvage
    after = run_cli("--db", str(db_path), "summary", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
