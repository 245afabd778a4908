"""Registries: enterprises and providers with their projects, annual plans, reference data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from cixi_desktop.store import lookups
from cixi_desktop.store.services import registry_edits
from cixi_desktop.ui.registries import (
    open_annual_plans,
    open_enterprises,
    open_providers,
    open_reference_data,
)
from cixi_desktop.ui.registries.list_models import EnterpriseListModel

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", extend=True
)


def _names(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()


def test_enterprise_register_lists_an_enterprises_projects(
    db, sample, stack, qtbot, keys, qtmodeltester, message_boxes
) -> None:
    window = open_enterprises(db, stack)
    _activate(qtbot, window)
    assert message_boxes == []  # an untouched form has nothing to ask about
    qtmodeltester.check(window.model)
    assert _names(window.model) == ["宁波甲智能科技有限公司", "慈溪乙轴承有限公司"]
    assert window.count.text() == "共 2 条"

    keys.type(window.search, "甲电器")  # a former name
    qtbot.waitUntil(lambda: _names(window.model) == ["宁波甲智能科技有限公司"])
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    assert window.current_id == sample.enterprise_a.id
    assert window.form.fields.raw()["former_names"] == "慈溪市甲电器有限公司"
    qtmodeltester.check(window.projects)
    assert [window.projects.index(0, c).data() for c in range(4)] == [
        "CX-2018-0001",
        "冲压车间机器换人",
        "2018",
        "计划",
    ]
    assert window.projects.index(0, 4).data() == "800.00"
    assert open_enterprises(db, stack) is window  # asked again: the same window
    assert message_boxes == []


def test_enterprise_edit_saves_through_the_service_and_undoes(
    db, sample, stack, qtbot, keys
) -> None:
    window = open_enterprises(db, stack)
    _activate(qtbot, window)
    window.list_view.setCurrentIndex(window.model.index(1, 0))  # 慈溪乙轴承有限公司
    assert not window.save_button.isEnabled()
    phone = window.form.fields.rows["phone"].input.focus_widget()
    keys.type(phone, "0574-6321")
    assert window.form.errors.get("phone")  # too short for a phone number
    assert not window.save_button.isEnabled()
    keys.type(phone, "0574-63212345")
    assert window.save_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    detail = lookups.enterprise_detail(db, sample.enterprise_b.id)
    assert detail.values["phone"] == "0574-63212345"
    assert stack.undoText() == "修改 慈溪乙轴承有限公司"
    stack.undo()
    assert lookups.enterprise_detail(db, sample.enterprise_b.id).values["phone"] == ""
    assert window.form.fields.raw()["phone"] == ""


def test_new_enterprise_in_the_register(db, sample, stack, qtbot, keys) -> None:
    window = open_enterprises(db, stack)
    _activate(qtbot, window)
    window.start_new()
    rows = window.form.fields.rows
    keys.type(rows["name"].input.focus_widget(), "慈溪丁模具有限公司")
    keys.type(rows["town_code"].input.focus_widget(), "龙山镇")
    keys.type(rows["cluster_code"].input.focus_widget(), "其他")
    keys.leave(rows["cluster_code"].input.focus_widget())
    assert window.save() is True
    assert window.current_id is not None
    assert "慈溪丁模具有限公司" in _names(window.model)
    stack.undo()  # takes the new enterprise back
    assert "慈溪丁模具有限公司" not in _names(window.model)
    assert window.current_id is None


def test_enterprise_list_pages_as_it_scrolls(db, sample, qtmodeltester, monkeypatch) -> None:
    monkeypatch.setattr(EnterpriseListModel, "PAGE", 1)
    model = EnterpriseListModel(db)
    model.reload()
    assert (model.rowCount(), model.total) == (1, 2)
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 and not model.canFetchMore()
    qtmodeltester.check(model)


def test_provider_register_shows_project_counts_and_projects(
    db, sample, stack, qtbot, qtmodeltester, message_boxes
) -> None:
    window = open_providers(db, stack)
    _activate(qtbot, window)
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    assert message_boxes == []
    qtmodeltester.check(window.model)
    assert [window.model.index(0, c).data() for c in (0, 4)] == ["宁波智造工程服务有限公司", "1"]
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    qtmodeltester.check(window.projects)
    row = [window.projects.index(0, c).data() for c in range(window.projects.columnCount())]
    assert row == [
        "CX-2018-0001",
        "宁波甲智能科技有限公司",
        "冲压车间机器换人",
        "2018",
        "计划",
        "800.00",
        "总包",
    ]


def test_annual_plan_edit_persists(db, qtbot, keys, qtmodeltester) -> None:
    window = open_annual_plans(db)
    _activate(qtbot, window)
    window.year.setValue(2018)
    model = window.model
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "周巷镇")
    assert model.setData(model.index(row, 1), "30")
    # Typed in the table, with a unit, as a clerk would.
    window.view.setCurrentIndex(model.index(row, 2))
    window.view.setFocus()
    qtbot.keyClicks(window.view, "1")  # the first key opens the cell's editor
    editor = QApplication.focusWidget()
    assert editor is not window.view
    keys.type(editor, ".2亿", clear=False)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on its next turn of the event loop.
    qtbot.waitUntil(lambda: window.view.state() != QAbstractItemView.State.EditingState)
    cell = next(c for c in lookups.annual_plan_grid(db, 2018) if c.town == "周巷镇")
    assert (cell.planned_enterprises, cell.planned_investment) == (30, Decimal("12000.00"))
    assert model.index(row, 2).data() == "12,000.00"
    assert not model.setData(model.index(row, 1), "三十")
    assert "应为整数" in window.message.text()
    window.year.setValue(2019)
    assert all(model.index(r, 1).data() == "" for r in range(model.rowCount()))


def test_reference_data_edits_and_refuses_a_stale_edit(db, other_db, qtbot, qtmodeltester):
    window = open_reference_data(db)
    _activate(qtbot, window)
    towns = window.pages["town"].model
    qtmodeltester.check(towns)
    row = next(r for r in range(towns.rowCount()) if towns.index(r, 0).data() == "330282121")
    assert towns.setData(towns.index(row, 4), "2030-12-31")  # 有效期止
    assert lookups.towns(db)[row].valid_to.isoformat() == "2030-12-31"

    # Another window changes the same row; this one's copy is stale and is refused.
    other = {t.code: t for t in lookups.towns(other_db)}["330282121"]
    registry_edits.save_reference(other_db, "town", other.code, other.values(), {"sort": "77"})
    assert not towns.setData(towns.index(row, 1), "周巷")
    assert "刚被他人修改" in window.message.text()
    assert {t.code: t for t in lookups.towns(db)}["330282121"].name == "周巷镇"

    categories = window.pages["category"]
    categories.code.setText("green")
    categories.name.setText("绿色化改造")
    qtbot.mouseClick(categories.add_button, Qt.MouseButton.LeftButton)
    assert "绿色化改造" in [c.name for c in lookups.categories(db)]
    assert categories.code.text() == ""


def test_history_opens_from_the_register(db, sample, stack, qtbot) -> None:
    window = open_enterprises(db, stack)
    _activate(qtbot, window)
    assert not window.history_button.isEnabled()  # nothing chosen yet
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
    opened = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    trail = [opened[0].audit.index(r, 3).data() for r in range(opened[0].audit.rowCount())]
    assert "企业名称" in trail and "曾用名" in trail  # the rename and the name it kept
