"""The built wheel is the whole program: migrations, reference data and resources inside it,
and an installed copy works from any folder, on its own files, not the checkout's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import cixi_desktop

pytestmark = pytest.mark.slow

CHECKOUT = Path(cixi_desktop.__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "cixi_desktop", "db", "resources")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def _bin(venv: Path, name: str) -> Path:
    if sys.platform == "win32":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def _run(args: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    environment.update(env)
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=environment, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the checkout, so the build leaves nothing behind in it."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        origin = CHECKOUT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=JUNK)
        else:
            shutil.copy2(origin, src / name)
    dist = tmp_path_factory.mktemp("dist")
    result = _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, src],
        cwd=src,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = dist.glob("cixi_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_carries_migrations_and_reference_data(names: set[str]) -> None:
    assert "cixi_desktop/db/migrations/env.py" in names
    assert "cixi_desktop/db/migrations/script.py.mako" in names
    for migration in (CHECKOUT / "db" / "migrations" / "versions").glob("*.py"):
        assert f"cixi_desktop/db/migrations/versions/{migration.name}" in names
    for data in (CHECKOUT / "db" / "reference").iterdir():
        assert f"cixi_desktop/db/reference/{data.name}" in names
    assert "cixi_desktop/db/reference/subsidy_rules.json" in names
    assert "cixi_desktop/db/reference/towns.csv" in names


def test_the_wheel_carries_the_resources(names: set[str]) -> None:
    resources = [
        p.relative_to(CHECKOUT / "resources").as_posix()
        for p in (CHECKOUT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert resources, "resources/ is empty"
    missing = [r for r in resources if f"cixi_desktop/resources/{r}" not in names]
    assert missing == []


def test_every_module_of_the_checkout_is_in_the_wheel(names: set[str]) -> None:
    """A subpackage missing from [tool.setuptools] packages would vanish from installs."""
    modules = sorted(
        "cixi_desktop/" + p.relative_to(CHECKOUT / "cixi_desktop").as_posix()
        for p in (CHECKOUT / "cixi_desktop").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    missing = {m.rsplit("/", 1)[0].replace("/", ".") for m in modules if m not in names}
    assert sorted(missing) == [], "add these to [tool.setuptools] packages in pyproject.toml"
    assert "cixi_desktop/__main__.py" in names


def test_the_wheel_declares_the_console_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "cixi-desktop = cixi_desktop.cli:main" in text


def test_an_installed_copy_works_outside_the_checkout(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    venv = tmp_path_factory.mktemp("venv")
    result = _run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv],
        cwd=venv,
    )
    assert result.returncode == 0, result.stderr
    # The dependencies (PySide6, SQLAlchemy…) come from the test environment, appended after
    # the new venv's own site-packages; a path line in a .pth does not run that folder's own
    # .pth files, so the checkout's editable install stays out of sight.
    site = Path(
        _run(
            [
                _bin(venv, "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            cwd=venv,
        ).stdout.strip()
    )
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = _run(
        [sys.executable, "-m", "pip", "--python", _bin(venv, "python"), "install", "--no-deps",
         "--no-index", "--quiet", wheel],
        cwd=venv,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    data = tmp_path_factory.mktemp("userdata")
    env = {"CIXI_DESKTOP_DATA_DIR": str(data), "PYTHONWARNINGS": "error", "HOME": str(data)}

    where = _run(
        [_bin(venv, "python"), "-c",
         "import cixi_desktop, cixi_desktop.db, cixi_desktop.resources;"
         "print(cixi_desktop.__file__); print(list(cixi_desktop.db.__path__)[0]);"
         "print(list(cixi_desktop.resources.__path__)[0])"],
        cwd=elsewhere, **env,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(venv.resolve()), line
        assert not Path(line).resolve().is_relative_to(CHECKOUT), line

    command = _bin(venv, "cixi-desktop")
    summary = _run([command, "--db", "X.sqlite3", "summary", "--json"], cwd=elsewhere, **env)
    assert summary.returncode == 0, summary.stderr
    figures = json.loads(summary.stdout)
    assert figures["projects"] == 0 and figures["completion_rate"] is None
    assert (elsewhere / "X.sqlite3").is_file()

    check = _run([command, "--db", "X.sqlite3", "check"], cwd=elsewhere, **env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "（最新）" in check.stdout

    version = _run([command, "--version"], cwd=elsewhere, **env)
    assert version.stdout.strip() == f"cixi-desktop {cixi_desktop.__version__}"
