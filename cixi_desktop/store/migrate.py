"""Runs the Alembic migrations shipped in ``cixi_desktop.db`` (the checkout's ``db/``).

A database behind the code is backed up, then upgraded; a database written by
a newer release (a revision this code does not know) is refused.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from cixi_desktop.store.backup import backup_beside
from cixi_desktop.store.errors import EnvironmentProblem

if TYPE_CHECKING:
    from alembic.config import Config

    from cixi_desktop.store.database import Database

# Alembic is imported only when a database is not at the head revision: importing it
# costs about as much as starting the whole window (docs/benchmarks.md).
_REVISION_LINE = re.compile(r"^(down_)?revision\b[^=]*=\s*(?:None|[\"']([^\"']*)[\"'])", re.M)


def _shipped_head() -> str | None:
    """The head revision read straight from the shipped migration files, or None when
    they do not name exactly one (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (files("cixi_desktop.db") / "migrations" / "versions").iterdir():
        if not path.name.endswith(".py"):
            continue
        for down, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if value:
                (parents if down else revisions).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(db: Database) -> str | None:
    """The revision recorded in the database, read with plain SQL (None when unknown)."""
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("cixi_desktop.db") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revision(revision: str) -> bool:
    """Whether this release ships ``revision`` (an unknown one comes from a newer release)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def upgrade_to_head(db: Database, target: str = "head") -> None:
    if target == "head":
        stamped = _stamped_revision(db)
        if stamped is not None and stamped == _shipped_head():
            return  # the usual start: nothing to do, and no Alembic to import
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
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(_config(conn), target)
