"""A record's history window: its audit trail and, for a project, its status changes."""

from __future__ import annotations

import contextlib
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import NotFound
from cixi_desktop.ui.events import events
from cixi_desktop.ui.history.models import AuditModel, StatusModel


def _table(model: AuditModel | StatusModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


class HistoryDialog(QDialog):
    def __init__(
        self, db: Database, entity: str, entity_id: uuid.UUID | str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.db, self.entity, self.entity_id = db, entity, entity_id
        self.audit = AuditModel(parent=self)
        self.statuses = StatusModel(parent=self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.tabs = QTabWidget(self)
        self.audit_view = _table(self.audit, self)
        self.tabs.addTab(self.audit_view, self.tr("修改记录"))
        self.status_view: QTableView | None = None
        if entity == "project":
            self.status_view = _table(self.statuses, self)
            self.tabs.addTab(self.status_view, self.tr("状态变更"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        events().changed.connect(self._changed)
        self.refresh()
        self.resize(900, 520)

    def refresh(self) -> None:
        self.audit.set_rows(lookups.audit_trail(self.db, self.entity, self.entity_id))
        title = self._title()
        self.setWindowTitle(self.tr("历史 — %1").replace("%1", title))
        self.heading.setText(title)
        if self.entity == "project" and isinstance(self.entity_id, uuid.UUID):
            try:
                detail = lookups.project_detail(self.db, self.entity_id)
            except NotFound:
                self.statuses.set_rows(lookups.status_history(self.db, self.entity_id))
            else:
                self.statuses.set_rows(detail.status_history)
        for view in (self.audit_view, self.status_view):
            if view is None:
                continue
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            # Old and new values (or document number and reason) share what is left.
            last = view.model().columnCount() - 1
            for column in (last - 1, last):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _title(self) -> str:
        try:
            if self.entity == "project" and isinstance(self.entity_id, uuid.UUID):
                d = lookups.project_detail(self.db, self.entity_id)
                return f"{d.values['code']}　{d.values['name']}"
            if self.entity == "enterprise" and isinstance(self.entity_id, uuid.UUID):
                return str(lookups.enterprise_detail(self.db, self.entity_id).values["name"])
            if self.entity == "service_provider" and isinstance(self.entity_id, uuid.UUID):
                return str(lookups.provider_detail(self.db, self.entity_id, 0).values["name"])
        except NotFound:
            return self.tr("（已删除的记录）")
        return str(self.entity_id)

    def _changed(self, entity: str, ids: list[object]) -> None:
        if entity in (self.entity, "*") and (not ids or self.entity_id in ids):
            self.refresh()

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            events().changed.disconnect(self._changed)
        super().done(result)
