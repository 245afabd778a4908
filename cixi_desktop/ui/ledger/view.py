"""The ledger table: enterprise and project name frozen on the left while the rest scrolls
sideways (a second table laid over the first, sharing its model and selection — Qt's
"frozen column" example), a column chooser on the header, sorting by header click."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QByteArray, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QMenu,
    QTableView,
    QWidget,
)

from cixi_desktop.ui.ledger import columns

_FROZEN = tuple(columns.column_index(k) for k in columns.FROZEN_KEYS)


class LedgerView(QTableView):
    """Shows a ``LedgerModel``; ``frozen_view`` is the overlay holding the frozen columns."""

    columns_changed = Signal()
    """A column was shown, hidden, moved or resized (the window saves the layout)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerView")
        self.frozen_view = QTableView(self)
        self.frozen_view.setObjectName("ledgerFrozenView")
        self._syncing = False
        for view in (self, self.frozen_view):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            view.setWordWrap(False)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
            view.horizontalHeader().setHighlightSections(False)
            view.horizontalHeader().setDefaultAlignment(
                Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter
            )
        self.setAlternatingRowColors(True)
        self.frozen_view.setAlternatingRowColors(True)
        self.setSortingEnabled(False)  # turned on once a model is set
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.horizontalHeader().customContextMenuRequested.connect(self._show_column_menu)
        self.horizontalHeader().sectionResized.connect(self._main_resized)
        self.horizontalHeader().sectionMoved.connect(lambda *_: self._keep_frozen_first())
        self.horizontalHeader().sortIndicatorChanged.connect(self._sync_sort_indicator)

        frozen = self.frozen_view
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setFrameShape(QFrame.Shape.NoFrame)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.horizontalHeader().setSortIndicatorShown(True)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.horizontalHeader().sectionClicked.connect(self._frozen_header_clicked)
        frozen.horizontalHeader().sectionResized.connect(self._frozen_resized)
        frozen.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        frozen.horizontalHeader().customContextMenuRequested.connect(
            lambda pos: self._show_column_menu(
                self.horizontalHeader().mapFromGlobal(frozen.horizontalHeader().mapToGlobal(pos))
            )
        )
        frozen.setStyleSheet(
            "QTableView#ledgerFrozenView { border-right: 1px solid palette(mid); }"
        )
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        frozen.activated.connect(self.activated)

    # --- model and layout -----------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen_view.setModel(model)
        self.frozen_view.setSelectionModel(self.selectionModel())
        if model is None:
            return
        for column in range(model.columnCount()):
            self.frozen_view.setColumnHidden(column, column not in _FROZEN)
        self.reset_columns()
        self.horizontalHeader().setSortIndicator(
            columns.column_index("code"), Qt.SortOrder.AscendingOrder
        )
        self.setSortingEnabled(True)

    def reset_columns(self) -> None:
        """The first-run layout: default columns, widths from the ledger's definition."""
        header = self.horizontalHeader()
        digit = self.fontMetrics().horizontalAdvance("0")
        with_header = self.fontMetrics().horizontalAdvance
        order = [columns.column_index(k) for k in columns.DEFAULT_ORDER]
        order += [i for i in range(len(columns.COLUMNS)) if i not in order]
        self._syncing = True
        try:
            for position, index in enumerate(order):
                visual = header.visualIndex(index)
                if visual != position:
                    header.moveSection(visual, position)
            for index, column in enumerate(columns.COLUMNS):
                text_width = with_header(columns.header_text(column)) + 24
                # A status cell also holds its colour dot.
                values = [with_header(t) + 36 for t in columns.fixed_texts(column)]
                text_width = max([text_width, *values])
                self.setColumnWidth(index, max(column.width * digit + 12, min(text_width, 220)))
                self.setColumnHidden(index, column.key not in columns.DEFAULT_VISIBLE)
        finally:
            self._syncing = False
        self._keep_frozen_first()
        self.columns_changed.emit()

    def save_columns(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_columns(self, state: QByteArray) -> bool:
        header = self.horizontalHeader()
        if not header.restoreState(state) or header.count() != len(columns.COLUMNS):
            self.reset_columns()
            return False
        self._keep_frozen_first()
        self._sync_sort_indicator(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return True

    def _keep_frozen_first(self) -> None:
        """Frozen columns always lead, visible, in their fixed order (under the overlay)."""
        if self._syncing:
            return
        self._syncing = True
        try:
            header = self.horizontalHeader()
            frozen_header = self.frozen_view.horizontalHeader()
            for position, column in enumerate(_FROZEN):
                if header.visualIndex(column) != position:
                    header.moveSection(header.visualIndex(column), position)
                if frozen_header.visualIndex(column) != position:
                    frozen_header.moveSection(frozen_header.visualIndex(column), position)
                self.setColumnHidden(column, False)
                self.frozen_view.setColumnWidth(column, self.columnWidth(column))
        finally:
            self._syncing = False
        self._update_frozen_geometry()
        self.columns_changed.emit()

    def set_column_visible(self, column: int, visible: bool) -> None:
        if column in _FROZEN:
            return
        self.setColumnHidden(column, not visible)
        self.columns_changed.emit()

    def selected_rows(self) -> list[int]:
        """Rows with any selected cell, in order (read from ranges: Ctrl+A on a million
        rows must not build a million indexes)."""
        rows: set[int] = set()
        for selected in self.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def visible_columns(self) -> list[int]:
        """Shown columns in on-screen order."""
        header = self.horizontalHeader()
        ordered = sorted(range(header.count()), key=header.visualIndex)
        return [c for c in ordered if not header.isSectionHidden(c)]

    # --- the column chooser ---------------------------------------------------------

    def column_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("ledgerColumnMenu")
        for index, column in enumerate(columns.COLUMNS):
            action = QAction(columns.header_text(column), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(index))
            action.setEnabled(index not in _FROZEN)
            action.setData(index)
            action.toggled.connect(
                lambda checked, index=index: self.set_column_visible(index, checked)
            )
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("恢复默认列"))
        reset.triggered.connect(self.reset_columns)
        return menu

    def _show_column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    # --- keeping the two tables in step --------------------------------------------

    def _main_resized(self, column: int, _old: int, new: int) -> None:
        if column in _FROZEN and self.frozen_view.columnWidth(column) != new:
            self.frozen_view.setColumnWidth(column, new)
            self._update_frozen_geometry()
        if not self._syncing:
            self.columns_changed.emit()

    def _frozen_resized(self, column: int, _old: int, new: int) -> None:
        if column in _FROZEN and self.columnWidth(column) != new:
            self.setColumnWidth(column, new)

    def _frozen_header_clicked(self, column: int) -> None:
        header = self.horizontalHeader()
        if header.sortIndicatorSection() == column:
            order = (
                Qt.SortOrder.DescendingOrder
                if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder
            )
        else:
            order = Qt.SortOrder.AscendingOrder
        self.sortByColumn(column, order)

    def _sync_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        frozen_header = self.frozen_view.horizontalHeader()
        if column in _FROZEN:
            frozen_header.setSortIndicator(column, order)
        else:
            frozen_header.setSortIndicator(-1, order)

    def _update_frozen_geometry(self) -> None:
        width = sum(self.columnWidth(c) for c in _FROZEN)
        frame = self.frameWidth()
        self.frozen_view.setGeometry(
            frame,
            frame,
            width,
            self.viewport().height() + self.horizontalHeader().height(),
        )
        self.frozen_view.horizontalHeader().setFixedHeight(self.horizontalHeader().height())

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in _FROZEN)

    # --- Qt overrides (names are Qt's) -----------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_frozen_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen_view"):
            self._update_frozen_geometry()

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        # Moving left must not leave the current cell hidden under the frozen columns.
        if (
            action == QAbstractItemView.CursorAction.MoveLeft
            and current.column() not in _FROZEN
            and self.visualRect(current).topLeft().x() < self.frozen_width()
        ):
            target = self.horizontalScrollBar().value() + self.visualRect(current).topLeft().x()
            self.horizontalScrollBar().setValue(target - self.frozen_width())
        return current

    def scrollTo(
        self,
        index: QModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.column() not in _FROZEN:
            super().scrollTo(index, hint)
        elif index.isValid():
            # Frozen cells are always in view sideways: scroll vertically only.
            sideways = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(sideways)
