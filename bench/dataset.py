"""A large ledger for the benchmarks, built deterministically and fast.

The schema comes from ``open_database`` (every migration, reference data). The rows
go in through one raw ``sqlite3`` connection with ``executemany`` in one transaction:
the services would need hours for a million projects, and only realistic shape and
volume matter here. Secondary indexes and triggers are dropped for the load and
created again from their own SQL afterwards (the usual bulk-load order: same schema,
a fraction of the time); full-text indexes are then rebuilt in one pass.

Shape (for ``projects`` = N): N // 5 enterprises across the 22 reporting units with the
demo's town and cluster weights, a few with former names; 400 service providers (one
per 2,500 projects, at least 40); projects spread evenly over ``YEARS``, each with an
enterprise (a few firms have many projects), statuses that depend on the project's
age, dates in order, investments log-normal around 300 万元; about 60 % of projects
have one or two service providers; paid projects have one or two payments; an
annual plan per year and town. The same ``seed`` gives byte-identical data.
"""

from __future__ import annotations

import importlib.util
import math
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store import demo_words as words
from cixi_desktop.store.database import open_database

SEED = 8
SHAPE = "2016-2025 as of 2026-03-31, v1"  # change when the rows made here change
YEARS = tuple(range(2016, 2026))
AS_OF = date(2026, 3, 31)  # early in the year after the last plan year
CHUNK = 50_000
STAMP = "2026-03-31 08:00:00.000000"
USER = "bench"

CATEGORY_WEIGHTS = {
    "robot": 30,
    "automation": 18,
    "line": 20,
    "digital_workshop": 12,
    "smart_factory": 5,
    "cloud": 10,
    "other": 5,
}
PREFIXES = ("慈溪市", "宁波", "宁波市", "浙江", "余姚市", "慈溪", "宁波杭州湾新区")


@dataclass(frozen=True)
class Firm:
    id: str
    cluster: str
    industry: words.Industry


@dataclass
class Built:
    path: Path
    projects: int
    enterprises: int
    providers: int
    seconds: float


_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def _uid(rng: random.Random) -> str:
    """A random (version 4) UUID as the schema stores it: 32 hex digits."""
    return f"{rng.getrandbits(128) & _V4_CLEAR | _V4_SET:032x}"


def _weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys = list(weights)
    cum: list[float] = []
    total = 0.0
    for key in keys:
        total += weights[key]
        cum.append(total)

    def pick() -> str:
        return rng.choices(keys, cum_weights=cum)[0]

    return pick


def _chunks(rows: Iterator[tuple[object, ...]], size: int = CHUNK) -> Iterator[list[tuple]]:
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(con: sqlite3.Connection, table: str, columns: str, rows: Iterator[tuple]) -> int:
    names = [c.strip() for c in columns.split(",")]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    count = 0
    for batch in _chunks(rows):
        con.executemany(sql, batch)
        count += len(batch)
    return count


TRACKED = "id, version, created_at, created_by, updated_at, updated_by, deleted_at"


def _tracked(rng: random.Random) -> tuple[object, ...]:
    return (_uid(rng), 1, STAMP, USER, STAMP, USER, None)


