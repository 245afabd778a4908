"""Verified SQLite copies (store/backup.py): consistent, checked, never half-made, and of the
right file whatever the folder is called."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cixi_desktop.store import migrate
from cixi_desktop.store.backup import backup_beside, backup_sqlite, integrity_problems
from cixi_desktop.store.database import open_database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.services import enterprises
from cixi_desktop.store.summaries import headline

# Folder names people really use; in a "file:" URI "#" and "?" would cut the path short.
ODD_FOLDERS = ["台账 2018", "台账#2", "what?", "50%", "a%20b"]


def _ledger(path: Path, names: int = 3) -> Path:
    db = open_database(path, user="测试员")
    try:
        for n in range(names):
            enterprises.create_enterprise(
                db, {"name": f"企业{n}", "town_code": "周巷镇", "cluster_code": "其他"}
            )
    finally:
        db.close()
    return path


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM enterprise").fetchone()[0])
    finally:
        con.close()


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    assert pages >= 8, "too small to damage in the middle"
    for page in range(pages // 3, pages // 3 + 4):
        data[page * 4096 : (page + 1) * 4096] = bytes((page * 31 + i) % 251 for i in range(4096))
    path.write_bytes(bytes(data))


def _big_ledger(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO filler (body) VALUES (?)", [("台账" * 400,)] * 200)
    con.execute("CREATE INDEX ix_filler ON filler (body)")
    con.commit()
    con.close()
    return path


def test_a_backup_is_a_checked_copy(tmp_path: Path) -> None:
    source = _ledger(tmp_path / "ledger.sqlite3")
    made = backup_sqlite(source, tmp_path / "copies" / "copy.sqlite3")
    assert made == tmp_path / "copies" / "copy.sqlite3"
    assert integrity_problems(made) == []
    assert _count(made) == 3
    assert [p.name for p in made.parent.iterdir()] == ["copy.sqlite3"]  # nothing half-made left
    copy = open_database(made, user="检查")
    try:
        assert migrate.current_revision(copy) == migrate.head_revision()
        assert headline(copy).projects == 0
    finally:
        copy.close()


def test_a_damaged_source_gives_no_backup(tmp_path: Path) -> None:
    source = _big_ledger(tmp_path / "big.sqlite3")
    assert integrity_problems(source) == []
    _damage(source)
    assert integrity_problems(source) != []
    target = tmp_path / "copies" / "copy.sqlite3"
    with pytest.raises(EnvironmentProblem) as info:
        backup_sqlite(source, target)
    assert "\n" not in str(info.value)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_integrity_of_files_that_are_not_databases(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("不是数据库", encoding="utf-8")
    assert integrity_problems(text) != []
    assert integrity_problems(tmp_path / "missing.sqlite3") != []
    assert not (tmp_path / "missing.sqlite3").exists()  # read-only: never creates a file


def test_backup_beside_goes_to_the_backups_folder(tmp_path: Path) -> None:
    source = _ledger(tmp_path / "ledger.sqlite3", names=1)
    made = backup_beside(source, "before-migration-0001")
    assert made.parent == tmp_path / "backups"
    assert made.name.startswith("ledger-before-migration-0001-")
    assert made.suffix == ".sqlite3"
    again = backup_beside(source, "before-migration-0001")
    assert again != made  # stamped to the microsecond: never overwrites an earlier backup


@pytest.mark.parametrize("folder", ODD_FOLDERS)
def test_odd_folder_names_check_and_copy_the_right_file(tmp_path: Path, folder: str) -> None:
    source = _ledger(tmp_path / folder / "ledger.sqlite3", names=2)
    assert integrity_problems(source) == []
    made = backup_sqlite(source, tmp_path / folder / "copy.sqlite3")
    assert _count(made) == 2
    # No stray database made elsewhere (companions: -wal/-shm and the writer's lock file).
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert {f for f in files if not f.endswith(("-wal", "-shm", ".lock"))} == {
        folder,
        f"{folder}/ledger.sqlite3",
        f"{folder}/copy.sqlite3",
    }


@pytest.mark.parametrize("folder", ["台账#2", "what?"])
def test_odd_folder_names_see_damage(tmp_path: Path, folder: str) -> None:
    (tmp_path / folder).mkdir()
    source = _big_ledger(tmp_path / folder / "big.sqlite3")
    _damage(source)
    assert integrity_problems(source) != []
