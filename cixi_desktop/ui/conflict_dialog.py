"""When a record changed underneath: both versions side by side, field by field.

The user keeps theirs, takes the other, or chooses per field; the caller applies the
result through the service against the record's current version, so nothing is
lost silently and nothing is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

MINE, THEIRS = "mine", "theirs"
Display = Callable[[str, object], str]

_CLASH_STYLE = "color: #B45309; font-weight: bold;"
_HEAD_STYLE = "font-weight: bold;"


def differing(mine: Mapping[str, object], theirs: Mapping[str, object]) -> list[str]:
    """Fields whose value is not the same in both versions, in ``mine``'s order."""
    return [name for name in mine if mine[name] != theirs.get(name)]


class _Choice(QWidget):
    """A radio button with its value as wrapping text beside it: long values (a project's
    content, notes) must be read in full before choosing. Clicking the text chooses too."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.button = QRadioButton(self)
        self.button.setAccessibleName(text)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.button.click()
        super().mousePressEvent(event)


class ConflictDialog(QDialog):
    """``base`` is the version the user started from; a field both sides changed is
    marked, and each field starts on the side that changed it."""

    def __init__(
        self,
        labels: Mapping[str, str],
        base: Mapping[str, object],
        mine: Mapping[str, object],
        theirs: Mapping[str, object],
        display: Display,
        parent: QWidget | None = None,
        *,
        their_note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录已被他人修改"))
        self.mine, self.theirs = dict(mine), dict(theirs)
        self.fields = differing(self.mine, self.theirs)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons: dict[tuple[str, str], QRadioButton] = {}

        intro = QLabel(
            self.tr(
                "您编辑这条记录期间，有人先保存了修改。下面列出两边不同的字段，"
                "请逐项选择要保留的内容；未列出的字段两边相同。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if their_note:
            note = QLabel(their_note, self)
            note.setWordWrap(True)
            layout.addWidget(note)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(16)
        for col, text in enumerate((self.tr("字段"), self.tr("我的版本"), self.tr("对方的版本"))):
            head = QLabel(text, grid_host)
            head.setStyleSheet(_HEAD_STYLE)
            grid.addWidget(head, 0, col)
        line = QFrame(grid_host)
        line.setFrameShape(QFrame.Shape.HLine)
        grid.addWidget(line, 1, 0, 1, 3)
        for row, name in enumerate(self.fields, start=2):
            self._add_row(grid, grid_host, row, name, labels, base, display)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self.fields) + 2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        box = QDialogButtonBox(self)
        self.all_mine = QPushButton(self.tr("全部保留我的"), self)
        self.all_theirs = QPushButton(self.tr("全部采用对方的"), self)
        box.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        ok = box.addButton(self.tr("按所选保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        self.all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.resize(820, min(600, 200 + 48 * max(len(self.fields), 1)))

    def _add_row(
        self,
        grid: QGridLayout,
        host: QWidget,
        row: int,
        name: str,
        labels: Mapping[str, str],
        base: Mapping[str, object],
        display: Display,
    ) -> None:
        mine_changed = self.mine[name] != base.get(name)
        theirs_changed = self.theirs.get(name) != base.get(name)
        caption = QLabel(labels.get(name, name), host)
        if mine_changed and theirs_changed:
            caption.setText(self.tr("%1（双方都改了）").replace("%1", labels.get(name, name)))
            caption.setStyleSheet(_CLASH_STYLE)
        grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
        group = QButtonGroup(self)
        for col, side, value in ((1, MINE, self.mine[name]), (2, THEIRS, self.theirs.get(name))):
            choice = _Choice(display(name, value), host)
            choice.button.setObjectName(f"{side}_{name}")
            group.addButton(choice.button)
            grid.addWidget(choice, row, col, Qt.AlignmentFlag.AlignTop)
            self.buttons[(name, side)] = choice.button
        self.groups[name] = group
        # Start on the side that made the change; when both did, on the user's own.
        start = THEIRS if theirs_changed and not mine_changed else MINE
        self.buttons[(name, start)].setChecked(True)

    def choose(self, name: str, side: str) -> None:
        self.buttons[(name, side)].setChecked(True)

    def choose_all(self, side: str) -> None:
        for name in self.fields:
            self.choose(name, side)

    def choice(self, name: str) -> str:
        return MINE if self.buttons[(name, MINE)].isChecked() else THEIRS

    def changes(self) -> dict[str, object]:
        """What to write over the other version: the fields where the user kept theirs."""
        return {name: self.mine[name] for name in self.fields if self.choice(name) == MINE}


def resolve_conflict(
    labels: Mapping[str, str],
    base: Mapping[str, object],
    mine: Mapping[str, object],
    theirs: Mapping[str, object],
    display: Display,
    parent: QWidget | None,
    their_note: str = "",
) -> dict[str, object] | None:
    """Ask the user; the changes to apply over ``theirs``, or None when cancelled."""
    if not differing(mine, theirs):
        return {}
    dialog = ConflictDialog(labels, base, mine, theirs, display, parent, their_note=their_note)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes()
    finally:
        dialog.deleteLater()
