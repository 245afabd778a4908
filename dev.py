#!/usr/bin/env python3
"""Set-up in one command, on any machine with Python 3.11+ (Windows, macOS, Linux).

    python3 dev.py run      install into ./.venv (first time or after changes) and start the app
    python3 dev.py test     install with test tools and run the whole test suite (pytest)
    python3 dev.py translations   refresh resources/translations (pyside6-lupdate/lrelease)
    python3 dev.py bench [args]   run bench/run.py in the same environment

Only the standard library is used here, so this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)

# What the Qt window and the test tools need from a bare Debian/Ubuntu system.
DEBIAN_RUNTIME = ["libegl1", "libgl1", "libxkbcommon0", "fontconfig", "libdbus-1-3", "libglib2.0-0"]
DEBIAN_X11 = [
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libx11-xcb1",
]
# pdftotext/pdffonts check the PDF briefing; Xvfb + xdotool drive the real window end to end.
DEBIAN_TEST_TOOLS = ["poppler-utils", "xvfb", "xdotool", *DEBIAN_X11]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def _stamp(extra: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(extra.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_venv(extras: str) -> Path:
    """Create .venv and install the project (editable) when pyproject.toml changed."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"需要 Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更高版本 / Python 3.11+ is required"
        )
    python = venv_python()
    if not python.exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp_file = VENV / f".installed{extras or '-app'}"
    wanted = _stamp(extras)
    if stamp_file.exists() and stamp_file.read_text() == wanted:
        return python
    target = f".[{extras}]" if extras else "."
    say(f"installing {target} into {VENV} (first run takes a few minutes)")
    subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT)
    stamp_file.write_text(wanted)
    return python


def ensure_debian_packages(packages: list[str]) -> None:
    """On Debian/Ubuntu as root (CI, containers) install what is missing; elsewhere, say it."""
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return
    missing = []
    for name in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing system packages: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
    else:
        say(f"missing system packages: sudo apt-get install {' '.join(missing)}")


def run_app(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_RUNTIME)
    python = ensure_venv("")
    return subprocess.call([python, "-m", "cixi_desktop", *args])


def run_tests(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_RUNTIME + DEBIAN_TEST_TOOLS)
    python = ensure_venv("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if not env.get("CIXI_TEST_PG_URL"):
        say(
            "CIXI_TEST_PG_URL is not set: PostgreSQL tests will be skipped (.ci/run starts a server)"
        )
    return subprocess.call([python, "-m", "pytest", *args], cwd=ROOT, env=env)


def run_translations(_args: list[str]) -> int:
    python = ensure_venv("test")
    return subprocess.call(
        [
            python,
            "-c",
            "from cixi_desktop.ui.i18n import update_translations; update_translations()",
        ],
        cwd=ROOT,
    )


def run_bench(args: list[str]) -> int:
    python = ensure_venv("test")
    return subprocess.call([python, str(ROOT / "bench" / "run.py"), *args], cwd=ROOT)


COMMANDS = {"run": run_app, "test": run_tests, "translations": run_translations, "bench": run_bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
