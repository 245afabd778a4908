"""Saving the project form: create or edit through the services, grant the subsidy
when it changed, push the step on the undo stack, and meet a record changed
underneath with the conflict dialog instead of overwriting it."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QScrollArea

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.fields import PROJECT_FIELDS
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.lookups import ProjectDetail
from cixi_desktop.store.services import projects
from cixi_desktop.ui.conflict_dialog import resolve_conflict
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms.field_set import ERROR_STYLE, FieldSet
from cixi_desktop.ui.forms.form_checks import check_project
from cixi_desktop.ui.forms.project_sections import ENTERPRISE, PROVIDERS, ProjectSections
from cixi_desktop.ui.forms.record_editors import ProjectEditor, provider_key
from cixi_desktop.ui.history.time_format import local_time
from cixi_desktop.ui.undo import CreateCommand, EditCommand, StatusMoveCommand

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

_SUBSIDY_FIELDS = ("approved_subsidy", "subsidy_override_reason")
_SAVED_STYLE = "color: #15803D;"


class ProjectSaving:
    """Mixed into :class:`ProjectDialog`; these are the dialog's attributes it uses."""

    db: Database
    undo_stack: QUndoStack | None
    project_id: uuid.UUID | None
    detail: ProjectDetail | None
    sections: ProjectSections
    fields: FieldSet
    errors: dict[str, list[str]]
    show_all: bool
    message: QLabel
    scroll: QScrollArea
    _busy: bool
    _service_errors: dict[str, list[str]]
    _service_raw: dict[str, object]

    if TYPE_CHECKING:

        @property
        def locked(self) -> bool: ...

        def _check(self) -> None: ...

        def _load(self) -> None: ...

        def _register(self) -> None: ...

    def save(self) -> bool:
        """Save what the form shows; True when nothing is left unsaved."""
        if self.locked:
            return False
        self.show_all = True
        self._check()
        if self.errors:
            self._focus_first_error()
            return False
        if self.project_id is not None and not self.fields.is_dirty():
            return True
        values, _errors = check_project(
            self.fields.raw(),
            enterprise_chosen=True,
            categories=self.sections.category_codes(),
        )
        self._busy = True
        try:
            if self.project_id is None:
                self._create(values)
            else:
                self._update(values)
        except ValidationError as exc:
            self._show_service_errors(exc)
            return False
        except ConflictError:
            return self._resolve_conflict(values)
        except (NotFound, EnvironmentProblem, PermissionDenied) as exc:
            self._say(str(exc), error=True)
            return False
        finally:
            self._busy = False
        self._say(translate("ProjectDialog", "已保存"))
        return True

    def _focus_first_error(self) -> None:
        for name in self.fields.rows:
            if name in self.errors:
                widget = self.fields.rows[name].input.focus_widget()
                widget.setFocus()
                self.scroll.ensureWidgetVisible(widget)
                break

    def _service_fields(self, values: dict[str, object]) -> dict[str, object]:
        return {
            k: values.get(k)
            for k in PROJECT_FIELDS
            if k not in ("status", *_SUBSIDY_FIELDS) and k in values
        }

    def _create(self, values: dict[str, object]) -> None:
        enterprise = self.sections.picker.enterprise_id()
        assert enterprise is not None
        row = projects.create_project(
            self.db, enterprise, self._service_fields(values), list(self.sections.providers.raw())
        )
        version = row.version
        self.project_id = row.id
        problem: ValidationError | None = None
        if values.get("approved_subsidy") is not None:
            try:
                version = self._grant(values, version)
            except ValidationError as exc:
                problem = exc  # the project is saved; only the subsidy needs another look
        self._push(
            CreateCommand(
                self.db,
                "project",
                row.id,
                version,
                translate("ProjectDialog", "新建项目 %1").replace("%1", row.code),
                widget=lambda: self,
            )
        )
        self._register()
        events().announce("project", [row.id])
        self._load()
        if problem is not None:
            raise problem

    def _grant(self, values: dict[str, object], version: int) -> int:
        assert self.project_id is not None
        amount = values.get("approved_subsidy")
        assert isinstance(amount, Decimal)
        reason = str(values.get("subsidy_override_reason") or "")
        return projects.grant_subsidy(self.db, self.project_id, version, amount, reason).version

    def _editor(self) -> ProjectEditor:
        assert self.project_id is not None
        editor = ProjectEditor(self.db, self.project_id)
        editor.remember_names(self.sections.providers.names)
        return editor

    def _write(self, changes: dict[str, object], version: int) -> int:
        """One edit through the services: the fields, then the grant when the approved
        subsidy changed (so the rule it was checked against is recorded too)."""
        version = self._editor().apply(changes, version)
        if changes.get("approved_subsidy") is not None:
            merged = {**self._form_values(), **changes}
            version = self._grant(merged, version)
        return version

    def _form_values(self) -> dict[str, object]:
        values, _errors = check_project(
            self.fields.raw(), enterprise_chosen=True, categories=self.sections.category_codes()
        )
        values[PROVIDERS] = self.sections.providers.raw()
        return values

    def _base(self) -> dict[str, object]:
        assert self.detail is not None
        base = {k: v for k, v in self.detail.values.items() if k in projects.EDITABLE}
        base[PROVIDERS] = provider_key(self.detail.providers)
        return base

    def _update(self, values: dict[str, object]) -> None:
        assert self.detail is not None and self.project_id is not None
        values = {**values, PROVIDERS: self.sections.providers.raw()}
        changed = [n for n in self.fields.changed_fields() if n in values]
        changed = [n for n in changed if n in projects.EDITABLE or n == PROVIDERS]
        base = self._base()
        after = {n: values[n] for n in changed if values[n] != base.get(n)}
        if not after:
            self._load()
            return
        before = {n: base.get(n) for n in after}
        version = self._write(after, self.detail.version)
        self._push(
            EditCommand(
                self._editor(),
                before,
                after,
                version,
                translate("ProjectDialog", "修改项目 %1").replace(
                    "%1", str(self.detail.values["code"])
                ),
                widget=lambda: self,
            )
        )
        events().announce("project", [self.project_id])
        self._load()

    def _resolve_conflict(self, values: dict[str, object]) -> bool:
        assert self.project_id is not None
        editor = self._editor()
        try:
            theirs, current = editor.current()
            now = lookups.project_detail(self.db, self.project_id)
        except NotFound as exc:
            self._say(str(exc), error=True)
            return False
        mine = {k: v for k, v in values.items() if k in projects.EDITABLE}
        mine[PROVIDERS] = self.sections.providers.raw()
        note = (
            translate("ProjectDialog", "对方：%1，%2 保存（第 %3 版）")
            .replace("%1", now.updated_by)
            .replace("%2", local_time(now.updated_at))
            .replace("%3", str(now.version))
        )
        changes = resolve_conflict(
            editor.labels(), self._base(), mine, theirs, editor.display, self, note
        )
        if changes is None:
            self._say(
                translate("ProjectDialog", "未保存：记录已被他人修改，您的输入仍保留在表单中。"),
                error=True,
            )
            return False
        self._busy = True
        try:
            if changes:
                version = self._write(changes, current)
                self._push(
                    EditCommand(
                        editor,
                        {k: theirs.get(k) for k in changes},
                        changes,
                        version,
                        translate("ProjectDialog", "修改项目 %1").replace(
                            "%1", str(now.values["code"])
                        ),
                        widget=lambda: self,
                    )
                )
        except (
            ValidationError,
            ConflictError,
            NotFound,
            EnvironmentProblem,
            PermissionDenied,
        ) as exc:
            self._say(str(exc), error=True)
            return False
        finally:
            self._busy = False
        events().announce("project", [self.project_id])
        self._load()
        self._say(translate("ProjectDialog", "已按您的选择保存"))
        return True

    def _push(self, command: CreateCommand | EditCommand | StatusMoveCommand) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(command)

    def _show_service_errors(self, error: ValidationError) -> None:
        found: dict[str, list[str]] = {}
        loose = []
        for item in error.errors:
            name = ENTERPRISE if item.field == "enterprise_id" else item.field
            if name in self.fields.rows:
                found.setdefault(name, []).append(item.message)
            else:
                loose.append(str(item))
        self._service_errors = found
        self._service_raw = self.fields.raw()
        self._check()
        self._say(
            "；".join(loose) or translate("ProjectDialog", "未保存，请按红字提示修改"), error=True
        )
        self._focus_first_error()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else _SAVED_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))
