"""Shared fixtures: every test gets its own data folder and a fresh database.

Nothing here touches the user's real folders: the data/config folder is
redirected with CIXI_DESKTOP_DATA_DIR, and Qt runs offscreen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CIXI_DESKTOP_LANG"] = "zh_CN"

from cixi_desktop.store.database import DATA_DIR_ENV, Database, open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("HOME", str(folder))  # platformdirs and QSettings fall back to HOME
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty ledger (reference data loaded)."""
    database = open_database(db_path, user="测试员")
    yield database
    database.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cixi_desktop.store.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(path, user="demo")
    load_demo(database)
    database.close()
    return path


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo ledger (built once per session, copied per test)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template, path)
    database = open_database(path, user="测试员")
    yield database
    database.close()


@pytest.fixture
def run_cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the real entry point in a subprocess; returns CompletedProcess (text)."""

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env["PYTHONWARNINGS"] = "error"
        return subprocess.run(
            [sys.executable, "-m", "cixi_desktop", *args],
            capture_output=True, text=True, input=input, env=env, cwd=tmp_path, timeout=300,
        )

    return run
