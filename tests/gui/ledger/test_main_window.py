"""The main window driven like a user: typing a filter, sorting, columns, totals, keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QUndoCommand
from PySide6.QtWidgets import QApplication, QWidget

from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.ledger import columns
from cixi_desktop.ui.ledger.model import VALUE_ROLE
from cixi_desktop.ui.main_window import MainWindow


def settled(window: MainWindow) -> bool:
    """The ledger shows the filter in the widgets and the totals are in."""
    return (
        window.model.scope == window.current_scope()
        and not window.model.is_loading()
        and "计算" not in window.totals_label.text()
        and window.totals_label.text() != ""
    )


@pytest.fixture
def window(qtbot, ledger_db: Database) -> Iterator[MainWindow]:
    w = MainWindow(ledger_db)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitUntil(lambda: settled(w), timeout=10_000)
    yield w
    w.close()


def open_window(qtbot, db: Database) -> MainWindow:
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: settled(w), timeout=10_000)
    return w


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese arrives through the input method as a committed string, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_typing_a_keyword_filters_as_you_type(qtbot, window: MainWindow) -> None:
    assert window.model.rowCount() == 48
    qtbot.keyClicks(window.filter_bar.keyword, "cx-2018")
    qtbot.waitUntil(lambda: settled(window) and window.model.scope.keyword == "cx-2018")
    assert window.model.rowCount() == 16
    window.filter_bar.keyword.clear()
    type_chinese(window.filter_bar.keyword, "老字号")
    qtbot.keyClicks(window.filter_bar.keyword, "00")
    qtbot.waitUntil(lambda: settled(window) and window.model.scope.keyword == "老字号00")
    assert window.model.rowCount() == 3
    # Down arrow goes to the table, on the first row.
    qtbot.keyClick(window.filter_bar.keyword, Qt.Key.Key_Down)
    assert window.view.hasFocus()
    assert window.view.currentIndex().row() == 0
    window.filter_bar.keyword.setFocus()
    qtbot.keyClick(window.filter_bar.keyword, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: settled(window) and window.model.rowCount() == 48)


def test_filters_combine_and_the_totals_match_the_summaries(
    qtbot, window: MainWindow, ledger_db: Database
) -> None:
    bar = window.filter_bar
    bar.town.setCurrentIndex(bar.town.findText("周巷镇"))
    bar.year_from.setCurrentIndex(bar.year_from.findText("2018"))
    bar.year_to.setCurrentIndex(bar.year_to.findText("2019"))
    bar.above_scale.setChecked(True)
    expected = Scope(town_code="330282121", year_from=2018, year_to=2019, above_scale_only=True)
    qtbot.waitUntil(lambda: settled(window) and window.model.scope == expected)
    figures = summaries.headline(ledger_db, expected)
    assert window.model.rowCount() == figures.projects > 0
    assert window.totals_label.text() == window.totals_text(figures)
    assert f"项目 {figures.projects} 个" in window.totals_label.text()
    assert f"{figures.total_investment:,.2f}" in window.totals_label.text()
    assert window.current_scope() == expected


def test_a_status_and_a_provider_narrow_the_ledger(
    qtbot, window: MainWindow, ledger_db: Database
) -> None:
    bar = window.filter_bar
    bar.status.setCurrentIndex(bar.status.findText("在建"))
    bar.provider.setCurrentIndex(bar.provider.findText("宁波甬智科技有限公司"))
    qtbot.waitUntil(lambda: settled(window) and window.model.scope.provider_id is not None)
    scope = window.current_scope()
    assert scope.status == "在建"
    assert window.model.rowCount() == summaries.headline(ledger_db, scope).projects > 0


def test_clicking_a_header_sorts_in_sql(qtbot, window: MainWindow) -> None:
    header = window.view.horizontalHeader()
    section = columns.column_index("total_investment")

    def click() -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    def amounts() -> list[object]:
        model = window.model
        qtbot.waitUntil(lambda: model.row_data(0) is not None, timeout=10_000)
        return [model.index(r, section).data(VALUE_ROLE) for r in range(model.rowCount())]

    click()
    qtbot.waitUntil(lambda: window.model.sort_key == "total_investment" and settled(window))
    first = amounts()
    assert first in (sorted(first), sorted(first, reverse=True))
    click()
    qtbot.waitUntil(lambda: window.model.descending != (first == sorted(first, reverse=True)))
    qtbot.waitUntil(lambda: settled(window))
    assert amounts() == list(reversed(first))


def test_column_chooser_hides_and_shows_columns(window: MainWindow) -> None:
    menu = window.view.column_menu()
    by_label = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert len(by_label) == len(columns.COLUMNS)
    assert not by_label["企业名称"].isEnabled(), "frozen columns stay"
    town = columns.column_index("town")
    assert not window.view.isColumnHidden(town)
    by_label["所属镇街"].setChecked(False)
    assert window.view.isColumnHidden(town)
    uscc = columns.column_index("uscc")
    assert window.view.isColumnHidden(uscc)
    by_label["统一社会信用代码"].setChecked(True)
    assert not window.view.isColumnHidden(uscc)
    window.view.reset_columns()
    assert not window.view.isColumnHidden(town) and window.view.isColumnHidden(uscc)


def test_enterprise_and_project_name_are_frozen(qtbot, window: MainWindow) -> None:
    view, frozen = window.view, window.view.frozen_view
    assert frozen.isVisible()
    assert frozen.selectionModel() is view.selectionModel()
    shown = [c for c in range(len(columns.COLUMNS)) if not frozen.isColumnHidden(c)]
    assert shown == sorted(columns.column_index(k) for k in columns.FROZEN_KEYS)
    assert frozen.width() == sum(view.columnWidth(c) for c in shown)
    header = view.horizontalHeader()
    assert [header.logicalIndex(i) for i in range(2)] == [
        columns.column_index(k) for k in columns.FROZEN_KEYS
    ]
    before = frozen.geometry()
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    assert view.horizontalScrollBar().value() > 0
    assert frozen.geometry() == before
    name = columns.column_index("enterprise_name")
    assert frozen.visualRect(frozen.model().index(0, name)).x() == 0
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == view.verticalScrollBar().value()


def test_enter_and_double_click_open_the_project(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[object, bool]] = []

    class FakeDialog:
        @staticmethod
        def open_existing(db, project_id, undo_stack, parent, read_only=False):  # type: ignore[no-untyped-def]
            opened.append((project_id, read_only))

    monkeypatch.setattr(window, "_dialog_class", FakeDialog)
    window._update_actions()
    window.view.setFocus()
    window.view.setCurrentIndex(window.model.index(2, columns.column_index("code")))
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert opened == [(window.model.project_id(2), False)]
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert opened[-1] == (window.model.project_id(2), True)


def test_ctrl_c_copies_rows_for_a_spreadsheet(qtbot, window: MainWindow) -> None:
    window.view.setFocus()
    window.select_project(window.model.project_id(0))
    window.view.selectionModel().select(
        window.model.index(1, 0),
        window.view.selectionModel().SelectionFlag.Select
        | window.view.selectionModel().SelectionFlag.Rows,
    )
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 3
    assert lines[0].split("\t")[:3] == ["企业名称", "项目名称", "项目编号"]
    assert lines[1].split("\t")[2] == window.model.index(0, columns.column_index("code")).data()


def test_undo_and_redo_follow_the_window_stack(qtbot, window: MainWindow) -> None:
    done: list[str] = []

    class Edit(QUndoCommand):
        def redo(self) -> None:
            done.append("redo")

        def undo(self) -> None:
            done.append("undo")

    assert not window.undo_action.isEnabled()
    window.undo_stack.push(Edit("改名"))
    assert window.undo_action.isEnabled()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert done == ["redo", "undo", "redo"]


def test_geometry_columns_and_filter_are_remembered(
    qtbot, window: MainWindow, ledger_db: Database
) -> None:
    window.resize(1000, 640)
    window.view.set_column_visible(columns.column_index("town"), False)
    window.view.set_column_visible(columns.column_index("uscc"), True)
    window.view.setColumnWidth(columns.column_index("code"), 177)
    window.view.sortByColumn(columns.column_index("total_investment"), Qt.SortOrder.DescendingOrder)
    window.filter_bar.set_scope(Scope(year_from=2018, year_to=2018, keyword="智能化"))
    qtbot.waitUntil(lambda: settled(window))
    size = window.size()
    window.close()

    again = open_window(qtbot, ledger_db)
    assert again.size() == size
    assert again.view.isColumnHidden(columns.column_index("town"))
    assert not again.view.isColumnHidden(columns.column_index("uscc"))
    assert again.view.columnWidth(columns.column_index("code")) == 177
    assert again.current_scope() == Scope(year_from=2018, year_to=2018, keyword="智能化")
    assert again.model.scope == again.current_scope()
    assert (again.model.sort_key, again.model.descending) == ("total_investment", True)
    header = again.view.horizontalHeader()
    assert header.sortIndicatorSection() == columns.column_index("total_investment")
    again.close()


def test_ctrl_q_closes_the_window(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert QApplication.activeWindow() is not window
