"""One held conflict, field by field: this ledger's value or the package's, like the
window's conflict dialog (same columns, same two radio buttons per field)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store.services.exchange import MINE, THEIRS, ConflictView
from cixi_desktop.ui.history.time_format import local_time

_HEAD_STYLE = "font-weight: bold;"


class FieldChoices(QWidget):
    """Shows a :class:`ConflictView`; ``choices()`` says which side each field takes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ConflictView | None = None
        self.buttons: dict[tuple[str, str], QRadioButton] = {}
        self.heading = QLabel(self)
        self.heading.setStyleSheet(_HEAD_STYLE)
        self.heading.setWordWrap(True)
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.source)
        layout.addWidget(self.scroll, 1)
        self.show_conflict(None)

    def show_conflict(self, view: ConflictView | None) -> None:
        self.view = view
        self.buttons = {}
        host = QWidget(self.scroll)
        grid = QGridLayout(host)
        grid.setHorizontalSpacing(16)
        if view is None:
            self.heading.setText(self.tr("没有待处理的合并冲突"))
            self.source.setText(
                self.tr("导入交换包时两边都改过的记录会列在这里，由您逐项决定保留哪一边。")
            )
            self.scroll.setWidget(host)
            return
        self.heading.setText(view.title)
        text = (
            self.tr("来自交换包 %1，%2 导入时发现两边都改过。下面列出不同的字段：")
            .replace("%1", view.package)
            .replace("%2", local_time(view.held_at))
        )
        if view.extras:
            text += "\n" + self.tr("处理后一并加入：%1").replace("%1", "；".join(view.extras))
        self.source.setText(text)
        columns = (self.tr("字段"), self.tr("本库的值"), self.tr("交换包中的值"))
        for col, text in enumerate(columns):
            head = QLabel(text, host)
            head.setStyleSheet(_HEAD_STYLE)
            grid.addWidget(head, 0, col)
        line = QFrame(host)
        line.setFrameShape(QFrame.Shape.HLine)
        grid.addWidget(line, 1, 0, 1, 3)
        for row, field in enumerate(view.fields, start=2):
            grid.addWidget(QLabel(field.label, host), row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(host)
            for col, side, text in ((1, MINE, field.mine), (2, THEIRS, field.theirs)):
                button = QRadioButton(text, host)
                button.setObjectName(f"{side}_{field.name}")
                button.setToolTip(text)
                group.addButton(button)
                grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignTop)
                self.buttons[(field.name, side)] = button
            # Nothing changes unless a person picks the package's value.
            self.buttons[(field.name, MINE)].setChecked(True)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(view.fields) + 2, 1)
        self.scroll.setWidget(host)

    def choose(self, name: str, side: str) -> None:
        self.buttons[(name, side)].setChecked(True)

    def choose_all(self, side: str) -> None:
        if self.view is not None:
            for field in self.view.fields:
                self.choose(field.name, side)

    def choices(self) -> dict[str, str]:
        if self.view is None:
            return {}
        return {
            f.name: MINE if self.buttons[(f.name, MINE)].isChecked() else THEIRS
            for f in self.view.fields
        }
