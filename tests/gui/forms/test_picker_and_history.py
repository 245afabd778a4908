"""Enterprise picker type-ahead, and the history window's models."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cixi_desktop.store import lookups
from cixi_desktop.store.services import projects
from cixi_desktop.ui.forms.enterprise_picker import HIT_ROLE, EnterprisePicker
from cixi_desktop.ui.history import open_history
from cixi_desktop.ui.history.models import AuditModel, StatusModel

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", extend=True
)


@pytest.fixture
def picker(db, qtbot) -> EnterprisePicker:  # type: ignore[no-untyped-def]
    widget = EnterprisePicker(db)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def _offered(picker: EnterprisePicker) -> list[str]:
    model = picker.model
    return [model.index(r, 0).data(HIT_ROLE).name for r in range(model.rowCount())]


def test_picker_finds_by_former_name(sample, picker, keys, qtbot) -> None:
    with qtbot.waitSignal(picker.searched):
        keys.type(picker.line, "甲电器")
    assert _offered(picker) == ["宁波甲智能科技有限公司"]
    assert "曾用名：慈溪市甲电器有限公司" in picker.model.index(0, 0).data()
    assert picker.completer.popup().isVisible()


def test_picker_finds_by_uscc_fragment_and_chooses_with_the_keyboard(
    sample, picker, keys, qtbot
) -> None:
    uscc = str(sample.enterprise_b.uscc)
    with qtbot.waitSignal(picker.searched):
        keys.type(picker.line, uscc[10:16].lower())
    assert _offered(picker) == ["慈溪乙轴承有限公司"]
    with qtbot.waitSignal(picker.edited):
        keys.press(picker.line, Qt.Key.Key_Down)
        keys.press(picker.line, Qt.Key.Key_Return)
    assert picker.chosen is not None and picker.chosen.uscc == uscc
    assert picker.line.text() == "慈溪乙轴承有限公司"
    # Typing again drops the choice: text alone is not an enterprise.
    keys.type(picker.line, "慈溪", clear=False)
    assert picker.chosen is None


def test_picker_reads_only_a_few_rows(db, sample, picker, keys, monkeypatch, qtbot) -> None:
    limits: list[int] = []
    real = lookups.search_enterprises

    def spy(database, text, limit=20):  # type: ignore[no-untyped-def]
        limits.append(limit)
        return real(database, text, limit)

    monkeypatch.setattr(lookups, "search_enterprises", spy)
    with qtbot.waitSignal(picker.searched):
        keys.type(picker.line, "有限")
    # One query once typing pauses, a few rows long.
    assert limits == [15]


def test_history_models_and_window(db, sample, qtbot, qtmodeltester) -> None:
    p = sample.project
    projects.update_project(db, p.id, p.version, {"total_investment": "900"})
    trail = lookups.audit_trail(db, "project", p.id)
    audit = AuditModel(trail)
    qtmodeltester.check(audit)
    row = next(i for i, r in enumerate(trail) if r.field == "total_investment")
    cells = [audit.index(row, c).data() for c in range(audit.columnCount())]
    assert cells[1:] == ["测试员", "修改", "项目总投资（万元）", "800.00", "900.00"]
    statuses = StatusModel(lookups.project_detail(db, p.id).status_history)
    qtmodeltester.check(statuses)
    assert statuses.index(0, 3).data() == "计划"

    window = open_history(db, "project", p.id)
    qtbot.addWidget(window)
    assert window.windowTitle() == "历史 — CX-2018-0001　冲压车间机器换人"
    assert window.audit.rowCount() == len(trail)
    assert window.tabs.count() == 2
    projects.update_project(db, p.id, p.version + 1, {"notes": "补记"})
    from cixi_desktop.ui.events import events

    events().announce("project", [p.id])
    assert window.audit.rowCount() == len(trail) + 1


def test_leaving_the_field_before_the_answer_still_chooses_the_exact_name(
    sample, picker, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    real = lookups.search_enterprises
    searched_on: list[str] = []

    def slow(database, text, limit=20):  # type: ignore[no-untyped-def]
        import threading

        searched_on.append(threading.current_thread().name)
        return real(database, text, limit)

    monkeypatch.setattr(lookups, "search_enterprises", slow)
    picker.line.setText("慈溪乙轴承有限公司")
    picker.line.textEdited.emit("慈溪乙轴承有限公司")
    with qtbot.waitSignal(picker.edited):
        picker.line.editingFinished.emit()  # Tab away while the search is still due
    assert picker.chosen is not None and picker.chosen.name == "慈溪乙轴承有限公司"
    assert searched_on and "MainThread" not in searched_on  # typing never waits for it