class _Generator:
    def __init__(self, projects: int, seed: int) -> None:
        self.projects = projects
        self.n_firms = max(projects // 5, 10)
        self.n_providers = max(projects // 2_500, 40)
        self.rng = random.Random(seed)
        self.firms: list[Firm] = []
        self.provider_ids: list[str] = []
        self._pools: dict[tuple[str, str, str], list[tuple[str, str]]] = {}

    # --- enterprises ------------------------------------------------------------

    def enterprises(self, towns: dict[str, str], zones: set[str]) -> Iterator[tuple]:
        rng = self.rng
        pick_town = _weighted(rng, {t: words.TOWN_WEIGHTS.get(t, 1) for t in towns})
        pick_cluster = _weighted(rng, dict(words.CLUSTER_WEIGHTS))
        heads, tails = words._TRADE_HEAD, words._TRADE_TAIL
        for i in range(self.n_firms):
            town = pick_town()
            favourite = words.TOWN_FAVOURITES.get(town)
            cluster = favourite if favourite and rng.random() < 0.4 else pick_cluster()
            industry = rng.choice(words.INDUSTRIES.get(cluster) or words.INDUSTRIES["appliance"])
            trade = rng.choice(heads) + rng.choice(tails) + rng.choice(heads + tails)
            name = f"{rng.choice(PREFIXES)}{trade}{industry.word}有限公司"
            above = rng.random() < 0.3
            body = f"91330282{i:09d}" if i < 10**9 else f"91330282{rng.randrange(10**9):09d}"
            row = _tracked(rng)
            self.firms.append(Firm(str(row[0]), cluster, industry))
            yield (
                *row,
                name,
                make_uscc(body),
                town,
                cluster,
                industry.division,
                above,
                rng.choice((2008, 2012, 2015, 2017, 2019, 2021, 2023)) if above else None,
                words.person_name(rng),
                words.phone_number(rng),
                words.address(rng, towns[town], town in zones),
                "",
            )

    ENTERPRISE_COLUMNS = (
        f"{TRACKED}, name, uscc, town_code, cluster_code, division_code, above_scale,"
        " above_scale_year, contact, phone, address, notes"
    )

    def former_names(self) -> Iterator[tuple]:
        rng = self.rng
        for firm in self.firms[::20]:
            old = f"慈溪{rng.choice(words._TRADE_HEAD)}{rng.choice(words._TRADE_TAIL)}"
            yield (_uid(rng), firm.id, f"{old}{firm.industry.word}厂", "2015-06-30")

    # --- providers and plans -----------------------------------------------------

    def providers(self) -> Iterator[tuple]:
        rng = self.rng
        used: set[str] = set()
        kinds = words.PROVIDER_KINDS
        for i in range(self.n_providers):
            kind = kinds[i % len(kinds)]
            name = words.provider_name(rng, kind, used) if len(used) < 1500 else None
            if name is None:
                name = f"浙江{i:05d}{kind.endings[0]}"
            row = _tracked(rng)
            self.provider_ids.append(str(row[0]))
            yield (*row, name, None, None, kind.specialty, words.person_name(rng), "", "")

    PROVIDER_COLUMNS = f"{TRACKED}, name, uscc, town_code, specialty, contact, phone, notes"

    def plans(self, towns: dict[str, str]) -> Iterator[tuple]:
        rng = self.rng
        per_year = self.projects / len(YEARS)
        weight = sum(words.TOWN_WEIGHTS.get(t, 1) for t in towns)
        for year in YEARS:
            for town in towns:
                share = words.TOWN_WEIGHTS.get(town, 1) / weight
                firms = max(1, int(per_year * share * 0.55))
                yield (*_tracked(rng), year, town, firms, firms * 300_00)

    PLAN_COLUMNS = f"{TRACKED}, year, town_code, planned_enterprises, planned_investment"

    # --- projects ----------------------------------------------------------------

    def _status(self, year: int) -> str:
        age = AS_OF.year - year  # 0 for this year's projects
        roll = self.rng.random()
        if roll < 0.04:
            return "终止"
        if age == 0:
            return "计划" if roll < 0.45 else "在建" if roll < 0.85 else "竣工"
        if age == 1:
            steps = ((0.12, "在建"), (0.45, "竣工"), (0.75, "已验收"), (0.97, "已拨付"))
        else:
            steps = ((0.06, "竣工"), (0.2, "已验收"), (0.94, "已拨付"), (0.97, "验收不通过"))
        for limit, status in steps:
            if roll < limit:
                return status
        return "整改"

    def _texts(self, firm: Firm, category: str) -> list[tuple[str, str]]:
        """A pool of (project name, content) for a kind of firm and project: drawn once,
        reused (the words are the demo's; drawing them per row would double the time)."""
        key = (firm.cluster, firm.industry.word, category)
        pool = self._pools.get(key)
        if pool is None:
            rng = self.rng
            pool = []
            for _ in range(48):
                name, product = words.project_name(rng, firm.cluster, firm.industry, category)
                machines = rng.randint(3, 40)
                content = words.project_content(rng, firm.cluster, category, product, machines)
                pool.append((name, content))
            self._pools[key] = pool
        return pool

    def projects_rows(self, links: list[tuple], payments: list[tuple]) -> Iterator[tuple]:
        """Project rows, year by year in code order; fills ``links`` and ``payments``
        (the caller drains them after each chunk)."""
        rng = self.rng
        rand = rng.random

        def below(n: int) -> int:  # rng.randrange(n), a third of the cost
            return int(rand() * n)

        # Dates as day numbers from the first 1 January, written from a table of strings.
        base = date(YEARS[0], 1, 1)
        last_day = (AS_OF - base).days
        # Planned dates may lie after AS_OF (this year's plans): the table reaches further.
        iso = [(base + timedelta(days=d)).isoformat() for d in range(last_day + 800)]
        pick_category = _weighted(rng, CATEGORY_WEIGHTS)
        per_year, extra = divmod(self.projects, len(YEARS))
        n_firms = len(self.firms)
        log_median = math.log(300)
        for y, year in enumerate(YEARS):
            count = per_year + (1 if y < extra else 0)
            jan1 = (date(year, 1, 1) - base).days
            rule = "CX-2017" if year <= 2017 else "CX-2018"  # the rule sets shipped
            for seq in range(1, count + 1):
                # A few firms carry many projects: squared uniform skews towards the start.
                firm = self.firms[int(n_firms * rand() ** 2)]
                category = pick_category()
                pool = self._texts(firm, category)
                name, content = pool[below(len(pool))]
                total = int(math.exp(rng.gauss(log_median, 1.0)) * 100)
                total = max(20_00, min(total, 80_000_00))
                equipment = total * (45 + below(46)) // 100
                status = self._status(year)
                planned_start = jan1 + 20 + below(180)
                planned_done = planned_start + 150 + below(180)
                started = done = accepted = None
                if status not in ("计划", "终止"):
                    started = planned_start - 10 + below(50)
                if status not in ("计划", "在建", "终止"):
                    done = min(started + 90 + below(270), last_day)  # type: ignore[operator]
                if status in ("已验收", "已拨付", "验收不通过", "整改"):
                    accepted = min(done + 20 + below(100), last_day)  # type: ignore[operator]
                subsidy = None
                if status in ("已验收", "已拨付"):
                    subsidy = min(equipment * (8, 10, 12, 15)[below(4)] // 100, 500_00)
                row = _tracked(rng)
                pid = row[0]
                if rand() < 0.6:
                    for p in rng.sample(self.provider_ids, 1 if rand() < 0.75 else 2):
                        links.append((pid, p, ("总包", "设备供应", "软件实施")[below(3)]))
                if status == "已拨付" and subsidy:
                    paid_on = iso[min(accepted + 30 + below(170), last_day)]  # type: ignore[operator]
                    first = subsidy if rand() < 0.7 else subsidy // 2
                    payments.append((*_tracked(rng), pid, paid_on, first, "", ""))
                    if first != subsidy:
                        payments.append((*_tracked(rng), pid, paid_on, subsidy - first, "", ""))
                done_ok = done is not None
                yield (
                    *row,
                    f"CX-{year}-{seq:04d}",
                    firm.id,
                    name,
                    year,
                    category,
                    content,
                    total,
                    equipment,
                    iso[planned_start],
                    iso[planned_done],
                    iso[started] if started is not None else None,
                    iso[done] if done is not None else None,
                    status,
                    iso[accepted] if accepted is not None else None,
                    "验收合格" if status in ("已验收", "已拨付") else "",
                    subsidy,
                    rule if subsidy is not None else None,
                    subsidy,
                    "",
                    (2 + below(58)) if done_ok else None,
                    (500 + below(3500)) if done_ok else None,
                    (100 + below(2900)) if done_ok else None,
                    (100 + below(2400)) if done_ok else None,
                    "",
                )

    PROJECT_COLUMNS = (
        f"{TRACKED}, code, enterprise_id, name, plan_year, category_code, content,"
        " total_investment, equipment_investment, planned_start_date, planned_completion_date,"
        " actual_start_date, actual_completion_date, status, acceptance_date, acceptance_result,"
        " subsidy_computed, subsidy_rule_code, approved_subsidy, subsidy_override_reason,"
        " labour_reduction, productivity_gain_pct, defect_reduction_pct, energy_reduction_pct,"
        " notes"
    )


BULK_TABLES = (
    "enterprise",
    "enterprise_former_name",
    "service_provider",
    "project",
    "project_provider",
    "subsidy_payment",
    "annual_plan",
)


def _drop_secondary(con: sqlite3.Connection) -> list[str]:
    """Drop the bulk tables' named indexes and triggers; return the SQL that makes them
    again. The search triggers cost more per row than the insert itself, so the search
    tables are filled in one pass afterwards, with the migration's own statements."""
    marks = ",".join("?" * len(BULK_TABLES))
    rows = con.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ({marks})"
        " AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        BULK_TABLES,
    ).fetchall()
    for kind, name, _sql in rows:
        con.execute(f'DROP {kind.upper()} "{name}"')
    # Indexes first: the search fill reads the tables, triggers must come last.
    return [sql for kind, _n, sql in rows if kind == "index"] + [
        sql for kind, _n, sql in rows if kind == "trigger"
    ]


def _search_fill_statements() -> list[str]:
    """The statements migration 0004 fills the search tables with (one definition)."""
    path = files("cixi_desktop.db") / "migrations" / "versions" / "0004_performance.py"
    spec = importlib.util.spec_from_file_location("cixi_migration_0004", str(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [s for s in module.SQLITE_SEARCH if s.startswith("INSERT")]


def _fill_search(con: sqlite3.Connection) -> None:
    present = {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
    }
    if not {"search_project", "search_enterprise"} <= present:
        return  # a SQLite without FTS5: the app searches with LIKE alone
    con.execute("DELETE FROM search_project")
    con.execute("DELETE FROM search_enterprise")
    for sql in _search_fill_statements():
        con.execute(sql)


def build(
    path: Path, projects: int, *, seed: int = SEED, log: Callable[[str], None] = print
) -> Built:
    """A fresh ledger at ``path`` (replaced if present) with ``projects`` projects."""
    start = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path, user=USER).close()  # schema, migrations and reference data

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("BEGIN")
    recreate = _drop_secondary(con)
    towns = dict(con.execute("SELECT code, name FROM ref_town ORDER BY sort"))
    zones = {c for (c,) in con.execute("SELECT code FROM ref_town WHERE kind = '开发区'")}
    gen = _Generator(projects, seed)

    n_ent = _insert(con, "enterprise", gen.ENTERPRISE_COLUMNS, gen.enterprises(towns, zones))
    _insert(con, "enterprise_former_name", "id, enterprise_id, name, until", gen.former_names())
    n_prov = _insert(con, "service_provider", gen.PROVIDER_COLUMNS, gen.providers())
    _insert(con, "annual_plan", gen.PLAN_COLUMNS, gen.plans(towns))
    log(f"  {n_ent:,} enterprises, {n_prov:,} providers  {time.perf_counter() - start:6.1f} s")

    links: list[tuple] = []
    payments: list[tuple] = []
    project_sql = (
        f"INSERT INTO project ({gen.PROJECT_COLUMNS})"
        f" VALUES ({', '.join('?' * len(gen.PROJECT_COLUMNS.split(',')))})"
    )
    n_proj = 0
    for batch in _chunks(gen.projects_rows(links, payments)):
        con.executemany(project_sql, batch)
        con.executemany(
            "INSERT INTO project_provider (project_id, provider_id, role) VALUES (?, ?, ?)", links
        )
        con.executemany(
            f"INSERT INTO subsidy_payment ({TRACKED}, project_id, paid_on, amount, document_no,"
            " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            payments,
        )
        links.clear()
        payments.clear()
        n_proj += len(batch)
        if n_proj % 200_000 == 0:
            log(f"  {n_proj:,} projects  {time.perf_counter() - start:6.1f} s")
    log(f"  {n_proj:,} projects inserted  {time.perf_counter() - start:6.1f} s")

    indexes = [sql for sql in recreate if sql.lstrip().upper().startswith("CREATE INDEX")]
    for sql in indexes:
        con.execute(sql)
    log(f"  indexes made  {time.perf_counter() - start:6.1f} s")
    _fill_search(con)
    for sql in recreate:
        if sql not in indexes:
            con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    seconds = time.perf_counter() - start
    log(f"  search index filled  {seconds:6.1f} s")
    return Built(path, n_proj, n_ent, n_prov, seconds)


def main() -> None:
    """``python bench/dataset.py PATH --scale N``: progress on stderr, then one JSON line."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--scale", type=int, default=1_000_000)
    args = parser.parse_args()
    built = build(args.path, args.scale, log=lambda text: print(text, file=sys.stderr, flush=True))
    print(json.dumps({"projects": built.projects, "seconds": built.seconds}))


if __name__ == "__main__":
    main()
