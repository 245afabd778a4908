"""The other side of a crash: a command that ends normally leaves the whole ledger in its
one file — no -wal holding commits beside it — so a copy of ``ledger.sqlite3`` alone, as a
clerk copies it to a USB stick or mails it, holds everything.

(Until this test, the figures' read-only change probe (store/memo.py) closed after the
pool: the last connection to close could not checkpoint, and a new ledger copied alone
had no tables.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.crash


def test_a_ledger_made_and_summed_up_is_whole_in_its_one_file(
    kit: ModuleType, tmp_path: Path
) -> None:
    env = kit.child_env(tmp_path / "userdata")
    ledger = tmp_path / "new" / "ledger.sqlite3"
    # Creates the ledger (every migration, the reference tables), then reads its figures.
    kit.finished(kit.run(kit.cli("--db", ledger, "summary"), tmp_path, env), "summary")
    wal = Path(f"{ledger}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    alone = tmp_path / "usb" / "ledger.sqlite3"
    alone.parent.mkdir()
    shutil.copyfile(ledger, alone)
    con = kit.read_only(alone)
    try:
        assert con.execute("SELECT count(*) FROM ref_town").fetchone()[0] == 22
        assert con.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        con.close()
