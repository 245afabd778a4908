"""The benchmark at a tiny scale, in a subprocess, so it never rots: it builds its ledger,
runs every measurement and prints the result object. No timings are checked here (they
live in docs/benchmarks.md); the figures the app and the raw SQL read must agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RATIOS = {"startup", "filter", "sort", "summaries", "export", "import"}


def test_the_benchmark_runs_end_to_end_and_reports_every_ratio(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--scale",
            "2000",
            "--rounds",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["projects"] == 2000
    assert set(result["ratios"]) >= RATIOS
    assert all(isinstance(v, float) and v > 0 for v in result["ratios"].values())
    for key in ("startup", "briefing", "summaries", "export", "import", "build"):
        assert isinstance(result["seconds"][key], float), key
    assert isinstance(result["peak_mb"], float) and result["peak_mb"] > 0
    assert result["detail"]["summaries"]["same_figures"] is True
    assert result["detail"]["summaries"]["projects_in_scope"] == 200
    assert result["detail"]["export"]["rows"] == 2000
    assert result["detail"]["import"]["rows"] == 2000
    # The printed object is the same as the file's (after the table).
    assert json.loads(done.stdout[done.stdout.index("\n{") :]) == result
