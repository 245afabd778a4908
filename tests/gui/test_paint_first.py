"""The window painted before its database (app.py's start order) and attached after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from cixi_desktop import app as app_module
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.scope import Scope
from cixi_desktop.store.services import users
from cixi_desktop.ui import login_dialog
from cixi_desktop.ui.main_window import MainWindow, window_settings


def settled(window: MainWindow) -> bool:
    return (
        window.attached
        and window.model.rowCount() > 0
        and not window.model.is_loading()
        and "计算" not in window.totals_label.text()
        and window.totals_label.text() != ""
    )


def test_the_empty_window_paints_holds_its_commands_and_comes_alive_when_attached(
    qtbot, demo_db: Database
) -> None:
    where = demo_db.display_name
    window = MainWindow(None, where=where)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.grab().isNull()  # paints without a database
    assert Path(where).name in window.windowTitle()
    assert window.model.rowCount() == 0
    assert window.model.columnCount() > 0  # the table already has its columns
    assert window.loading_label.text() == "正在打开台账…"
    assert not window.filter_bar.isEnabled()
    held = [window.new_project_action, window.refresh_action, window.enterprises_action]
    assert not any(action.isEnabled() for action in held)
    assert window.quit_action.isEnabled()  # leaving is always possible
    window.refresh_action.trigger()  # held: nothing happens, nothing breaks
    assert window.model.rowCount() == 0

    window.attach(demo_db)
    qtbot.waitUntil(lambda: settled(window), timeout=15_000)
    assert window.filter_bar.isEnabled()
    assert window.filter_bar.town.count() > 1  # choices read from the ledger
    assert all(action.isEnabled() for action in held)
    assert window.loading_label.text() == ""
    assert window.model.row_data(0) is not None
    window.close()


def test_closing_before_the_ledger_opens_keeps_the_remembered_filter(
    qtbot, demo_db: Database
) -> None:
    first = MainWindow(demo_db)
    qtbot.addWidget(first)
    first.show()
    first.filter_bar.set_scope(Scope(year_from=2018, year_to=2018, keyword="智能"))
    qtbot.waitUntil(lambda: first.model.scope == first.current_scope(), timeout=10_000)
    first.close()
    remembered = json.loads(str(window_settings().value("ledger/filter")))
    assert remembered["keyword"] == "智能"

    shell = MainWindow(None, where=demo_db.display_name)
    qtbot.addWidget(shell)
    shell.show()
    shell.close()  # before any database: its empty filter is not what the user chose
    assert json.loads(str(window_settings().value("ledger/filter"))) == remembered

    again = MainWindow(demo_db)
    qtbot.addWidget(again)
    assert again.current_scope() == Scope(year_from=2018, year_to=2018, keyword="智能")
    again.close()


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            self.painted.append(watched)
        return False


@pytest.fixture
def app_run(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> PaintWatch:
    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)  # run_app sets its own
    watch = PaintWatch()
    qapp.installEventFilter(watch)
    yield watch
    qapp.removeEventFilter(watch)


def _close_windows_when_ready() -> None:
    def close_them() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()  # not an earlier test's window
        ]
        if not any(w.attached and w.model.rowCount() for w in windows):
            QTimer.singleShot(50, close_them)
            return
        for w in windows:
            w.close()

    QTimer.singleShot(50, close_them)


def test_a_local_ledger_is_opened_after_its_window_is_painted(
    app_run: PaintWatch, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_db.display_name
    demo_db.close()  # the app opens it itself, as the only writer
    attached: list[tuple[MainWindow, list[QObject]]] = []
    real_attach = MainWindow.attach

    def attach(self: MainWindow, db: Database) -> None:
        attached.append((self, list(app_run.painted)))
        real_attach(self, db)

    monkeypatch.setattr(MainWindow, "attach", attach)
    _close_windows_when_ready()
    assert app_module.run_app(path, None) == 0
    assert len(attached) == 1
    window, painted_before = attached[0]
    assert painted_before and all(w is window for w in painted_before)


def test_a_ledger_that_asks_a_login_shows_no_window_before_it(
    app_run: PaintWatch, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cixi_desktop.store import auth

    monkeypatch.setattr(auth, "COST", auth.ScryptCost(n=2**10, r=8, p=1))
    db = open_database(db_path, user="测试员")
    users.create_user(db, "admin", "admin-password", "管理员")
    users.set_login_required(db, True)
    db.close()
    windows_at_login: list[list[QObject]] = []

    def cancelled_login(opened: Database, name: str | None = None, parent: object = None) -> None:
        windows_at_login.append(
            [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            ]
        )
        return None

    monkeypatch.setattr(login_dialog, "sign_in", cancelled_login)
    assert app_module.run_app(str(db_path), None) == 1  # cancelled: nothing opened
    assert windows_at_login == [[]]
    assert app_run.painted == []


def test_a_ledger_that_cannot_be_read_after_the_paint_is_a_sentence_and_no_window(
    app_run: PaintWatch, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cixi_desktop.store.errors import EnvironmentProblem

    path = demo_db.display_name
    demo_db.close()

    def locked(self: MainWindow, db: Database) -> None:
        raise EnvironmentProblem("台账正被另一个程序锁定")

    shown: list[tuple[str, list[MainWindow]]] = []

    def critical(parent: object, title: str, text: str) -> None:
        visible = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        shown.append((text, visible))

    monkeypatch.setattr(MainWindow, "attach", locked)
    monkeypatch.setattr(QMessageBox, "critical", critical)
    assert app_module.run_app(path, None) == 3
    assert app_run.painted  # the empty window had been shown…
    assert shown == [("台账正被另一个程序锁定", [])]  # …and is gone when the sentence comes
