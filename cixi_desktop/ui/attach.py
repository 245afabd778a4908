"""Widgets built before their database: app.py paints the main window first and attaches
the ledger after (``MainWindow.attach``). What they read goes through ``attached``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database


def attached(db: Database | None, what: str) -> Database:
    """``db``, or a loud bug when ``what`` is used before its database was attached."""
    if db is None:
        raise RuntimeError(f"{what} is not attached to a database yet")
    return db
