"""Runs the Alembic migrations shipped in ``cixi_desktop.db`` (the checkout's ``db/``).

A database behind the code is backed up, then upgraded; a database written by
a newer release (a revision this code does not know) is refused.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from cixi_desktop.store.backup import backup_beside
from cixi_desktop.store.errors import EnvironmentProblem

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("cixi_desktop.db") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revision(revision: str) -> bool:
    """Whether this release ships ``revision`` (an unknown one comes from a newer release)."""
    script = ScriptDirectory.from_config(_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def upgrade_to_head(db: Database, target: str = "head") -> None:
    current = current_revision(db)
    if current is not None and not known_revision(current):
        raise EnvironmentProblem(
            f"数据库 {db.display_name} 由更新版本的 cixi-desktop 创建（结构版本 {current}），"
            "请先升级本软件再打开"
        )
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return
    path = db.url.database if db.is_sqlite else None
    if path and path != ":memory:" and current is None:
        with db.engine.connect() as conn:
            # An empty alembic_version alone is ours, downgraded to nothing.
            if set(inspect(conn).get_table_names()) - {"alembic_version"}:
                raise EnvironmentProblem(
                    f"{db.display_name} 是其他程序的 SQLite 数据库，不是 cixi-desktop 的台账"
                )
    if path and path != ":memory:" and current is not None:
        backup_beside(Path(path), f"before-migration-{current}")
    with db.engine.begin() as conn:
        command.upgrade(_config(conn), target)
