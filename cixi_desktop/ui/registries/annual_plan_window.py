"""Annual plans: for a year, each town's planned enterprises and investment, edited in
place; each cell saves through the plan service as soon as it is entered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.errors import ValidationError, ValueProblem
from cixi_desktop.domain.money import format_wan, parse_amount
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.lookups import PlanCell
from cixi_desktop.store.services import plans
from cixi_desktop.store.services.permissions import Permission, allows
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms.field_set import ERROR_STYLE

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOWN, ENTERPRISES, INVESTMENT = range(3)


class PlanGridModel(QAbstractTableModel):
    """One row per town valid in the year; ``problem(text)`` when an entry is refused."""

    problem = Signal(str)
    saved = Signal(str)

    def __init__(self, db: Database, year: int, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.db = db
        self.year = year
        self.cells: list[PlanCell] = []
        self.headers = (
            translate("AnnualPlanModel", "镇街"),
            translate("AnnualPlanModel", "计划企业数"),
            translate("AnnualPlanModel", "计划投资（万元）"),
        )
        self.reload()

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.cells = lookups.annual_plan_grid(self.db, self.year)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() != TOWN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        cell = self.cells[index.row()]
        column = index.column()
        if role in (_DISPLAY, _EDIT):
            if column == TOWN:
                return cell.town
            if column == ENTERPRISES:
                return "" if cell.planned_enterprises is None else str(cell.planned_enterprises)
            if cell.planned_investment is None:
                return ""
            return (
                format_wan(cell.planned_investment)
                if role == _DISPLAY
                else format(cell.planned_investment, "f")
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TOWN:
            return _RIGHT
        return None

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or index.column() == TOWN:
            return False
        cell = self.cells[index.row()]
        try:
            enterprises, investment = self._parse(cell, index.column(), value)
        except ValueProblem as exc:
            self.problem.emit(
                translate("AnnualPlanModel", "%1 %2：%3")
                .replace("%1", cell.town)
                .replace("%2", self.headers[index.column()])
                .replace("%3", str(exc))
            )
            return False
        if (enterprises, investment) == (cell.planned_enterprises, cell.planned_investment):
            return False
        try:
            plans.set_annual_plan(
                self.db, self.year, cell.town_code, enterprises, investment, cell.version
            )
        except (ValidationError, NotFound, EnvironmentProblem, PermissionDenied) as exc:
            self.problem.emit(f"{cell.town}：{exc}")
            return False
        except ConflictError:
            self.problem.emit(
                translate("AnnualPlanModel", "%1 的计划刚被他人修改，已重新读取").replace(
                    "%1", cell.town
                )
            )
            self._refresh_row(index.row())
            return False
        self._refresh_row(index.row())
        self.saved.emit(cell.town)
        events().announce("annual_plan", [])
        return True

    def _parse(self, cell: PlanCell, column: int, value: object) -> tuple[int, Decimal]:
        enterprises = cell.planned_enterprises or 0
        investment = cell.planned_investment or Decimal("0.00")
        text = str(value or "").strip()
        if column == ENTERPRISES:
            try:
                enterprises = int(text or 0)
            except ValueError:
                raise ValueProblem(
                    translate("AnnualPlanModel", "应为整数，不是“%1”").replace("%1", text)
                ) from None
            if enterprises < 0:
                raise ValueProblem(translate("AnnualPlanModel", "不能为负数"))
        else:
            investment = parse_amount(text) or Decimal("0.00")
        return enterprises, investment

    def _refresh_row(self, row: int) -> None:
        fresh = {c.town_code: c for c in lookups.annual_plan_grid(self.db, self.year)}
        self.cells[row] = fresh.get(self.cells[row].town_code, self.cells[row])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))


class AnnualPlanWindow(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("年度计划"))
        self.db = db
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setPrefix(self.tr("年度 "))
        self.model = PlanGridModel(db, self.year.value(), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hint = QLabel(
            self.tr("直接输入数字即可修改，回车保存；投资可写 1,200、1200万元 或 0.12亿。"), self
        )
        if not allows(db, Permission.PLANS) or getattr(db, "read_only", False):
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            hint.setText(self.tr("只能查看：年度计划由管理员修改。"))
        hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.year.valueChanged.connect(self.model.set_year)
        self.model.problem.connect(lambda text: self._say(text, True))
        self.model.saved.connect(
            lambda town: self._say(self.tr("%1 的计划已保存").replace("%1", town), False)
        )
        self.resize(560, 700)

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #15803D;")
        self.message.setText(text)
