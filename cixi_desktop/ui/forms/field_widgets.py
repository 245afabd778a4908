"""Input widgets of the entry forms. Each keeps what the user typed as text (``raw``)
and leaves parsing to the domain, so the form and an imported sheet are judged by
the same rules; each shows a stored value in the form people read (``set_value``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.money import format_wan, parse_amount
from cixi_desktop.store.lookups import RefItem

_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?")


def repolish(widget: QWidget) -> None:
    """Re-apply style sheet rules that select on a property that just changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class TextField(QLineEdit):
    """One line of text; also codes, phone numbers, years and counts."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(lambda _t: self.edited.emit())

    def raw(self) -> object:
        return self.text()

    def set_value(self, value: object) -> None:
        self.setText(_text_of(value))
        self.setCursorPosition(0)

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        repolish(self)

    def focus_widget(self) -> QWidget:
        return self


class LongTextField(QPlainTextEdit):
    """Content and notes: a few lines, Tab moves on (people tab through the form)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setFixedHeight(height)
        self.textChanged.connect(self._changed)
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def raw(self) -> object:
        return self.toPlainText()

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self.setPlainText(_text_of(value))
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        repolish(self)

    def focus_widget(self) -> QWidget:
        return self


class AmountField(TextField):
    """An amount in 万元; accepts "1,200", "1200万元", "0.12亿" and shows it normalized
    (``normalized`` is the text for the hint beside it while typing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("万元"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._tidy)

    def set_value(self, value: object) -> None:
        self.setText(format_wan(value) if isinstance(value, Decimal) else _text_of(value))

    def amount(self) -> Decimal | None:
        try:
            return parse_amount(self.text())
        except ValueProblem:
            return None

    def normalized(self) -> str:
        """ "＝ 1,200.00 万元" when the text has a unit or a separator, else ""."""
        amount = self.amount()
        text = self.text().strip()
        if amount is None or _PLAIN_NUMBER.fullmatch(text):
            return ""
        shown = format_wan(amount)
        return "" if shown == text else self.tr("＝ %1 万元").replace("%1", shown)

    def _tidy(self) -> None:
        amount = self.amount()
        if amount is None or self.isReadOnly():
            return
        shown = format_wan(amount)
        # Only when the tidy form is the same amount (no rounding hidden from the user).
        if parse_amount(shown) == amount and shown != self.text():
            self.setText(shown)
            self.edited.emit()


class DateField(QWidget):
    """A date typed as 2018-3-5, 2018/3/5 or 2018年3月5日, or picked from a calendar (F4).

    A line edit rather than QDateEdit because most project dates are empty for months.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("年-月-日"))
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.line.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.button.setToolTip(self.tr("选择日期（F4）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.activated.connect(self._picked)
        self.calendar.clicked.connect(self._picked)
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self.line, self.open_calendar)

    def open_calendar(self) -> None:
        if not self.line.isReadOnly():
            self.button.showMenu()

    def _prepare_calendar(self) -> None:
        current = self.value()
        self.calendar.setSelectedDate(QDate(current) if current else QDate.currentDate())
        self.calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        self.line.setText(picked.toPython().isoformat())  # type: ignore[union-attr]
        self.menu.close()
        self.line.setFocus()
        self.edited.emit()

    def value(self) -> date | None:
        try:
            return parse_date(self.line.text())
        except ValueProblem:
            return None

    def _tidy(self) -> None:
        found = self.value()
        if found is not None and found.isoformat() != self.line.text():
            self.line.setText(found.isoformat())
            self.edited.emit()

    def raw(self) -> object:
        return self.line.text()

    def set_value(self, value: object) -> None:
        self.line.setText(value.isoformat() if isinstance(value, date) else _text_of(value))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        repolish(self.line)
        self.button.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.line


class RefField(QComboBox):
    """A reference picker (category, town, cluster…): type part of the name to narrow.

    ``raw`` is the code of the chosen item, or the typed text when it names none
    (the form then says so next to the field).
    """

    edited = Signal()

    def __init__(
        self, items: Sequence[RefItem], parent: QWidget | None = None, optional: bool = False
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(24)
        self.optional = optional
        self.set_items(items)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line = self.lineEdit()
        line.setPlaceholderText(self.tr("输入以查找"))
        line.textEdited.connect(lambda _t: self.edited.emit())
        line.editingFinished.connect(self._snap)
        self.activated.connect(lambda _i: self.edited.emit())
        completer.activated.connect(lambda _t: self.edited.emit())

    def set_items(self, items: Sequence[RefItem]) -> None:
        keep = self.raw() if self.count() else None
        self.blockSignals(True)
        self.clear()
        for item in items:
            self.addItem(item.name, item.code)
        self.blockSignals(False)
        self.set_value(keep)

    def _match(self, text: str) -> int:
        text = text.strip()
        if not text:
            return -1
        for i in range(self.count()):
            if text in (self.itemText(i), self.itemData(i)):
                return i
        partial = [i for i in range(self.count()) if text in self.itemText(i)]
        return partial[0] if len(partial) == 1 else -1

    def _snap(self) -> None:
        """On leaving the field, a unique partial name becomes the item it names."""
        index = self._match(self.currentText())
        if index >= 0 and self.itemText(index) != self.currentText():
            self.setCurrentIndex(index)
            self.edited.emit()

    def raw(self) -> object:
        text = self.currentText().strip()
        index = self._match(text)
        return self.itemData(index) if index >= 0 else text

    def set_value(self, value: object) -> None:
        index = self.findData(value) if value not in (None, "") else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText(_text_of(value))

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self


class FlagField(QCheckBox):
    edited = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.clicked.connect(lambda _c: self.edited.emit())

    def raw(self) -> object:
        return self.isChecked()

    def set_value(self, value: object) -> None:
        self.setChecked(bool(value))

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self


FieldInput = TextField | LongTextField | AmountField | DateField | RefField | FlagField
