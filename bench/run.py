"""The province-scale benchmark: each app operation against its raw baseline, same run.

    python bench/run.py                      # 1,000,000 projects, 200,000 enterprises
    python bench/run.py --scale 20000        # a quick look
    python bench/run.py --json out.json --keep /data/bench.sqlite3   # keep (and reuse) the ledger

It builds the ledger (bench/dataset.py), a copy of it at the schema before the
performance migration (the "plain" baseline database: same rows, no covering or search
indexes), then measures, each in a fresh process, and prints a table and the JSON object
``{"projects": N, "ratios": {...}, "seconds": {...}, "peak_mb": ...}`` (docs/benchmarks.md
says what each ratio compares). Ratios are app ÷ baseline: lower is better.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGETS = {
    "startup": 2.5,
    "filter": 1.5,
    "sort": 1.5,
    "summaries": 1.5,
    "export": 1.2,
    "import": 0.25,
}
BRIEFING_TARGET = 3.0
PEAK_TARGET = 300.0
EXCEL_ROWS = 100_000
# Typed into the filter bar: a firm's name (rare), a two-character word (LIKE only), a
# phrase in a tenth of the project names (broad), a project code and a USCC fragment.
KEYWORDS = ["华达电器", "宏达", "数字化车间", "2021-0123", "0282000012"]
MARKER = "bench.dataset"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- the two databases -----------------------------------------------------------------


def _marker(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM app_setting WHERE key = ?", (MARKER,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def ensure_ledger(path: Path, scale: int) -> float:
    """Build the ledger unless ``path`` already holds this dataset; seconds spent building."""
    import dataset

    wanted = json.dumps({"projects": scale, "seed": dataset.SEED, "shape": dataset.SHAPE})
    if _marker(path) == wanted:
        log(f"reusing {path}")
        return 0.0
    log(f"building {scale:,} projects in {path} …")
    # In its own process: the build's memory must not count as the measured children's
    # (and it is simply over when that process ends).
    done = subprocess.run(
        [sys.executable, str(HERE / "dataset.py"), str(path), "--scale", str(scale)],
        stdout=subprocess.PIPE,
        text=True,
        env=_child_env(),
        check=True,
    )
    built = json.loads(done.stdout.strip().splitlines()[-1])
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)", (MARKER, wanted)
        )
    con.close()
    Path(f"{path}.plain").unlink(missing_ok=True)
    return float(built["seconds"])


def ensure_plain(path: Path) -> Path:
    """A copy of the ledger at the schema before migration 0004 (the raw baselines' home)."""
    plain = Path(f"{path}.plain")
    if _marker(plain) == _marker(path) and plain.exists():
        return plain
    log("copying the ledger for the raw baselines (schema before migration 0004) …")
    shutil.copyfile(path, plain)
    env = _child_env()
    code = (
        "import sys\n"
        "from alembic import command\n"
        "from cixi_desktop.store import migrate\n"
        "from cixi_desktop.store.database import open_database\n"
        "db = open_database(sys.argv[1], user='bench', migrate=False)\n"
        "with db.engine.begin() as conn:\n"
        "    command.downgrade(migrate._config(conn), '0003')\n"
        "db.close()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(plain)], check=True, env=env)
    return plain


# --- child processes ----------------------------------------------------------------------


def _child_env(data_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # As on an installed copy, compiled modules are cached (here under the work folder).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CIXI_DESKTOP_LANG"] = "zh_CN"
    if data_dir is not None:  # a fresh user folder: no remembered filter, columns or size
        env["CIXI_DESKTOP_DATA_DIR"] = str(data_dir)
        env["HOME"] = str(data_dir)
        env["XDG_CONFIG_HOME"] = str(data_dir / "config")
        env["XDG_DATA_HOME"] = str(data_dir / "data")
    return env


def step(name: str, *args: object) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "steps.py"), name, *map(str, args)],
        capture_output=True,
        text=True,
        env=_child_env(),
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"step {name} failed:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def window(mode: str, db: Path | None = None, keywords: list[str] | None = None) -> dict[str, Any]:
    out = Path(tempfile.mkstemp(suffix=".json", dir=WORK)[1])
    data_dir = Path(tempfile.mkdtemp(prefix="user-", dir=WORK))
    args = [sys.executable, str(HERE / "gui_probe.py"), mode]
    extra = [str(db)] if db is not None else []
    if keywords is not None:
        extra += ["--scenario", json.dumps(keywords, ensure_ascii=False)]
    start = time.time()
    done = subprocess.run(
        [*args, str(start), str(out), *extra],
        capture_output=True,
        text=True,
        env=_child_env(data_dir),
        check=False,
    )
    if done.returncode or not out.stat().st_size:
        raise SystemExit(f"window ({mode}) failed:\n{done.stderr[-4000:]}")
    result = dict(json.loads(out.read_text(encoding="utf-8")))
    if result.get("timed_out"):
        raise SystemExit(f"window step(s) {result['timed_out']} did not finish")
    return result


# --- the run ----------------------------------------------------------------------------------


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(max(v, 1e-9)) for v in values) / len(values))


