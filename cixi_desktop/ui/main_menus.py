"""The rooms reached from the main window's menus: registries, Excel in and out, the
collection template, the briefing and project cards, and the statistics tab.

Kept apart from main_window.py so the window's own file stays about the ledger; each
room is imported when first used, so start-up pays only for the ledger.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QWidget

from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.scope import Scope

if TYPE_CHECKING:
    from cixi_desktop.ui.main_window import MainWindow

_SCOPE_FIELDS = {f.name for f in fields(Scope)}


# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate


def install(window: MainWindow) -> None:
    """Wire the registry actions, add the file-menu rooms and the statistics tab (the
    window may not have its database yet: ``attach`` follows once it has)."""
    _wire_registries(window)
    _add_file_actions(window)
    _add_tabs(window)


def attach(window: MainWindow) -> None:
    """The window's database is open: what the rooms can do with it."""
    for action in (
        window.enterprises_action,
        window.providers_action,
        window.plans_action,
        window.reference_action,
    ):
        action.setEnabled(True)
    _backups_availability(window)


def _wire_registries(window: MainWindow) -> None:
    # Imported when first opened: the registries pull in every field parser (phone numbers,
    # USCC checks), a tenth of the window's start-up.
    def registries() -> Any:
        from cixi_desktop.ui import registries

        return registries

    stack = window.undo_stack
    for action, open_room in (
        (
            window.enterprises_action,
            lambda: registries().open_enterprises(window.db, stack, window),
        ),
        (window.providers_action, lambda: registries().open_providers(window.db, stack, window)),
        (window.plans_action, lambda: registries().open_annual_plans(window.db, window)),
        (window.reference_action, lambda: registries().open_reference_data(window.db, window)),
    ):
        action.triggered.connect(open_room)


def _add_file_actions(window: MainWindow) -> None:
    entries: list[tuple[str, str | None, Any] | None] = [
        (translate("MainMenus", "从 Excel 导入(&I)…"), "Ctrl+I", lambda: import_excel(window)),
        (translate("MainMenus", "导出 Excel(&O)…"), "Ctrl+E", lambda: export_excel(window)),
        (translate("MainMenus", "生成镇街采集模板(&T)…"), None, lambda: write_template(window)),
        None,
        (translate("MainMenus", "工作简报(&B)…"), "Ctrl+B", lambda: briefing(window)),
        (translate("MainMenus", "导出项目卡片(&C)…"), None, lambda: project_cards(window)),
        None,
        (translate("MainMenus", "导出交换包(&X)…"), None, lambda: exchange_export(window)),
        (translate("MainMenus", "导入交换包(&G)…"), None, lambda: exchange_import(window)),
        (translate("MainMenus", "合并交换包冲突(&M)…"), None, lambda: exchange_conflicts(window)),
        None,
    ]
    anchor = window.settings_action
    for entry in entries:
        if entry is None:
            window.file_menu.insertSeparator(anchor)
            continue
        text, shortcut, slot = entry
        action = window._action(text, slot, QKeySequence(shortcut) if shortcut else None)
        window.file_menu.insertAction(anchor, action)
    _add_backups_action(window)


def _add_backups_action(window: MainWindow) -> None:
    """备份与恢复, beside the settings; a local SQLite ledger this window writes only."""
    action = window._action(
        translate("MainMenus", "备份与恢复(&K)…"), lambda: backups_dialog(window)
    )
    window.file_menu.insertAction(window.settings_action, action)
    window.backups_action = action  # type: ignore[attr-defined]


def _backups_availability(window: MainWindow) -> None:
    action = window.backups_action  # type: ignore[attr-defined]
    why_not = ""
    if not window.db.is_sqlite:
        why_not = translate("MainMenus", "服务器数据库由服务器备份（pg_dump），不在这里备份或恢复")
    elif window.db.read_only:
        why_not = window.db.read_only_because
    if why_not:
        action.setEnabled(False)
        action.setToolTip(why_not)
        action.setStatusTip(why_not)


