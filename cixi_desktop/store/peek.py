"""A glance at a local ledger file before the database layer is loaded (plain ``sqlite3``).

The window paints before SQLAlchemy and the models are imported when nothing needs to be
asked first: a local file that exists and asks no login. Everything else (a server, a new
or unreadable file, a ledger with logins on) is opened first, so that its login or
damaged-file dialog comes before any window. The glance only chooses the order: the
database is then opened and signed in exactly as always (``auth.login_required`` decides).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cixi_desktop.store.backup import read_only_uri
from cixi_desktop.store.paths import default_database_path

LOGIN_REQUIRED_SETTING = "auth.login_required"


def opens_without_login(target: str | None) -> Path | None:
    """The local SQLite ledger ``target`` names (None: the default one), when it exists
    and, as far as a read-only glance tells, asks no login; None when in doubt."""
    if target is not None and "://" in target:
        return None  # a server (or a URL): opened first, it may ask who you are
    path = Path(target).expanduser() if target is not None else default_database_path()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None  # created (and migrated) by the open itself
        con = sqlite3.connect(read_only_uri(path), uri=True, timeout=0.2)
        try:
            has_users = con.execute("SELECT EXISTS (SELECT 1 FROM app_user)").fetchone()[0]
            row = con.execute(
                "SELECT value FROM app_setting WHERE key = ?", (LOGIN_REQUIRED_SETTING,)
            ).fetchone()
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return None
    if not has_users or row is None:
        return path
    try:
        asks = json.loads(row[0]) is not False
    except ValueError:
        asks = True
    return None if asks else path
