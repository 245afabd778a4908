""" "新建企业" from inside the project form: the enterprise fields in a small dialog;
on save the enterprise exists (through the service) and the form selects it."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem, PermissionDenied
from cixi_desktop.store.lookups import EnterpriseHit
from cixi_desktop.store.services import enterprises
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms.enterprise_form import EnterpriseForm
from cixi_desktop.ui.forms.field_set import ERROR_STYLE, grow_to_fit
from cixi_desktop.ui.undo import CreateCommand


class NewEnterpriseDialog(QDialog):
    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack | None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.undo_stack = db, undo_stack
        self.created: EnterpriseHit | None = None
        self.setWindowTitle(self.tr("新建企业"))
        self.form = EnterpriseForm(db, self, with_former_names=False)
        if name.strip():
            self.form.fields.rows["name"].input.set_value(name.strip())
            self.form.fields.touched.add("name")
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存并选用"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.form.validity_changed.connect(self.save_button.setEnabled)
        self.form.validity_changed.connect(lambda _ok: grow_to_fit(self))
        self.form.check()
        self.resize(720, self.sizeHint().height())

    def save(self) -> None:
        if not self.form.check():
            self.form.reveal_errors()
            return
        try:
            row = enterprises.create_enterprise(self.db, self.form.values())
        except ValidationError as exc:
            loose = self.form.show_service_errors(exc)
            self.message.setText("；".join(loose))
            self.message.setVisible(bool(loose))
            return
        except (EnvironmentProblem, PermissionDenied) as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        town = next((t.name for t in lookups.towns(self.db) if t.code == row.town_code), "")
        self.created = EnterpriseHit(row.id, row.name, row.uscc, town)
        if self.undo_stack is not None:
            self.undo_stack.push(
                CreateCommand(
                    self.db,
                    "enterprise",
                    row.id,
                    row.version,
                    self.tr("新建企业 %1").replace("%1", row.name),
                )
            )
        events().announce("enterprise", [row.id])
        self.accept()
