"""The fields of one form: label, input and the red message under it, plus what the
user has touched and changed. Sections lay the rows out; checks come from the domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget
from shiboken6 import Shiboken

from cixi_desktop.ui.forms.field_widgets import FieldInput

ERROR_STYLE = "color: #B91C1C;"
HINT_STYLE = "color: #4B5563;"
HEADER_STYLE = (
    "font-weight: bold; color: #1F2937; padding-top: 6px; padding-bottom: 2px;"
    " border-bottom: 1px solid #CBD5E1;"
)
# Marks the input of a field with a problem; set as a dynamic property.
INVALID_CSS = (
    'QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"]'
    " { border: 1px solid #DC2626; border-radius: 2px; }"
    # Read-only fields look read-only (grey), so nobody types into a field that won't save.
    ' QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"]'
    " { background: #F3F4F6; color: #111827; }"
)


@dataclass
class FieldRow:
    name: str
    label: QLabel
    input: FieldInput
    error: QLabel
    hint: QLabel
    cell: QWidget


class FieldSet(QObject):
    """``changed`` fires on every edit by the user (not when values are loaded)."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.rows: dict[str, FieldRow] = {}
        self._baseline: dict[str, object] = {}
        self.touched: set[str] = set()
        self._loading = False
        self._watched: dict[QObject, str] = {}

    def add(self, name: str, label: str, field: FieldInput, tip: str = "") -> FieldRow:
        caption = QLabel(label, self._parent)
        caption.setBuddy(field.focus_widget())
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 4, 0, 0)
        if tip:
            caption.setToolTip(tip)
            field.setToolTip(tip)
        cell = QWidget(self._parent)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(field)
        hint = QLabel(cell)
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        hint.hide()
        error = QLabel(cell)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        box.addWidget(hint)
        box.addWidget(error)
        row = FieldRow(name, caption, field, error, hint, cell)
        self.rows[name] = row
        field.edited.connect(lambda n=name: self._edited(n))
        # This object filters the events itself, so Qt drops the filter when it goes.
        self._watched[field.focus_widget()] = name
        field.focus_widget().installEventFilter(self)
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            name = self._watched.get(watched)  # type: ignore[call-overload]
            if name is not None:
                self._visited(name)
        return False

    def _edited(self, name: str) -> None:
        # A field finishing its edit while the window is torn down finds this gone.
        if self._loading or not Shiboken.isValid(self):
            return
        self.touched.add(name)
        self.changed.emit()

    def _visited(self, name: str) -> None:
        if not Shiboken.isValid(self):
            return
        if name not in self.touched and self.rows[name].input.raw() not in ("", None):
            self.touched.add(name)
            self.changed.emit()

    # --- values -------------------------------------------------------------------

    def raw(self) -> dict[str, object]:
        return {name: row.input.raw() for name, row in self.rows.items()}

    def load(self, values: Mapping[str, object]) -> None:
        """Show stored values; they become the baseline for ``dirty``."""
        self._loading = True
        try:
            for name, row in self.rows.items():
                if name in values:
                    row.input.set_value(values[name])
        finally:
            self._loading = False
        self.mark_clean()

    def mark_clean(self) -> None:
        self._baseline = self.raw()

    def changed_fields(self) -> list[str]:
        now = self.raw()
        return [n for n in self.rows if _same_text(now[n]) != _same_text(self._baseline.get(n))]

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    # --- messages ------------------------------------------------------------------

    def show_errors(self, errors: Mapping[str, Sequence[str]], only: Iterable[str] | None) -> None:
        """Messages next to their fields; with ``only``, just for those fields."""
        visible = set(self.rows) if only is None else set(only)
        for name, row in self.rows.items():
            messages = list(errors.get(name, ())) if name in visible else []
            row.error.setText("；".join(messages))
            row.error.setVisible(bool(messages))
            widget = row.input.focus_widget()
            if widget.property("invalid") != bool(messages):
                widget.setProperty("invalid", bool(messages))
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def set_hint(self, name: str, text: str) -> None:
        hint = self.rows[name].hint
        hint.setText(text)
        hint.setVisible(bool(text))

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows.values():
            row.input.set_read_only(read_only)

    def focus_widgets(self, names: Iterable[str]) -> list[QWidget]:
        return [self.rows[n].input.focus_widget() for n in names if n in self.rows]


def _same_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def section_header(title: str, parent: QWidget) -> QLabel:
    header = QLabel(title, parent)
    header.setStyleSheet(HEADER_STYLE)
    return header


def grid_section(
    fields: FieldSet,
    title: str,
    layout_rows: Sequence[Sequence[str | tuple[QWidget, QWidget]]],
    parent: QWidget,
    label_width: int = 0,
) -> QWidget:
    """A header and a grid: each inner sequence is one line of one or two fields
    (a single field spans the line); a (label, widget) pair stands for a non-field."""
    box = QFrame(parent)
    outer = QVBoxLayout(box)
    outer.setContentsMargins(0, 0, 0, 4)
    outer.setSpacing(4)
    outer.addWidget(section_header(title, box))
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(4)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    # The same label width in every section keeps the fields in one line down the form.
    grid.setColumnMinimumWidth(0, label_width)
    grid.setColumnMinimumWidth(2, label_width)
    for r, names in enumerate(layout_rows):
        for c, name in enumerate(names):
            if isinstance(name, str):
                caption, cell = fields.rows[name].label, fields.rows[name].cell
            else:
                caption, cell = name
            top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(caption, r, c * 2, top)
            span = 3 if len(names) == 1 else 1
            # Top-aligned: a message under one field must not push its neighbour down.
            grid.addWidget(cell, r, c * 2 + 1, 1, span, top)
    outer.addLayout(grid)
    return box


def grow_to_fit(window: QWidget) -> None:
    """Make a small dialog taller when messages under its fields need the room
    (it was sized before they appeared); it never shrinks under the user."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


def label_width(labels: Iterable[str], widget: QWidget) -> int:
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(text) for text in labels), default=0) + 8
