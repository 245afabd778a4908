"""The project form's workflow moves and subsidy payments: ask for what a move needs,
record a payment when 已拨付 needs one, write through the services, push on the undo stack."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.money import format_wan
from cixi_desktop.domain.workflow import TRANSITIONS, Need, Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.lookups import ProjectDetail
from cixi_desktop.store.services import projects
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import FieldSet
from cixi_desktop.ui.forms.payment_dialog import PaymentDialog
from cixi_desktop.ui.forms.workflow_buttons import MoveDialog
from cixi_desktop.ui.undo import CreateCommand, EditCommand, StatusMoveCommand

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

_MOVE_DATES = ("actual_start_date", "actual_completion_date", "acceptance_date")


class ProjectWorkflow:
    """Mixed into :class:`ProjectDialog` (after :class:`ProjectSaving`)."""

    db: Database
    undo_stack: QUndoStack | None
    project_id: uuid.UUID | None
    detail: ProjectDetail | None
    fields: FieldSet
    read_only: bool
    _busy: bool

    if TYPE_CHECKING:

        def save(self) -> bool: ...

        def _load(self) -> None: ...

        def _say(self, text: str, error: bool = False) -> None: ...

        def _push(self, command: CreateCommand | EditCommand | StatusMoveCommand) -> None: ...

    def request_move(self, target_name: str) -> None:
        if self.detail is None or self.project_id is None or self.read_only:
            return
        if self.fields.is_dirty():
            answer = QMessageBox.question(
                self,
                translate("ProjectDialog", "先保存"),
                translate(
                    "ProjectDialog", "表单有未保存的修改，需先保存才能变更状态。现在保存吗？"
                ),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Save or not self.save():
                return
        current, target = Status(str(self.detail.values["status"])), Status(target_name)
        needs = TRANSITIONS[current][target]
        macro = False
        if Need.PAYMENT in needs and self.detail.paid_total <= 0:
            answer = QMessageBox.question(
                self,
                translate("ProjectDialog", "需要补助拨付"),
                translate("ProjectDialog", "转为“已拨付”需要先登记补助拨付。现在登记吗？"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            if self.undo_stack is not None:
                self.undo_stack.beginMacro(translate("ProjectDialog", "拨付并转为“已拨付”"))
                macro = True
            if not self.record_payment():
                if macro and self.undo_stack is not None:
                    self.undo_stack.endMacro()
                return
        try:
            self._move(current, target)
        finally:
            if macro and self.undo_stack is not None:
                self.undo_stack.endMacro()

    def _move(self, current: Status, target: Status) -> None:
        assert self.detail is not None and self.project_id is not None
        known = {k: self.detail.values[k] for k in _MOVE_DATES}
        dialog = MoveDialog(current, target, known, self.detail.paid_total, self)  # type: ignore[arg-type]
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            move = dialog.move()
        finally:
            dialog.deleteLater()
        self._busy = True
        try:
            row = projects.change_status(self.db, self.project_id, self.detail.version, move)
        except (ValidationError, EnvironmentProblem, PermissionDenied) as exc:
            self._say(str(exc), error=True)
            return
        except ConflictError:
            self._load()
            self._say(
                translate("ProjectDialog", "项目刚被他人修改，已重新读取；请核对后再变更状态。"),
                error=True,
            )
            return
        finally:
            self._busy = False
        self._push(
            StatusMoveCommand(
                self.db,
                self.project_id,
                move,
                current,
                known,  # type: ignore[arg-type]
                row.version,
                translate("ProjectDialog", "%1：%2 → %3")
                .replace("%1", row.code)
                .replace("%2", labels.status(current))
                .replace("%3", labels.status(target)),
                widget=lambda: self,
            )
        )
        events().announce("project", [self.project_id])
        self._load()
        self._say(translate("ProjectDialog", "状态已变为“%1”").replace("%1", labels.status(target)))

    def record_payment(self) -> bool:
        detail = self.detail
        if detail is None or self.project_id is None:
            return False
        approved = detail.values.get("approved_subsidy")
        if not isinstance(approved, Decimal):
            QMessageBox.information(
                self,
                translate("ProjectDialog", "尚未核定补助"),
                translate("ProjectDialog", "请先填写“核定补助”并保存，再登记拨付。"),
            )
            return False
        dialog = PaymentDialog(approved, detail.paid_total, date.today(), self)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                paid_on, amount, _errors = dialog.values()
                assert paid_on is not None and amount is not None
                try:
                    payment = projects.record_payment(
                        self.db,
                        self.project_id,
                        paid_on,
                        amount,
                        dialog.document_no(),
                        dialog.note(),
                    )
                except ValidationError as exc:
                    dialog.show_service_errors(exc)
                    continue
                except (NotFound, EnvironmentProblem, PermissionDenied) as exc:
                    self._say(str(exc), error=True)
                    return False
                self._push(
                    CreateCommand(
                        self.db,
                        "subsidy_payment",
                        payment.id,
                        payment.version,
                        translate("ProjectDialog", "登记拨付 %1 万元").replace(
                            "%1", format_wan(amount)
                        ),
                        widget=lambda: self,
                        announce_as="project",
                        announce_id=self.project_id,
                    )
                )
                events().announce("project", [self.project_id])
                self._load()
                return True
            return False
        finally:
            dialog.deleteLater()
