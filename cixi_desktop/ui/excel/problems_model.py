"""The import preview's list of problems (row, field, message) as a table model: the list
can run to thousands of lines, so the view reads it lazily instead of copying it into
widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cixi_desktop.reports.excel.importer import Problem

Index = QModelIndex | QPersistentModelIndex
ERROR_COLOR = QColor("#B91C1C")
WARNING_COLOR = QColor("#92400E")


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []
        self._headers = [self.tr("行号"), self.tr("字段"), self.tr("问题"), self.tr("类别")]

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "" if p.row is None else str(p.row)
            if column == 1:
                return p.field
            if column == 2:
                return p.message
            return self.tr("错误（不导入）") if p.level == "error" else self.tr("提示")
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QBrush(ERROR_COLOR if p.level == "error" else WARNING_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return p.message
        return None
