"""Users and sign-in (admins): the accounts with their roles and towns, adding and
changing them, new passwords, deactivating, and whether a single-user ledger asks for a
login. Every change goes through store/services/users.py, which checks the role again."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store import auth, lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.services import users
from cixi_desktop.store.services.permissions import ROLES, Permission, Role, allows
from cixi_desktop.store.services.users import UserInfo

REFUSALS = (ValidationError, ConflictError, NotFound, PermissionDenied, EnvironmentProblem)


class UsersDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("用户和登录"))
        self.db = db
        self.may_manage = allows(db, Permission.USERS)
        self.found: list[UserInfo] = []
        layout = QVBoxLayout(self)

        headers = [
            self.tr("用户名"),
            self.tr("姓名"),
            self.tr("角色"),
            self.tr("所属镇街"),
            self.tr("状态"),
        ]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the town names vary most
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit_user())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = self._button(self.tr("新增用户(&N)…"), self.add_user, row)
        self.edit_button = self._button(self.tr("修改(&E)…"), self.edit_user, row)
        self.password_button = self._button(self.tr("重设密码(&P)…"), self.reset_password, row)
        self.active_button = self._button(self.tr("停用(&D)"), self.toggle_active, row)
        row.addStretch(1)
        layout.addLayout(row)

        self.require_login = QCheckBox(self.tr("打开本台账时也要求登录(&L)"), self)
        self.require_login.setObjectName("usersRequireLogin")
        self.require_login.setToolTip(
            self.tr("单机台账默认不要求登录；开启后每次打开都要输入用户名和密码。")
        )
        if db.is_sqlite:
            self.require_login.setChecked(auth.login_required(db))
            self.require_login.toggled.connect(self._set_require_login)
        else:
            self.require_login.setChecked(True)
            self.require_login.setEnabled(False)
            self.require_login.setText(self.tr("服务器数据库总是要求登录"))
        layout.addWidget(self.require_login)

        self.note = QLabel(self)
        self.note.setObjectName("usersNote")
        self.note.setWordWrap(True)
        if not self.may_manage:
            self.note.setText(
                self.tr("只有管理员可以管理用户（您的角色：%1）").replace("%1", str(db.role))
            )
        else:
            self.note.hide()
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 44, 360)
        self.reload()

    def _button(self, text: str, slot: object, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def reload(self, select: str | None = None) -> None:
        self.found = users.list_users(self.db)
        self.table.setRowCount(len(self.found))
        for r, info in enumerate(self.found):
            state = self.tr("启用") if info.active else self.tr("已停用")
            cells = (info.name, info.display_name, info.role, info.town_name or "—", state)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not info.active:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(r, c, item)
            if info.name == select:
                self.table.selectRow(r)
        if select is None and self.found:
            self.table.selectRow(0)
        self._update_buttons()

    def current(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.current()
        self.add_button.setEnabled(self.may_manage)
        for button in (self.edit_button, self.password_button, self.active_button):
            button.setEnabled(self.may_manage and info is not None)
        self.require_login.setEnabled(self.may_manage and self.db.is_sqlite)
        self.active_button.setText(
            self.tr("启用(&D)") if info is not None and not info.active else self.tr("停用(&D)")
        )

    def _refused(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.tr("用户和登录"), str(exc))

    def add_user(self) -> None:
        editor = UserEditor(self.db, None, self)
        if editor.exec():
            self.reload(select=editor.saved.name if editor.saved else None)

    def edit_user(self) -> None:
        info = self.current()
        if info is None or not self.may_manage:
            return
        editor = UserEditor(self.db, info, self)
        if editor.exec():
            self.reload(select=info.name)

    def reset_password(self) -> None:
        info = self.current()
        if info is None:
            return
        dialog = PasswordDialog(self.db, info, self)
        if dialog.exec():
            self.reload(select=info.name)

    def toggle_active(self) -> None:
        info = self.current()
        if info is None:
            return
        if info.active:
            asked = QMessageBox.question(
                self,
                self.tr("停用用户"),
                self.tr("停用 %1 后，此人不能再登录。已记录的修改保留。是否停用？").replace(
                    "%1", info.name
                ),
            )
            if asked != QMessageBox.StandardButton.Yes:
                return
        try:
            users.update_user(self.db, info.id, info.version, active=not info.active)
        except REFUSALS as exc:
            self._refused(exc)
        self.reload(select=info.name)

    def _set_require_login(self, on: bool) -> None:
        try:
            users.set_login_required(self.db, on)
        except REFUSALS as exc:
            self._refused(exc)
            self.require_login.blockSignals(True)
            self.require_login.setChecked(auth.login_required(self.db))
            self.require_login.blockSignals(False)


class UserEditor(QDialog):
    """A new account (name, role, town, password) or changes to one (role, town, name)."""

    def __init__(self, db: Database, info: UserInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userEditor")
        self.setWindowTitle(self.tr("新增用户") if info is None else self.tr("修改用户"))
        self.db = db
        self.info = info
        self.saved: UserInfo | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(info.name if info else "", self)
        self.name.setObjectName("userName")
        self.name.setReadOnly(info is not None)
        form.addRow(self.tr("用户名(&U)"), self.name)
        self.display_name = QLineEdit(info.display_name if info else "", self)
        self.display_name.setObjectName("userDisplayName")
        form.addRow(self.tr("姓名(&M)"), self.display_name)
        self.role = QComboBox(self)
        self.role.setObjectName("userRole")
        for role in ROLES:
            self.role.addItem(role.value, role.value)
        self.role.setCurrentIndex(max(self.role.findData(info.role if info else Role.CLERK), 0))
        form.addRow(self.tr("角色(&R)"), self.role)
        self.town = QComboBox(self)
        self.town.setObjectName("userTown")
        self.town.addItem(self.tr("（所有镇街）"), None)
        for town in lookups.towns(db):
            self.town.addItem(town.name, town.code)
        if info and info.town_code:
            self.town.setCurrentIndex(max(self.town.findData(info.town_code), 0))
        form.addRow(self.tr("所属镇街(&T)"), self.town)
        self.password = PasswordFields(form, self)
        if info is not None:
            self.password.hide()
        layout.addLayout(form)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.role.currentIndexChanged.connect(lambda _i: self._role_changed())
        self._role_changed()
        (self.display_name if info else self.name).setFocus()

    def _role_changed(self) -> None:
        # Reviewers and admins work on every town; only a clerk has one.
        clerk = self.role.currentData() == Role.CLERK
        self.town.setEnabled(clerk)
        if not clerk:
            self.town.setCurrentIndex(0)

    def accept(self) -> None:
        town = self.town.currentData()
        try:
            if self.info is None:
                password = self.password.value()
                self.saved = users.create_user(
                    self.db,
                    self.name.text(),
                    password,
                    str(self.role.currentData()),
                    town=town,
                    display_name=self.display_name.text(),
                )
            else:
                self.saved = users.update_user(
                    self.db,
                    self.info.id,
                    self.info.version,
                    role=str(self.role.currentData()),
                    town=town or "",
                    display_name=self.display_name.text(),
                )
        except REFUSALS as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        super().accept()


class _NewPasswordDialog(QDialog):
    """A form with a new password typed twice, a message line and Save/Cancel;
    subclasses add fields above it and say what Save does."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self._add_fields(self.form)
        self.password = PasswordFields(self.form, self)
        layout.addLayout(self.form)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_fields(self, form: QFormLayout) -> None:
        pass

    def _save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self._save()
        except REFUSALS as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        super().accept()


