"""What the crash tests share: the real CLI in a subprocess killed with SIGKILL after a
seeded random delay, a generated town workbook, and read-only looks at a ledger file.

Loaded with ``importlib`` by conftest.py (tests folders are not packages), which hands it to
the tests as the ``kit`` fixture.

How many kills: ``KILLS_PER_OPERATION`` per operation in CI. For a soak run raise it with
``CIXI_CRASH_ROUNDS``, and the town's workbook with ``CIXI_CRASH_IMPORT_ROWS``::

    CIXI_CRASH_ROUNDS=100 CIXI_CRASH_IMPORT_ROWS=3000 pytest tests/crash -m crash -s

The delays come from ``random.Random(f"{seed}:{operation}")``, the seed being ``SEED`` or
``CIXI_CRASH_SEED``: a failure names its seed and round, and reproduces with them. Kills fall
at uniform random fractions of one measured uninterrupted run of the same operation, one
in its first 5 % (still starting up) and one in its last 5 % (finishing, or already done).
``-s`` shows what each kill left (e.g. ``killed→absent``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from cixi_desktop.reports.excel.export import export_workbook
from cixi_desktop.reports.excel.template import COLUMNS, template_headers
from cixi_desktop.store.backup import integrity_problems, read_only_uri
from cixi_desktop.store.database import DATA_DIR_ENV, open_database

KILLS_PER_OPERATION = 6
ROUNDS = int(os.environ.get("CIXI_CRASH_ROUNDS") or KILLS_PER_OPERATION)
# Rows of the town's workbook: the import costs about 13 ms a row on an idle core, so CI
# imports a few hundred; a soak run can import thousands.
IMPORT_ROWS = int(os.environ.get("CIXI_CRASH_IMPORT_ROWS") or 240)
SEED = int(os.environ.get("CIXI_CRASH_SEED") or 20261126)
CHILD_TIMEOUT = 600  # seconds; an uninterrupted run that takes longer is a hang

# Every table an import, a save or a migration writes rows to.
BUSINESS_TABLES = (
    "enterprise",
    "enterprise_former_name",
    "service_provider",
    "project",
    "project_provider",
    "annual_plan",
    "subsidy_payment",
    "status_change",
    "audit_entry",
)


def rng_for(operation: str) -> random.Random:
    return random.Random(f"{SEED}:{operation}")


def kill_delays(operation: str, duration: float, rounds: int = ROUNDS) -> list[float]:
    """Seconds after the start at which to kill, for ``rounds`` kills of ``operation``."""
    rng = rng_for(operation)
    fractions = [rng.uniform(0.0, 0.05), rng.uniform(0.95, 1.0)][:rounds]
    fractions += [rng.uniform(0.0, 1.0) for _ in range(rounds - len(fractions))]
    rng.shuffle(fractions)
    return [f * duration for f in fractions]


def where(operation: str, round_no: int, delay: float, duration: float) -> str:
    """How a failure names the kill, to reproduce it."""
    return (
        f"{operation}: seed {SEED}, round {round_no + 1}/{ROUNDS}, "
        f"killed {delay:.2f} s into a {duration:.2f} s run"
    )


def child_env(data_dir: Path) -> dict[str, str]:
    """The environment of conftest's run_cli: private data folder, offscreen Qt, Chinese."""
    env = dict(os.environ)
    env.update(
        {
            DATA_DIR_ENV: str(data_dir),
            "HOME": str(data_dir),
            "XDG_CONFIG_HOME": str(data_dir / "config"),
            "XDG_DATA_HOME": str(data_dir / "data"),
            "QT_QPA_PLATFORM": "offscreen",
            "CIXI_DESKTOP_LANG": "zh_CN",
            "PYTHONWARNINGS": "error",
        }
    )
    return env


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "cixi_desktop", *map(str, args)]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    killed: bool  # SIGKILL arrived before the process finished on its own


