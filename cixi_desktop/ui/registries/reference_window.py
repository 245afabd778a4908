"""Reference data: towns (with their validity), industry clusters, project categories.

Edited in place; codes are keys other records point at, so an existing code is
shown but not editable. Each edit is checked against what was read (the tables
have no version column) and audited by the service."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.lookups import RefItem
from cixi_desktop.store.services import registry_edits
from cixi_desktop.store.services.permissions import Permission, allows
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import ERROR_STYLE
from cixi_desktop.ui.history import open_history

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
TOWN_COLUMNS = ("code", "name", "kind", "valid_from", "valid_to", "sort")
OTHER_COLUMNS = ("code", "name", "sort")
TOWN_KINDS = ("街道", "镇", "开发区")


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ReferenceModel(QAbstractTableModel):
    problem = Signal(str)

    def __init__(self, db: Database, table: str, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.db, self.table = db, table
        self.columns = TOWN_COLUMNS if table == "town" else OTHER_COLUMNS
        self.items: list[RefItem] = []
        self.reload()

    def _read(self) -> list[RefItem]:
        if self.table == "town":
            return lookups.towns(self.db)
        if self.table == "cluster":
            return lookups.clusters(self.db)
        return lookups.categories(self.db)

    def reload(self) -> None:
        self.beginResetModel()
        self.items = self._read()
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.columns):
            return labels.field(registry_edits.REF_LABELS[self.columns[section]])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()] != "code":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in (_DISPLAY, _EDIT):
            return None
        item = self.items[index.row()]
        return _shown(item.values()[self.columns[index.column()]])

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        name = self.columns[index.column()]
        item = self.items[index.row()]
        if name == "code" or _shown(value).strip() == self.data(index):
            return False
        try:
            stored = registry_edits.save_reference(
                self.db, self.table, item.code, item.values(), {name: value}
            )
        except (ValidationError, NotFound, EnvironmentProblem, PermissionDenied) as exc:
            self.problem.emit(f"{item.name}：{exc}")
            return False
        except ConflictError:
            self.problem.emit(
                translate("ReferenceModel", "“%1”刚被他人修改，已重新读取").replace("%1", item.name)
            )
            self.reload()
            return False
        self.items[index.row()] = RefItem(
            code=str(stored["code"]),
            name=str(stored["name"]),
            sort=int(stored["sort"]),  # type: ignore[call-overload]
            kind=str(stored.get("kind", "")),
            valid_from=stored.get("valid_from"),  # type: ignore[arg-type]
            valid_to=stored.get("valid_to"),  # type: ignore[arg-type]
        )
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1)
        )
        events().announce("reference", [])
        return True

    def add(self, values: dict[str, object]) -> bool:
        try:
            registry_edits.save_reference(self.db, self.table, None, None, values)
        except (ValidationError, EnvironmentProblem, PermissionDenied) as exc:
            self.problem.emit(str(exc))
            return False
        self.reload()
        events().announce("reference", [])
        return True


class ReferenceTab(QWidget):
    def __init__(self, db: Database, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReferenceModel(db, table, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("代码"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("名称"))
        self.kind = QComboBox(self)
        self.kind.addItems(list(TOWN_KINDS))  # stored values, not interface text
        self.valid_from = QLineEdit(self)
        self.valid_from.setPlaceholderText(self.tr("有效期起，如 2024-1-1"))
        self.sort = QLineEdit(self)
        self.sort.setPlaceholderText(self.tr("排序"))
        self.add_button = QPushButton(self.tr("添加"), self)
        self.history_button = QPushButton(self.tr("所选行的历史"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.code)
        bar.addWidget(self.name, 2)
        if table == "town":
            bar.addWidget(self.kind)
            bar.addWidget(self.valid_from, 1)
        else:
            self.kind.hide()
            self.valid_from.hide()
        bar.addWidget(self.sort)
        bar.addWidget(self.add_button)
        bar.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.table = table
        self.db = db
        if not allows(db, Permission.REFERENCE) or getattr(db, "read_only", False):
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            for widget in (self.code, self.name, self.kind, self.valid_from, self.sort):
                widget.setEnabled(False)
            self.add_button.setEnabled(False)
            self.add_button.setToolTip(self.tr("参考数据由管理员修改"))
        self.add_button.clicked.connect(self._add)
        self.history_button.clicked.connect(self._history)

    def _history(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            code = self.model.items[index.row()].code
            open_history(self.db, f"ref_{self.table}", code, self)

    def _add(self) -> None:
        values: dict[str, object] = {
            "code": self.code.text(),
            "name": self.name.text(),
            "sort": self.sort.text() or "0",
        }
        if self.table == "town":
            values["kind"] = TOWN_KINDS[self.kind.currentIndex()]
            values["valid_from"] = self.valid_from.text()
        if self.model.add(values):
            for field in (self.code, self.name, self.valid_from, self.sort):
                field.clear()


class ReferenceWindow(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("参考数据"))
        self.tabs = QTabWidget(self)
        self.pages: dict[str, ReferenceTab] = {}
        for table, title in (
            ("town", self.tr("镇街与开发区")),
            ("cluster", self.tr("产业集群")),
            ("category", self.tr("项目类别")),
        ):
            page = ReferenceTab(db, table, self)
            page.model.problem.connect(self._problem)
            self.pages[table] = page
            self.tabs.addTab(page, title)
        note = QLabel(
            self.tr("代码被企业和项目引用，不能修改；停用的镇街请填写“有效期止”，不要删除。"),
            self,
        )
        note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.resize(820, 640)

    def _problem(self, text: str) -> None:
        self.message.setText(text)
