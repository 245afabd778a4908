"""Kill -9 during an export over an older workbook: afterwards the file under the target's
name is byte for byte the older one, or a whole new workbook that openpyxl opens with every
row of 项目明细. Nothing else appears beside it but the hidden temporary ``.<name>.*.partial``
files of runs killed while writing, which a later export does not remove (they are named
so that nobody mistakes them for the workbook)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook

from cixi_desktop.reports.excel.export import LEDGER_SHEET

pytestmark = pytest.mark.crash


def _contents(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """Sheet names and every row of 项目明细 (opening it proves the workbook is whole)."""
    wb = load_workbook(path, read_only=True)
    try:
        return wb.sheetnames, [tuple(r) for r in wb[LEDGER_SHEET].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_a_killed_export_leaves_the_old_workbook_or_a_whole_new_one(
    kit: ModuleType, town_import: Any, tmp_path: Path
) -> None:
    ref = town_import
    env = kit.child_env(tmp_path / "userdata")
    ledger = kit.copy_ledger(ref.reference, tmp_path / "ledger.sqlite3")
    out = tmp_path / "out" / "慈溪市技改台账.xlsx"
    out.parent.mkdir()
    old = kit.export_in_process(ref.base, out)  # the ledger before the town's import
    measured = tmp_path / "measured.xlsx"
    seconds = kit.finished(
        kit.run(kit.cli("--db", ledger, "export", measured), tmp_path, env), "export"
    ).seconds
    expected = _contents(measured)
    assert len(expected[1]) == ref.after["project"] + 4  # title, note, header, 合计

    def partials() -> set[str]:
        return {p.name for p in out.parent.glob(f".{out.name}.*.partial")}

    outcomes: list[str] = []
    kept = True  # whether every later run left earlier runs' temporaries in place
    for n, delay in enumerate(kit.kill_delays("export", seconds)):
        context = kit.where("export", n, delay, seconds)
        out.write_bytes(old)
        earlier = partials()
        result = kit.run(kit.cli("--db", ledger, "export", out), tmp_path, env, kill_after=delay)
        if not result.killed:
            assert result.returncode == 0, f"{context}: {result.stderr}"
        strays = {p.name for p in out.parent.iterdir()} - {out.name} - partials()
        assert strays == set(), f"{context}: {strays}"
        assert out.exists(), f"{context}: the old workbook is gone"
        if out.read_bytes() == old:
            state = "old"
        else:
            assert _contents(out) == expected, f"{context}: a new workbook, but not a whole one"
            state = "new"
        outcomes.append(f"{'killed' if result.killed else 'ended'}→{state}")
        kept = kept and earlier <= partials()
        kit.assert_healthy(ledger, context)
    print(
        f"export kills ({seconds:.1f} s run):",
        ", ".join(outcomes),
        f"; {len(partials())} .partial left, kept by later runs: {kept}",
    )
    assert any(o.startswith("killed") for o in outcomes)
