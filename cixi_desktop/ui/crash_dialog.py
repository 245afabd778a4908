"""An unexpected error (a bug) as a dialog: what happened in one sentence, the details to
copy and send, written to ``crash.log`` in the data folder; the window keeps running."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop import __version__
from cixi_desktop.store.database import data_dir
from cixi_desktop.store.errors import PermissionDenied


def write_crash_log(details: str) -> Path | None:
    """Append ``details`` to crash.log; its path, or None when it cannot be written."""
    try:
        log = data_dir() / "crash.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} ")
            fh.write(f"cixi-desktop {__version__}\n{details}\n")
        return log
    except OSError:
        return None


class CrashDialog(QDialog):
    def __init__(self, details: str, log: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("程序出错"))
        self.details = details
        layout = QVBoxLayout(self)
        where = (
            self.tr("详细信息已保存到 %1。").replace("%1", str(log))
            if log
            else self.tr("详细信息无法写入日志文件，请复制下面的内容。")
        )
        message = QLabel(
            self.tr(
                "程序遇到了一个意外错误，刚才的操作可能没有完成；已保存的数据不受影响，"
                "可以继续使用。请把下面的详细信息发送给维护人员。"
            )
            + "\n"
            + where,
            self,
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        self.text = QPlainTextEdit(details, self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumSize(560, 220)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(self.tr("复制详细信息"), self)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


_showing = False
# Dialogs without a parent window are owned by Python: keep them until they are closed.
_open_dialogs: list[CrashDialog] = []


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    show: bool = True,
) -> CrashDialog | None:
    """Log the error and, on the GUI thread, show it in a (non-blocking) dialog."""
    global _showing
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log = write_crash_log(details)
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread() or _showing:
        sys.stderr.write(details)
        return None
    _showing = True
    try:
        dialog = CrashDialog(details, log, QApplication.activeWindow())
        _open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result: _forget(dialog))
        if show:
            dialog.open()
        return dialog
    finally:
        _showing = False


# Dialogs without a parent window are owned by Python: keep them until they are closed.
_open_dialogs: list[CrashDialog] = []


def _forget(dialog: CrashDialog) -> None:
    if dialog in _open_dialogs:
        _open_dialogs.remove(dialog)
    dialog.deleteLater()


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        if issubclass(exc_type, PermissionDenied) and _refuse_politely(exc):
            return  # the role check said no: not a bug, the sentence names who may
        report_exception(exc_type, exc, tb)
    except Exception:  # never let the reporter itself take the app down
        sys.__excepthook__(exc_type, exc, tb)


def _refuse_politely(exc: BaseException) -> bool:
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return False
    QMessageBox.warning(
        QApplication.activeWindow(), QCoreApplication.translate("CrashDialog", "没有权限"), str(exc)
    )
    return True


def install_excepthook() -> None:
    sys.excepthook = _hook
