"""Table models of a record's history: the audit trail and the status changes.

A record's history is bounded (one row per changed field), so each model holds
its rows; they are read again when the record changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from cixi_desktop.store.lookups import AuditRow, StatusRow
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.history.time_format import local_time

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
EMPTY = "—"
_ROOT = QModelIndex()


def action_text(action: str) -> str:
    return {
        "create": translate("HistoryModels", "新建"),
        "update": translate("HistoryModels", "修改"),
        "delete": translate("HistoryModels", "删除"),
        "restore": translate("HistoryModels", "恢复"),
    }.get(action, action)


class _RowsModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, rows: Sequence[object] = (), parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.rows = list(rows)

    def set_rows(self, rows: Sequence[object]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def cell(self, row: object, column: int) -> str:
        raise NotImplementedError

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in (_DISPLAY, _TOOLTIP):
            return None
        return self.cell(self.rows[index.row()], index.column())


class AuditModel(_RowsModel):
    """Who, when, what, field, old → new; newest first."""

    def __init__(self, rows: Sequence[AuditRow] = (), parent: object = None) -> None:
        self.headers = (
            translate("HistoryModels", "时间"),
            translate("HistoryModels", "操作人"),
            translate("HistoryModels", "操作"),
            translate("HistoryModels", "字段"),
            translate("HistoryModels", "原值"),
            translate("HistoryModels", "新值"),
        )
        super().__init__(rows, parent)

    def cell(self, row: object, column: int) -> str:
        assert isinstance(row, AuditRow)
        action = action_text(row.action)
        if row.entity == "subsidy_payment":
            action = translate("HistoryModels", "补助拨付·") + action
        values = (
            local_time(row.at),
            row.user,
            action,
            labels.field(row.label) if row.label else "",
            row.old if row.old is not None else EMPTY,
            row.new if row.new is not None else EMPTY,
        )
        return values[column]


class StatusModel(_RowsModel):
    """The project's status changes in order, with document number and reason."""

    def __init__(self, rows: Sequence[StatusRow] = (), parent: object = None) -> None:
        self.headers = (
            translate("HistoryModels", "时间"),
            translate("HistoryModels", "操作人"),
            translate("HistoryModels", "原状态"),
            translate("HistoryModels", "新状态"),
            translate("HistoryModels", "文号"),
            translate("HistoryModels", "原因/说明"),
        )
        super().__init__(rows, parent)

    def cell(self, row: object, column: int) -> str:
        assert isinstance(row, StatusRow)
        values = (
            local_time(row.at),
            row.by,
            labels.status(row.from_status) if row.from_status else EMPTY,
            labels.status(row.to_status),
            row.document_no,
            row.reason,
        )
        return values[column]
