"""Shared fixtures: every test gets its own data folder and a fresh database.

Nothing here touches the user's real folders: the data/config folder is
redirected with CIXI_DESKTOP_DATA_DIR, and Qt runs offscreen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # A desktop-sized screen: Qt's offscreen default (800×800 on this Qt) is narrower than
    # the main window's minimum width, so a restored geometry would be clamped to it.
    screen = Path(__file__).with_name("offscreen_screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
os.environ["CIXI_DESKTOP_LANG"] = "zh_CN"

from cixi_desktop.store.database import DATA_DIR_ENV, Database, open_database


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("HOME", str(folder))  # platformdirs and QSettings fall back to HOME
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


PG_URL_ENV = "CIXI_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"] if os.environ.get(PG_URL_ENV) else ["sqlite"]


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[URL]:
    """A migrated template database on the test server; each test clones it (fast)."""
    base = make_url(os.environ[PG_URL_ENV])
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"cixi_tpl_{os.getpid()}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    template = open_database(base.set(database=name), user="template")
    template.close()
    yield base.set(database=name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """Where this test's fresh ledger lives: a SQLite file, or a clone on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    template: URL = request.getfixturevalue("_pg_template")
    name = f"cixi_t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(template, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every test that uses a ledger runs on each backend available (SQLite always).
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A fresh, migrated, empty ledger (reference data loaded), on each backend under test."""
    database = open_database(db_url, user="测试员")
    yield database
    database.close()


@pytest.fixture
def other_db(db: Database) -> Iterator[Database]:
    """A second connection to the same ledger, as another window or process would have."""
    database = open_database(db.url.render_as_string(hide_password=False), user="另一位同事")
    yield database
    database.close()


@pytest.fixture
def sqlite_db(db_path: Path) -> Iterator[Database]:
    """A fresh ledger that is always a SQLite file (backups, file checks, locks)."""
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
def pg_url() -> str:
    """The PostgreSQL test server, or a clear skip when none was given."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(
            f"{PG_URL_ENV} is not set: no PostgreSQL server for this test (.ci/run starts one)"
        )
    return url


@pytest.fixture
def run_cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the real entry point in a subprocess; returns CompletedProcess (text)."""

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env["PYTHONWARNINGS"] = "error"
        return subprocess.run(
            [sys.executable, "-m", "cixi_desktop", *args],
            capture_output=True,
            text=True,
            input=input,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    return run
