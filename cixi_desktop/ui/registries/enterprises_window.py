"""The enterprise register: find, edit (former names kept on renaming), add, and see
each enterprise's projects."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton, QWidget

from cixi_desktop.domain.fields import ENTERPRISE_FIELDS
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.lookups import EnterpriseHit, ProjectBrief
from cixi_desktop.store.services import enterprises
from cixi_desktop.ui.forms.enterprise_form import FORMER_NAMES, EnterpriseForm
from cixi_desktop.ui.forms.project_dialog import ProjectDialog
from cixi_desktop.ui.forms.record_editors import EnterpriseEditor, RecordEditor
from cixi_desktop.ui.registries.list_models import EnterpriseListModel
from cixi_desktop.ui.registries.record_registry import RecordRegistry


class EnterprisesWindow(RecordRegistry):
    entity = "enterprise"

    def __init__(
        self, db: Database, undo_stack: QUndoStack | None, parent: QWidget | None = None
    ) -> None:
        self.enterprise_form = EnterpriseForm(db)
        super().__init__(
            db, undo_stack, EnterpriseListModel(db), self.enterprise_form, False, parent
        )
        self.setWindowTitle(self.tr("企业登记"))
        self.search.setPlaceholderText(self.tr("按名称、曾用名或统一社会信用代码查找（Ctrl+F）"))
        self.new_project_button = QPushButton(self.tr("为该企业新建项目"), self)
        self.new_project_button.clicked.connect(self._new_project)
        self.buttons_row.insertWidget(2, self.new_project_button)
        self._update_buttons()

    def read(self, record_id: uuid.UUID) -> tuple[dict[str, object], int, list[ProjectBrief]]:
        detail = lookups.enterprise_detail(self.db, record_id)
        values = dict(detail.values)
        values[FORMER_NAMES] = tuple(detail.former_names)
        return values, detail.version, detail.projects

    def create(self, values: dict[str, object]) -> tuple[uuid.UUID, int, str]:
        names = values.get(FORMER_NAMES) or ()
        fields = {k: v for k, v in values.items() if k in ENTERPRISE_FIELDS}
        row = enterprises.create_enterprise(self.db, fields, list(names))  # type: ignore[call-overload]
        return row.id, row.version, row.name

    def editor(self, record_id: uuid.UUID) -> RecordEditor:
        return EnterpriseEditor(self.db, record_id)

    def describe(self, values: Mapping[str, object]) -> str:
        return str(values.get("name") or "")

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "new_project_button"):
            self.new_project_button.setEnabled(
                self.current_id is not None and self.undo_stack is not None
            )

    def _new_project(self) -> None:
        if self.current_id is None or self.undo_stack is None:
            return
        dialog = ProjectDialog.create_new(self.db, self.undo_stack, self)
        town = str(self.enterprise_form.fields.rows["town_code"].input.currentText())  # type: ignore[union-attr]
        uscc = self.base.get("uscc")
        dialog.sections.picker.choose(
            EnterpriseHit(self.current_id, self.describe(self.base), uscc, town)  # type: ignore[arg-type]
        )
        dialog.fields.rows["name"].input.focus_widget().setFocus()
