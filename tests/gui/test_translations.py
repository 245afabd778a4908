"""Every visible string has English; the catalogue is compiled; the language switch works;
the bundled font renders Chinese."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from cixi_desktop import settings
from cixi_desktop.store.database import Database
from cixi_desktop.ui import i18n
from cixi_desktop.ui.ledger import columns

# The contexts of the ledger window, its filter bar and the application shell.
SHELL_CONTEXTS = {
    "App",
    "CrashDialog",
    "FilterBar",
    "LedgerColumns",
    "LedgerCopy",
    "LedgerView",
    "MainWindow",
    "SettingsDialog",
}


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts merged with what the sources say today (as lupdate would)."""
    ts = tmp_path_factory.mktemp("ts") / "check_en.ts"
    shutil.copyfile(i18n.catalogue_path(), ts)
    i18n.run_lupdate(ts)
    return ts


def test_every_visible_string_has_finished_english(fresh_catalogue: Path) -> None:
    missing = i18n.untranslated(fresh_catalogue)
    listed = "\n".join(f"[{context}] {source}" for context, source in missing[:40])
    assert not missing, (
        f"{len(missing)} string(s) lack English; fill them in "
        f"resources/translations/cixi_desktop_en.ts and run `python dev.py translations`:\n"
        f"{listed}"
    )


def test_ledger_and_shell_strings_have_finished_english(fresh_catalogue: Path) -> None:
    missing = [m for m in i18n.untranslated(fresh_catalogue) if m[0] in SHELL_CONTEXTS]
    assert missing == []
    contexts = {c.findtext("name") for c in ET.parse(fresh_catalogue).getroot().iter("context")}
    assert contexts >= SHELL_CONTEXTS


def test_every_ledger_column_header_is_in_the_catalogue() -> None:
    from cixi_desktop.store.columns import LEDGER_COLUMNS
    from cixi_desktop.ui.ledger.columns import HEADER_SOURCES

    assert {c.label for c in LEDGER_COLUMNS} <= set(HEADER_SOURCES)


def test_compiled_catalogue_matches_the_ts(qapp: QApplication) -> None:
    translator = QTranslator()
    qm = i18n.catalogue_path().with_suffix(".qm")
    assert translator.load(str(qm)), f"{qm} missing: run `python dev.py translations`"
    root = ET.parse(i18n.catalogue_path()).getroot()
    stale = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            node = message.find("translation")
            if node is None or node.get("type") or not (node.text or "").strip():
                continue
            if translator.translate(name, message.findtext("source", "")) != node.text:
                stale.append((name, message.findtext("source")))
    assert stale == [], "the .qm is older than the .ts: run `python dev.py translations`"


@pytest.fixture
def english(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CIXI_DESKTOP_LANG", "en")
    installed = i18n.install_translators(qapp, settings.language())
    assert installed, "the English catalogue loads"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def test_the_window_speaks_english_when_chosen(qtbot, english: None, db: Database) -> None:
    from cixi_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Ledger", "&Registers", "&Help"]
    assert window.filter_bar.keyword.placeholderText().startswith("Search enterprise")
    code = columns.column_index("code")
    assert window.model.headerData(code, Qt.Orientation.Horizontal) == "Project code"
    window.close()


def test_english_columns_are_wide_enough_for_their_english_values(
    qtbot, english: None, db: Database
) -> None:
    """Default widths come from what a column shows in the language in use: a status cell
    says "Acceptance failed" (with its colour dot), not "验收不通过"."""
    from cixi_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.view.reset_columns()
    metrics = window.view.fontMetrics()
    for key in ("status", "above_scale"):
        column = columns.COLUMNS[columns.column_index(key)]
        texts = columns.fixed_texts(column)
        assert "Acceptance failed" in texts or key != "status"
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        assert window.view.columnWidth(columns.column_index(key)) >= widest + 36
    window.close()


def test_chinese_is_the_default(qtbot, db: Database) -> None:
    from cixi_desktop.ui.main_window import MainWindow

    assert settings.language() == "zh_CN"
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert QCoreApplication.translate("MainWindow", "撤销") == "撤销"
    window.close()


def test_settings_dialog_saves_the_language_for_next_start(qtbot) -> None:
    from cixi_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert settings.load()["language"] == "en"
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("重新启动" in text for text in notes), "the dialog says it applies on restart"


def test_bundled_font_renders_chinese(qapp: QApplication) -> None:
    family = i18n.load_bundled_font()
    assert family == "WenQuanYi Micro Hei"
    metrics = QFontMetrics(QFont(family, 10))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "慈溪智能化技改项目台账，（万元）")
    licence = i18n.catalogue_path().parent.parent / "fonts" / "LICENSE-wqy-microhei.txt"
    assert "Apache" in licence.read_text(encoding="utf-8")


def test_bundled_font_becomes_the_ui_font_without_a_system_cjk_font(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = QFont(qapp.font())
    monkeypatch.setattr(i18n, "system_has_cjk_font", lambda: False)
    try:
        assert i18n.apply_ui_font(qapp) == "WenQuanYi Micro Hei"
        assert qapp.font().families()[0] == "WenQuanYi Micro Hei"
    finally:
        qapp.setFont(before)
    monkeypatch.setattr(i18n, "system_has_cjk_font", lambda: True)
    assert i18n.apply_ui_font(qapp) is None
    assert qapp.font() == before
