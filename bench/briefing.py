"""How long the PDF briefing takes: figures (SQL) and layout, cold and warm.

    python bench/briefing.py --db /tmp/d.db            # the demo ledger (cixi-desktop demo)
    python bench/briefing.py --db /tmp/m.db --million  # fill a copy with 1,000,000 projects

Targets (issue 5): demo data under 1 s; 1,000,000 projects under 3 s. "cold" includes
registering the CJK font (once per process); "warm" is every later briefing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from cixi_desktop.reports.pdf import briefing as brief
from cixi_desktop.reports.pdf.briefing import BriefingRequest, build_briefing
from cixi_desktop.reports.pdf.period import parse_period
from cixi_desktop.store import summaries
from cixi_desktop.store.database import open_database
from cixi_desktop.store.summaries import Scope


def timed(label: str, fn, *args, **kw):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kw)
    print(f"  {label:<28} {time.perf_counter() - start:7.3f} s")
    return result


def figures_only(db, scope: Scope) -> None:  # type: ignore[no-untyped-def]
    """Every summaries call the briefing makes, without layout, each timed."""
    calls = [
        ("headline", lambda: summaries.headline(db, scope)),
        ("by_town", lambda: summaries.by_town(db, scope)),
        ("coverage_by_town", lambda: summaries.coverage_by_town(db, scope)),
        ("by_cluster", lambda: summaries.by_cluster(db, scope)),
        ("by_category", lambda: summaries.by_category(db, scope)),
        ("top_projects", lambda: summaries.top_projects(db, scope, brief.TOP_PROJECTS)),
        ("providers", lambda: summaries.providers(db, scope)),
        ("monthly", lambda: summaries.monthly(db, scope)),
        (
            "completed_between",
            lambda: summaries.completed_between(db, scope, date(2018, 7, 1), date(2018, 9, 30)),
        ),
    ]
    for name, call in calls:
        timed(f"  {name}", call)


def fill_million(path: Path, total: int = 1_000_000) -> None:
    """Add synthetic projects (and one enterprise per ~1.4 projects) with plain SQL inserts:
    the services would take hours for a million rows, and only the shape matters here."""
    con = sqlite3.connect(path)
    towns = [r[0] for r in con.execute("select code from ref_town")]
    clusters = [r[0] for r in con.execute("select code from ref_cluster")]
    cats = [r[0] for r in con.execute("select code from ref_category")]
    provs = [r[0] for r in con.execute("select id from service_provider")]
    rng = random.Random(5)
    now = datetime(2019, 1, 31).isoformat(sep=" ")
    statuses = ["计划", "在建", "竣工", "已验收", "已拨付", "终止"]
    ents = []
    n_ent = total * 10 // 14
    for i in range(n_ent):
        ents.append(
            (
                uuid.uuid4().hex, 1, now, "bench", now, "bench", f"基准企业{i:07d}有限公司",
                rng.choice(towns), rng.choice(clusters), rng.random() < 0.3,
                rng.choice([None, 2015, 2016, 2017, 2018]), "", "", "", "",
            )
        )  # fmt: skip
    con.executemany(
        "insert into enterprise (id, version, created_at, created_by, updated_at, updated_by,"
        " name, town_code, cluster_code, above_scale, above_scale_year, contact, phone,"
        " address, notes) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ents,
    )
    rows = []
    links = []
    base = date(2017, 1, 1)
    for i in range(total):
        pid = uuid.uuid4().hex
        year = 2017 + i % 3
        status = statuses[rng.randrange(6)]
        start = base + timedelta(days=365 * (year - 2017) + rng.randrange(200))
        done = (
            start + timedelta(days=rng.randrange(60, 300))
            if status not in ("计划", "在建", "终止")
            else None
        )
        total_inv = rng.randrange(5_000, 5_000_000)
        rows.append(
            (
                pid, 1, now, "bench", now, "bench", f"BM-{year}-{i:07d}", ents[i % n_ent][0],
                f"基准项目{i}", year, rng.choice(cats), "", total_inv, total_inv // 2, None, None,
                start.isoformat(), done.isoformat() if done else None, status, None, "",
                rng.randrange(0, 20_000) if done else None, "", "",
            )
        )  # fmt: skip
        if i % 3 == 0 and provs:
            links.append((pid, rng.choice(provs), "总包"))
        if len(rows) == 50_000:
            _insert_projects(con, rows, links)
            rows, links = [], []
    _insert_projects(con, rows, links)
    con.commit()
    con.execute("analyze")
    con.close()


def _insert_projects(con: sqlite3.Connection, rows: list[tuple], links: list[tuple]) -> None:
    con.executemany(
        "insert into project (id, version, created_at, created_by, updated_at, updated_by, code,"
        " enterprise_id, name, plan_year, category_code, content, total_investment,"
        " equipment_investment, planned_start_date, planned_completion_date, actual_start_date,"
        " actual_completion_date, status, acceptance_date, acceptance_result, approved_subsidy,"
        " subsidy_override_reason, notes) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    con.executemany(
        "insert into project_provider (project_id, provider_id, role) values (?,?,?)", links
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a ledger with data (e.g. the demo)")
    parser.add_argument("--million", action="store_true", help="bench a copy with 1M projects")
    args = parser.parse_args()
    path = Path(args.db)
    if args.million:
        work = Path(tempfile.mkdtemp()) / "million.sqlite3"
        shutil.copyfile(path, work)
        print("filling 1,000,000 projects …", flush=True)
        start = time.perf_counter()
        fill_million(work)
        print(f"  filled in {time.perf_counter() - start:.0f} s")
        path = work
    db = open_database(path, user="bench")
    scope = Scope(year_from=2018, year_to=2018)
    request = BriefingRequest(scope, parse_period("2018Q3"), issue=1, issued_on=date(2019, 1, 31))
    print(f"{path}  scope 2018, period 2018Q3")
    timed("briefing, cold (font load)", build_briefing, db, request)
    print("  figures only (SQL):")
    timed("  all of them", figures_only, db, scope)
    warm = []
    for n in range(1, 4):
        start = time.perf_counter()
        build_briefing(db, request)
        warm.append(time.perf_counter() - start)
        print(f"  {f'briefing, warm #{n}':<28} {warm[-1]:7.3f} s")
    print(f"  {'best warm':<28} {min(warm):7.3f} s")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
