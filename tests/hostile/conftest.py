"""The large hostile files, made once per session."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest


def load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


files = load("hostile_files")


@pytest.fixture(scope="session")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The large hostile files, each made in seconds by streaming."""
    folder = tmp_path_factory.mktemp("hostile_big")
    return {
        "rows": files.rows_beyond_excel(folder / "一百万零一行.xlsx"),
        "corners": files.far_corners(folder / "远角.xlsx", "XFD30000"),
        "unreferenced": files.cells_without_references(folder / "无坐标.xlsx", last_row=30_000),
        "bomb": files.zip_bomb(folder / "压缩炸弹.xlsx"),
        "ratio": files.zip_bomb(folder / "高压缩比.xlsx", 300 * 1024**2),
        "lying": files.lying_sizes(folder / "谎报大小.xlsx", 16 * 1024**2),
    }


@pytest.fixture(scope="session")
def _ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cixi_desktop.store.database import open_database

    path = tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"
    open_database(path, user="测试员").close()
    return path


@pytest.fixture
def ledger_file(_ledger_template: Path, tmp_path: Path) -> Path:
    """A migrated, empty SQLite ledger for command-line runs in a fresh process (migrating
    a new file in every process would cost seconds each)."""
    path = tmp_path / "ledger.sqlite3"
    shutil.copyfile(_ledger_template, path)
    return path
