"""The real window under a real X server (Xvfb): started the way a user starts it,
driven from the keyboard, closed with Ctrl+Q. Skipped where Xvfb or xdotool is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cixi_desktop.store.database import open_database
from cixi_desktop.store.services import enterprises

pytestmark = pytest.mark.slow

NEEDED = ("Xvfb", "xdotool")


def _wait(predicate, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)  # polling another process, not waiting on our own Qt events
    return False


@pytest.fixture
def display(tmp_path: Path):  # type: ignore[no-untyped-def]
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (apt-get install xvfb xdotool)")
    number = 90 + os.getpid() % 500
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    if not _wait(socket.exists, 20):
        server.kill()
        server.wait()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait()


def _xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=30)
    return done.stdout.strip()


def test_window_starts_takes_keys_and_quits_with_ctrl_q(display: str, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite3"
    db = open_database(ledger, user="准备")
    enterprises.create_enterprise(
        db, {"name": "慈溪市测试电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电"}
    )
    db.close()
    env = dict(os.environ, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, as on a user's desktop
    app = subprocess.Popen(
        [sys.executable, "-m", "cixi_desktop", "--db", str(ledger)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        found = _wait(lambda: bool(_xdotool(env, "search", "--name", "技改项目台账")), 90)
        if not found and app.poll() is not None:
            pytest.fail(f"the app exited early ({app.returncode}): {app.stderr.read()}")
        assert found, "no main window appeared"
        window = _xdotool(env, "search", "--name", "技改项目台账").splitlines()[0]
        # No window manager on Xvfb: focus directly; keys then go through XTEST like a keyboard.
        _xdotool(env, "windowfocus", "--sync", window)
        _xdotool(env, "key", "ctrl+f")
        _xdotool(env, "type", "CX-")
        _xdotool(env, "key", "ctrl+q")
        assert app.wait(timeout=60) == 0
        stderr = app.stderr.read() if app.stderr else ""
        assert "Traceback" not in stderr
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        for stream in (app.stdout, app.stderr):
            if stream is not None:
                stream.close()
