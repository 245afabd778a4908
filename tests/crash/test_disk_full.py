"""A disk that fills up during an export or a backup: the older file stays byte for byte,
nothing half-written is left beside it, and the user reads one Chinese sentence naming the
file and the lack of space (exit 3), not a traceback.

The full disk is the child's file-size limit (RLIMIT_FSIZE) with SIGXFSZ ignored: a write
past the limit then fails with EFBIG, as one on a full disk fails with ENOSPC.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.crash


def _disk_of(size: int) -> Callable[[], None]:
    def limit() -> None:  # runs in the child, before it starts Python
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    return lines[0]


def test_a_full_disk_during_export_keeps_the_old_workbook(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    env = kit.child_env(tmp_path / "userdata")
    out = tmp_path / "out" / "慈溪市技改台账.xlsx"
    out.parent.mkdir()
    old = kit.export_in_process(town_import.base, out)
    # openpyxl streams each sheet to a temporary file first: those fill the disk too.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)
    ledger = kit.copy_ledger(town_import.reference, tmp_path / "ledger.sqlite3")

    result = kit.run(
        kit.cli("--db", ledger, "export", out), tmp_path, env, preexec_fn=_disk_of(64 * 1024)
    )
    assert result.returncode == 3, result.stderr
    line = _one_sentence(result.stderr)
    assert "磁盘空间不足" in line and out.name in line, line
    assert out.read_bytes() == old
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    assert list(scratch.iterdir()) == []


def test_a_full_disk_during_backup_leaves_no_backup(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    env = kit.child_env(tmp_path / "userdata")
    ledger = kit.copy_ledger(town_import.reference, tmp_path / "ledger.sqlite3")
    out = tmp_path / "copies" / "台账备份.sqlite3"
    size = ledger.stat().st_size

    result = kit.run(
        kit.cli("--db", ledger, "backup", out), tmp_path, env, preexec_fn=_disk_of(size // 2)
    )
    assert result.returncode == 3, result.stderr
    line = _one_sentence(result.stderr)
    assert "磁盘空间不足" in line and out.name in line, line
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    kit.assert_healthy(ledger, "after a full disk")
