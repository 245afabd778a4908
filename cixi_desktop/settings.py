"""Preferences shared by the window and the CLI, kept in a small JSON file (no Qt here).

Window geometry and column layouts live in QSettings; what the CLI also needs
(the UI language, the briefing's issuing unit…) lives here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from cixi_desktop.store.files import write_atomically
from cixi_desktop.store.paths import APP_NAME, DATA_DIR_ENV

LANG_ENV = "CIXI_DESKTOP_LANG"
DEFAULTS: dict[str, Any] = {"language": "zh_CN"}


def settings_path() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    base = Path(override) if override else platformdirs.user_config_path(APP_NAME, appauthor=False)
    return base / "settings.json"


def load() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    return DEFAULTS | (data if isinstance(data, dict) else {})


def save(values: dict[str, Any]) -> None:
    text = json.dumps(load() | values, ensure_ascii=False, indent=2)
    write_atomically(settings_path(), text.encode("utf-8"))


def database_url() -> str | None:
    """The ledger opened when ``--db`` is not given: "database_url" in settings.json (a
    desktop of a bureau with a server: ``postgresql+psycopg://cixi_app@host/cixi_ledger``),
    else None for the SQLite file in the user's data folder."""
    value = load().get("database_url")
    return (value.strip() or None) if isinstance(value, str) else None


def language() -> str:
    """zh_CN (default) or en; the environment variable wins over the saved choice."""
    chosen = os.environ.get(LANG_ENV) or str(load().get("language") or "zh_CN")
    return "en" if chosen.lower().startswith("en") else "zh_CN"