class PasswordDialog(_NewPasswordDialog):
    """An admin sets someone's password."""

    def __init__(self, db: Database, info: UserInfo, parent: QWidget | None = None) -> None:
        self.db = db
        self.info = info
        super().__init__(parent)
        self.setWindowTitle(self.tr("重设 %1 的密码").replace("%1", info.name))
        self.setObjectName("passwordDialog")
        self.password.first.setFocus()

    def _save(self) -> None:
        users.set_password(self.db, self.info.id, self.info.version, self.password.value())


class OwnPasswordDialog(_NewPasswordDialog):
    """The signed-in user changes their own password: the current one, then the new twice."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        self.db = db
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改我的密码（%1）").replace("%1", db.user))
        self.setObjectName("ownPasswordDialog")
        self.current.setFocus()

    def _add_fields(self, form: QFormLayout) -> None:
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassword")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("当前密码(&C)"), self.current)

    def _save(self) -> None:
        users.change_own_password(self.db, self.current.text(), self.password.value())


class PasswordFields:
    """A password typed twice, added to a form."""

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        self.form = form
        self.first = QLineEdit(parent)
        self.first.setObjectName("userPassword")
        self.again = QLineEdit(parent)
        self.again.setObjectName("userPasswordAgain")
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        translate = QCoreApplication.translate
        self.first.setPlaceholderText(
            translate("PasswordFields", "至少 %1 个字符").replace("%1", str(users.MIN_PASSWORD))
        )
        form.addRow(translate("PasswordFields", "密码(&W)"), self.first)
        form.addRow(translate("PasswordFields", "再输入一次(&A)"), self.again)

    def hide(self) -> None:
        for field in (self.first, self.again):
            self.form.setRowVisible(field, False)

    def value(self) -> str:
        if self.first.text() != self.again.text():
            raise ValidationError.single("password", "密码", "两次输入的密码不一致")
        users.check_password(self.first.text())
        return self.first.text()


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("userMessage")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
