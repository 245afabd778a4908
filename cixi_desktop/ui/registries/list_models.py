"""Table models of the registries: enterprises (paged from the database as the list
scrolls), service providers, and the projects of one enterprise or provider."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from cixi_desktop.domain.money import format_wan
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.lookups import EnterpriseRow, ProjectBrief, ProviderRow
from cixi_desktop.ui.forms import labels

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _ListModel(QAbstractTableModel):
    """Rows of dataclasses with an ``id``; ``columns`` are (header, cell function)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.rows: list[object] = []
        self.columns: list[tuple[str, Callable[[object], object]]] = []
        self.right_aligned: set[int] = set()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned:
            return _RIGHT
        return None

    def set_rows(self, rows: Sequence[object]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, record_id: uuid.UUID | None) -> int:
        return next((i for i, r in enumerate(self.rows) if getattr(r, "id", None) == record_id), -1)

    def id_at(self, row: int) -> uuid.UUID | None:
        return getattr(self.rows[row], "id", None) if 0 <= row < len(self.rows) else None


def _flag(value: bool) -> str:
    return translate("RegistryModels", "是") if value else ""


class EnterpriseListModel(_ListModel):
    """The enterprise register, a page at a time: the view asks for more as it scrolls."""

    PAGE = 200

    def __init__(self, db: Database, parent: object = None) -> None:
        super().__init__(parent)
        self.db = db
        self.text = ""
        self.total = 0
        self.columns = [
            (translate("RegistryModels", "企业名称"), lambda r: r.name),  # type: ignore[attr-defined]
            (translate("RegistryModels", "统一社会信用代码"), lambda r: r.uscc),  # type: ignore[attr-defined]
            (translate("RegistryModels", "所属镇街"), lambda r: r.town),  # type: ignore[attr-defined]
            (translate("RegistryModels", "产业集群"), lambda r: r.cluster),  # type: ignore[attr-defined]
            (translate("RegistryModels", "规上"), lambda r: _flag(r.above_scale)),  # type: ignore[attr-defined]
            (translate("RegistryModels", "项目数"), lambda r: r.projects),  # type: ignore[attr-defined]
        ]
        self.right_aligned = {5}

    def set_filter(self, text: str) -> None:
        self.text = text
        self.reload(self.PAGE)

    def reload(self, at_least: int | None = None) -> None:
        """Read again (after a change), keeping as many rows as were shown."""
        wanted = max(at_least or len(self.rows), self.PAGE)
        self.beginResetModel()
        self.total = lookups.count_enterprises(self.db, self.text)
        self.rows = list(lookups.list_enterprises(self.db, self.text, None, wanted))
        self.endResetModel()

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid():
            return
        last = self.rows[-1] if self.rows else None
        more: list[EnterpriseRow] = lookups.list_enterprises(
            self.db,
            self.text,
            last if isinstance(last, EnterpriseRow) else None,
            self.PAGE,
        )
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(_ROOT, len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()


class ProviderListModel(_ListModel):
    def __init__(self, db: Database, parent: object = None) -> None:
        super().__init__(parent)
        self.db = db
        self.text = ""
        self.columns = [
            (translate("RegistryModels", "服务商名称"), lambda r: r.name),  # type: ignore[attr-defined]
            (translate("RegistryModels", "所在镇街"), lambda r: r.town),  # type: ignore[attr-defined]
            (translate("RegistryModels", "擅长领域"), lambda r: r.specialty),  # type: ignore[attr-defined]
            (translate("RegistryModels", "联系人"), lambda r: r.contact),  # type: ignore[attr-defined]
            (translate("RegistryModels", "项目数"), lambda r: r.projects),  # type: ignore[attr-defined]
        ]
        self.right_aligned = {4}

    def set_filter(self, text: str) -> None:
        self.text = text
        self.reload()

    def reload(self, at_least: int | None = None) -> None:
        rows: list[ProviderRow] = lookups.list_providers(self.db, self.text)
        self.set_rows(rows)


def _amount(value: Decimal) -> str:
    return format_wan(value)


class ProjectBriefModel(_ListModel):
    """Projects of one enterprise (or, with ``by_provider``, of one service provider)."""

    def __init__(self, by_provider: bool = False, parent: object = None) -> None:
        super().__init__(parent)
        self.columns = [
            (translate("RegistryModels", "项目编号"), lambda r: r.code),  # type: ignore[attr-defined]
            (translate("RegistryModels", "项目名称"), lambda r: r.name),  # type: ignore[attr-defined]
            (translate("RegistryModels", "计划年度"), lambda r: r.plan_year),  # type: ignore[attr-defined]
            (translate("RegistryModels", "状态"), lambda r: labels.status(r.status)),  # type: ignore[attr-defined]
            (
                translate("RegistryModels", "项目总投资（万元）"),
                lambda r: _amount(r.total_investment),  # type: ignore[attr-defined]
            ),
        ]
        self.right_aligned = {4}
        if by_provider:
            self.columns.insert(
                1, (translate("RegistryModels", "企业名称"), lambda r: r.enterprise)
            )  # type: ignore[attr-defined]
            self.columns.append((translate("RegistryModels", "角色"), lambda r: r.role))  # type: ignore[attr-defined]
            self.right_aligned = {5}

    def set_projects(self, projects: Sequence[ProjectBrief]) -> None:
        self.set_rows(projects)
