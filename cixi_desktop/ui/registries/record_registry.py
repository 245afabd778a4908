"""What the enterprise and service-provider registries share: a searchable list on the
left, the record's form and its projects on the right; saves go through the services,
onto the undo stack and past the conflict dialog like the project form's."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.lookups import ProjectBrief
from cixi_desktop.ui.conflict_dialog import resolve_conflict
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms.field_set import ERROR_STYLE, FieldSet
from cixi_desktop.ui.forms.project_dialog import ProjectDialog
from cixi_desktop.ui.forms.record_editors import RecordEditor
from cixi_desktop.ui.history import open_history
from cixi_desktop.ui.registries.list_models import (
    EnterpriseListModel,
    ProjectBriefModel,
    ProviderListModel,
)
from cixi_desktop.ui.undo import CreateCommand, EditCommand


class RecordForm(Protocol):
    fields: FieldSet
    errors: dict[str, list[str]]
    validity_changed: Signal

    def check(self) -> bool: ...

    def reveal_errors(self) -> None: ...

    def typed_values(self) -> dict[str, object]: ...

    def load(self, values: Mapping[str, object]) -> None: ...

    def show_service_errors(self, error: ValidationError) -> list[str]: ...


def table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


class RecordRegistry(QWidget):
    """Subclasses provide the list model, the form and the record's reads and writes."""

    entity = ""
    watched: tuple[str, ...] = ()

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack | None,
        model: EnterpriseListModel | ProviderListModel,
        form: QWidget,
        by_provider: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db, self.undo_stack = db, undo_stack
        self.model = model
        self.form: RecordForm = form  # type: ignore[assignment]
        self.current_id: uuid.UUID | None = None
        self.version = 0
        self.base: dict[str, object] = {}
        self._busy = False

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.list_view = table(self)
        self.list_view.setModel(model)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #4B5563;")
        self.new_button = QPushButton(self.tr("新建"), self)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"), self)
        self.history_button = QPushButton(self.tr("历史"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.projects = ProjectBriefModel(by_provider, self)
        self.projects_view = table(self)
        self.projects_view.setModel(self.projects)
        self.projects_title = QLabel(self)
        self.projects_title.setStyleSheet("font-weight: bold;")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addWidget(self.count)
        right = QWidget(self)
        self.buttons_row = buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(form)
        right_layout.addWidget(self.message)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.projects_title)
        right_layout.addWidget(self.projects_view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 680])
        self._size_columns(by_provider)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # filter when typing pauses
        self._search_timer.timeout.connect(lambda: self._filter(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.list_view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form.validity_changed.connect(lambda _ok: self._update_buttons())
        self.form.fields.changed.connect(self._update_buttons)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.history_button.clicked.connect(self._history)
        self.projects_view.activated.connect(self._open_project)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        events().changed.connect(self._data_changed)
        self.model.reload()
        self._show_count()
        self.start_new()
        self.resize(1280, 760)

    def _size_columns(self, by_provider: bool) -> None:
        chars = self.fontMetrics().horizontalAdvance("慈")
        for column, width in enumerate((16, 12, 6, 6, 3, 3)):
            if column < self.model.columnCount():
                self.list_view.setColumnWidth(column, width * chars)
        # The project's name takes the room; the rest fit their contents.
        header = self.projects_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2 if by_provider else 1, QHeaderView.ResizeMode.Stretch)

    # --- hooks --------------------------------------------------------------------

    def read(self, record_id: uuid.UUID) -> tuple[dict[str, object], int, list[ProjectBrief]]:
        raise NotImplementedError

    def create(self, values: dict[str, object]) -> tuple[uuid.UUID, int, str]:
        raise NotImplementedError

    def editor(self, record_id: uuid.UUID) -> RecordEditor:
        raise NotImplementedError

    def describe(self, values: Mapping[str, object]) -> str:
        return str(values.get("name") or "")

    # --- list ---------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        self._search_timer.stop()
        self.model.set_filter(text)
        self._show_count()
        self._select(self.current_id)

    def _show_count(self) -> None:
        total = getattr(self.model, "total", None)
        shown = total if total is not None else self.model.rowCount()
        self.count.setText(self.tr("共 %1 条").replace("%1", f"{shown:,}"))

    def _select(self, record_id: uuid.UUID | None) -> None:
        row = self.model.row_of(record_id)
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        if row < 0:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.list_view.scrollTo(index)
        selection.blockSignals(False)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record_id = self.model.id_at(current.row()) if current.isValid() else None
        if record_id is None or record_id == self.current_id:
            return
        if not self.may_leave():
            self._select(self.current_id)
            return
        self.show_record(record_id)

    # --- the record ---------------------------------------------------------------

    def show_record(self, record_id: uuid.UUID) -> None:
        try:
            values, version, projects = self.read(record_id)
        except NotFound as exc:
            # Gone (deleted, or its creation undone): nothing left to keep in the form.
            self.model.reload()
            self._show_count()
            self.current_id = None
            self.form.fields.load({})
            self.start_new()
            self._say(str(exc), error=True)
            return
        self.current_id, self.version, self.base = record_id, version, dict(values)
        self.form.load(values)
        self.projects.set_projects(projects)
        self.projects_title.setText(
            self.tr("%1 的项目（%2 个，双击打开）")
            .replace("%1", self.describe(values))
            .replace("%2", str(len(projects)))
        )
        self._select(record_id)
        self._say("")
        self._update_buttons()

    def start_new(self) -> None:
        if not self.may_leave():
            return
        self.current_id, self.version, self.base = None, 0, {}
        self.form.load({})
        self.projects.set_projects([])
        self.projects_title.setText(self.tr("新记录保存后，这里列出它的项目"))
        self._select(None)
        self._say("")
        self._update_buttons()
        self.form.fields.rows["name"].input.focus_widget().setFocus()

    def _update_buttons(self) -> None:
        dirty = self.form.fields.is_dirty()
        self.save_button.setEnabled(dirty and not self.form.errors)
        self.history_button.setEnabled(self.current_id is not None)

    def may_leave(self) -> bool:
        if not self.form.fields.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("未保存的修改"),
            self.tr("“%1”有未保存的修改，要保存吗？").replace(
                "%1", self.describe(self.base) or self.tr("新记录")
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> bool:
        if not self.form.check():
            self.form.reveal_errors()
            return False
        values = self.form.typed_values()
        self._busy = True
        try:
            if self.current_id is None:
                return self._create(values)
            return self._update(values)
        except ValidationError as exc:
            loose = self.form.show_service_errors(exc)
            self._say("；".join(loose) or self.tr("未保存，请按红字提示修改"), error=True)
            return False
        except (NotFound, EnvironmentProblem, PermissionDenied) as exc:
            self._say(str(exc), error=True)
            return False
        finally:
            self._busy = False

    def _create(self, values: dict[str, object]) -> bool:
        record_id, version, name = self.create(values)
        if self.undo_stack is not None:
            self.undo_stack.push(
                CreateCommand(
                    self.db,
                    self.entity,
                    record_id,
                    version,
                    self.tr("新建 %1").replace("%1", name),
                    widget=lambda: self,
                )
            )
        events().announce(self.entity, [record_id])
        self.model.reload()
        self._show_count()
        self.show_record(record_id)
        self._say(self.tr("已保存"))
        return True

    def _update(self, values: dict[str, object]) -> bool:
        assert self.current_id is not None
        editor = self.editor(self.current_id)
        after = {k: v for k, v in values.items() if v != self.base.get(k)}
        if not after:
            self.show_record(self.current_id)
            return True
        before = {k: self.base.get(k) for k in after}
        try:
            version = editor.apply(after, self.version)
        except ConflictError:
            theirs, current = editor.current()
            changes = resolve_conflict(
                editor.labels(), self.base, values, theirs, editor.display, self
            )
            if changes is None:
                self._say(self.tr("未保存：记录已被他人修改，您的输入仍保留。"), error=True)
                return False
            before = {k: theirs.get(k) for k in changes}
            after = changes
            version = editor.apply(changes, current) if changes else current
        if after and self.undo_stack is not None:
            self.undo_stack.push(
                EditCommand(
                    editor,
                    before,
                    after,
                    version,
                    self.tr("修改 %1").replace("%1", self.describe(values)),
                    widget=lambda: self,
                )
            )
        events().announce(self.entity, [self.current_id])
        self.model.reload()
        self.show_record(self.current_id)
        self._say(self.tr("已保存"))
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #15803D;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- other windows ------------------------------------------------------------

    def _history(self) -> None:
        if self.current_id is not None:
            open_history(self.db, self.entity, self.current_id, self)

    def _open_project(self, index: QModelIndex) -> None:
        project_id = self.projects.id_at(index.row())
        if project_id is not None and self.undo_stack is not None:
            ProjectDialog.open_existing(self.db, project_id, self.undo_stack, self)

    def _data_changed(self, entity: str, ids: list[object]) -> None:
        if self._busy or entity not in (self.entity, "project", "*"):
            return
        self.model.reload()
        self._show_count()
        if self.current_id is not None and not self.form.fields.is_dirty():
            self.show_record(self.current_id)
        else:
            self._select(self.current_id)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.may_leave():
            event.ignore()
            return
        events().changed.disconnect(self._data_changed)
        super().closeEvent(event)
