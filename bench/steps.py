"""One measurement per process: ``python bench/steps.py NAME ARGS…`` prints one JSON line.

A fresh process per step keeps each peak memory its own and stops one step's caches
(Python's, SQLite's page cache, the summaries memo) from flattering the next. Within a
step, the app and its raw baseline run alternately, ``rounds`` times, and the best time
of each is kept (the machine is shared: the best run is the least disturbed one).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LATEST_QUARTER = "Q4"


def _best(fn: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def _peak_mb() -> float:
    from gui_probe import peak_mb

    return peak_mb()


def _open(db: str) -> Any:
    from cixi_desktop.store.database import open_database

    return open_database(db, user="bench")


def _latest_year(db: Any) -> int:
    from cixi_desktop.store import summaries

    return summaries.years_present(db)[-1]


# --- figures ------------------------------------------------------------------------------


def _forget(db: Any) -> None:
    """Measure the work, not what an earlier round left behind (releases before the
    summaries remembered anything have no ``memo``: nothing to forget)."""
    try:
        from cixi_desktop.store import memo
    except ImportError:
        return
    memo.forget(db)


def app_figures(db: Any, scope: Any, period: tuple[date, date]) -> dict[str, Any]:
    """Every figure the dashboard, the briefing and the workbook read, once each."""
    from cixi_desktop.store import summaries

    _forget(db)
    return {
        "headline": summaries.headline(db, scope),
        "by_town": summaries.by_town(db, scope),
        "coverage_by_town": summaries.coverage_by_town(db, scope),
        "by_cluster": summaries.by_cluster(db, scope),
        "by_category": summaries.by_category(db, scope),
        "investment_bands": summaries.investment_bands(db, scope),
        "top_projects": summaries.top_projects(db, scope, 10),
        "providers": summaries.providers(db, scope),
        "monthly": summaries.monthly(db, scope),
        "monthly_total": summaries.monthly_total(db, scope),
        "completed_between": summaries.completed_between(db, scope, *period),
        "fiscal": summaries.fiscal(db, scope),
        "fiscal_by_town": summaries.fiscal_by_town(db, scope),
    }


def step_summaries(db_path: str, plain_path: str, rounds: str) -> dict[str, Any]:
    import raw_figures

    from cixi_desktop.store.summaries import Scope

    db = _open(db_path)
    year = _latest_year(db)
    scope = Scope(year_from=year, year_to=year)
    period = (date(year, 10, 1), date(year, 12, 31))
    texts = (period[0].isoformat(), period[1].isoformat())
    app_s = raw_s = indexed_s = float("inf")
    figures: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for _ in range(int(rounds)):
        t, figures = _best(lambda: app_figures(db, scope, period), 1)
        app_s = min(app_s, t)
        t, raw = _best(lambda: raw_figures.figures(plain_path, year, year, texts), 1)
        raw_s = min(raw_s, t)
        t, _ = _best(lambda: raw_figures.figures(db_path, year, year, texts), 1)
        indexed_s = min(indexed_s, t)
    h = figures["headline"]
    app_check = {
        "projects": h.projects,
        "enterprises": h.enterprises,
        "total_investment": int(h.total_investment * 100),
        "towns_projects": sum(r.projects for r in figures["by_town"].rows),
        "covered": h.above_scale_covered,
        "providers": h.providers,
        "paid": int(h.subsidy_paid * 100),
    }
    db.close()
    return {
        "year": year,
        "projects_in_scope": h.projects,
        "app": app_s,
        "raw": raw_s,
        "raw_indexed": indexed_s,
        "same_figures": app_check == raw,
        "app_figures": app_check,
        "raw_figures": raw,
    }


def step_briefing(db_path: str, rounds: str, all_years: str) -> dict[str, Any]:
    from cixi_desktop.reports.pdf.briefing import BriefingRequest, briefing_scope, build_briefing
    from cixi_desktop.reports.pdf.period import parse_period
    from cixi_desktop.store.summaries import Scope

    db = _open(db_path)
    year = _latest_year(db)
    period = parse_period(f"{year}{LATEST_QUARTER}")
    scope = briefing_scope(db, (None, None), None, period)
    request = BriefingRequest(scope, period, issue=1, issued_on=date(year + 1, 1, 15))

    def one(req: BriefingRequest) -> int:
        _forget(db)
        _data, result = build_briefing(db, req)
        return result.pages

    cold, pages = _best(lambda: one(request), 1)  # registers the CJK font once
    warm, _ = _best(lambda: one(request), int(rounds))
    out: dict[str, Any] = {"year": year, "pages": pages, "cold": cold, "warm": warm}
    if all_years == "1":
        whole = BriefingRequest(Scope(), None, issue=1, issued_on=date(year + 1, 1, 15))
        out["all_years"], _ = _best(lambda: one(whole), 1)
    db.close()
    return out


# --- the ledger's raw baselines ----------------------------------------------------------------


def step_raw_ledger(path: str, keywords: str, rounds: str) -> dict[str, Any]:
    import raw_ledger

    n = int(rounds)
    out: dict[str, Any] = {"filter": {}, "rows": {}}
    for keyword in json.loads(keywords):
        best, rows = float("inf"), 0
        for _ in range(n):
            t, rows = raw_ledger.time_filter(path, keyword)
            best = min(best, t)
        out["filter"][keyword] = best
        out["rows"][keyword] = rows
    for name, descending in (("sort_desc", True), ("sort_asc", False)):
        out[name] = min(raw_ledger.time_sort(path, descending)[0] for _ in range(n))
    return out


# --- Excel ------------------------------------------------------------------------------------


def _export_scope(db: Any, rows: int) -> Any:
    """Plan years from the latest back until the scope holds at least ``rows`` projects."""
    from cixi_desktop.store import summaries
    from cixi_desktop.store.queries import count_projects
    from cixi_desktop.store.summaries import Scope

    years = summaries.years_present(db)
    scope = Scope(year_from=years[-1], year_to=years[-1])
    for first in reversed(years):
        scope = Scope(year_from=first, year_to=years[-1])
        if count_projects(db, scope) >= rows:
            break
    return scope


def step_export(db_path: str, out: str, rows: str) -> dict[str, Any]:
    from cixi_desktop.reports.excel.export import export_workbook

    db = _open(db_path)
    scope = _export_scope(db, int(rows))
    start = time.perf_counter()
    result = export_workbook(db, out, scope)
    seconds = time.perf_counter() - start
    db.close()
    return {"seconds": seconds, "rows": result.ledger_rows, "sheets": len(result.sheets)}


def step_export_raw(db_path: str, out: str, rows: str) -> dict[str, Any]:
    """The baseline: the same ledger rows, read the way the export reads them, written by
    bare openpyxl write-only (as in bench/excel.py)."""
    from openpyxl import Workbook

    from cixi_desktop.reports.excel.export import ledger_columns
    from cixi_desktop.store.import_queries import ledger_extras
    from cixi_desktop.store.ledger import iter_ledger

    db = _open(db_path)
    scope = _export_scope(db, int(rows))
    keys = [k for k, _c in ledger_columns()]
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目明细")
    ws.append([c.label for _k, c in ledger_columns()])
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        extras = ledger_extras(db, [r["id"] for r in batch])
        for r in batch:
            e = extras[r["id"]]
            r["above_scale_year"], r["last_paid_on"] = e.above_scale_year, e.last_paid_on
            ws.append([r.get(k) for k in keys])
        batch.clear()

    count = 0
    for record in iter_ledger(db, scope):
        batch.append(record)
        count += 1
        if len(batch) == 500:
            flush()
    flush()
    wb.save(out)
    seconds = time.perf_counter() - start
    db.close()
    return {"seconds": seconds, "rows": count}


def step_workbook(out: str, rows: str) -> dict[str, Any]:
    from excel import step_workbook as town_workbook  # the Excel engineer's town sheet

    return dict(town_workbook(out, int(rows)))


def step_read_openpyxl(path: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    wb = load_workbook(path, read_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    wb.close()
    return {"seconds": time.perf_counter() - start, "cells": cells}


def step_plan_import(db_path: str, path: str) -> dict[str, Any]:
    """The import's dry run alone (read, clean, match): what its preview costs."""
    from excel import step_plan

    return dict(step_plan(db_path, path))


def step_import(db_path: str, path: str, work: str) -> dict[str, Any]:
    """The whole import a user runs (preview, then commit) into a private copy of the
    ledger, which stays as it was; the safety backup is timed apart (bench/excel.py)."""
    from excel import step_import as whole_import

    return dict(whole_import(db_path, path, work))


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "summaries": step_summaries,
    "briefing": step_briefing,
    "raw_ledger": step_raw_ledger,
    "export": step_export,
    "export_raw": step_export_raw,
    "workbook": step_workbook,
    "read_openpyxl": step_read_openpyxl,
    "plan_import": step_plan_import,
    "import": step_import,
}


def main() -> int:
    name, *args = sys.argv[1:]
    out = STEPS[name](*args)
    print(json.dumps(out | {"peak_mb": _peak_mb()}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
