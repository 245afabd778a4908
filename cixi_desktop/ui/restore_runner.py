"""Restoring a backup from the window: done by app.py between two windows, with the
ledger closed (no connection may hold the file it replaces), on a worker thread behind a
busy dialog; then the ledger opens again through the start-up path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from cixi_desktop.store import backups
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.ui.ledger.worker import run_and_wait

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate


@dataclass(frozen=True)
class PendingRestore:
    backup: Path
    db_path: Path
    # The ledger is damaged: it cannot be backed up first, so it is kept beside itself.
    over_damaged: bool = False


class BusyDialog(QDialog):
    """A modal "please wait" for work that cannot be cancelled halfway (a restore ends
    with one rename); closing it is refused until the work ends."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyDialog")
        self.setWindowTitle(self.tr("请稍候"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 28)
        layout = QVBoxLayout(self)
        label = QLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        bar = QProgressBar(self)
        bar.setRange(0, 0)  # busy: a restore reports no steps
        layout.addWidget(bar)
        self.finished_work = False

    def end(self) -> None:
        self.finished_work = True
        self.accept()

    def reject(self) -> None:  # Esc
        if self.finished_work:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished_work:
            event.ignore()
            return
        super().closeEvent(event)


def restore_with_progress(
    pending: PendingRestore, user: str = "", parent: QWidget | None = None
) -> bool:
    """Restore ``pending`` (the ledger must be closed); False, after telling the user,
    when it was refused — the ledger is then as it was."""
    busy = BusyDialog(
        translate("RestoreRunner", "正在恢复备份 %1，请稍候…").replace("%1", pending.backup.name),
        parent,
    )
    busy.setWindowModality(Qt.WindowModality.ApplicationModal)
    busy.show()

    def work(_ctx: object) -> object:
        if pending.over_damaged:
            return backups.restore_over_damaged(pending.backup, pending.db_path, user)
        return backups.restore_backup(pending.backup, pending.db_path, user)

    outcome = run_and_wait("restore", busy, work)
    busy.end()
    busy.deleteLater()
    if not isinstance(outcome, BaseException):
        return True
    if not isinstance(outcome, EnvironmentProblem):
        raise outcome  # a bug: the crash dialog
    QMessageBox.warning(parent, translate("RestoreRunner", "恢复没有完成"), str(outcome))
    return False