def measure(db: Path, plain: Path, scale: int, rounds: int) -> dict[str, Any]:
    seconds: dict[str, Any] = {}
    ratios: dict[str, float] = {}
    detail: dict[str, Any] = {}

    log("window: start-up …")
    window("bare")  # warm-up: bytecode cache and the OS file cache
    window("app", db)
    bare = [window("bare")["first_paint"] for _ in range(rounds)]
    apps = [window("app", db) for _ in range(rounds)]
    seconds["startup"] = min(a["first_paint"] for a in apps)
    seconds["startup_bare"] = min(bare)
    seconds["startup_first_rows"] = min(a["first_rows"] for a in apps)
    ratios["startup"] = seconds["startup"] / seconds["startup_bare"]

    log("window: scroll, filter, sort …")
    scenario = window("app", db, KEYWORDS)
    steps = scenario["steps"]
    log("raw ledger queries …")
    raw = step("raw_ledger", plain, json.dumps(KEYWORDS, ensure_ascii=False), rounds)
    raw_indexed = step("raw_ledger", db, json.dumps(KEYWORDS, ensure_ascii=False), rounds)
    per_keyword = {}
    for i, keyword in enumerate(KEYWORDS):
        app_s = steps[f"filter_{i}"]
        per_keyword[keyword] = {
            "app": app_s,
            "raw": raw["filter"][keyword],
            "raw_indexed": raw_indexed["filter"][keyword],
            "ratio": app_s / raw["filter"][keyword],
            "matches": scenario["matches"][f"filter_{i}"],
            "all_ids": steps[f"filter_{i}_all"],
        }
    detail["filter"] = per_keyword
    ratios["filter"] = geometric_mean([k["ratio"] for k in per_keyword.values()])
    ratios["filter_worst"] = max(k["ratio"] for k in per_keyword.values())
    seconds["filter"] = {k: v["app"] for k, v in per_keyword.items()}
    sort_ratios = []
    for name in ("sort_desc", "sort_asc"):
        seconds[name] = steps[name]
        seconds[f"{name}_raw"] = raw[name]
        seconds[f"{name}_raw_indexed"] = raw_indexed[name]
        sort_ratios.append(steps[name] / raw[name])
    ratios["sort"] = max(sort_ratios)
    seconds["scroll_end"] = steps["scroll_end"]
    seconds["window_settled"] = steps["settle"]
    detail["rows_held_after_scroll"] = scenario["pages_held"] * 200
    detail["max_stall"] = scenario["max_stall"]
    peak_mb = scenario["peak_mb"]

    log("summaries …")
    figures = step("summaries", db, plain, rounds)
    seconds["summaries"] = figures["app"]
    seconds["summaries_raw"] = figures["raw"]
    seconds["summaries_raw_indexed"] = figures["raw_indexed"]
    ratios["summaries"] = figures["app"] / figures["raw"]
    detail["summaries"] = {
        k: figures[k] for k in ("year", "projects_in_scope", "same_figures", "app_figures")
    }

    log("briefing …")
    brief = step("briefing", db, rounds, "1")
    seconds["briefing"] = brief["warm"]
    seconds["briefing_cold"] = brief["cold"]
    seconds["briefing_all_years"] = brief.get("all_years")
    detail["briefing"] = {"year": brief["year"], "pages": brief["pages"]}

    rows = min(EXCEL_ROWS, scale)
    log(f"Excel: export and import of {rows:,} rows …")
    ours = min((step("export", db, WORK / "export.xlsx", rows) for _ in range(rounds)),
               key=lambda r: r["seconds"])  # fmt: skip
    bare_export = min(
        (step("export_raw", db, WORK / "raw.xlsx", rows) for _ in range(rounds)),
        key=lambda r: r["seconds"],
    )
    seconds["export"] = ours["seconds"]
    seconds["export_raw"] = bare_export["seconds"]
    ratios["export"] = ours["seconds"] / bare_export["seconds"]
    detail["export"] = {"rows": ours["rows"], "sheets": ours["sheets"], "peak_mb": ours["peak_mb"]}
    book = WORK / "import.xlsx"
    step("workbook", book, rows)
    read = min((step("read_openpyxl", book) for _ in range(rounds)), key=lambda r: r["seconds"])
    # The whole import (preview, then commit) into a copy of the ledger; the dry run too.
    whole = min((step("import", db, book, WORK) for _ in range(rounds)), key=lambda r: r["seconds"])
    seconds["import"] = whole["seconds"]
    seconds["import_plan"] = whole["plan"]
    seconds["import_backup"] = whole["backup"]
    seconds["import_openpyxl"] = read["seconds"]
    ratios["import"] = whole["seconds"] / read["seconds"]
    ratios["import_plan"] = whole["plan"] / read["seconds"]
    keys = ("rows", "importable", "errors", "created", "plan", "commit", "backup", "peak_mb")
    detail["import"] = {k: whole[k] for k in keys}

    return {"ratios": ratios, "seconds": seconds, "peak_mb": peak_mb, "detail": detail}