def _add_tabs(window: MainWindow) -> None:
    """The ledger and the statistics side by side; the dashboard is built when first shown."""
    ledger = window.centralWidget()
    tabs = QTabWidget(window)
    tabs.setObjectName("mainTabs")
    tabs.setDocumentMode(True)
    tabs.addTab(ledger, translate("MainMenus", "项目台账"))
    placeholder = QWidget(tabs)
    tabs.addTab(placeholder, translate("MainMenus", "统计分析"))
    window.setCentralWidget(tabs)
    window.tabs = tabs  # type: ignore[attr-defined]
    window.dashboard = None  # type: ignore[attr-defined]

    def on_tab(index: int) -> None:
        if index != 1 or window.dashboard is not None:  # type: ignore[attr-defined]
            return
        from cixi_desktop.ui.dashboard.widget import DashboardWidget

        dashboard = DashboardWidget(window.db, tabs)
        dashboard.filter_requested.connect(lambda wanted: show_in_ledger(window, wanted))
        window.dashboard = dashboard  # type: ignore[attr-defined]
        tabs.blockSignals(True)
        tabs.removeTab(1)
        tabs.insertTab(1, dashboard, translate("MainMenus", "统计分析"))
        tabs.setCurrentIndex(1)
        tabs.blockSignals(False)
        placeholder.deleteLater()

    tabs.currentChanged.connect(on_tab)


def show_in_ledger(window: MainWindow, wanted: dict[str, Any]) -> None:
    """A click on the dashboard: filter the ledger to that bar or slice and show it."""
    scope = replace(Scope(), **{k: v for k, v in wanted.items() if k in _SCOPE_FIELDS})
    window.filter_bar.set_scope(scope)
    window.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def shutdown(window: MainWindow) -> None:
    """Stop the statistics worker before the database closes."""
    dashboard = getattr(window, "dashboard", None)
    if dashboard is not None:
        dashboard.shutdown()


def import_excel(window: MainWindow) -> None:
    from cixi_desktop.ui.excel.import_wizard import run_import_wizard

    run_import_wizard(window.db, window)


def export_excel(window: MainWindow) -> None:
    from cixi_desktop.ui.excel.export_dialog import run_export

    run_export(window.db, window.current_scope(), window)


def write_template(window: MainWindow) -> None:
    from cixi_desktop.reports.excel.template import write_template as write
    from cixi_desktop.store.queries import reference_choices

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(
        window,
        translate("MainMenus", "生成镇街采集模板"),
        str(Path(folder) / "智能化技改项目采集表.xlsx"),
        translate("MainMenus", "Excel 工作簿 (*.xlsx)"),
    )
    if not chosen:
        return
    scope = window.current_scope()
    towns = dict(reference_choices(window.db).towns) if scope.town_code else {}
    town = towns.get(scope.town_code) if scope.town_code else None
    try:
        write(window.db, Path(chosen), town=town, year=scope.year_from)
    except (OSError, EnvironmentProblem) as exc:
        QMessageBox.warning(window, translate("MainMenus", "无法生成模板"), str(exc))
        return
    window.statusBar().showMessage(translate("MainMenus", "已生成采集模板：") + chosen, 8000)


def briefing(window: MainWindow) -> None:
    from cixi_desktop.ui.pdf_preview import show_briefing_dialog

    show_briefing_dialog(window.db, window.current_scope(), window)


def project_cards(window: MainWindow) -> None:
    """Cards for the projects selected in the ledger."""
    from cixi_desktop.ui.pdf_preview import save_cards

    ids = window.selected_project_ids()
    if not ids:
        QMessageBox.information(
            window,
            translate("MainMenus", "导出项目卡片"),
            translate("MainMenus", "请先在台账中选中要导出卡片的项目"),
        )
        return
    save_cards(window.db, ids, window)


def exchange_export(window: MainWindow) -> None:
    """A package of this ledger's changes for the bureau (a town clerk's offline copy)."""
    from cixi_desktop.ui.exchange.packages import export_package

    export_package(window.db, window)


def exchange_import(window: MainWindow) -> None:
    """Merge a town's package after seeing what it will do."""
    from cixi_desktop.ui.exchange.packages import import_package

    import_package(window.db, window)


def exchange_conflicts(window: MainWindow) -> None:
    """Conflicts held by `exchange import` (laptop packages), resolved field by field."""
    from cixi_desktop.ui.exchange import open_exchange_dialog

    open_exchange_dialog(window.db, window)


def backups_dialog(window: MainWindow) -> None:
    """备份与恢复; a restore chosen there closes the window and app.py carries it out."""
    from cixi_desktop.ui.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.db, window, damaged=window.damaged)
    try:
        dialog.exec()
        if dialog.chosen is not None:
            window.restart_with_backup(dialog.chosen)
    finally:
        dialog.deleteLater()
