"""Undo/redo through the services, and two windows saving the same project."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from cixi_desktop.store import lookups
from cixi_desktop.store.services import projects
from cixi_desktop.ui.conflict_dialog import MINE, THEIRS, ConflictDialog
from cixi_desktop.ui.forms.project_dialog import ProjectDialog

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", extend=True
)


def _open(db, stack, qtbot, project_id) -> ProjectDialog:  # type: ignore[no-untyped-def]
    dialog = ProjectDialog.open_existing(db, project_id, stack, None)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def _input(dialog: ProjectDialog, name: str):  # type: ignore[no-untyped-def]
    return dialog.fields.rows[name].input.focus_widget()


def _values(db, project_id) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return lookups.project_detail(db, project_id).values


class Conflicts:
    """Conflict dialogs shown; each is answered with ``answer`` (None cancels)."""

    def __init__(self) -> None:
        self.seen: list[ConflictDialog] = []
        self.answer: dict[str, str] | None = {}


@pytest.fixture
def conflicts(monkeypatch: pytest.MonkeyPatch) -> Conflicts:
    found = Conflicts()

    def run(self: ConflictDialog) -> int:
        found.seen.append(self)
        self.show()
        if found.answer is None:
            self.reject()
        else:
            for name, side in found.answer.items():
                self.choose(name, side)
            self.accept()
        return self.result()

    monkeypatch.setattr(ConflictDialog, "exec", run)
    return found


def test_undo_and_redo_round_trip_a_field_edit(db, sample, stack, qtbot, keys) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    keys.type(_input(dialog, "total_investment"), "1,000")
    keys.type(_input(dialog, "notes"), "追加投资")
    assert dialog.save() is True
    assert _values(db, sample.project.id)["total_investment"] == Decimal("1000.00")
    assert stack.undoText() == "修改项目 CX-2018-0001"

    stack.undo()
    values = _values(db, sample.project.id)
    assert (values["total_investment"], values["notes"]) == (Decimal("800.00"), "")
    assert dialog.fields.raw()["total_investment"] == "800.00"  # the form follows
    stack.redo()
    values = _values(db, sample.project.id)
    assert (values["total_investment"], values["notes"]) == (Decimal("1000.00"), "追加投资")
    # Every step went through the service: the audit trail has all three.
    trail = [r for r in lookups.audit_trail(db, "project", sample.project.id)]
    totals = [(r.old, r.new) for r in trail if r.field == "total_investment"]
    assert totals == [("800.00", "1000.00"), ("1000.00", "800.00"), ("800.00", "1000.00")]


def test_a_save_after_another_window_saved_offers_field_by_field_choice(
    db, other_db, sample, stack, qtbot, keys, conflicts
) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    keys.type(_input(dialog, "total_investment"), "900")
    keys.type(_input(dialog, "equipment_investment"), "650")
    keys.type(_input(dialog, "notes"), "我的备注")

    # The other window saves first: a new name and another total.
    projects.update_project(
        other_db,
        sample.project.id,
        sample.project.version,
        {"name": "冲压车间机器换人（二期）", "total_investment": "950"},
    )
    conflicts.answer = {"total_investment": THEIRS}
    assert dialog.save() is True
    shown = conflicts.seen[0]
    assert set(shown.fields) == {"total_investment", "equipment_investment", "notes", "name"}
    # Each field starts on the side that changed it; a field both changed is marked.
    assert shown.buttons[("name", THEIRS)].isChecked()
    assert shown.buttons[("notes", MINE)].isChecked()
    captions = [label.text() for label in shown.findChildren(QLabel)]
    assert "项目总投资（万元）（双方都改了）" in captions
    values = _values(db, sample.project.id)
    assert values["name"] == "冲压车间机器换人（二期）"  # theirs
    assert values["total_investment"] == Decimal("950.00")  # theirs, chosen
    assert values["equipment_investment"] == Decimal("650.00")  # mine
    assert values["notes"] == "我的备注"  # mine
    assert dialog.fields.raw()["name"] == "冲压车间机器换人（二期）"
    assert not dialog.fields.is_dirty()


def test_cancelling_the_conflict_keeps_what_was_typed(
    db, other_db, sample, stack, qtbot, keys, conflicts
) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    keys.type(_input(dialog, "notes"), "不要丢")
    projects.update_project(other_db, sample.project.id, sample.project.version, {"notes": "他人"})
    conflicts.answer = None
    assert dialog.save() is False
    assert len(conflicts.seen) == 1
    assert dialog.fields.raw()["notes"] == "不要丢"
    assert _values(db, sample.project.id)["notes"] == "他人"
    assert "未保存" in dialog.message.text()


def test_undo_after_another_window_changed_the_field_asks(
    db, other_db, sample, stack, qtbot, keys, conflicts
) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    keys.type(_input(dialog, "total_investment"), "900")
    assert dialog.save() is True
    version = lookups.project_detail(db, sample.project.id).version
    projects.update_project(other_db, sample.project.id, version, {"total_investment": "950"})

    conflicts.answer = {"total_investment": MINE}
    stack.undo()
    shown = conflicts.seen[0]
    assert shown.fields == ["total_investment"]
    assert shown.buttons[("total_investment", MINE)].accessibleName() == "800.00 万元"
    assert shown.buttons[("total_investment", THEIRS)].accessibleName() == "950.00 万元"
    assert _values(db, sample.project.id)["total_investment"] == Decimal("800.00")


def test_undo_of_a_new_project_takes_it_back_and_redo_restores_it(db, sample, stack, qtbot) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    from cixi_desktop.ui.undo import CreateCommand

    stack.push(CreateCommand(db, "project", sample.project.id, sample.project.version, "新建"))
    stack.undo()
    assert lookups.project_version(db, sample.project.id) is None
    assert dialog.banner.isVisible() and "已被删除" in dialog.banner.text()
    assert not dialog.save_button.isEnabled()
    stack.redo()
    assert lookups.project_version(db, sample.project.id) is not None
    assert not dialog.banner.isVisible()


def test_conflict_dialog_buttons_choose_all(qtbot) -> None:
    labels = {"a": "甲", "b": "乙"}
    dialog = ConflictDialog(
        labels, {"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 3, "b": 4}, lambda n, v: str(v)
    )
    qtbot.addWidget(dialog)
    assert dialog.fields == ["a", "b"]
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.changes() == {}
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    assert dialog.changes() == {"a": 2, "b": 1}
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
