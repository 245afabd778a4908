"""The filter bar above the ledger: keyword, town, cluster, category, status, plan years,
service provider and 规上 only, freely combined and applied as the user types (after a
short pause, so typing never waits for the database), plus named views saved per user.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from cixi_desktop.store.scope import Scope
from cixi_desktop.ui.attach import attached

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database

DEBOUNCE_MS = 250
VIEW_PREFIX = "saved_view:"


def scope_to_json(scope: Scope) -> dict[str, Any]:
    """The filter as plain JSON values, leaving out what is not set."""
    data = {k: v for k, v in asdict(scope).items() if v not in (None, "", False)}
    if scope.provider_id is not None:
        data["provider_id"] = str(scope.provider_id)
    return data


def scope_from_json(data: object) -> Scope:
    """A filter read back; unknown keys and unreadable values are ignored."""
    if not isinstance(data, dict):
        return Scope()
    values: dict[str, Any] = {}
    for f in fields(Scope):
        value = data.get(f.name)
        if value is None:
            continue
        try:
            if f.name in ("year_from", "year_to"):
                values[f.name] = int(value)
            elif f.name == "provider_id":
                values[f.name] = uuid.UUID(str(value))
            elif f.name == "above_scale_only":
                values[f.name] = bool(value)
            else:
                values[f.name] = str(value)
        except (TypeError, ValueError):
            continue
    return Scope(**values)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class FilterBar(QWidget):
    scope_changed = Signal(object)
    """The filter the user settled on (a ``summaries.Scope``), after the typing pause."""
    leave_down = Signal()
    """Down arrow or Enter in the keyword field: the user wants the table."""

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        """Without ``db`` the bar is laid out but empty and disabled until ``attach``."""
        super().__init__(parent)
        self._db = db
        self._emitted: Scope | None = None
        self._views: dict[str, Scope] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_now)

        self.keyword = QLineEdit(self)
        self.keyword.setObjectName("filterKeyword")
        self.keyword.setPlaceholderText(self.tr("搜索企业名称、曾用名、信用代码、项目名称或编号"))
        self.keyword.setClearButtonEnabled(True)
        self.keyword.installEventFilter(self)
        self.town = self._combo("filterTown", 8)
        self.cluster = self._combo("filterCluster", 10)
        self.category = self._combo("filterCategory", 10)
        self.status = self._combo("filterStatus", 6)
        self.year_from = self._combo("filterYearFrom", 4)
        self.year_to = self._combo("filterYearTo", 4)
        self.provider = self._combo("filterProvider", 16)
        self.above_scale = QCheckBox(self.tr("仅规上企业"), self)
        self.above_scale.setObjectName("filterAboveScale")
        self.reset_button = QPushButton(self.tr("清除筛选"), self)
        self.reset_button.setObjectName("filterReset")
        self.views = self._combo("savedViews", 10)
        self.views.setToolTip(self.tr("已保存的视图：选择即可套用"))
        self.save_view_button = QPushButton(self.tr("保存视图…"), self)
        self.save_view_button.setObjectName("saveView")
        self.delete_view_button = QPushButton(self.tr("删除视图"), self)
        self.delete_view_button.setObjectName("deleteView")

        self._lay_out()
        if db is not None:
            self.reload_choices()
            self.reload_views()
        else:
            self._show_views()
            self.setEnabled(False)

        self.keyword.textChanged.connect(self._changed)
        for combo in (
            self.town,
            self.cluster,
            self.category,
            self.status,
            self.year_from,
            self.year_to,
            self.provider,
        ):
            combo.currentIndexChanged.connect(self._changed)
        self.above_scale.toggled.connect(self._changed)
        self.reset_button.clicked.connect(self.clear)
        self.views.activated.connect(self._view_chosen)
        self.save_view_button.clicked.connect(self._ask_save_view)
        self.delete_view_button.clicked.connect(self._ask_delete_view)
        self._update_buttons()

    def _combo(self, name: str, chars: int = 6) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        # A fixed width in characters: reloading the choices never reflows the window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        return combo

    def _lay_out(self) -> None:
        def labelled(text: str, widget: QWidget) -> QWidget:
            box = QWidget(self)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            label = QLabel(text, box)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            return box

        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        first = QHBoxLayout()
        first.setSpacing(10)
        first.addWidget(self.keyword, 3)
        first.addWidget(labelled(self.tr("镇街(&T)"), self.town))
        first.addWidget(labelled(self.tr("产业集群"), self.cluster))
        first.addWidget(labelled(self.tr("项目类别"), self.category))
        first.addWidget(labelled(self.tr("状态(&Z)"), self.status))
        second = QHBoxLayout()
        second.setSpacing(10)
        years = QWidget(self)
        years_row = QHBoxLayout(years)
        years_row.setContentsMargins(0, 0, 0, 0)
        years_row.setSpacing(4)
        years_label = QLabel(self.tr("计划年度(&Y)"), years)
        years_label.setBuddy(self.year_from)
        years_row.addWidget(years_label)
        years_row.addWidget(self.year_from)
        years_row.addWidget(QLabel(self.tr("至"), years))
        years_row.addWidget(self.year_to)
        second.addWidget(years)
        second.addWidget(labelled(self.tr("服务商"), self.provider))
        second.addWidget(self.above_scale)
        second.addWidget(self.reset_button)
        second.addStretch(1)
        second.addWidget(labelled(self.tr("视图"), self.views))
        second.addWidget(self.save_view_button)
        second.addWidget(self.delete_view_button)
        grid.addLayout(first, 0, 0)
        grid.addLayout(second, 1, 0)

    # --- choices -----------------------------------------------------------------------

    def attach(self, db: Database) -> None:
        """The database is open: fill the pickers and the saved views, and take input."""
        self._db = db
        self.reload_choices()
        self.reload_views()
        self.setEnabled(True)

    @property
    def db(self) -> Database:
        return attached(self._db, "the filter bar")

    def reload_choices(self) -> None:
        """Fill the pickers from the database, keeping what is selected."""
        current = self.scope()
        from cixi_desktop.store import queries

        choices = queries.reference_choices(self.db)
        everything = self.tr("全部")
        any_year = self.tr("不限")
        self._fill(self.town, everything, [(name, code) for code, name in choices.towns])
        self._fill(self.cluster, everything, [(name, code) for code, name in choices.clusters])
        self._fill(self.category, everything, [(name, code) for code, name in choices.categories])
        self._fill(
            self.status,
            everything,
            [(QCoreApplication.translate("Status", name), name) for name, _ in choices.statuses],
        )
        for index, (_name, colour) in enumerate(choices.statuses, start=1):
            self.status.setItemIcon(index, _swatch(colour))
        years = [(str(y), y) for y in choices.years]
        self._fill(self.year_from, any_year, years)
        self._fill(self.year_to, any_year, years)
        self._fill(self.provider, everything, [(name, str(pid)) for pid, name in choices.providers])
        self.set_scope(current, emit=False)

    @staticmethod
    def _fill(combo: QComboBox, blank: str, items: list[tuple[str, object]]) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(blank, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.blockSignals(False)

    # --- the filter ----------------------------------------------------------------------

    def scope(self) -> Scope:
        year_from, year_to = self.year_from.currentData(), self.year_to.currentData()
        if year_from is not None and year_to is not None and year_from > year_to:
            year_from, year_to = year_to, year_from
        provider = self.provider.currentData()
        return Scope(
            year_from=year_from,
            year_to=year_to,
            town_code=self.town.currentData(),
            status=self.status.currentData(),
            category_code=self.category.currentData(),
            cluster_code=self.cluster.currentData(),
            keyword=self.keyword.text().strip(),
            provider_id=uuid.UUID(provider) if provider else None,
            above_scale_only=self.above_scale.isChecked(),
        )

    def set_scope(self, scope: Scope, *, emit: bool = True) -> None:
        """Show ``scope`` in the widgets (values the pickers do not offer are dropped)."""
        widgets: list[QObject] = [
            self.keyword,
            self.town,
            self.cluster,
            self.category,
            self.status,
            self.year_from,
            self.year_to,
            self.provider,
            self.above_scale,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if self.keyword.text() != scope.keyword:
                self.keyword.setText(scope.keyword)
            self._select(self.town, scope.town_code)
            self._select(self.cluster, scope.cluster_code)
            self._select(self.category, scope.category_code)
            self._select(self.status, scope.status)
            self._select(self.year_from, scope.year_from)
            self._select(self.year_to, scope.year_to)
            self._select(self.provider, str(scope.provider_id) if scope.provider_id else None)
            self.above_scale.setChecked(scope.above_scale_only)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._update_buttons()
        if emit:
            self.apply_now()

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data) if data is not None else 0
        combo.setCurrentIndex(max(index, 0))

    def clear(self) -> None:
        self.set_scope(Scope())
        self.keyword.setFocus()

    def apply_now(self) -> None:
        """Emit the filter now (skipping the typing pause) if it changed."""
        self._timer.stop()
        scope = self.scope()
        if scope != self._emitted:
            self._emitted = scope
            self.scope_changed.emit(scope)

    def _changed(self, *_args: object) -> None:
        self._update_buttons()
        self._timer.start()

    def _update_buttons(self) -> None:
        # Once the filter is edited it is no longer the saved view that was chosen.
        chosen = self.views.currentData()
        if chosen is not None and self._views.get(str(chosen)) != self.scope():
            self.views.setCurrentIndex(0)
        self.reset_button.setEnabled(self.scope() != Scope())
        self.delete_view_button.setEnabled(self.views.currentData() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.keyword and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape and self.keyword.text():
                self.keyword.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_now()
                self.leave_down.emit()
                return True
        return super().eventFilter(watched, event)

    # --- saved views -----------------------------------------------------------------------

    def _view_key(self, name: str) -> str:
        return f"{VIEW_PREFIX}{self.db.user}:{name}"

    def saved_views(self) -> dict[str, Scope]:
        from cixi_desktop.store.services import prefs

        stored = prefs.list_prefs(self.db, f"{VIEW_PREFIX}{self.db.user}:")
        return {name: scope_from_json(value) for name, value in sorted(stored.items())}

    def reload_views(self, select: str | None = None) -> None:
        self._views = self.saved_views()
        self._show_views(select)

    def _show_views(self, select: str | None = None) -> None:
        self.views.blockSignals(True)
        self.views.clear()
        self.views.addItem(self.tr("（未选择）"), None)
        for name in self._views:
            self.views.addItem(name, name)
        if select is not None:
            self.views.setCurrentIndex(max(self.views.findData(select), 0))
        self.views.blockSignals(False)
        self._update_buttons()

    def save_view(self, name: str) -> None:
        from cixi_desktop.store.services import prefs

        prefs.put_pref(self.db, self._view_key(name), scope_to_json(self.scope()))
        self.reload_views(select=name)

    def apply_view(self, name: str) -> None:
        scope = self.saved_views().get(name)
        if scope is not None:
            self.set_scope(scope)
            self.reload_views(select=name)

    def delete_view(self, name: str) -> None:
        from cixi_desktop.store.services import prefs

        prefs.delete_pref(self.db, self._view_key(name))
        self.reload_views()

    def _view_chosen(self, index: int) -> None:
        name = self.views.itemData(index)
        if name is not None:
            self.apply_view(str(name))
        self._update_buttons()

    def _ask_save_view(self) -> None:
        current = self.views.currentData()
        name, ok = QInputDialog.getText(
            self,
            self.tr("保存视图"),
            self.tr("视图名称（保存当前的筛选条件）："),
            text=str(current or ""),
        )
        name = name.strip()
        if not ok or not name:
            return
        if name in self.saved_views() and name != current:
            answer = QMessageBox.question(
                self,
                self.tr("保存视图"),
                self.tr("已有名为“%1”的视图，要替换它吗？").replace("%1", name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.save_view(name)

    def _ask_delete_view(self) -> None:
        name = self.views.currentData()
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除视图"),
            self.tr("删除视图“%1”？筛选结果不受影响。").replace("%1", str(name)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_view(str(name))
