"""The ledger failed its integrity check: say so in one sentence and offer the newest good
backup. At start the choice is restore or quit; found later by the background check,
restore or go on read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store.integrity import DamagedDatabase


class DamagedDialog(QDialog):
    """Accepted when the user chose to restore ``problem.backup``."""

    def __init__(
        self, problem: DamagedDatabase, *, in_window: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.problem = problem
        self.setObjectName("damagedDialog")
        self.setWindowTitle(self.tr("数据库已损坏"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 44)

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        sentence = QLabel(str(problem), self)
        sentence.setObjectName("damagedSentence")
        sentence.setWordWrap(True)
        sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if problem.backup is not None:
            advice = self.tr(
                "恢复会用这个备份替换已损坏的数据库，备份之后的修改会丢失；"
                "已损坏的文件仍留在原文件夹中（文件名含 .damaged-），可交维护人员抢救。"
            )
        else:
            advice = self.tr("请保留这个文件，交维护人员处理。")
        if in_window:
            advice += self.tr("在此之前，本窗口只能查看，不能修改。")
        note = QLabel(advice, self)
        note.setObjectName("damagedAdvice")
        note.setWordWrap(True)

        text = QVBoxLayout()
        text.addWidget(sentence)
        text.addWidget(note)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        self.buttons = QDialogButtonBox(self)
        self.restore_button: QPushButton | None = None
        if problem.backup is not None:
            self.restore_button = self.buttons.addButton(
                self.tr("恢复最新的完好备份(&R)"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.setAutoDefault(False)
        self.folder_button = self.buttons.addButton(
            self.tr("打开所在文件夹(&O)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.open_folder)
        leave = self.tr("只读查看(&V)") if in_window else self.tr("退出(&Q)")
        self.leave_button = self.buttons.addButton(leave, QDialogButtonBox.ButtonRole.RejectRole)
        # Enter does not replace the ledger: restoring is a deliberate click or Alt+R.
        self.leave_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.leave_button.setFocus()

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.problem.path.parent)))