def _fmt(value: object) -> str:
    return f"{value:8.3f}" if isinstance(value, float) else f"{value!s:>8}"


def report(result: dict[str, Any]) -> None:
    r, s = result["ratios"], result["seconds"]

    def line(name: str, app: float, base: float, ratio: float | None, target: str) -> None:
        shown = f"{ratio:7.2f}" if ratio is not None else " " * 7
        print(f"  {name:<34}{_fmt(app)} s {_fmt(base)} s {shown}   {target}")

    print(f"\n{result['projects']:,} projects · load {result['load_average']}")
    print(f"  {'':<34}{'app':>8}   {'baseline':>8}   {'ratio':>7}   target")
    line("startup (first paint)", s["startup"], s["startup_bare"], r["startup"], "≤ 2.5")
    for keyword, k in result["detail"]["filter"].items():
        line(f"filter “{keyword}” ({k['matches']:,})", k["app"], k["raw"], k["ratio"], "")
    line("filter (geometric mean)", 0.0, 0.0, r["filter"], f"≤ 1.5 (worst {r['filter_worst']:.2f})")
    line("sort by investment, descending", s["sort_desc"], s["sort_desc_raw"], None, "")
    line("sort by investment, ascending", s["sort_asc"], s["sort_asc_raw"], r["sort"], "≤ 1.5")
    line("summaries (every figure)", s["summaries"], s["summaries_raw"], r["summaries"], "≤ 1.5")
    line("export", s["export"], s["export_raw"], r["export"], "≤ 1.2")
    line("import (preview + commit)", s["import"], s["import_openpyxl"], r["import"], "≤ 0.25")
    line("  of which the preview (dry run)", s["import_plan"], s["import_openpyxl"],
         r["import_plan"], "")  # fmt: skip
    backup = _fmt(s["import_backup"])
    print(f"  {'  safety backup before commit':<34}{backup} s   (not in the ratio)")
    print(f"  {'briefing':<34}{_fmt(s['briefing'])} s {'':>10} {'':>7}   ≤ 3 s")
    print(f"  {'window peak memory':<34}{result['peak_mb']:8.0f} MB{'':>19}   ≤ 300 MB")
    print(
        f"  scroll to the end {s['scroll_end']:.3f} s holding "
        f"{result['detail']['rows_held_after_scroll']:,} rows; longest GUI stall "
        f"{result['detail']['max_stall'] * 1000:.0f} ms"
    )


WORK = Path(tempfile.gettempdir())


def main() -> int:
    global WORK
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000, help="projects (default 1,000,000)")
    parser.add_argument("--json", type=Path, help="write the result object here")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the ledger here and keep it")
    parser.add_argument("--rounds", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args()

    WORK = Path(tempfile.mkdtemp(prefix="cixi-bench-"))
    db = args.keep or WORK / "ledger.sqlite3"
    try:
        build_seconds = ensure_ledger(db, args.scale)
        plain = ensure_plain(db)
        result = measure(db, plain, args.scale, max(args.rounds, 1))
    finally:
        if args.keep is None:
            for leftover in WORK.glob("ledger.sqlite3*"):
                leftover.unlink(missing_ok=True)
        shutil.rmtree(WORK, ignore_errors=True)
    result = {
        "projects": args.scale,
        "ratios": result["ratios"],
        "seconds": result["seconds"] | {"build": build_seconds},
        "peak_mb": result["peak_mb"],
        "targets": TARGETS | {"briefing_seconds": BRIEFING_TARGET, "peak_mb": PEAK_TARGET},
        "load_average": round(os.getloadavg()[0], 2),
        "detail": result["detail"],
    }
    report(result)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
