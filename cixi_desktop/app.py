"""The desktop window's entry point (``cixi-desktop`` / ``cixi-desktop gui``).

Order matters: the system check runs before PySide6 is imported (a missing library
must be a sentence, not a crash inside Qt); the font and the translator are in place
before the first widget exists; the database opens before the window is built.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from cixi_desktop import qtcheck, settings

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database

EXIT_REFUSED, EXIT_ENVIRONMENT = 1, 3


def run_app(db_target: str | None, user: str | None) -> int:
    problem = qtcheck.check_system()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_ENVIRONMENT

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cixi_desktop.store.backups import backup_at_start
    from cixi_desktop.store.database import open_database
    from cixi_desktop.store.errors import EnvironmentProblem
    from cixi_desktop.ui import i18n
    from cixi_desktop.ui.crash_dialog import install_excepthook
    from cixi_desktop.ui.login_dialog import sign_in
    from cixi_desktop.ui.main_window import APPLICATION, ORGANIZATION, MainWindow

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
        for translator in translators:
            app.removeTranslator(translator)
        return EXIT_ENVIRONMENT

    try:
        opened = open_database(db_target, user=user)
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
        for translator in translators:
            app.removeTranslator(translator)
        return EXIT_REFUSED
    db = signed_in
    backup_at_start(db)
    try:
        window = MainWindow(db)
    except EnvironmentProblem as exc:  # e.g. locked by another program while reading
        _close(db, opened)
        return refuse(exc)

    install_excepthook()
    try:
        window.show()
        # What exists now lives as long as the app. Freezing it keeps the collector's full
        # passes short: unfrozen, one walks the ~110,000 start-up objects and holds the
        # GIL for 150–250 ms while a large ledger is read, felt as a stutter in the window.
        gc.freeze()
        code = app.exec()
        window.shutdown()
    finally:
        gc.unfreeze()
        _close(db, opened)
        for translator in translators:
            app.removeTranslator(translator)
    return int(code)


def _close(db: Database, opened: Database) -> None:
    """Close the signed-in handle and the database it was opened from (once each)."""
    if db is not opened:
        db.close()
    opened.close()
