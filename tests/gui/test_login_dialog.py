"""The login before the main window (server mode, or a ledger whose admin turned login on),
and the admin's users dialog, driven like a person would."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cixi_desktop import app as app_module
from cixi_desktop.store import auth
from cixi_desktop.store.database import Database
from cixi_desktop.store.services import users
from cixi_desktop.ui.login_dialog import LoginDialog, sign_in
from cixi_desktop.ui.users_dialog import (
    OwnPasswordDialog,
    PasswordDialog,
    UserEditor,
    UsersDialog,
)


@pytest.fixture
def accounts(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """An admin, a reviewer and a clerk; the ledger asks for a login."""
    monkeypatch.setattr(auth, "COST", auth.ScryptCost(n=2**10, r=8, p=1))
    users.create_user(db, "admin", "admin-password", "管理员", display_name="陈科长")
    users.create_user(db, "li", "li-password", "审核员", display_name="李审核")
    users.create_user(db, "zhang", "zhang-password", "录入员", town="周巷", display_name="张三")
    if db.is_sqlite:
        users.set_login_required(db, True)
    return db


def _try(qtbot, dialog: LoginDialog, name: str, password: str) -> None:
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_three_wrong_passwords_and_the_dialog_gives_up(qtbot: QtBot, accounts: Database) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.open()
    _try(qtbot, dialog, "li", "not-it")
    assert dialog.message.text() == "用户名或密码不正确（还可以再试 2 次）"
    assert dialog.password.text() == "" and dialog.isVisible()
    _try(qtbot, dialog, "nobody", "li-password")
    assert dialog.message.text() == "用户名或密码不正确（还可以再试 1 次）"
    _try(qtbot, dialog, "li", "still-not-it")
    assert dialog.gave_up and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.acting is None


def test_an_empty_name_is_asked_for_and_not_counted(qtbot: QtBot, accounts: Database) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.open()
    _try(qtbot, dialog, "", "whatever")
    assert dialog.message.text() == "请输入用户名" and dialog.failures == 0
    assert dialog.isVisible()


def test_the_right_password_signs_in_and_the_name_is_remembered(
    qtbot: QtBot,
    accounts: Database,
) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.open()
    _try(qtbot, dialog, "LI", "li-password")
    assert dialog.result() == QDialog.DialogCode.Accepted
    acting = dialog.acting
    assert acting is not None
    try:
        assert (acting.user, acting.role, acting.town_code) == ("li", "审核员", None)
    finally:
        acting.close()
    again = LoginDialog(accounts)
    qtbot.addWidget(again)
    assert again.name.text() == "li"
    # The name is there already: the cursor waits in the password field.
    assert again.focusWidget() is again.password


def test_a_single_user_ledger_asks_nothing(qapp: QApplication, db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("a server database always asks once it has users")
    assert sign_in(db) is db
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]


def _drive_app(steps: Callable[[], bool]) -> QTimer:
    """Call ``steps`` on every turn of the event loop until it says it is done."""
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: steps() and timer.stop())
    timer.start()
    return timer


def _open_windows(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_the_app_asks_for_a_login_before_the_main_window(
    qapp: QApplication, accounts: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cixi_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own
    seen: list[tuple[str, str | None, str | None]] = []

    def steps() -> bool:
        for dialog in _open_windows(LoginDialog):
            if not seen:
                assert not _open_windows(MainWindow)  # nothing of the ledger shows before
                dialog.name.setText("zhang")
                dialog.password.setText("zhang-password")
                dialog.sign_in_button.click()
        for window in _open_windows(MainWindow):
            seen.append((window.db.user, window.db.role, window.db.town_code))
            window.close()
            return True
        return False

    timer = _drive_app(steps)
    assert app_module.run_app(accounts.display_name, None) == 0
    timer.stop()
    assert seen == [("zhang", "录入员", "330282121")]


def test_three_wrong_passwords_close_the_app_without_a_window(
    qapp: QApplication, accounts: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cixi_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(app_module.qtcheck, "check_system", lambda: None)
    windows: list[object] = []

    def steps() -> bool:
        windows.extend(_open_windows(MainWindow))
        for dialog in _open_windows(LoginDialog):
            dialog.name.setText("admin")
            dialog.password.setText("guess")
            dialog.sign_in_button.click()
        return False

    timer = _drive_app(steps)
    assert app_module.run_app(accounts.display_name, "admin") == 1
    timer.stop()
    assert windows == []


# --- the users dialog ----------------------------------------------------------------------


def _as(db: Database, name: str) -> Database:
    return auth.authenticate(db, name, f"{name}-password")


def test_the_admin_sees_every_account_and_adds_a_clerk(qtbot: QtBot, accounts: Database) -> None:
    admin = _as(accounts, "admin")
    try:
        dialog = UsersDialog(admin)
        qtbot.addWidget(dialog)
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
        assert rows == [
            ["admin", "陈科长", "管理员", "—", "启用"],
            ["li", "李审核", "审核员", "—", "启用"],
            ["zhang", "张三", "录入员", "周巷镇", "启用"],
        ]
        assert dialog.add_button.isEnabled() and not dialog.note.isVisibleTo(dialog)

        editor = UserEditor(admin, None, dialog)
        qtbot.addWidget(editor)
        qtbot.keyClicks(editor.name, "wang")
        editor.display_name.setText("王五")  # QTest types ASCII only; an IME commits the rest
        assert editor.town.isEnabled()  # a clerk (the default role) has a town
        editor.town.setCurrentIndex(editor.town.findText("坎墩街道"))
        qtbot.keyClicks(editor.password.first, "wang-password")
        qtbot.keyClicks(editor.password.again, "wang-password")
        editor.accept()
        assert editor.result() == QDialog.DialogCode.Accepted
        dialog.reload(select="wang")
        current = dialog.current()
        assert current is not None and current.name == "wang"
        assert users.find_user(accounts, "wang").town_name == "坎墩街道"
        auth.authenticate(accounts, "wang", "wang-password").close()
    finally:
        admin.close()


def test_the_editor_says_what_is_wrong_and_saves_nothing(qtbot: QtBot, accounts: Database) -> None:
    admin = _as(accounts, "admin")
    try:
        editor = UserEditor(admin, None)
        qtbot.addWidget(editor)
        editor.show()
        editor.name.setText("wang")
        editor.password.first.setText("wang-password")
        editor.password.again.setText("wang-passwort")
        editor.accept()
        assert editor.message.text() == "密码：两次输入的密码不一致"
        editor.password.again.setText("wang-password")
        editor.accept()  # a clerk without a town
        assert editor.message.text() == "所属镇街：录入员必须指定所属镇街"
        assert editor.isVisible() and [u.name for u in users.list_users(admin)] == [
            "admin",
            "li",
            "zhang",
        ]
        editor.role.setCurrentIndex(editor.role.findData("审核员"))
        assert not editor.town.isEnabled()  # reviewers work on every town
        editor.accept()
        assert users.find_user(admin, "wang").role == "审核员"
    finally:
        admin.close()


def test_a_new_password_and_deactivating(
    qtbot: QtBot,
    accounts: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    admin = _as(accounts, "admin")
    try:
        dialog = UsersDialog(admin)
        qtbot.addWidget(dialog)
        dialog.reload(select="zhang")
        zhang = dialog.current()
        assert zhang is not None
        change = PasswordDialog(admin, zhang, dialog)
        qtbot.addWidget(change)
        change.password.first.setText("zhang-new-pass")
        change.password.again.setText("zhang-new-pass")
        change.accept()
        assert change.result() == QDialog.DialogCode.Accepted
        auth.authenticate(accounts, "zhang", "zhang-new-pass").close()

        dialog.reload(select="zhang")
        assert dialog.active_button.text() == "停用(&D)"
        dialog.active_button.click()
        assert dialog.current().active is False  # type: ignore[union-attr]
        assert dialog.active_button.text() == "启用(&D)"
        with pytest.raises(auth.LoginFailed, match="已停用"):
            auth.authenticate(accounts, "zhang", "zhang-new-pass")
    finally:
        admin.close()


def test_the_last_admin_cannot_be_deactivated_from_the_dialog(
    qtbot: QtBot,
    accounts: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    admin = _as(accounts, "admin")
    try:
        dialog = UsersDialog(admin)
        qtbot.addWidget(dialog)
        dialog.reload(select="admin")
        dialog.active_button.click()
        assert warned == ["角色：admin 是唯一启用的管理员，不能停用或改为其他角色"]
        assert dialog.current().active  # type: ignore[union-attr]
    finally:
        admin.close()


def test_turning_login_on_and_off(qtbot: QtBot, accounts: Database) -> None:
    admin = _as(accounts, "admin")
    try:
        dialog = UsersDialog(admin)
        qtbot.addWidget(dialog)
        box = dialog.require_login
        assert box.isChecked()
        if not admin.is_sqlite:
            assert not box.isEnabled() and box.text() == "服务器数据库总是要求登录"
            return
        box.click()
        assert not box.isChecked() and not auth.login_required(accounts)
        box.click()
        assert auth.login_required(accounts)
    finally:
        admin.close()


def test_a_clerk_sees_the_accounts_but_cannot_change_them(qtbot: QtBot, accounts: Database) -> None:
    clerk = _as(accounts, "zhang")
    try:
        dialog = UsersDialog(clerk)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.rowCount() == 3
        assert dialog.note.isVisible()
        assert dialog.note.text() == "只有管理员可以管理用户（您的角色：录入员）"
        buttons = (dialog.add_button, dialog.edit_button, dialog.password_button)
        assert not any(b.isEnabled() for b in (*buttons, dialog.active_button))
        assert not dialog.require_login.isEnabled()
    finally:
        clerk.close()


def test_a_clerk_changes_their_own_password(qtbot: QtBot, accounts: Database) -> None:
    zhang = _as(accounts, "zhang")
    try:
        dialog = OwnPasswordDialog(zhang)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "修改我的密码（zhang）"
        qtbot.keyClicks(dialog.current, "not-my-password")
        dialog.password.first.setText("zhang-new-pass")
        dialog.password.again.setText("zhang-new-pass")
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "当前密码不正确" in dialog.message.text()
        auth.authenticate(accounts, "zhang", "zhang-password").close()  # unchanged

        dialog.current.setText("zhang-password")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        auth.authenticate(accounts, "zhang", "zhang-new-pass").close()
    finally:
        zhang.close()
