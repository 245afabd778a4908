"""The service providers of a project, each with its role (总包, 设备供应…).

Providers are a few dozen per city, so the picker holds them all; the list itself is
a small table the user adds to and removes from without a mouse (Enter adds,
Delete removes).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.lookups import ProviderLink, RefItem
from cixi_desktop.ui.forms.field_widgets import RefField
from cixi_desktop.ui.forms.record_editors import ProviderLinks, provider_key

ROLES = ("总包", "设备供应", "软件实施", "系统集成", "咨询诊断", "其他")


class ProvidersField(QWidget):
    edited = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.names: dict[uuid.UUID, str] = {}
        self._links: list[tuple[uuid.UUID, str]] = []
        self.picker = RefField(self._provider_items(), self)
        self.picker.lineEdit().setPlaceholderText(self.tr("输入服务商名称查找"))
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.addItems(list(ROLES))  # stored as typed: data, not interface text
        self.add_button = QPushButton(self.tr("添加"), self)
        self.remove_button = QPushButton(self.tr("移除所选"), self)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("服务商"), self.tr("角色")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker, 0, 0)
        layout.addWidget(self.role, 0, 1)
        layout.addWidget(self.add_button, 0, 2)
        layout.addWidget(self.table, 1, 0, 1, 2)
        layout.addWidget(self.remove_button, 1, 2, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 1)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.picker.lineEdit().returnPressed.connect(self.add_current)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.remove_selected)
        self.setFocusProxy(self.picker)

    def _provider_items(self) -> list[RefItem]:
        rows = lookups.list_providers(self.db)
        self.names = {r.id: r.name for r in rows}
        return [RefItem(str(r.id), r.name) for r in rows]

    def refresh_choices(self) -> None:
        self.picker.set_items(self._provider_items())

    def add_current(self) -> None:
        code = self.picker.raw()
        if not code or not isinstance(code, str):
            return
        try:
            provider_id = uuid.UUID(code)
        except ValueError:
            return  # text that names no provider: nothing to add
        role = self.role.currentText().strip() or ROLES[0]
        if (provider_id, role) not in self._links:
            self._links.append((provider_id, role))
            self._show()
            self.edited.emit()
        self.picker.set_value(None)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows or not self.add_button.isEnabled():
            return
        for row in rows:
            del self._links[row]
        self._show()
        self.edited.emit()

    def _show(self) -> None:
        self.table.setRowCount(len(self._links))
        for row, (pid, role) in enumerate(self._links):
            self.table.setItem(row, 0, QTableWidgetItem(self.names.get(pid, str(pid))))
            self.table.setItem(row, 1, QTableWidgetItem(role))

    # FieldSet protocol
    def raw(self) -> ProviderLinks:
        return provider_key(self._links)

    def set_value(self, value: object) -> None:
        links: Sequence[ProviderLink] = value if isinstance(value, list | tuple) else []
        self._links = [(p.provider_id, p.role) for p in links if isinstance(p, ProviderLink)]
        for p in links:
            if isinstance(p, ProviderLink):
                self.names.setdefault(p.provider_id, p.name)
        self._show()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.picker, self.role, self.add_button, self.remove_button):
            widget.setVisible(not read_only)
            widget.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.picker
