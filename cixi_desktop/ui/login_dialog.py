"""The login asked before the main window, on a server database (or a ledger whose admin
turned login on). Three wrong passwords close the program."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store import auth
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem

MAX_TRIES = 3
LAST_NAME_KEY = "login/last_name"


class LoginDialog(QDialog):
    """Asks for a name and password; ``acting`` is the signed-in Database once accepted."""

    def __init__(self, db: Database, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 — 慈溪市智能化技改项目台账"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 26)
        self.db = db
        self.acting: Database | None = None
        self.failures = 0

        layout = QVBoxLayout(self)
        where = QLabel(self.tr("数据库：%1").replace("%1", db.display_name), self)
        where.setObjectName("loginWhere")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)

        form = QFormLayout()
        self.name = QLineEdit(name or _last_name(), self)
        self.name.setObjectName("loginName")
        form.addRow(self.tr("用户名(&U)"), self.name)
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("密码(&P)"), self.password)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password if self.name.text() else self.name).setFocus()

    @property
    def gave_up(self) -> bool:
        """True once the wrong password was given too often (the program then exits)."""
        return self.failures >= MAX_TRIES

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            self._say(self.tr("请输入用户名"))
            self.name.setFocus()
            return
        # scrypt takes a moment by design; the cursor says so.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.acting = auth.authenticate(self.db, name, self.password.text())
        except auth.LoginFailed as exc:
            self.failures += 1
            self.password.clear()
            self.password.setFocus()
            if self.gave_up:
                self.done(QDialog.DialogCode.Rejected)
                return
            left = MAX_TRIES - self.failures
            self._say(
                self.tr("%1（还可以再试 %2 次）").replace("%1", str(exc)).replace("%2", str(left))
            )
            return
        except EnvironmentProblem as exc:
            self._say(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        _remember_name(self.acting.user)
        super().accept()


def _last_name() -> str:
    from cixi_desktop.ui.main_window import window_settings

    return str(window_settings().value(LAST_NAME_KEY, "") or "")


def _remember_name(name: str) -> None:
    from cixi_desktop.ui.main_window import window_settings

    window_settings().setValue(LAST_NAME_KEY, name)


def sign_in(
    db: Database, name: str | None = None, parent: QWidget | None = None
) -> Database | None:
    """``db`` itself when no login is asked; else the Database of whoever signed in, or
    None when they cancelled or gave the wrong password three times."""
    if not auth.login_required(db):
        return db
    dialog = LoginDialog(db, name or "", parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.acting
        return None
    finally:
        dialog.deleteLater()
