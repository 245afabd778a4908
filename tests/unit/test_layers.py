"""The layering rules, checked on the source: domain imports nothing of ours but itself,
store/ and reports/ never import Qt, ui/ never talks SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cixi_desktop

PACKAGE = Path(cixi_desktop.__file__).parent
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
SQL = ("sqlalchemy", "sqlite3", "psycopg", "psycopg2", "alembic")


def _sources(folder: str) -> list[Path]:
    files = sorted((PACKAGE / folder).rglob("*.py"))
    assert files, f"no sources under {folder}/"
    return files


def _imports(path: Path) -> list[tuple[int, str]]:
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """Every module name imported anywhere in the source (also inside functions)."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # "from cixi_desktop import store" imports cixi_desktop.store
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _offences(folder: str, bad: object) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for path in _sources(folder)
        for line, name in _imports(path)
        if bad(name)  # type: ignore[operator]
    ]


def _is(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def test_domain_imports_nothing_of_ours_but_the_domain() -> None:
    def bad(name: str) -> bool:
        return _is(name, ("cixi_desktop",)) and not (
            _is(name, ("cixi_desktop.domain",)) or name == "cixi_desktop"
        )

    assert _offences("domain", bad) == []
    # and of course no Qt and no SQL
    assert _offences("domain", lambda n: _is(n, QT + SQL)) == []


@pytest.mark.parametrize("folder", ["store", "reports"])
def test_headless_layers_never_import_qt(folder: str) -> None:
    assert _offences(folder, lambda n: _is(n, QT) or _is(n, ("cixi_desktop.ui",))) == []


def test_ui_never_talks_sql() -> None:
    assert _offences("ui", lambda n: _is(n, SQL)) == []


def test_the_scanner_sees_every_kind_of_import() -> None:
    source = (
        "import os, sqlite3 as db\n"
        "from . import money\n"
        "from ..ui.widgets import Table\n"
        "def later():\n"
        "    from PySide6 import QtCore\n"
    )
    names = {name for _line, name in _imports_in(source, "cixi_desktop.store")}
    assert {"os", "sqlite3", "cixi_desktop.store.money", "cixi_desktop.ui.widgets"} <= names
    assert {"PySide6", "PySide6.QtCore"} <= names


def test_importing_the_headless_packages_loads_no_qt() -> None:
    """Import every module of cli, store and reports in a fresh interpreter."""
    folders = ("cli", "store", "reports", "domain")
    modules = [
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for folder in folders
        for p in _sources(folder)
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import cixi_desktop.cli, cixi_desktop.store, cixi_desktop.reports\n"
        "from cixi_desktop.cli import build_parser\n"
        "build_parser()\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {QT!r})\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_window_paints_before_the_database_layer_loads() -> None:
    """Everything the first paint needs — the command line, app.py, the main window with its
    ledger, filter bar and menus, the glance at the file — imports no SQLAlchemy (nor any
    other heavy library): app.py shows the window first and opens the ledger after."""
    code = (
        "import sys\n"
        "import cixi_desktop.cli, cixi_desktop.app, cixi_desktop.store.peek\n"
        "import cixi_desktop.ui.main_window, cixi_desktop.ui.i18n\n"
        "from cixi_desktop.cli import build_parser\n"
        "build_parser()\n"
        "heavy = ('sqlalchemy', 'alembic', 'openpyxl', 'reportlab', 'python_calamine', 'numpy')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
