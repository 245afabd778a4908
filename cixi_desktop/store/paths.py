"""Where the ledger and the settings live, without importing the database layer.

Kept apart from ``database.py`` (which imports SQLAlchemy) so that the command line and
the window can find their files before SQLAlchemy is loaded: the window paints first.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "cixi-desktop"
DATA_DIR_ENV = "CIXI_DESKTOP_DATA_DIR"


def data_dir() -> Path:
    """Where the default database and its backups live (overridable for tests)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / "ledger.sqlite3"
