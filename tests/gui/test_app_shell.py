"""The application shell: start-up checks, the database error box, the crash dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from cixi_desktop import app as app_module
from cixi_desktop.store.database import Database, data_dir
from cixi_desktop.ui import crash_dialog
from cixi_desktop.ui.crash_dialog import CrashDialog, report_exception


def test_a_system_problem_is_printed_and_exits_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: "没有可用的图形显示")
    assert app_module.run_app(None, None) == 3
    assert "没有可用的图形显示" in capsys.readouterr().err


def test_an_unusable_database_is_a_message_box_and_exit_3(
    qapp: QApplication, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.run_app(str(tmp_path), None) == 3
    assert shown and "文件夹" in shown[0]


def test_the_window_opens_on_the_database_and_closes(
    qapp: QApplication, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cixi_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own
    seen: list[str] = []

    def close_it() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()

    QTimer.singleShot(500, close_it)
    assert app_module.run_app(db.display_name, "测试员") == 0
    assert seen and seen[0].startswith("慈溪市智能化技改项目台账")
    assert sys.excepthook is crash_dialog._hook


def test_crash_dialog_shows_details_to_copy_and_logs_them(qtbot) -> None:
    try:
        raise ValueError("算错了")
    except ValueError as exc:
        dialog = report_exception(type(exc), exc, exc.__traceback__, show=False)
    assert isinstance(dialog, CrashDialog)
    qtbot.addWidget(dialog)
    details = dialog.text.toPlainText()
    assert "ValueError: 算错了" in details and "Traceback" in details
    assert "算错了" in (data_dir() / "crash.log").read_text(encoding="utf-8")
    dialog.copy_details()
    assert QGuiApplication.clipboard().text() == details


def test_an_uncaught_error_opens_the_dialog_and_the_app_goes_on(qtbot) -> None:
    try:
        raise RuntimeError("槽函数里的错误")
    except RuntimeError as exc:
        crash_dialog._hook(type(exc), exc, exc.__traceback__)
    dialogs = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, CrashDialog) and w.isVisible() and "槽函数里的错误" in w.details
    ]
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    dialogs[0].reject()
    qtbot.waitUntil(lambda: not dialogs[0].isVisible())
    assert "槽函数里的错误" in (data_dir() / "crash.log").read_text(encoding="utf-8")
