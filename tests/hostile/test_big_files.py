"""Files built to exhaust memory: more rows than Excel has, two cells at the far corners of
the grid, cells without references, gigabytes of zipped spaces, sizes that lie. Each is
refused (or, when legal, read row by row) by a command-line process whose own peak memory
stays under a generous bound — a memory bound, not a timing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cixi_desktop.reports.excel import reader
from cixi_desktop.reports.excel.importer import plan_import
from cixi_desktop.reports.excel.reader import SourceError
from cixi_desktop.store.database import Database


def _load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


cli = _load("cli_runs")

PEAK_MB = 600  # the whole CLI process, Python and Qt-free libraries included

REFUSED = {
    "rows": ("第 1,048,577 行", "上限 1,048,576 行", "台账"),
    "bomb": ("压缩炸弹",),
    "ratio": ("压缩比异常",),
    "lying": ("已损坏",),
}


@pytest.mark.parametrize("key", ["rows", "bomb"])
def test_refused_without_reading_it_into_memory(
    big_files: dict[str, Path], ledger_file: Path, tmp_path: Path, key: str
) -> None:
    path = big_files[key]
    result = cli.run_measured(tmp_path, "--db", str(ledger_file), "import", str(path))
    cli.assert_one_line_refusal(result, path.name, *REFUSED[key])
    assert result.peak_mb < PEAK_MB, result.peak_mb


@pytest.mark.parametrize("key", ["ratio", "lying"])
def test_refused_before_unpacking(big_files: dict[str, Path], ledger_file: Path, key: str) -> None:
    path = big_files[key]
    result = cli.run_main("--db", str(ledger_file), "import", str(path))
    cli.assert_one_line_refusal(result, path.name, *REFUSED[key])


@pytest.mark.parametrize("key", ["rows", "bomb"])
def test_the_window_gets_the_same_refusal(
    db: Database, big_files: dict[str, Path], key: str
) -> None:
    words = REFUSED[key]
    for step in (reader.sheet_names, lambda p: plan_import(db, p)):
        with pytest.raises(SourceError) as caught:
            step(big_files[key])
        assert all(w in str(caught.value) for w in words), str(caught.value)


@pytest.mark.parametrize("key", ["corners", "unreferenced"])
def test_a_sparse_grid_is_read_row_by_row(
    big_files: dict[str, Path], ledger_file: Path, tmp_path: Path, key: str
) -> None:
    """A1 and XFD30000 are both legal, but calamine would make the sheet a dense grid of
    half a billion cells (16 GB) and abort the process; the reader measures the sheet first
    and reads it row by row instead, so the file is simply read — nothing in it is data."""
    path = big_files[key]
    assert reader._prepare(path, "zip"), "row by row"
    result = cli.run_measured(tmp_path, "--db", str(ledger_file), "import", str(path), "--dry-run")
    assert "Traceback" not in result.out + result.err
    assert result.peak_mb < PEAK_MB, result.peak_mb
    if key == "corners":
        assert result.code == 0 and "数据 0 行" in result.out, result.out + result.err
    else:
        # 20,000 unreferenced cells in row 2 fill the eight known columns with 1s: a data
        # row with a year of 1, refused by row and field.
        assert result.code == 1 and "第 2 行 计划年度" in result.out, result.out + result.err
