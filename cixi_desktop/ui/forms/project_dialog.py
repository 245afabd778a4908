"""The project form: new, edit and read-only view, one non-modal window per project.

Every write goes through the project services; each successful write is announced
on the data bus and pushed on the undo stack. A save that finds the record changed
underneath opens the conflict dialog instead of overwriting anything.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from cixi_desktop.domain.fields import PROJECT_FIELDS, clean_fields
from cixi_desktop.domain.money import format_wan
from cixi_desktop.domain.reference import load_statuses
from cixi_desktop.domain.subsidy import SubsidyResult
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import NotFound, PermissionDenied
from cixi_desktop.store.lookups import ProjectDetail
from cixi_desktop.store.services.permissions import (
    Permission,
    allows,
    move_permission,
    require,
)
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import INVALID_CSS
from cixi_desktop.ui.forms.form_checks import check_project
from cixi_desktop.ui.forms.new_enterprise_dialog import NewEnterpriseDialog
from cixi_desktop.ui.forms.project_saving import ProjectSaving
from cixi_desktop.ui.forms.project_sections import ENTERPRISE, PROVIDERS, ProjectSections
from cixi_desktop.ui.forms.project_workflow import ProjectWorkflow
from cixi_desktop.ui.forms.workflow_buttons import WorkflowBar
from cixi_desktop.ui.history import open_history
from cixi_desktop.ui.history.time_format import local_time

_SUBSIDY_FIELDS = ("approved_subsidy", "subsidy_override_reason")
_STATUS_COLORS = {s.name: s.color for s in load_statuses()}
_BANNER_STYLE = "background: #FEF3C7; color: #78350F; padding: 4px 8px; border-radius: 3px;"


class ProjectDialog(ProjectSaving, ProjectWorkflow, QDialog):
    _open: ClassVar[dict[tuple[uuid.UUID, bool], ProjectDialog]] = {}
    # Windows without a parent live until closed, not until the caller drops them.
    _parentless: ClassVar[set[ProjectDialog]] = set()

    @classmethod
    def _keep(cls, dialog: ProjectDialog) -> ProjectDialog:
        if dialog.parentWidget() is None:
            cls._parentless.add(dialog)
        dialog.show()
        return dialog

    @classmethod
    def create_new(
        cls, db: Database, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> ProjectDialog:
        return cls._keep(cls(db, undo_stack, parent))

    @classmethod
    def open_existing(
        cls,
        db: Database,
        project_id: uuid.UUID,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        read_only: bool = False,
    ) -> ProjectDialog:
        """Show the project's window (raising it if it is already open)."""
        read_only = read_only or bool(getattr(db, "read_only", False))
        existing = cls._open.get((project_id, read_only))
        if existing is not None and not Shiboken.isValid(existing):
            cls._open.pop((project_id, read_only), None)
            existing = None
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        return cls._keep(cls(db, undo_stack, parent, project_id=project_id, read_only=read_only))

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack | None,
        parent: QWidget | None = None,
        *,
        project_id: uuid.UUID | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setModal(False)
        self.db, self.undo_stack = db, undo_stack
        self.project_id = project_id
        # A database another process is writing to can only be looked at.
        self.read_only = read_only or bool(getattr(db, "read_only", False))
        self.detail: ProjectDetail | None = None
        self.errors: dict[str, list[str]] = {}
        self.show_all = project_id is not None
        self.computed: SubsidyResult | None = None
        self._subsidy_key: tuple[object, ...] | None = None
        self._gone = False
        self._refusal = ""  # why this user may not edit this project (a clerk, another town)
        self._busy = False
        self._service_errors: dict[str, list[str]] = {}
        self._service_raw: dict[str, object] = {}

        self.sections = ProjectSections(db, self)
        self.fields = self.sections.fields
        self._build()
        self._connect()
        if project_id is None:
            self._start_new()
        else:
            self._register()
            self._load()
        self._show_standing_notice()
        self.resize(940, 780)

    # --- layout -------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel(self)
        self.workflow = WorkflowBar(self)
        self.info = QLabel(self)
        self.info.setStyleSheet("color: #4B5563;")
        self.banner = QLabel(self)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sections)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.history_button = QPushButton(self.tr("历史"), self)
        self.history_button.setToolTip(self.tr("修改记录和状态变更"))
        self.pending = QLabel(self)
        self.pending.setStyleSheet("color: #6B7280;")
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"), self)
        self.close_button = QPushButton(self.tr("关闭 (Esc)"), self)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge)
        head.addWidget(self.workflow)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.pending, 1, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.info)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.setStyleSheet(INVALID_CSS)
        # Enter in a field must not press a button: people press it to end a cell.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        last = self.sections.fields.rows["notes"].input.focus_widget()
        QWidget.setTabOrder(last, self.save_button)
        QWidget.setTabOrder(self.save_button, self.close_button)
        QWidget.setTabOrder(self.close_button, self.history_button)

    def _connect(self) -> None:
        self.fields.changed.connect(self._check)
        self.sections.picker.create_requested.connect(self._new_enterprise)
        self.sections.picker.edited.connect(self._show_enterprise)
        self.sections.use_computed.clicked.connect(self._use_computed)
        self.sections.pay_button.clicked.connect(self.record_payment)
        self.workflow.move_requested.connect(self.request_move)
        self.history_button.clicked.connect(self._history)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self._new_project)
        events().changed.connect(self._data_changed)

    def _register(self) -> None:
        if self.project_id is not None:
            ProjectDialog._open[(self.project_id, self.read_only)] = self

    def done(self, result: int) -> None:
        if self.project_id is not None:
            ProjectDialog._open.pop((self.project_id, self.read_only), None)
        ProjectDialog._parentless.discard(self)
        with contextlib.suppress(RuntimeError, TypeError):
            events().changed.disconnect(self._data_changed)
        super().done(result)

    # --- loading ------------------------------------------------------------------

    def _start_new(self) -> None:
        self.fields.load({"plan_year": date.today().year})
        self.setWindowTitle(self.tr("新建项目"))
        self.title.setText(self.tr("新建项目"))
        self._set_badge(str(Status.PLANNED))
        self.info.setText(self.tr("保存后状态为“计划”；项目编号留空时自动生成。"))
        self._apply_mode()
        self._check()
        self.sections.picker.setFocus()

    def _load(self) -> None:
        assert self.project_id is not None
        try:
            detail = lookups.project_detail(self.db, self.project_id)
        except NotFound:
            self._gone = True
            self._show_banner(self.tr("该项目已被删除（或撤销了新建），现只能查看。"))
            self._apply_mode()
            return
        self._gone = False
        self.detail = detail
        self._refusal = self._edit_refusal(detail)
        values: dict[str, object] = dict(detail.values)
        values[ENTERPRISE] = detail.enterprise
        values[PROVIDERS] = detail.providers
        self.fields.load(values)
        self.fields.touched.clear()
        self.show_all = True
        self.banner.hide()
        self._show_standing_notice()
        code, name = detail.values["code"], detail.values["name"]
        self.setWindowTitle(
            self.tr("项目 %1 — %2").replace("%1", str(code)).replace("%2", str(name))
        )
        self.title.setText(f"{code}　{name}")
        self._set_badge(str(detail.values["status"]))
        self.info.setText(
            self.tr("第 %1 版 · 最后修改：%2 %3")
            .replace("%1", str(detail.version))
            .replace("%2", detail.updated_by)
            .replace("%3", local_time(detail.updated_at))
        )
        self._show_enterprise()
        self._show_payments()
        self._apply_mode()
        self._subsidy_key = None
        self._check()

    def _set_badge(self, status: str) -> None:
        color = _STATUS_COLORS.get(status, "#6B7280")
        self.badge.setText(labels.status(status))
        self.badge.setStyleSheet(
            f"background: {color}; color: white; padding: 2px 10px; border-radius: 9px;"
        )

    @property
    def locked(self) -> bool:
        return self.read_only or self._gone or bool(self._refusal)

    def _edit_refusal(self, detail: ProjectDetail) -> str:
        try:
            require(self.db, Permission.EDIT_LEDGER, detail.town_code)
        except PermissionDenied as exc:
            return str(exc)
        return ""

    def _apply_mode(self) -> None:
        locked = self.locked
        existing = self.project_id is not None
        self.fields.set_read_only(locked)
        if existing:
            # The services keep a project's code and enterprise once it exists.
            self.sections.picker.set_read_only(True)
            self.fields.rows["code"].input.set_read_only(True)
        self.save_button.setVisible(not self.read_only)
        self.save_button.setEnabled(False)
        status = Status(str(self.detail.values["status"])) if self.detail and existing else None
        self.workflow.set_status(status if not locked else None)
        self.workflow.setVisible(existing and not locked)
        for target, button in self.workflow.buttons.items():
            if not allows(self.db, move_permission(target)):
                button.setEnabled(False)
                button.setToolTip(self.tr("这一步需要审核员或管理员来做"))
        # What the role cannot change is shown, not offered.
        may_grant = allows(self.db, Permission.SUBSIDY)
        if not may_grant:
            for name in _SUBSIDY_FIELDS:
                self.fields.rows[name].input.set_read_only(True)
        self.sections.use_computed.setVisible(not locked and may_grant)
        may_pay = allows(self.db, Permission.PAYMENT)
        self.sections.pay_button.setVisible(existing and not locked and may_pay)
        self.history_button.setEnabled(existing)

    def _show_standing_notice(self) -> None:
        """Why the form cannot be edited, for as long as that holds."""
        notice = getattr(self.db, "read_only_because", "") or self._refusal
        if notice:
            self._show_banner(notice)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _show_enterprise(self) -> None:
        hit = self.sections.picker.chosen
        if hit is None:
            self.fields.set_hint(ENTERPRISE, "")
            return
        try:
            ent = lookups.enterprise_detail(self.db, hit.id)
        except NotFound:
            self.fields.set_hint(ENTERPRISE, self.tr("该企业已被删除"))
            return
        parts = [
            ent.values["uscc"] or self.tr("无信用代码"),
            ent.town,
            ent.cluster,
            self.tr("规上") if ent.values["above_scale"] else self.tr("规下"),
        ]
        if ent.former_names:
            parts.append(self.tr("曾用名：") + "、".join(ent.former_names))
        self.fields.set_hint(ENTERPRISE, " · ".join(str(p) for p in parts))

    def _show_payments(self) -> None:
        detail = self.detail
        if detail is None or not detail.payments:
            self.sections.payments_text.setText(self.tr("尚未拨付"))
            return
        lines = [
            self.tr("%1　%2 万元")
            .replace("%1", p.paid_on.isoformat())
            .replace("%2", format_wan(p.amount))
            + (f"　{p.document_no}" if p.document_no else "")
            for p in detail.payments
        ]
        lines.append(self.tr("合计已拨付 %1 万元").replace("%1", format_wan(detail.paid_total)))
        self.sections.payments_text.setText("\n".join(lines))

    # --- checking as you type -----------------------------------------------------

    def _check(self) -> None:
        raw = self.fields.raw()
        cleaned, _problems = clean_fields(raw, PROJECT_FIELDS)
        self._update_subsidy(cleaned)
        changed = self.fields.changed_fields()
        subsidy_changed = "approved_subsidy" in changed or (
            self.project_id is None and raw.get("approved_subsidy") not in ("", None)
        )
        _values, self.errors = check_project(
            raw,
            enterprise_chosen=self.sections.picker.chosen is not None,
            categories=self.sections.category_codes(),
            computed_subsidy=self.computed.amount if self.computed else None,
            subsidy_changed=subsidy_changed,
        )
        # The service's word (e.g. a duplicate code) stays until that field is changed.
        for name, messages in self._service_errors.items():
            if raw.get(name) == self._service_raw.get(name):
                self.errors.setdefault(name, []).extend(messages)
        for name, field in (
            ("total_investment", self.sections.total),
            ("equipment_investment", self.sections.equipment),
            ("approved_subsidy", self.sections.approved),
        ):
            self.fields.set_hint(name, field.normalized())
        self.fields.show_errors(self.errors, None if self.show_all else self.fields.touched)
        locked = self.locked
        dirty = bool(changed)
        self.save_button.setEnabled(not locked and dirty and not self.errors)
        if locked:
            self.pending.setText("")
        elif self.errors:
            self.pending.setText(
                self.tr("还有 %1 处需要填写或修改").replace("%1", str(len(self.errors)))
            )
        elif not dirty:
            self.pending.setText(self.tr("没有未保存的修改"))
        else:
            self.pending.setText("")

    def _update_subsidy(self, values: dict[str, object]) -> None:
        enterprise = self.sections.picker.enterprise_id()
        year = values.get("plan_year")
        category = self.fields.rows["category_code"].input.raw()
        equipment = values.get("equipment_investment")
        total = values.get("total_investment")
        key = (enterprise, year, category, equipment, total)
        if key == self._subsidy_key:
            return
        self._subsidy_key = key
        self.computed = None
        ready = (
            isinstance(year, int)
            and category in self.sections.category_codes()
            and isinstance(equipment, Decimal)
            and isinstance(total, Decimal)
            and equipment <= total
        )
        if not ready:
            text = self.tr("填写企业、计划年度、项目类别和投资后自动计算")
        else:
            self.computed = lookups.preview_subsidy(
                self.db, enterprise, year, str(category), equipment, total, self.project_id
            )
            if self.computed is None:
                text = self.tr("%1 年没有补助规则；如有补助请直接填写核定金额并说明依据").replace(
                    "%1", str(year)
                )
            else:
                rule = lookups.rule_info(self.db, year)
                text = (
                    self.tr("%1 万元（%2）")
                    .replace("%1", format_wan(self.computed.amount))
                    .replace("%2", rule.name if rule else self.computed.rule_code)
                    + "\n"
                    + self.computed.explanation
                )
        self.sections.subsidy_text.setText(text)
        self.sections.use_computed.setEnabled(self.computed is not None)

    def _use_computed(self) -> None:
        if self.computed is None:
            return
        self.sections.approved.set_value(self.computed.amount)
        self.fields.touched.add("approved_subsidy")
        self._check()

    # --- other windows, closing ---------------------------------------------------

    def _new_enterprise(self, text: str) -> None:
        dialog = NewEnterpriseDialog(self.db, self.undo_stack, text, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
                self.sections.picker.choose(dialog.created)
                self.fields.touched.add(ENTERPRISE)
                self.fields.rows["name"].input.focus_widget().setFocus()
        finally:
            dialog.deleteLater()

    def _new_project(self) -> None:
        ProjectDialog.create_new(self.db, self.undo_stack, self.parentWidget())  # type: ignore[arg-type]

    def _history(self) -> None:
        if self.project_id is not None:
            open_history(self.db, "project", self.project_id, self)

    def _data_changed(self, entity: str, ids: list[object]) -> None:
        if self._busy:
            return
        if entity == "service_provider":
            self.sections.providers.refresh_choices()
            return
        if entity == "enterprise":
            chosen = self.sections.picker.chosen
            if chosen is not None and (not ids or chosen.id in ids):
                self._show_enterprise()
            return
        if entity not in ("project", "*") or self.project_id is None:
            return
        if ids and self.project_id not in ids:
            return
        if self.fields.is_dirty() and not self._gone:
            self._show_banner(self.tr("此项目刚在别处被修改；保存时会列出两边的不同，请您核对。"))
            return
        self._load()

    def reject(self) -> None:
        if self._may_close():
            super().reject()

    def _may_close(self) -> bool:
        if self.locked or not self.fields.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("未保存的修改"),
            self.tr("项目有未保存的修改，要保存吗？"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
