"""Language and fonts: the translator for the chosen language, the bundled CJK font, and
the maintenance step that refreshes the English catalogue (``python dev.py translations``).

Source strings are Chinese (zh_CN is the default and needs no catalogue); English comes
from ``resources/translations/cixi_desktop_en.ts``, compiled to ``.qm`` by lrelease.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import cixi_desktop

CATALOGUE = "cixi_desktop_en"
FONT_FILE = "wqy-microhei.ttc"
# lupdate reads these: every window string lives under ui/ or in app.py.
SOURCE_ROOTS = ("ui",)
SOURCE_FILES = ("app.py",)

_keep: ExitStack = ExitStack()  # resource files extracted for the life of the process


# --- translators ---------------------------------------------------------------------


def _resource(*parts: str) -> Path:
    return Path(str(_keep.enter_context(as_file(files("cixi_desktop.resources").joinpath(*parts)))))


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install the catalogues for ``language`` ("zh_CN" or "en"); returns them (keep them)."""
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        ours = QTranslator(app)
        if ours.load(str(_resource("translations", f"{CATALOGUE}.qm"))):
            app.installTranslator(ours)
            installed.append(ours)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        # Qt's own dialogs and buttons (确定/取消, the file dialog…) in Chinese too.
        qt_own = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load("qtbase_zh_CN", folder):
            app.installTranslator(qt_own)
            installed.append(qt_own)
    return installed


# --- fonts ---------------------------------------------------------------------------


def system_has_cjk_font() -> bool:
    """True if the system (not this app) offers a font for Simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def load_bundled_font() -> str | None:
    """Register WenQuanYi Micro Hei from the package; its family name, or None."""
    font_id = QFontDatabase.addApplicationFont(str(_resource("fonts", FONT_FILE)))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    plain = [f for f in families if "mono" not in f.lower()]
    return (plain or families or [None])[0]


def apply_ui_font(app: QApplication, *, always: bool = False) -> str | None:
    """Make sure Chinese renders: where the system has no CJK font, the bundled one
    becomes the window's font (everywhere else the system's own UI font is kept).

    Returns the family set as the application font, or None when the system's is kept.
    """
    had_cjk = system_has_cjk_font()
    family = load_bundled_font()
    if family is None or (had_cjk and not always):
        return None
    font = QFont(app.font())
    font.setFamilies([family, *app.font().families()])
    app.setFont(font)
    return family


# --- maintenance: lupdate / lrelease -----------------------------------------------------


def package_dir() -> Path:
    return Path(cixi_desktop.__file__).resolve().parent


def catalogue_path() -> Path:
    """The .ts in the checkout (an editable install maps the resources folder)."""
    return Path(str(files("cixi_desktop.resources"))) / "translations" / f"{CATALOGUE}.ts"


def source_files() -> list[Path]:
    base = package_dir()
    found = [p for root in SOURCE_ROOTS for p in sorted((base / root).rglob("*.py"))]
    return found + [base / name for name in SOURCE_FILES if (base / name).exists()]


def _tool(name: str) -> str:
    here = Path(sys.executable).parent
    found = shutil.which(name, path=str(here)) or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6)")
    return found


def run_lupdate(ts: Path) -> None:
    """Merge every tr() string of the sources into ``ts`` (kept translations stay)."""
    sources = [str(p) for p in source_files()]
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *sources,
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished, non-empty translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = "" if translation is None else translation.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            text = "" if translation is None else (translation.text or "").strip()
            if kind == "unfinished" or not text:
                missing.append((name, message.findtext("source", "")))
    return missing


def update_translations() -> int:
    """Refresh the English .ts from the sources and compile the .qm; lists what is missing."""
    ts = catalogue_path()
    ts.parent.mkdir(parents=True, exist_ok=True)
    run_lupdate(ts)
    run_lrelease(ts, ts.with_suffix(".qm"))
    missing = untranslated(ts)
    for context, source in missing:
        print(f"untranslated: [{context}] {source}")
    print(f"{ts}: {len(missing)} message(s) still need English")
    return 1 if missing else 0
