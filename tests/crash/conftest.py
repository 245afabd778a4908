"""The town import every crash test starts from, made once per session: a seeded ledger
(``base``), a generated workbook, and the same import run uninterrupted (``reference``),
whose duration sets the kill window and whose figures every killed import must reach."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from cixi_desktop.reports.excel.commit import commit_import
from cixi_desktop.reports.excel.importer import plan_import
from cixi_desktop.store.database import open_database
from cixi_desktop.store.summaries import Headline, headline

SEED_ROWS = 40  # already in the ledger before the import


def _load(name: str) -> ModuleType:
    if name in sys.modules:  # one copy for conftest and every test module
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kit = _load("crash_kit")


@pytest.fixture(scope="session", name="kit")
def kit_module() -> ModuleType:
    """crash_kit.py: running, killing and looking (tests folders are not packages)."""
    return kit


@dataclass(frozen=True)
class TownImport:
    base: Path  # the ledger before the import (closed; copy it, do not write to it)
    workbook: Path
    reference: Path  # base + the workbook, imported by the CLI without interruption
    seconds: float  # how long that uninterrupted import took, start to exit
    before: dict[str, int]
    after: dict[str, int]
    figures: Headline


@pytest.fixture(scope="session")
def town_import(tmp_path_factory: pytest.TempPathFactory) -> TownImport:
    folder = tmp_path_factory.mktemp("town_import")
    base = folder / "base" / "ledger.sqlite3"
    base.parent.mkdir()
    seed = kit.write_workbook(folder / "seed.xlsx", SEED_ROWS, prefix="甲")
    db = open_database(base, user="镇街录入员")
    try:
        report = commit_import(db, plan_import(db, seed))
        assert report.created_projects == SEED_ROWS
    finally:
        db.close()
    workbook = kit.write_workbook(folder / "town.xlsx", kit.IMPORT_ROWS, prefix="乙")
    reference = kit.copy_ledger(base, folder / "reference" / "ledger.sqlite3")
    result = kit.finished(
        kit.run(
            kit.cli("--db", reference, "import", workbook),
            folder,
            kit.child_env(folder / "userdata"),
        ),
        "the reference import",
    )
    assert f"新建项目 {kit.IMPORT_ROWS:,} 个" in result.stdout, result.stdout
    db = open_database(reference, user="检查")
    try:
        figures = headline(db)
    finally:
        db.close()
    return TownImport(
        base=base,
        workbook=workbook,
        reference=reference,
        seconds=result.seconds,
        before=kit.counts(base),
        after=kit.counts(reference),
        figures=figures,
    )
