"""Merge conflicts held by ``exchange import``: pick one, choose per field, apply.

Each resolution goes through the exchange service (validated, audited as a merge,
the record taking the higher version + 1) and is announced so views refresh.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.services import exchange
from cixi_desktop.store.services.exchange import MINE, THEIRS, ConflictView
from cixi_desktop.ui.events import events
from cixi_desktop.ui.exchange.field_choices import FieldChoices

# Which view refreshes after a resolution (the bus names entities by table).
_ENTITY = {"subsidy_payment": "project"}


class ExchangeDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("合并冲突"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.db = db
        self.views: list[ConflictView] = []

        self.count = QLabel(self)
        self.list = QListWidget(self)
        self.list.setMinimumWidth(240)
        self.fields = FieldChoices(self)
        self.all_mine = QPushButton(self.tr("全部保留本库(&M)"), self)
        self.all_theirs = QPushButton(self.tr("全部采用交换包(&T)"), self)
        self.apply = QPushButton(self.tr("按所选处理(&S)"), self)
        self.apply.setDefault(True)

        right = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_mine)
        buttons.addWidget(self.all_theirs)
        buttons.addStretch(1)
        buttons.addWidget(self.apply)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.fields, 1)
        right_layout.addLayout(buttons)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.list, 1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)

        self.list.currentRowChanged.connect(self._show)
        self.all_mine.clicked.connect(lambda: self.fields.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.fields.choose_all(THEIRS))
        self.apply.clicked.connect(self.resolve_current)
        self.resize(960, 560)
        self.reload()

    def reload(self, keep_row: int = 0) -> None:
        """Read the held conflicts again (after a resolution, or another window's)."""
        self.views = exchange.conflict_views(self.db)
        self.list.blockSignals(True)
        self.list.clear()
        for view in self.views:
            item = QListWidgetItem(view.title, self.list)
            item.setToolTip(self.tr("来自交换包 %1").replace("%1", view.package))
        self.list.blockSignals(False)
        self.count.setText(self.tr("待处理的冲突：%1 条").replace("%1", str(len(self.views))))
        has_any = bool(self.views)
        for button in (self.all_mine, self.all_theirs, self.apply):
            button.setEnabled(has_any)
        if has_any:
            self.list.setCurrentRow(min(keep_row, len(self.views) - 1))
            self._show(self.list.currentRow())
            self.list.setFocus()
        else:
            self.fields.show_conflict(None)

    def _show(self, row: int) -> None:
        self.fields.show_conflict(self.views[row] if 0 <= row < len(self.views) else None)

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def resolve_current(self) -> bool:
        """Apply the choices shown; True when the conflict is settled."""
        view = self.current()
        if view is None:
            return False
        row = self.list.currentRow()
        try:
            exchange.resolve_conflict(self.db, view.id, self.fields.choices())
        except ValidationError as exc:
            self._refused(self.tr("按所选处理会违反规则，请换一种选择：%1").replace("%1", str(exc)))
            return False
        except (PermissionDenied, EnvironmentProblem) as exc:
            self._refused(str(exc))
            return False
        except NotFound as exc:
            self._refused(str(exc))
            self.reload(row)
            return False
        events().announce(_ENTITY.get(view.table, view.table), [view.local_id])
        self.reload(row)
        return True

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("未能处理"), message)


def open_exchange_dialog(db: Database, parent: QWidget | None = None) -> ExchangeDialog:
    """Show the held merge conflicts (文件 → 合并冲突…); returns the open dialog."""
    dialog = ExchangeDialog(db, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
