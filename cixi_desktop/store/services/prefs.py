"""Named preferences kept in the database (``app_setting``): saved ledger views per
user, import column-mapping profiles, briefing issue counters. Values are JSON."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Setting
from cixi_desktop.store.services import audit
from cixi_desktop.store.services.permissions import Permission, require

# Keys only an admin may write (whether a login is asked, …); the rest are everyone's.
PROTECTED_PREFIX = "auth."


def get_pref(db: Database, key: str, default: Any = None) -> Any:
    with db.read() as session:
        row = session.get(Setting, key)
        return default if row is None else json.loads(row.value)


def list_prefs(db: Database, prefix: str) -> dict[str, Any]:
    """Every preference whose key starts with ``prefix``, keyed by the rest of the key."""
    with db.read() as session:
        rows = session.scalars(
            select(Setting).where(Setting.key.startswith(prefix, autoescape=True))
        )
        return {row.key[len(prefix) :]: json.loads(row.value) for row in rows}


def _guard(db: Database, key: str) -> None:
    if key.startswith(PROTECTED_PREFIX):
        require(db, Permission.USERS)


def put_pref(db: Database, key: str, value: Any) -> None:
    _guard(db, key)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    with db.write() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=text))
            audit.record(session, db, "app_setting", key, "create", "value", None, text)
        elif row.value != text:
            audit.record(session, db, "app_setting", key, "update", "value", row.value, text)
            row.value = text


def delete_pref(db: Database, key: str) -> None:
    _guard(db, key)
    with db.write() as session:
        row = session.get(Setting, key)
        if row is not None:
            audit.record(session, db, "app_setting", key, "delete", "value", row.value, None)
            session.delete(row)
