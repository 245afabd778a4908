"""备份与恢复 in the window, and a damaged ledger at start or found by the background
check: driven like a person would, through the real start-up path (app.run_app)."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cixi_desktop import app as app_module
from cixi_desktop.store import backups, integrity
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.summaries import headline
from cixi_desktop.ui import crash_dialog
from cixi_desktop.ui.backups_dialog import BackupsDialog, size_text
from cixi_desktop.ui.damaged_dialog import DamagedDialog
from cixi_desktop.ui.main_window import MainWindow
from cixi_desktop.ui.restore_runner import PendingRestore, restore_with_progress

_spec = importlib.util.spec_from_file_location(
    "damaged_ledger", Path(__file__).parents[1] / "unit" / "store" / "damaged_ledger.py"
)
assert _spec is not None and _spec.loader is not None
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


@pytest.fixture
def ledger(db_path: Path) -> Path:
    return sample.build_ledger(db_path)


def _open_dialog(qtbot: QtBot, db: Database, **kwargs: object) -> BackupsDialog:
    dialog = BackupsDialog(db, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _all_checked(dialog: BackupsDialog) -> Callable[[], bool]:
    return lambda: all(b.path in dialog.verified for b in dialog.backups)


def test_lists_backups_newest_first_with_time_reason_size_and_check(
    qtbot: QtBot, ledger: Path
) -> None:
    daily = backups.make_backup(ledger, "daily")
    before_import = backups.make_backup(ledger, "before-import")
    migration = backups.make_backup(ledger, "before-migration-0003")
    sample.damage(migration)  # rotted on disk since it was made
    db = open_database(ledger, user="测试员")
    try:
        dialog = _open_dialog(qtbot, db)
        qtbot.waitUntil(_all_checked(dialog))
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        listed = backups.list_backups(ledger)
        assert [b.path for b in listed] == [migration, before_import, daily]
        assert [r[1] for r in rows] == ["升级前（0003）", "导入前", "每日"]
        assert [r[2] for r in rows] == [size_text(b.size) for b in listed]
        assert all(r[2].endswith((" KB", " MB")) for r in rows)
        assert [r[3] for r in rows] == ["未通过", "通过", "通过"]
        assert rows[0][0] == f"{backups.local_time(listed[0]):%Y-%m-%d %H:%M}"
        assert not dialog.empty.isVisible()
        # The damaged one may not be restored.
        table.selectRow(0)
        assert not dialog.restore_button.isEnabled()
        assert "没有通过检查" in dialog.restore_button.toolTip()
        table.selectRow(1)
        assert dialog.restore_button.isEnabled()
        dialog.grab().save("/tmp/backups_dialog.png")
        dialog.close()
    finally:
        db.close()


def test_backup_now_adds_a_checked_manual_backup(qtbot: QtBot, sqlite_db: Database) -> None:
    dialog = _open_dialog(qtbot, sqlite_db)
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.busy_bar.isVisible() or dialog.table.rowCount() == 1
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert not dialog.busy_bar.isVisible() and dialog.close_button.isEnabled()
    assert dialog.table.item(0, 1).text() == "手动"
    assert dialog.table.item(0, 3).text() == "通过"
    assert [b.reason for b in backups.list_backups(Path(sqlite_db.display_name))] == ["manual"]
    assert "已备份并通过完整性检查" in dialog.status.text()
    dialog.close()


def test_enter_closes_and_never_restores(qtbot: QtBot, ledger: Path) -> None:
    backups.make_backup(ledger, "daily")
    db = open_database(ledger, user="测试员")
    try:
        dialog = _open_dialog(qtbot, db)
        qtbot.waitUntil(_all_checked(dialog))
        dialog.table.selectRow(0)
        dialog.table.setFocus()
        assert dialog.close_button.isDefault()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert not dialog.isVisible()
        assert dialog.result() == QDialog.DialogCode.Rejected and dialog.chosen is None
    finally:
        db.close()


def test_restore_asks_first_and_no_keeps_everything(
    qtbot: QtBot, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backups.make_backup(ledger, "daily")
    asked: list[str] = []

    def say_no(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", say_no)
    db = open_database(ledger, user="测试员")
    try:
        dialog = _open_dialog(qtbot, db)
        qtbot.waitUntil(_all_checked(dialog))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert asked and "当前数据库会先备份" in asked[0]
        assert dialog.isVisible() and dialog.chosen is None
        dialog.close()
    finally:
        db.close()


def test_server_and_read_only_ledgers_cannot_back_up_here(qtbot: QtBot, db: Database) -> None:
    if db.is_sqlite:
        db.read_only_because = "数据库正由 张三 使用，本窗口只能查看，不能修改"
    dialog = _open_dialog(qtbot, db)
    assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
    expected = "张三" if db.is_sqlite else "pg_dump"
    assert expected in dialog.backup_button.toolTip()
    dialog.close()
    window = MainWindow(db)
    qtbot.addWidget(window)
    action = window.backups_action  # type: ignore[attr-defined]
    assert not action.isEnabled() and expected in action.toolTip()
    window.shutdown()


def test_only_an_administrator_restores_when_logins_are_on(qtbot: QtBot, ledger: Path) -> None:
    backups.make_backup(ledger, "daily")
    db = open_database(ledger, user="测试员")
    try:
        db.role = "录入员"  # signed in as a clerk
        dialog = _open_dialog(qtbot, db)
        qtbot.waitUntil(_all_checked(dialog))
        assert dialog.backup_button.isEnabled()
        assert not dialog.restore_button.isEnabled()
        assert "管理员" in dialog.restore_button.toolTip()
        dialog.close()
    finally:
        db.close()


def test_a_refused_restore_is_told_and_leaves_the_ledger(
    qtbot: QtBot, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = backups.make_backup(ledger, "daily")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))

    def refuse(*_args: object) -> None:
        raise EnvironmentProblem("数据库正由 张三 使用，请对方关闭程序后再恢复")

    monkeypatch.setattr(backups, "restore_backup", refuse)
    before = ledger.read_bytes()
    assert not restore_with_progress(PendingRestore(chosen, ledger))
    assert told == ["数据库正由 张三 使用，请对方关闭程序后再恢复"]
    assert ledger.read_bytes() == before


# --- through the real start-up path -------------------------------------------------------


class Script:
    """Steps run by a polling timer that lives through every window and dialog of run_app:
    each step waits for its condition, then acts (never blocking the poll itself)."""

    def __init__(self, steps: list[tuple[Callable[[], object], Callable[[object], None]]]) -> None:
        self.steps = steps
        self.errors: list[BaseException] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        if not self.steps:
            self.timer.stop()
            return
        ready, act = self.steps[0]
        try:
            found = ready()
            if not found:
                return
            self.steps.pop(0)
            act(found)
        except BaseException as exc:  # reported by the test; the windows are closed
            self.errors.append(exc)
            self.steps.clear()
            for widget in QApplication.topLevelWidgets():
                widget.close()


def _visible(kind: type, but_not: object = None) -> Callable[[], object]:
    def find() -> object:
        for widget in QApplication.topLevelWidgets():
            ready = getattr(widget, "attached", True)  # a main window once its ledger is open
            if isinstance(widget, kind) and widget.isVisible() and ready and widget is not but_not:
                return widget
        return None

    return find


def _later(fn: Callable[[], object]) -> None:
    QTimer.singleShot(0, fn)  # a modal dialog's loop must not run inside the poll


@pytest.fixture
def app_run(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash_dialog, "install_excepthook", lambda: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)


def test_restoring_a_chosen_backup_brings_back_its_figures(app_run: None, ledger: Path) -> None:
    before = sample.figures(ledger)
    chosen = backups.make_backup(ledger, "before-import")
    db = open_database(ledger, user="测试员")
    sample.add_projects(db, 5, first=300)
    db.close()
    assert sample.figures(ledger) != before
    seen: dict[str, object] = {}

    def open_backups(window: object) -> None:
        assert isinstance(window, MainWindow)
        seen["first"] = window
        _later(window.backups_action.trigger)  # type: ignore[attr-defined]

    def choose(dialog: object) -> None:
        assert isinstance(dialog, BackupsDialog)
        row = [b.path for b in dialog.backups].index(chosen)
        dialog.table.selectRow(row)
        _later(dialog.restore_button.click)

    def reopened() -> object:
        window = _visible(MainWindow, seen.get("first"))()
        return window if window is not None and "first" in seen else None

    def check_figures(window: object) -> None:
        assert isinstance(window, MainWindow)
        seen["figures"] = headline(window.db)
        _later(window.backups_action.trigger)  # type: ignore[attr-defined]

    def list_again(dialog: object) -> None:
        assert isinstance(dialog, BackupsDialog)
        seen["reasons"] = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        dialog.grab().save("/tmp/backups_dialog_after_restore.png")
        dialog.reject()
        _later(lambda: [w.close() for w in QApplication.topLevelWidgets()])

    script = Script(
        [
            (_visible(MainWindow), open_backups),
            (_visible(BackupsDialog), choose),
            (reopened, check_figures),
            (_visible(BackupsDialog), list_again),
        ]
    )
    assert app_module.run_app(str(ledger), "测试员") == 0
    assert not script.errors, script.errors
    assert seen["figures"] == before
    assert sample.figures(ledger) == before
    # The ledger as it was before the restore is the newest backup, listed as 恢复前.
    assert seen["reasons"][0] == "恢复前"  # type: ignore[index]
    safety = backups.list_backups(ledger)[0]
    assert safety.reason == "before-restore"
    assert sample.figures(safety.path).projects == before.projects + 5


def test_a_damaged_ledger_at_start_offers_its_newest_good_backup(
    app_run: None, ledger: Path
) -> None:
    before = sample.figures(ledger)
    backups.make_backup(ledger, "daily")
    sample.damage(ledger)
    seen: dict[str, object] = {}

    def restore(dialog: object) -> None:
        assert isinstance(dialog, DamagedDialog)
        seen["sentence"] = dialog.findChild(object, "damagedSentence").text()  # type: ignore[union-attr]
        assert dialog.restore_button is not None and dialog.leave_button.isDefault()
        dialog.grab().save("/tmp/damaged_dialog.png")
        _later(dialog.restore_button.click)

    def check(window: object) -> None:
        assert isinstance(window, MainWindow)
        seen["figures"] = headline(window.db)
        _later(window.close)

    script = Script([(_visible(DamagedDialog), restore), (_visible(MainWindow), check)])
    assert app_module.run_app(str(ledger), "测试员") == 0
    assert not script.errors, script.errors
    assert "已损坏" in str(seen["sentence"]) and str(ledger) in str(seen["sentence"])
    assert seen["figures"] == before
    assert list(ledger.parent.glob("ledger.sqlite3.damaged-*"))


def test_a_damaged_ledger_at_start_can_be_left_alone(app_run: None, ledger: Path) -> None:
    sample.damage(ledger)
    damaged = ledger.read_bytes()
    script = Script([(_visible(DamagedDialog), lambda d: _later(d.reject))])  # type: ignore[attr-defined]
    assert app_module.run_app(str(ledger), "测试员") == 3
    assert not script.errors, script.errors
    assert ledger.read_bytes() == damaged


def _leaf_pages(path: Path, table: str) -> list[int]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_damage_found_after_the_window_opened_turns_it_read_only(
    app_run: None, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample.figures(ledger)
    backups.make_backup(ledger, "daily")
    # The audit trail: damaged, yet nothing the window reads at start touches it.
    pages = _leaf_pages(ledger, "audit_entry")
    assert len(pages) > 2
    sample.damage(ledger, first_page=pages[len(pages) // 2], pages=1)
    monkeypatch.setattr(integrity, "SYNC_LIMIT", 4096)  # as if the ledger were large
    seen: dict[str, object] = {}

    def restore(dialog: object) -> None:
        assert isinstance(dialog, DamagedDialog)
        window = dialog.parent()
        assert isinstance(window, MainWindow)
        seen["read_only"] = window.db.read_only_because
        seen["first"] = window
        assert dialog.leave_button.text().startswith("只读查看")
        _later(dialog.restore_button.click)  # type: ignore[union-attr]

    def reopened() -> object:
        return _visible(MainWindow, seen.get("first"))() if "first" in seen else None

    def check(window: object) -> None:
        assert isinstance(window, MainWindow)
        seen["figures"] = headline(window.db)
        _later(window.close)

    script = Script([(_visible(DamagedDialog), restore), (reopened, check)])
    assert app_module.run_app(str(ledger), "测试员") == 0
    assert not script.errors, script.errors
    assert "已损坏" in str(seen["read_only"])
    assert seen["figures"] == before
