"""A few enterprises, providers and projects entered through the services, and the
undo stack the window would hand the forms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database
from cixi_desktop.store.services import enterprises, projects, providers

USCC_A = make_uscc("91330282MA2AAAA01")
USCC_B = make_uscc("91330282MA2BBBB02")


@dataclass
class Sample:
    enterprise_a: object
    enterprise_b: object
    provider: object
    project: object


@pytest.fixture
def sample(db: Database) -> Sample:
    a = enterprises.create_enterprise(
        db,
        {
            "name": "慈溪市甲电器有限公司",
            "uscc": USCC_A,
            "town_code": "周巷镇",
            "cluster_code": "智能家电",
            "above_scale": True,
            "above_scale_year": 2015,
        },
    )
    # Renamed: the old name stays findable as a former name.
    a = enterprises.update_enterprise(db, a.id, a.version, {"name": "宁波甲智能科技有限公司"})
    b = enterprises.create_enterprise(
        db,
        {
            "name": "慈溪乙轴承有限公司",
            "uscc": USCC_B,
            "town_code": "观海卫镇",
            "cluster_code": "关键基础件",
        },
    )
    provider = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
    project = projects.create_project(
        db,
        a.id,
        {
            "name": "冲压车间机器换人",
            "plan_year": 2018,
            "category_code": "机器换人",
            "total_investment": Decimal("800"),
            "equipment_investment": Decimal("600"),
        },
        providers=[(provider.id, "总包")],
    )
    return Sample(a, b, provider, project)


@pytest.fixture
def stack(qtbot) -> Iterator[QUndoStack]:  # type: ignore[no-untyped-def]
    undo_stack = QUndoStack()
    yield undo_stack
    undo_stack.clear()


class Keys:
    """Typing as a person does: ASCII as key presses, Chinese as an input method commits
    it (QTest cannot press keys for Chinese characters). While a completer's popup is
    open the keys go to it first, as they do on a real screen."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot

    @staticmethod
    def _target(widget: QWidget) -> QWidget:
        return QApplication.activePopupWidget() or widget

    def _activate(self, widget: QWidget) -> None:
        # Offscreen, closing a popup leaves no window active (a real desktop gives the
        # activation back), and without an active window focus never moves.
        if QApplication.activeWindow() is None and QApplication.activePopupWidget() is None:
            with self.qtbot.waitActive(widget.window()):
                widget.window().activateWindow()

    def type(self, widget: QWidget, text: str, clear: bool = True) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None and QApplication.focusWidget() is not widget:
            popup.hide()  # going to another field closes what the last one opened
        self._activate(widget)
        widget.setFocus()
        if clear:
            self.qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.qtbot.keyClick(widget, Qt.Key.Key_Delete)
        for char in text:
            if char.isascii():
                self.qtbot.keyClicks(self._target(widget), char)
            else:
                event = QInputMethodEvent("", [])
                event.setCommitString(char)
                QApplication.sendEvent(self._target(widget), event)

    def press(self, widget: QWidget, key: Qt.Key) -> None:
        self._activate(widget)
        self.qtbot.keyClick(self._target(widget), key)

    def leave(self, widget: QWidget) -> None:
        self.press(widget, Qt.Key.Key_Tab)


@pytest.fixture
def keys(qtbot) -> Keys:  # type: ignore[no-untyped-def]
    return Keys(qtbot)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes never block a test: questions are answered "discard", and every text
    shown is kept for the test to look at."""
    shown: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Discard

    def note(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", note)
    monkeypatch.setattr(QMessageBox, "information", note)
    monkeypatch.setattr(QMessageBox, "critical", note)
    return shown