def run(
    cmd: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    *,
    kill_after: float | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Run:
    """Run ``cmd`` to its end, or SIGKILL its process group ``kill_after`` seconds in.

    The child never outlives this call: whatever happens here, it is killed and reaped.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, killed as a whole
            preexec_fn=preexec_fn,
        )
        killed = False
        try:
            try:
                proc.wait(timeout=CHILD_TIMEOUT if kill_after is None else kill_after)
            except subprocess.TimeoutExpired:
                if kill_after is None:
                    raise
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                proc.wait()
        finally:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            killed,
        )


def finished(result: Run, what: str) -> Run:
    """``result`` of an uninterrupted run, which must have succeeded."""
    assert result.returncode == 0, f"{what} failed ({result.returncode}): {result.stderr}"
    return result


# --- a town's workbook ---------------------------------------------------------------

TOWNS = ("周巷镇", "观海卫镇", "宗汉街道", "坎墩街道", "长河镇", "滨海经济开发区")
CLUSTERS = ("智能家电", "关键基础件", "汽车及零部件", "新材料")
CATEGORIES = ("机器换人", "生产线改造", "数字化车间", "智能工厂")
PROVIDERS = ("宁波智造工程服务有限公司", "慈溪市自动化科技有限公司（软件实施）", "")


def workbook_row(n: int, prefix: str) -> dict[str, object]:
    """Row ``n``: two projects per enterprise, statuses 计划/在建/竣工 with their dates."""
    year = 2019 + n % 3
    status = ("计划", "在建", "竣工")[n % 3]
    return {
        "enterprise_name": f"慈溪{prefix}测试企业{n // 2:05d}有限公司",
        "town": TOWNS[n % len(TOWNS)],
        "cluster": CLUSTERS[n % len(CLUSTERS)],
        "above_scale": "是" if n % 4 == 0 else "否",
        "above_scale_year": 2016 if n % 4 == 0 else None,
        "contact": "王工",
        "phone": "0574-63123456",
        "project_name": f"{prefix}技改项目{n:05d}",
        "plan_year": year,
        "category": CATEGORIES[n % len(CATEGORIES)],
        "content": f"第 {n} 条产线改造",
        "total_investment": f"{100 + n % 900}.{n % 100:02d}",
        "equipment_investment": f"{50 + n % 40}.50",
        "actual_start_date": f"{year}-03-15" if status != "计划" else None,
        "actual_completion_date": f"{year}-11-20" if status == "竣工" else None,
        "status": status,
        "providers": PROVIDERS[n % len(PROVIDERS)],
    }


def write_workbook(path: Path, rows: int, prefix: str = "") -> Path:
    """A town ledger in the collection template's columns, written with openpyxl."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目采集表")
    ws.append(template_headers())
    for n in range(rows):
        values = workbook_row(n, prefix)
        ws.append([values.get(c.key) for c in COLUMNS])
    wb.save(path)
    return path


# --- looking at a ledger file --------------------------------------------------------


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


def counts(path: Path) -> dict[str, int]:
    """Rows per business table, read without writing to the file."""
    con = read_only(path)
    try:
        return {
            t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in BUSINESS_TABLES
        }
    finally:
        con.close()


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """Per business table: its row count and a digest of every row as SQLite stores it
    (compared instead of the rows, so that a failure does not print 100,000 of them)."""
    con = read_only(path)
    try:
        found = {}
        for table in BUSINESS_TABLES:
            rows = sorted(repr(r) for r in con.execute(f"SELECT * FROM {table}"))
            digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]
            found[table] = (len(rows), digest)
        return found
    finally:
        con.close()


def pad_projects(path: Path, copies: int) -> None:
    """Make a closed ledger big with ``copies`` more of each project (new id and code), so
    that the indexes and the search index a migration builds take a while."""
    con = sqlite3.connect(path)
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(project)")]
        rest = ", ".join(c for c in columns if c not in ("id", "code"))
        originals = [r[0] for r in con.execute("SELECT id FROM project")]
        con.execute("CREATE TEMP TABLE original (id PRIMARY KEY)")
        con.executemany("INSERT INTO original VALUES (?)", ((i,) for i in originals))
        for k in range(copies):
            con.execute(
                f"INSERT INTO project (id, code, {rest}) SELECT lower(hex(randomblob(16))),"
                f" code || '-{k}', {rest} FROM project WHERE id IN (SELECT id FROM original)"
            )
        con.commit()
    finally:
        con.close()


def pad_audit_trail(path: Path, rows: int) -> None:
    """Make a closed ledger big with plain audit rows, so that copying, checking and
    indexing it, not starting Python, fill most of a run (about 0.55 MB per 1,000 rows)."""
    con = sqlite3.connect(path)
    try:
        con.executemany(
            "INSERT INTO audit_entry (at, user, entity, entity_id, action, field, old, new)"
            " VALUES ('2020-01-01 00:00:00', '录入员', 'project', ?, 'update', 'notes', ?, ?)",
            ((f"{n:036d}", "旧" * 60, f"第 {n} 次" + "新" * 60) for n in range(rows)),
        )
        con.commit()
    finally:
        con.close()


def revision(path: Path) -> str | None:
    con = read_only(path)
    try:
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        con.close()
    assert len(rows) <= 1, rows
    return str(rows[0][0]) if rows else None


def assert_healthy(path: Path, context: str) -> None:
    """Passes SQLite's full integrity check, and the app opens it for writing (the killed
    process's writer lock is reclaimed)."""
    problems = integrity_problems(path)
    assert problems == [], f"{context}: integrity_check: {problems[:5]}"
    db = open_database(path, user="检查")
    try:
        assert not db.read_only, f"{context}: opened read-only: {db.read_only_because}"
    finally:
        db.close()


def copy_ledger(source: Path, target: Path) -> Path:
    """A private copy of a closed ledger (no -wal to carry along)."""
    wal = Path(f"{source}-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{source} is still open"
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def export_in_process(ledger: Path, out: Path) -> bytes:
    """The workbook of a copy of ``ledger``, written by this process (an "older" export)."""
    copy = copy_ledger(ledger, out.parent / "older-export.sqlite3")
    db = open_database(copy, user="检查")
    try:
        export_workbook(db, out)
    finally:
        db.close()
    for leftover in out.parent.glob("older-export.sqlite3*"):
        leftover.unlink()
    return out.read_bytes()


def new_backups(folder: Path, seen: set[Path]) -> list[Path]:
    """Backups made under a good name since the last look (``*.sqlite3``, not ``.partial``)."""
    if not folder.is_dir():
        return []
    fresh = sorted(p for p in folder.glob("*.sqlite3") if p not in seen)
    seen.update(fresh)
    return fresh
