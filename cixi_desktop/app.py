"""The desktop window's entry point (``cixi-desktop`` / ``cixi-desktop gui``).

Order matters: the system check runs before PySide6 is imported (a missing library
must be a sentence, not a crash inside Qt); the font and the translator are in place
before the first widget exists.

Paint first: when a glance at the file (``store.peek``, plain sqlite3) says the local
ledger exists and asks no login, the main window is shown empty and painted before the
database layer (SQLAlchemy, the models: most of the start-up) is even imported; the
ledger is then opened and attached to that window. Otherwise — a server, a new file, a
ledger with logins on — the database opens first, so that a login comes before any
window. Either way a damaged ledger is offered its newest good backup (over the empty
window, if there is one); a restore chosen in the window is done after that window and
its database are closed, and the ledger then opens again (a new window).
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from cixi_desktop import qtcheck, settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QApplication

    from cixi_desktop.store.database import Database
    from cixi_desktop.store.errors import EnvironmentProblem
    from cixi_desktop.store.integrity import DamagedDatabase
    from cixi_desktop.ui.main_window import MainWindow
    from cixi_desktop.ui.restore_runner import PendingRestore

EXIT_REFUSED, EXIT_ENVIRONMENT = 1, 3


def run_app(db_target: str | None, user: str | None) -> int:
    problem = qtcheck.check_system()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_ENVIRONMENT

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cixi_desktop.ui import i18n
    from cixi_desktop.ui.main_window import APPLICATION, ORGANIZATION

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APPLICATION])
    assert isinstance(app, QApplication)
    i18n.apply_ui_font(app)
    translators = i18n.install_translators(app, settings.language())

    def refuse(problem: EnvironmentProblem) -> int:
        QMessageBox.critical(
            None, QCoreApplication.translate("App", "无法打开数据库"), str(problem)
        )
        return EXIT_ENVIRONMENT

    shell = _paint_first(app, db_target)
    if shell is not None and not shell.isVisible():  # closed while it was being painted
        return 0
    try:
        while True:
            session = _open(db_target, user, refuse)
            if isinstance(session, int):
                return session
            opened, db = session
            code, restore = _run_window(app, opened, db, refuse, shell)
            shell = None  # after a restore the ledger opens as at a first start
            if restore is None:
                return code
            from cixi_desktop.ui.restore_runner import restore_with_progress

            # Closed above (window and database): the file may now be replaced.
            restore_with_progress(restore, db.user)
    finally:
        if shell is not None:  # the ledger could not be opened: the empty window goes
            _discard(shell)
        for translator in translators:
            app.removeTranslator(translator)


def _paint_first(app: QApplication, db_target: str | None) -> MainWindow | None:
    """The main window, shown and painted before the database is opened, when the ledger
    is a local file that asks no login (``store.peek``); else None (opened first)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    from cixi_desktop.store.peek import opens_without_login
    from cixi_desktop.ui.main_window import MainWindow

    path = opens_without_login(db_target)
    if path is None:
        return None
    window = MainWindow(None, where=str(path))
    loop = QEventLoop()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                # Once this paint is done and on screen, not in the middle of it.
                QTimer.singleShot(0, loop.quit)
            return False

    watch = FirstPaint()
    window.installEventFilter(watch)
    QTimer.singleShot(2000, loop.quit)  # a platform that never exposes the window
    window.show()
    loop.exec()
    window.removeEventFilter(watch)
    return window


def _open(
    db_target: str | None, user: str | None, refuse: Callable[[EnvironmentProblem], int]
) -> tuple[Database, Database] | int:
    """Open and sign in as at start; a damaged ledger is offered its newest good backup."""
    from cixi_desktop.store.database import open_database
    from cixi_desktop.store.errors import EnvironmentProblem
    from cixi_desktop.store.integrity import DamagedDatabase
    from cixi_desktop.ui.login_dialog import sign_in

    while True:
        try:
            opened = open_database(db_target, user=user)
            break
        except DamagedDatabase as exc:
            if not _offer_backup(exc):
                return EXIT_ENVIRONMENT
        except EnvironmentProblem as exc:
            return refuse(exc)
    try:
        # A server database (or a ledger whose admin asked for it) wants to know who you are.
        signed_in = sign_in(opened, user)
    except EnvironmentProblem as exc:
        opened.close()
        return refuse(exc)
    if signed_in is None:  # cancelled, or the wrong password three times
        opened.close()
        return EXIT_REFUSED
    return opened, signed_in


def _offer_backup(problem: DamagedDatabase) -> bool:
    """The damaged-ledger dialog; True once the chosen backup was restored."""
    from cixi_desktop.ui.damaged_dialog import DamagedDialog
    from cixi_desktop.ui.restore_runner import PendingRestore, restore_with_progress

    dialog = DamagedDialog(problem)
    chose = bool(dialog.exec()) and problem.backup is not None
    dialog.deleteLater()
    if not chose or problem.backup is None:
        return False
    pending = PendingRestore(problem.backup.path, problem.path, over_damaged=True)
    return restore_with_progress(pending)


def _run_window(
    app: QApplication,
    opened: Database,
    db: Database,
    refuse: Callable[[EnvironmentProblem], int],
    shell: MainWindow | None = None,
) -> tuple[int, PendingRestore | None]:
    """The window until it closes (``shell``, the window painted before the database was
    opened, is attached to it); the restore it asked for, to be done once it is closed."""
    from cixi_desktop.store.errors import EnvironmentProblem
    from cixi_desktop.ui.crash_dialog import install_excepthook
    from cixi_desktop.ui.integrity_watch import watch_integrity
    from cixi_desktop.ui.main_window import MainWindow

    if shell is not None and not shell.isVisible():  # closed during a dialog before it
        _close(db, opened)
        return 0, None
    try:
        if shell is not None:
            shell.attach(db)
            window = shell
        else:
            window = MainWindow(db)
    except EnvironmentProblem as exc:  # e.g. locked by another program while reading
        if shell is not None:  # the empty window goes with the sentence
            _discard(shell)
        _close(db, opened)
        return refuse(exc), None

    install_excepthook()
    watch = None
    try:
        window.show()
        watch = watch_integrity(window)  # a large ledger is checked after the first paint
        window.back_up_after_first_paint()  # today's backup, on a thread of its own
        # What exists now lives as long as the app. Freezing it keeps the collector's full
        # passes short: unfrozen, one walks the ~110,000 start-up objects and holds the
        # GIL for 150–250 ms while a large ledger is read, felt as a stutter in the window.
        gc.freeze()
        code = app.exec()
        if watch is not None:
            watch.stop()
        window.shutdown()
    finally:
        gc.unfreeze()
        _close(db, opened)
    restore = window.pending_restore
    if restore is not None:
        # The rooms it opened held the closed database: gone before the file is replaced.
        for widget in app.topLevelWidgets():
            widget.hide()
        window.deleteLater()
    return int(code), restore


def _discard(shell: MainWindow) -> None:
    """The window painted before its ledger, when that ledger is not going to fill it."""
    shell.shutdown()
    shell.hide()
    shell.deleteLater()


def _close(db: Database, opened: Database) -> None:
    """Close the signed-in handle and the database it was opened from (once each)."""
    if db is not opened:
        db.close()
    opened.close()
