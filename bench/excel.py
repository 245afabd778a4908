"""Excel export and import against raw openpyxl, measured in the same run.

    python bench/excel.py                  # demo ledger + 100,000 projects
    python bench/excel.py --rows 20000     # a smaller run
    python bench/excel.py --commit 5000    # also commit that many rows, in bulk and row by row
    python bench/excel.py --import-only --ledger big.sqlite3   # import into a copy of a ledger

Targets (issue 4): exporting 100,000 projects within 1.2× of raw openpyxl write-only writing
the same cells; importing a 100,000-row workbook (preview and commit, as a user does it) in
at most a quarter of a plain openpyxl read-only pass over it; memory flat as rows grow. Each step runs in its own process, so the
peak memory printed (max RSS) is that step's alone.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- steps (each in a fresh process) ----------------------------------------------------


def step_demo(db: str) -> dict[str, object]:
    from cixi_desktop.store.database import open_database
    from cixi_desktop.store.demo import load_demo

    database = open_database(db, user="bench")
    counts = load_demo(database)
    database.close()
    return {"projects": counts.projects}


def step_fill(db: str, rows: int) -> dict[str, object]:
    sys.path.insert(0, str(HERE))
    from briefing import fill_million  # the same synthetic rows as the briefing bench

    fill_million(Path(db), total=rows)
    return {}


def step_export(db: str, out: str) -> dict[str, object]:
    from cixi_desktop.reports.excel.export import export_workbook
    from cixi_desktop.store.database import open_database

    database = open_database(db, user="bench")
    start = time.perf_counter()
    result = export_workbook(database, out)
    return {"seconds": time.perf_counter() - start, "rows": result.ledger_rows}


def step_raw(db: str, out: str) -> dict[str, object]:
    """The baseline: the same ledger cells, read the same way, written by bare openpyxl."""
    from openpyxl import Workbook

    from cixi_desktop.reports.excel.export import ledger_columns
    from cixi_desktop.store.database import open_database
    from cixi_desktop.store.import_queries import ledger_extras
    from cixi_desktop.store.ledger import iter_ledger

    database = open_database(db, user="bench")
    keys = [k for k, _c in ledger_columns()]
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目明细")
    ws.append([c.label for _k, c in ledger_columns()])
    batch: list[dict[str, object]] = []

    def flush() -> None:
        extras = ledger_extras(database, [r["id"] for r in batch])  # type: ignore[misc]
        for r in batch:
            e = extras[r["id"]]  # type: ignore[index]
            r["above_scale_year"], r["last_paid_on"] = e.above_scale_year, e.last_paid_on
            ws.append([r.get(k) for k in keys])
        batch.clear()

    rows = 0
    for record in iter_ledger(database):
        batch.append(record)
        rows += 1
        if len(batch) == 500:
            flush()
    flush()
    wb.save(out)
    return {"seconds": time.perf_counter() - start, "rows": rows}


HEADER = [
    "序号", "企业名称", "统一社会信用代码", "所属镇街", "产业集群", "是否规上", "列入规上年份",
    "联系人", "联系电话", "项目名称", "计划年度", "项目类别", "建设内容", "项目总投资（万元）",
    "其中设备投资（万元）", "计划开工日期", "计划竣工日期", "实际开工日期", "实际竣工日期",
    "状态", "验收日期", "核定补助（万元）", "服务商", "减少用工（人）", "备注",
]  # fmt: skip


def step_workbook(out: str, rows: int) -> dict[str, object]:
    """A town-style ledger of ``rows`` projects (25 columns, title row, valid data)."""
    from openpyxl import Workbook

    from cixi_desktop.domain.uscc import make_uscc

    rng = random.Random(4)
    towns = ["周巷镇", "长河镇", "观海卫镇", "宗汉街道", "坎墩街道", "浒山街道", "逍林镇"]
    clusters = ["智能家电", "关键基础件", "汽车及零部件", "智能装备", "新材料", "其他"]
    cats = ["机器换人", "生产线改造", "数字化车间", "智能工厂", "自动化成套装备改造"]
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["慈溪市 2019 年度智能化技术改造项目汇总表"])
    ws.append(HEADER)
    firms = max(rows * 10 // 14, 1)
    for i in range(rows):
        f = i % firms
        total = rng.randrange(50_00, 5_000_00) / 100
        started = date(2019, 1, 1) + timedelta(days=rng.randrange(200))
        status = rng.choice(["计划", "在建", "竣工"])
        ws.append([
            i + 1, f"基准企业{f:07d}有限公司", make_uscc(f"91330282{f:09d}"), towns[f % 7],
            clusters[f % 6], "否", None, "王工", "0574-63123456", f"基准项目{i}", 2019,
            rng.choice(cats), "机器人及自动化产线", total, round(total / 2, 2),
            started, started + timedelta(days=200),
            started if status != "计划" else None,
            started + timedelta(days=150) if status == "竣工" else None,
            status, None, None, "", rng.randrange(0, 50), "",
        ])  # fmt: skip
    wb.save(out)
    return {"seconds": time.perf_counter() - start}


def step_read_openpyxl(path: str) -> dict[str, object]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    wb = load_workbook(path, read_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    wb.close()
    return {"seconds": time.perf_counter() - start, "cells": cells}


def step_plan(db: str, path: str) -> dict[str, object]:
    """The dry run alone: read, clean and match every row (the import's preview)."""
    from cixi_desktop.reports.excel.importer import plan_import
    from cixi_desktop.store.database import open_database

    database = open_database(db, user="bench")
    start = time.perf_counter()
    plan = plan_import(database, path)
    return {
        "seconds": time.perf_counter() - start,
        "rows": plan.data_rows,
        "importable": plan.importable,
        "errors": len(plan.errors),
    }


def _copy_ledger(source: Path, target: Path) -> None:
    """A private copy to import into: the file and, if there is one, its write-ahead log."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def step_import(ledger: str, path: str, work: str) -> dict[str, object]:
    """The whole import a user runs: the plan (the preview) then the commit (the preview's
    kept rows, the ledger being unchanged, written through the services), into a private
    copy of ``ledger`` ("-" for a new, empty one), which is removed afterwards. The
    verified safety backup the commit makes first is timed on its own ("backup");
    "seconds" leaves it out."""
    from cixi_desktop.reports.excel import commit
    from cixi_desktop.reports.excel.importer import plan_import
    from cixi_desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="import-", dir=work))
    target = folder / "ledger.sqlite3"
    if ledger != "-":
        _copy_ledger(Path(ledger), target)
    spent = {"backup": 0.0}
    real_backup = commit.safety_backup

    def timed_backup(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return real_backup(*args)
        finally:
            spent["backup"] += time.perf_counter() - start

    commit.safety_backup = timed_backup  # type: ignore[assignment]
    try:
        database = open_database(target, user="bench")
        start = time.perf_counter()
        plan = plan_import(database, path)
        planned = time.perf_counter()
        report = commit.commit_import(database, plan)
        done = time.perf_counter()
        database.close()
    finally:
        commit.safety_backup = real_backup  # type: ignore[assignment]
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "seconds": done - start - spent["backup"],
        "plan": planned - start,
        "commit": done - planned - spent["backup"],
        "backup": spent["backup"],
        "rows": plan.data_rows,
        "importable": plan.importable,
        "errors": len(plan.errors),
        "created": report.created_projects,
    }


def step_commit(db: str, path: str, bulk: int) -> dict[str, object]:
    """The commit alone into a new ledger, in bulk (1) or row by row (0)."""
    from cixi_desktop.reports.excel.commit import commit_import
    from cixi_desktop.reports.excel.importer import plan_import
    from cixi_desktop.store.database import open_database

    database = open_database(db, user="bench")
    plan = plan_import(database, path)
    start = time.perf_counter()
    report = commit_import(database, plan, bulk=bool(bulk))
    return {"seconds": time.perf_counter() - start, "rows": report.created_projects}


STEPS = {
    "demo": step_demo,
    "fill": step_fill,
    "export": step_export,
    "raw": step_raw,
    "workbook": step_workbook,
    "read_openpyxl": step_read_openpyxl,
    "plan": step_plan,
    "import": step_import,
    "commit": step_commit,
}


def run(step: str, *args: object) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--step", step, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"step {step} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(label: str, r: dict[str, object]) -> None:
    extra = "  ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb"))
    seconds = r.get("seconds")
    shown = f"{seconds:8.2f} s" if isinstance(seconds, float) else " " * 10
    print(f"  {label:<44}{shown}  peak {r['peak_mb']:7.0f} MB  {extra}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--commit", type=int, default=0, help="rows to commit (0: skip)")
    parser.add_argument("--import-only", action="store_true", help="skip the export part")
    parser.add_argument(
        "--ledger", type=Path, help="import into a copy of this ledger (default: a new one)"
    )
    args = parser.parse_args()
    if args.step:
        name, *rest = args.step
        out = STEPS[name](*[int(a) if a.isdigit() else a for a in rest])
        print(json.dumps(out | {"peak_mb": _peak_mb()}))
        return 0

    work = Path(tempfile.mkdtemp(prefix="cixi-excel-bench-"))
    print(f"working in {work}")
    if not args.import_only:
        bench_export(work, args.rows)
    bench_import(work, args.rows, args.commit, args.ledger)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def bench_export(work: Path, rows: int) -> None:
    demo = work / "demo.sqlite3"
    _line("load the demo ledger", run("demo", demo))
    _line("export the demo ledger", run("export", demo, work / "demo.xlsx"))
    big = work / "big.sqlite3"
    shutil.copyfile(demo, big)
    _line(f"add {rows:,} synthetic projects", run("fill", big, rows))
    ours = run("export", big, work / "big.xlsx")
    raw = run("raw", big, work / "raw.xlsx")
    _line("export (all sheets, styled, safe)", ours)
    _line("raw openpyxl write-only, same ledger cells", raw)
    print(f"  ratio export ÷ raw: {ours['seconds'] / raw['seconds']:.2f} (target ≤ 1.2)")


def bench_import(work: Path, rows: int, commit: int, ledger: Path | None) -> None:
    book = work / "import.xlsx"
    _line(f"write a {rows:,}-row town workbook", run("workbook", book, rows))
    read = run("read_openpyxl", book)
    plan = run("plan", ledger or work / "fresh.sqlite3", book)
    whole = run("import", ledger or "-", book, work)
    _line("plain openpyxl read-only pass", read)
    _line("import plan (read, clean, match; dry run)", plan)
    _line("whole import (plan, then commit)", whole)
    base = read["seconds"]
    print(f"  ratio plan ÷ openpyxl:   {plan['seconds'] / base:.2f} (target ≤ 0.25)")  # type: ignore[operator]
    print(f"  ratio import ÷ openpyxl: {whole['seconds'] / base:.2f} (target ≤ 0.25)")  # type: ignore[operator]
    print(f"  safety backup before the commit: {whole['backup']:.1f} s (not in the ratio)")
    if commit:
        small = work / "commit.xlsx"
        run("workbook", small, commit)
        for bulk, label in ((1, "in bulk"), (0, "row by row")):
            result = run("commit", work / f"commit{bulk}.sqlite3", small, bulk)
            _line(f"commit {commit:,} rows {label}", result)
            per_row = result["seconds"] / max(int(result["rows"]), 1) * 1000  # type: ignore[operator]
            print(f"  {per_row:.2f} ms per row → {per_row * rows / 60000:.1f} min for {rows:,}")


if __name__ == "__main__":
    sys.exit(main())
