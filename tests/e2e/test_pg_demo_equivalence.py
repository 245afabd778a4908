"""The demo ledger on PostgreSQL sums up exactly as on SQLite (``summary --json``), for
every year, a range of years and no year — loaded by ``demo``, and merged from a
SQLite package with ``exchange import``. Skipped, saying why, without a server."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import years_present

Run = Callable[..., subprocess.CompletedProcess[str]]
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def fresh_pg(pg_url: str) -> Iterator[str]:
    """An empty database of its own on the test server, dropped afterwards."""
    base = make_url(pg_url)
    name = f"cixi_demo_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def demo_file(demo_db: Database) -> tuple[Path, list[int]]:
    """The demo ledger as a closed SQLite file (the command line takes it over) and its years."""
    years = years_present(demo_db)
    path = Path(str(demo_db.url.database))
    demo_db.close()
    return path, years


def _summary(run_cli: Run, target: str, *scope: str) -> str:
    result = run_cli("--db", target, "summary", "--json", *scope)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _assert_same_figures(run_cli: Run, sqlite: Path, pg: str, years: list[int]) -> None:
    assert years == [2017, 2018, 2019]
    scopes = [(), *(("--year", str(y)) for y in years), ("--year", "2017-2018")]
    for scope in scopes:
        on_sqlite = _summary(run_cli, str(sqlite), *scope)
        assert '"projects": 0' not in on_sqlite  # every scope has figures to compare
        assert _summary(run_cli, pg, *scope) == on_sqlite, scope


def test_the_demo_loaded_on_postgresql_gives_the_same_summary(
    fresh_pg: str, demo_file: tuple[Path, list[int]], run_cli: Run
) -> None:
    sqlite, years = demo_file
    loaded = run_cli("--db", fresh_pg, "demo")
    assert loaded.returncode == 0, loaded.stderr
    _assert_same_figures(run_cli, sqlite, fresh_pg, years)


def test_the_demo_merged_into_postgresql_gives_the_same_summary(
    fresh_pg: str, demo_file: tuple[Path, list[int]], run_cli: Run, tmp_path: Path
) -> None:
    sqlite, years = demo_file
    package = tmp_path / "demo.cixi"
    exported = run_cli("--db", str(sqlite), "exchange", "export", str(package))
    assert exported.returncode == 0, exported.stderr
    merged = run_cli("--db", fresh_pg, "exchange", "import", str(package))
    assert merged.returncode == 0, merged.stderr
    assert "冲突 0" in merged.stdout
    _assert_same_figures(run_cli, sqlite, fresh_pg, years)
    again = run_cli("--db", fresh_pg, "exchange", "import", str(package))
    assert "本次没有任何修改" in again.stdout
