"""Undo and redo of the user's own writes in this session, through the same services.

A command is pushed after the write it stands for has happened, so its first
``redo`` (which ``QUndoStack.push`` calls) does nothing. Undo writes the old values
back against the version this session last wrote; if someone else has written
since, the conflict dialog shows both versions and the user decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import Shiboken

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, NotFound, PermissionDenied
from cixi_desktop.store.services import projects, registry_edits
from cixi_desktop.ui.conflict_dialog import resolve_conflict
from cixi_desktop.ui.events import events
from cixi_desktop.ui.forms.record_editors import RecordEditor

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

# The version of each record as this session last wrote it: an undo expects exactly
# that version, so only someone else's write in between counts as a conflict.
_written: dict[tuple[str, uuid.UUID], int] = {}


def note_version(entity: str, record_id: uuid.UUID, version: int) -> None:
    _written[(entity, record_id)] = version


def written_version(entity: str, record_id: uuid.UUID, fallback: int) -> int:
    return _written.get((entity, record_id), fallback)


def _window(widget: Callable[[], QWidget | None] | None) -> QWidget | None:
    """The window a message belongs to: the form that made the change if it is still
    open (it may have been closed since), else whatever window is active."""
    found = widget() if widget else None
    if found is not None and Shiboken.isValid(found):
        return found
    return QApplication.activeWindow()


def _refuse(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, translate("Undo", "无法撤销或重做"), message)


class _ServiceCommand(QUndoCommand):
    """Skips the first redo (the write already happened) and reports failures politely:
    a step that cannot be taken is dropped from the stack (``setObsolete``)."""

    def __init__(self, text: str, widget: Callable[[], QWidget | None] | None) -> None:
        super().__init__(text)
        self._done_once = False
        self._widget = widget

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            return
        self._guarded(self.do_redo)

    def undo(self) -> None:
        self._guarded(self.do_undo)

    def _guarded(self, step: Callable[[], bool]) -> None:
        try:
            ok = step()
        except (ValidationError, NotFound, EnvironmentProblem, PermissionDenied) as exc:
            _refuse(_window(self._widget), str(exc))
            ok = False
        except ConflictError as exc:
            _refuse(_window(self._widget), str(exc))
            ok = False
        if not ok:
            self.setObsolete(True)

    def do_redo(self) -> bool:
        raise NotImplementedError

    def do_undo(self) -> bool:
        raise NotImplementedError


class EditCommand(_ServiceCommand):
    """Fields of one record changed from ``before`` to ``after`` (same keys)."""

    def __init__(
        self,
        editor: RecordEditor,
        before: Mapping[str, object],
        after: Mapping[str, object],
        version: int,
        text: str,
        widget: Callable[[], QWidget | None] | None = None,
    ) -> None:
        super().__init__(text, widget)
        self.editor = editor
        self.before, self.after = dict(before), dict(after)
        note_version(editor.entity, editor.record_id, version)

    def do_undo(self) -> bool:
        return self._write(self.before, expected=self.after)

    def do_redo(self) -> bool:
        return self._write(self.after, expected=self.before)

    def _write(self, target: dict[str, object], expected: dict[str, object]) -> bool:
        ed = self.editor
        version = written_version(ed.entity, ed.record_id, 0)
        try:
            new_version = ed.apply(target, version)
        except ConflictError:
            theirs, current = ed.current()
            changes = resolve_conflict(
                ed.labels(),
                expected,
                target,
                {k: theirs.get(k) for k in target},
                ed.display,
                _window(self._widget),
            )
            if changes is None:
                return False
            new_version = ed.apply(changes, current) if changes else current
        note_version(ed.entity, ed.record_id, new_version)
        events().announce(ed.entity, [ed.record_id])
        return True


class CreateCommand(_ServiceCommand):
    """A record this session created: undo takes it back (soft delete), redo restores it."""

    def __init__(
        self,
        db: Database,
        entity: str,
        record_id: uuid.UUID,
        version: int,
        text: str,
        widget: Callable[[], QWidget | None] | None = None,
        announce_as: str | None = None,
        announce_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(text, widget)
        self.db, self.entity, self.record_id = db, entity, record_id
        self.announce_as = announce_as or entity
        self.announce_id = announce_id or record_id
        note_version(entity, record_id, version)

    def _step(self, write: Callable[[Database, str, uuid.UUID, int], int]) -> bool:
        version = written_version(self.entity, self.record_id, 0)
        note_version(
            self.entity, self.record_id, write(self.db, self.entity, self.record_id, version)
        )
        events().announce(self.announce_as, [self.announce_id])
        return True

    def do_undo(self) -> bool:
        return self._step(registry_edits.withdraw)

    def do_redo(self) -> bool:
        return self._step(registry_edits.reinstate)


class StatusMoveCommand(_ServiceCommand):
    """A workflow move; undo steps the status and the dates it set back."""

    def __init__(
        self,
        db: Database,
        project_id: uuid.UUID,
        move: projects.StatusMove,
        before_status: Status,
        before_dates: Mapping[str, date | None],
        version: int,
        text: str,
        widget: Callable[[], QWidget | None] | None = None,
    ) -> None:
        super().__init__(text, widget)
        self.db, self.project_id, self.move = db, project_id, move
        self.before_status = before_status
        self.before_dates = dict(before_dates)
        note_version("project", project_id, version)

    def _expected(self, status_now_should_be: Status) -> int:
        """The version to write against: ours, or — if someone else wrote since but
        the status is still where this step left it — theirs (dates and status are all
        this step touches, and the service checks the move again)."""
        ours = written_version("project", self.project_id, 0)
        detail = lookups.project_detail(self.db, self.project_id)
        if detail.version == ours:
            return ours
        if detail.values["status"] != str(status_now_should_be):
            raise ConflictError(
                entity="project",
                entity_id=str(self.project_id),
                expected_version=ours,
                current_version=detail.version,
            )
        return detail.version

    def do_undo(self) -> bool:
        version = registry_edits.revert_status(
            self.db,
            self.project_id,
            self._expected(self.move.target),
            self.before_status,
            self.before_dates,
        )
        return self._done(version)

    def do_redo(self) -> bool:
        row = projects.change_status(
            self.db, self.project_id, self._expected(self.before_status), self.move
        )
        return self._done(row.version)

    def _done(self, version: int) -> bool:
        note_version("project", self.project_id, version)
        events().announce("project", [self.project_id])
        return True
