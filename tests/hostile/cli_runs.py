"""How a refusal must reach a person: the command line's exit code and its one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class CliResult:
    code: int
    out: str
    err: str
    peak_mb: float = 0.0


def run_main(*args: str) -> CliResult:
    """The command line in this process: the same code path, without a Python start-up."""
    from cixi_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())


# Runs the real entry point and reports its own peak memory (VmHWM: this process only;
# getrusage would include what the child inherited from pytest when it forked).
_MEASURED = textwrap.dedent(
    """
    import sys
    from cixi_desktop.cli import main
    try:
        code = main(sys.argv[1:])
    finally:
        with open("/proc/self/status") as fh:
            peak = next(line for line in fh if line.startswith("VmHWM"))
        with open(sys.argv[0] + ".peak", "w") as out:
            out.write(peak.split()[1])
    sys.exit(code)
    """
)


def run_measured(tmp_path: Path, *args: str) -> CliResult:
    """The CLI in a fresh process, with that process's peak resident memory in MB."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    script = tmp_path / "measured_cli.py"
    script.write_text(_MEASURED, encoding="utf-8")
    env = dict(os.environ, PYTHONWARNINGS="error")
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    peak = Path(str(script) + ".peak")
    return CliResult(
        done.returncode,
        done.stdout,
        done.stderr,
        int(peak.read_text()) / 1024 if peak.exists() else float("nan"),
    )


def assert_one_line_refusal(result: CliResult, *words: str) -> None:
    """Exit 1, one line on stderr that says why, and no traceback anywhere."""
    assert result.code == 1, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("无法导入："), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "Traceback" not in result.out + result.err
