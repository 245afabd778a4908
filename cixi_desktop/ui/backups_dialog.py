"""备份与恢复: the ledger's backups newest first (time, reason, size, whether each still
passes its check), a backup made now, and a restore of the chosen one.

A restore replaces the file under the open ledger, so the dialog only chooses it: the
window closes, app.py restores with the ledger closed and opens it again
(ui/restore_runner.py). Checks and backups run on worker threads; Enter closes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.store import backups
from cixi_desktop.store.backups import BackupFile
from cixi_desktop.store.database import Database, sqlite_path
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.integrity import QuickCheck
from cixi_desktop.store.services.permissions import Permission, allows
from cixi_desktop.ui.ledger.worker import Dropped, JobContext, Lane
from cixi_desktop.ui.restore_runner import PendingRestore

TIME, REASON, SIZE, CHECK = range(4)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1_048_576:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


class BackupsDialog(QDialog):
    """``chosen`` is the restore the user confirmed (the caller carries it out)."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, damaged: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(self.tr("备份与恢复"))
        self.db = db
        self.db_path = sqlite_path(db.url)
        self.damaged = damaged
        self.chosen: PendingRestore | None = None
        self.backups: list[BackupFile] = []
        self.verified: dict[Path, bool] = {}
        self._busy = False
        self._check: QuickCheck | None = None  # the one running, to stop it on close
        self._closing = threading.Event()
        self._work = Lane("backup-now", self)
        self._verify = Lane("backup-check", self)

        where = QLabel(self)
        where.setObjectName("backupsWhere")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self.db_path is not None:
            where.setText(
                self.tr("数据库：%1\n备份文件夹：%2")
                .replace("%1", str(self.db_path))
                .replace("%2", str(backups.backup_dir(self.db_path)))
            )
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("原因"), self.tr("大小"), self.tr("校验")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(self.tr("还没有备份。"), self)
        self.empty.setObjectName("backupsEmpty")
        self.status = QLabel(self)
        self.status.setObjectName("backupsStatus")
        self.status.setWordWrap(True)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)

        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.backup_button = self._button(self.tr("立即备份(&B)"), role.ActionRole)
        self.restore_button = self._button(self.tr("恢复所选(&R)…"), role.ActionRole)
        self.folder_button = self._button(self.tr("打开所在文件夹(&O)"), role.ActionRole)
        self.close_button = self.buttons.addButton(self.tr("关闭"), role.RejectRole)
        # Enter closes: a restore is never one keystroke away.
        self.close_button.setDefault(True)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 46, 420)

        self.reload()
        self.table.setFocus()

    def _button(self, text: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        self.buttons.addButton(button, role)
        return button

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        self.backups = backups.list_backups(self.db_path) if self.db_path is not None else []
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            size = QTableWidgetItem(size_text(backup.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells = {
                TIME: QTableWidgetItem(f"{backups.local_time(backup):%Y-%m-%d %H:%M}"),
                REASON: QTableWidgetItem(self.reason_label(backup.reason)),
                SIZE: size,
                CHECK: QTableWidgetItem(self._check_text(backup.path)),
            }
            cells[TIME].setToolTip(str(backup.path))
            for column, item in cells.items():
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.backups)
        if self.backups and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()
        self._verify_unchecked()

    def reason_label(self, reason: str) -> str:
        labels = {
            "daily": self.tr("每日"),
            "manual": self.tr("手动"),
            "before-import": self.tr("导入前"),
            "before-restore": self.tr("恢复前"),
            "before-demo": self.tr("载入演示数据前"),
        }
        if reason in labels:
            return labels[reason]
        if reason.startswith("before-migration"):
            version = reason.removeprefix("before-migration").strip("-")
            if not version:
                return self.tr("升级前")
            return self.tr("升级前（%1）").replace("%1", version)
        return reason

    def _check_text(self, path: Path) -> str:
        if path not in self.verified:
            return self.tr("正在检查…")
        return self.tr("通过") if self.verified[path] else self.tr("未通过")

    def _verify_unchecked(self) -> None:
        """Check each backup not yet checked, newest first, one at a time."""
        waiting = [b.path for b in self.backups if b.path not in self.verified]
        if not waiting:
            return

        closing = self._closing

        def work(ctx: JobContext) -> None:
            for path in waiting:
                check = QuickCheck(path)
                self._check = check
                if closing.is_set() or ctx.cancelled():
                    return  # set before reading _check in done(): one of the two sees it
                problems = check.run()
                if problems is None:
                    return
                ctx.report((path, not problems))

        self._verify.submit("verify", work, on_progress=self._verified, on_error=self._ignore)

    def _verified(self, payload: object) -> None:
        path, ok = payload  # type: ignore[misc]
        self.verified[path] = ok
        for row, backup in enumerate(self.backups):
            if backup.path == path:
                item = self.table.item(row, CHECK)
                if item is not None:
                    item.setText(self._check_text(path))
        self._update_buttons()

    def _ignore(self, exc: BaseException) -> None:
        if not isinstance(exc, Dropped):
            raise exc

    def selected(self) -> BackupFile | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.backups[min(rows)] if rows else None

    # --- what may be done -----------------------------------------------------------------

    def _refusal(self, *, restoring: bool) -> str:
        """Why backing up (or restoring) is not possible here; empty when it is."""
        if self.db_path is None:
            return self.tr("服务器数据库由服务器备份（pg_dump），不在这里备份或恢复")
        if restoring and not allows(self.db, Permission.RESET):
            return self.tr("只有管理员可以恢复备份")
        if self.damaged:
            return "" if restoring else self.tr("数据库已损坏，无法备份；请恢复一个完好的备份")
        if self.db.read_only:
            return self.db.read_only_because
        return ""

    def _update_buttons(self) -> None:
        busy = self._busy
        why_not = self._refusal(restoring=False)
        self.backup_button.setEnabled(not busy and not why_not)
        self.backup_button.setToolTip(why_not or self.tr("立即做一份经完整性检查的备份"))
        chosen = self.selected()
        why_not = self._refusal(restoring=True)
        if not why_not and chosen is not None and self.verified.get(chosen.path) is False:
            why_not = self.tr("这个备份没有通过检查，不能用于恢复")
        self.restore_button.setEnabled(not busy and chosen is not None and not why_not)
        self.restore_button.setToolTip(
            why_not or self.tr("用所选备份替换当前数据库（当前数据库先备份）")
        )
        self.folder_button.setEnabled(self.db_path is not None)
        self.close_button.setEnabled(not busy)

    # --- commands -------------------------------------------------------------------------

    def backup_now(self) -> None:
        if self.db_path is None or self._busy:
            return
        path = self.db_path
        self._set_busy(self.tr("正在备份，请稍候…"))
        self._work.submit(
            "backup",
            lambda _ctx: backups.make_backup(path, "manual"),
            on_done=self._backed_up,
            on_error=self._backup_failed,
        )

    def _backed_up(self, made: Path) -> None:
        self.verified[made] = True  # make_backup checked it in full before naming it
        self._set_busy("")
        self.status.setText(self.tr("已备份并通过完整性检查：%1").replace("%1", made.name))
        self.reload()
        for row, backup in enumerate(self.backups):
            if backup.path == made:
                self.table.selectRow(row)

    def _backup_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Dropped):
            return
        self._set_busy("")
        if not isinstance(exc, EnvironmentProblem):
            raise exc
        self.status.setText(self.tr("备份没有完成：%1").replace("%1", str(exc)))

    def _set_busy(self, text: str) -> None:
        self._busy = bool(text)
        self.busy_bar.setVisible(self._busy)
        if text:
            self.status.setText(text)
        self._update_buttons()

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or self.db_path is None or not self.restore_button.isEnabled():
            return
        when = f"{backups.local_time(chosen):%Y-%m-%d %H:%M}"
        if self.damaged:
            first = self.tr(
                "当前数据库已损坏，无法先备份；它会保留在原文件夹中（文件名含 .damaged-）。"
            )
        else:
            first = self.tr("当前数据库会先备份（原因：恢复前），需要时可以再恢复回来。")
        question = (
            self.tr("用 %1 的备份（%2）替换当前数据库？")
            .replace("%1", when)
            .replace("%2", self.reason_label(chosen.reason))
            + "\n\n"
            + first
            + "\n"
            + self.tr("恢复时窗口会关闭，恢复完成后重新打开。")
        )
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, self.tr("恢复备份"), question, buttons.Yes | buttons.No, buttons.No
        )
        if answer != buttons.Yes:
            return
        self.chosen = PendingRestore(chosen.path, self.db_path, over_damaged=self.damaged)
        self.accept()

    def open_folder(self) -> None:
        if self.db_path is None:
            return
        folder = backups.backup_dir(self.db_path)
        target = folder if folder.is_dir() else self.db_path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def reject(self) -> None:  # Esc and 关闭
        if self._busy:
            return  # a backup ends with one rename; it is not cut off halfway
        super().reject()

    def done(self, result: int) -> None:
        self._closing.set()
        check = self._check
        if check is not None:
            check.stop()
        self._verify.close()
        self._work.close()
        super().done(result)
