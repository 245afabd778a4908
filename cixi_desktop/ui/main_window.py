"""The main window: menus and toolbar, the filter bar over the project ledger, totals of
the current filter in the status bar, the session's undo stack, and what it remembers
between runs (geometry, columns, last filter)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop import __version__, settings
from cixi_desktop.reports.numbers import wan
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.scope import Scope
from cixi_desktop.ui import main_menus
from cixi_desktop.ui.attach import attached
from cixi_desktop.ui.events import events
from cixi_desktop.ui.filter_bar import FilterBar, scope_from_json, scope_to_json
from cixi_desktop.ui.ledger.copy import TooManyRows, rows_as_tsv, too_many_message
from cixi_desktop.ui.ledger.model import PROJECT_ID_ROLE, LedgerModel
from cixi_desktop.ui.ledger.view import LedgerView
from cixi_desktop.ui.ledger.worker import Dropped, Lane

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database
    from cixi_desktop.store.summaries import GroupRow, Headline
    from cixi_desktop.ui.restore_runner import PendingRestore

ORGANIZATION = "Cixi"
APPLICATION = "cixi-desktop"
# Totals are re-read after a change at most this often (a burst of edits counts once).
TOTALS_ENTITIES = frozenset({"project", "enterprise", "service_provider", "reference", "*"})


def settings_file() -> Path:
    """The window's QSettings, next to the shared settings file (so tests stay isolated)."""
    return settings.settings_path().parent / "window.ini"


def window_settings() -> QSettings:
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


def project_dialog_class() -> type | None:
    """The project form, when that part of the window is installed."""
    try:
        from cixi_desktop.ui.forms.project_dialog import ProjectDialog
    except ImportError:
        return None
    return ProjectDialog


def project_dialog_installed() -> bool:
    """Whether the project form is there, without importing it: it is imported when first
    opened (it pulls in every field parser, a sixth of the window's start-up)."""
    return importlib.util.find_spec("cixi_desktop.ui.forms.project_dialog") is not None


class MainWindow(QMainWindow):
    """The window over one open database.

    ``MainWindow(db)`` is ready at once. ``MainWindow(None, where=path)`` is the same window
    without its database: laid out, titled and paintable, its commands held and its table
    empty until ``attach(db)`` — app.py paints it first and opens the ledger after, so that
    loading the database layer (SQLAlchemy, the models) does not stand before the window.
    """

    def __init__(
        self, db: Database | None, parent: QWidget | None = None, *, where: str = ""
    ) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self.setObjectName("mainWindow")
        self._set_title(where, is_file=True)
        self.undo_stack = QUndoStack(self)
        self._totals_lane = Lane("totals", self, max_waiting=1)
        self._totals_for: Scope | None = None
        self._totals_after_rows = False
        self._backup_lane: Lane | None = None
        self._select_after_load: uuid.UUID | None = None
        self._closed = False
        self._dialog_class: type | None = None  # imported on first use
        self._has_form = project_dialog_installed()
        # A restore replaces the file under the open ledger: the window only records it,
        # and app.py carries it out once this window and its database are closed.
        self.pending_restore: PendingRestore | None = None
        self.damaged = False  # the background integrity check failed (ui/integrity_watch.py)

        self.model = LedgerModel(None, self)
        self.view = LedgerView(self)
        self.view.setModel(self.model)
        self.filter_bar = FilterBar(None, self)
        self.filter_bar.setObjectName("filterBar")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("totalsLabel")
        self.loading_label = QLabel(self)
        self.loading_label.setObjectName("loadingLabel")
        # Long texts may shrink (elided by the frame), never widen the window's minimum.
        for label in (self.totals_label, self.loading_label):
            label.setMinimumWidth(1)
        self.statusBar().addWidget(self.loading_label, 1)
        self.statusBar().addPermanentWidget(self.totals_label)

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        main_menus.install(self)

        self.filter_bar.scope_changed.connect(self._scope_changed)
        self.filter_bar.leave_down.connect(self._focus_table)
        self.view.activated.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.loading_changed.connect(self._loading_changed)
        self.model.rowsInserted.connect(lambda *_: self._show_progress())
        self.model.shown.connect(self._rows_shown)
        self.model.loaded.connect(self._ledger_loaded)
        self.model.failed.connect(self._read_failed)
        events().changed.connect(self._data_changed)

        self._restore_layout()
        # Until the database is attached, every command but 退出 waits (each needs it).
        self._held = [a for a in self.findChildren(QAction) if a.isEnabled()]
        self._held.remove(self.quit_action)
        for action in self._held:
            action.setEnabled(False)
        self.tabs.tabBar().setEnabled(False)  # type: ignore[attr-defined]
        self.loading_label.setText(self.tr("正在打开台账…"))
        if db is not None:
            self.attach(db)

    @property
    def db(self) -> Database:
        return attached(self._db, "the main window")

    @property
    def attached(self) -> bool:
        return self._db is not None

    def attach(self, db: Database) -> None:
        """The database is open: fill the filter's choices, free the commands and start
        reading the ledger with the filter remembered from last time."""
        from cixi_desktop.store import queries

        self._db = db
        self._set_title(db.display_name, is_file=db.is_sqlite)
        queries.enable_interrupt(db)
        self.model.attach(db)
        self.filter_bar.attach(db)
        self.my_password_action.setVisible(db.role is not None)  # signed in
        for action in self._held:
            action.setEnabled(True)
        self._held = []
        main_menus.attach(self)
        self.tabs.tabBar().setEnabled(True)  # type: ignore[attr-defined]
        self.loading_label.clear()
        self._update_actions()
        self._restore_filter()

    def _set_title(self, where: str, *, is_file: bool) -> None:
        title = self.tr("慈溪市智能化技改项目台账")
        if where:
            title += " — " + (Path(where).name if is_file else where)
        self.setWindowTitle(title)

    # --- actions, menus, toolbar -----------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_project_action = self._action(
            self.tr("新建项目(&N)…"),
            self.new_project,
            QKeySequence.StandardKey.New,
            icon=sp.SP_FileIcon,
            tip=self.tr("录入一个新项目（Ctrl+N）"),
        )
        self.open_project_action = self._action(
            self.tr("打开项目(&O)"),
            self.open_current,
            "Return",
            icon=sp.SP_DirOpenIcon,
            tip=self.tr("打开选中的项目（回车或双击）"),
        )
        self.open_project_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.view_project_action = self._action(
            self.tr("只读查看(&V)"), self.view_current, "Shift+Return"
        )
        self.settings_action = self._action(
            self.tr("设置(&S)…"), self.show_settings, QKeySequence.StandardKey.Preferences
        )
        self.users_action = self._action(self.tr("用户和登录(&U)…"), self.show_users)
        self.my_password_action = self._action(
            self.tr("修改我的密码(&W)…"), self.change_my_password
        )
        self.my_password_action.setVisible(False)  # shown once signed in (attach)
        self.quit_action = self._action(self.tr("退出(&X)"), self.close, "Ctrl+Q")
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(self.style().standardIcon(sp.SP_ArrowBack))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setIcon(self.style().standardIcon(sp.SP_ArrowForward))
        self.copy_action = self._action(
            self.tr("复制选中行(&C)"), self.copy_rows, QKeySequence.StandardKey.Copy
        )
        # These keys mean something else in a text field: they act only in the table.
        for action in (self.open_project_action, self.view_project_action, self.copy_action):
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        self.find_action = self._action(
            self.tr("查找(&F)"), self.focus_filter, QKeySequence.StandardKey.Find
        )
        self.clear_filter_action = self._action(
            self.tr("清除筛选(&E)"), self.filter_bar.clear, "Ctrl+Shift+F"
        )
        self.refresh_action = self._action(
            self.tr("刷新(&R)"),
            self.refresh,
            QKeySequence.StandardKey.Refresh,
            icon=sp.SP_BrowserReload,
            tip=self.tr("重新读取台账（F5）"),
        )
        self.filter_bar_action = self._action(
            self.tr("显示筛选栏(&B)"), self.filter_bar.setVisible, "Ctrl+Shift+B"
        )
        self.filter_bar_action.setCheckable(True)
        self.filter_bar_action.setChecked(True)
        self.reset_columns_action = self._action(self.tr("恢复默认列(&D)"), self.view.reset_columns)
        self.shortcuts_action = self._action(
            self.tr("快捷键(&K)"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self.about_action = self._action(self.tr("关于(&A)"), self.show_about)
        # The registries live in their own windows; they are wired in when installed.
        self.enterprises_action = self._action(self.tr("企业(&E)…"), None)
        self.providers_action = self._action(self.tr("服务商(&P)…"), None)
        self.plans_action = self._action(self.tr("年度计划(&Y)…"), None)
        self.reference_action = self._action(self.tr("参考数据(&R)…"), None)
        for action in (
            self.enterprises_action,
            self.providers_action,
            self.plans_action,
            self.reference_action,
        ):
            action.setEnabled(False)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.file_menu.addAction(self.new_project_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addAction(self.users_action)
        self.file_menu.addAction(self.my_password_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.copy_action)
        self.edit_menu.addAction(self.find_action)

        self.view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.view_menu.addAction(self.filter_bar_action)
        self.columns_menu = self.view_menu.addMenu(self.tr("显示的列(&L)"))
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.view_menu.addAction(self.reset_columns_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.refresh_action)

        self.ledger_menu = bar.addMenu(self.tr("台账(&L)"))
        self.ledger_menu.addAction(self.open_project_action)
        self.ledger_menu.addAction(self.view_project_action)
        self.ledger_menu.addAction(self.new_project_action)
        self.ledger_menu.addSeparator()
        self.ledger_menu.addAction(self.find_action)
        self.ledger_menu.addAction(self.clear_filter_action)

        self.registry_menu = bar.addMenu(self.tr("登记(&R)"))
        self.registry_menu.addAction(self.enterprises_action)
        self.registry_menu.addAction(self.providers_action)
        self.registry_menu.addAction(self.plans_action)
        self.registry_menu.addAction(self.reference_action)

        self.help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("工具栏"), self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action in (
            self.new_project_action,
            self.open_project_action,
            None,
            self.undo_action,
            self.redo_action,
            None,
            self.refresh_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for action in self.view.column_menu().actions():
            self.columns_menu.addAction(action)

    # --- the filter and what it shows --------------------------------------------------

    def current_scope(self) -> Scope:
        """The filter as the user set it: what an export from the window exports."""
        return self.filter_bar.scope()

    def _scope_changed(self, scope: Scope) -> None:
        if self.model.set_scope(scope):
            # First page first: the totals of a large ledger are a pass over every row in
            # scope, and they would compete with reading the first rows.
            self._totals_after_rows = True
            self._totals_for = scope
            self.totals_label.setText(self.tr("合计：正在计算…"))
        else:
            self._request_totals()

    def _rows_shown(self) -> None:
        if self._totals_after_rows:
            self._totals_after_rows = False
            self._request_totals()

    def _request_totals(self) -> None:
        if self._db is None:
            return
        from cixi_desktop.store import summaries

        scope = self.model.scope
        self._totals_for = scope
        self.totals_label.setText(self.tr("合计：正在计算…"))
        db = self.db
        # The total line of the towns table holds the four figures shown (it is the
        # headline's sum of groups, without the passes for coverage and providers).
        self._totals_lane.submit(
            "headline",
            lambda ctx: summaries.by_town(db, scope).total,
            on_done=lambda figures: self._show_totals(scope, figures),
            on_error=self._totals_failed,
        )

    def _show_totals(self, scope: Scope, figures: Headline | GroupRow) -> None:
        if scope != self._totals_for:
            return
        self.totals_label.setText(self.totals_text(figures))

    def totals_text(self, figures: Headline | GroupRow) -> str:
        return (
            self.tr("项目 %1 个 · 企业 %2 家 · 总投资 %3 万元 · 核定补助 %4 万元")
            .replace("%1", f"{figures.projects:,}")
            .replace("%2", f"{figures.enterprises:,}")
            .replace("%3", wan(figures.total_investment))
            .replace("%4", wan(figures.subsidy))
        )

    def _totals_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Dropped):
            return
        if isinstance(exc, EnvironmentProblem):
            self.totals_label.setText(self.tr("合计：无法计算"))
            self.statusBar().showMessage(str(exc), 10_000)
            return
        raise exc

    def _loading_changed(self, loading: bool) -> None:
        if loading:
            self.loading_label.setText(self.tr("正在读取台账…"))
        else:
            self.loading_label.clear()

    def _show_progress(self) -> None:
        if self.model.is_loading():
            self.loading_label.setText(
                self.tr("正在读取台账… 已读 %1 行").replace("%1", f"{self.model.rowCount():,}")
            )

    def _ledger_loaded(self) -> None:
        target, self._select_after_load = self._select_after_load, None
        if target is not None:
            self.select_project(target)
        self._update_actions()

    def _read_failed(self, sentence: str) -> None:
        self._rows_shown()  # the totals say for themselves whether they can be read
        self.loading_label.clear()
        self.statusBar().showMessage(sentence, 15_000)

    def _data_changed(self, entity: str, ids: list[object]) -> None:
        if self._db is None:
            return
        if entity == "project" and len(ids) == 1 and isinstance(ids[0], uuid.UUID):
            self._select_after_load = ids[0]
        if entity in TOTALS_ENTITIES:
            self._request_totals()
        if entity in ("reference", "service_provider", "project", "*"):
            self.filter_bar.reload_choices()

    def refresh(self) -> None:
        self.model.refresh()
        self.filter_bar.reload_choices()
        self._request_totals()

    def select_project(self, project_id: uuid.UUID) -> bool:
        row = self.model.row_of(project_id)
        if row is None:
            return False
        # Through the selection model: selectRow() would follow whatever modifier keys
        # happen to be down.
        flags = QItemSelectionModel.SelectionFlag
        index = self.model.index(row, self.view.visible_columns()[0])
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    # --- commands ----------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_bar.setVisible(True)
        self.filter_bar_action.setChecked(True)
        self.filter_bar.keyword.setFocus()
        self.filter_bar.keyword.selectAll()

    def _focus_table(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, self.view.visible_columns()[0]))

    def selected_project_ids(self) -> list[uuid.UUID]:
        rows = self.view.selected_rows()
        return [pid for pid in map(self.model.project_id, rows) if pid is not None]

    def current_project_id(self) -> uuid.UUID | None:
        index = self.view.currentIndex()
        return self.model.project_id(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        if self._db is None:  # held until attached
            return
        has_form = self._dialog_class is not None or self._has_form
        has_row = self.current_project_id() is not None
        self.new_project_action.setEnabled(has_form)
        self.open_project_action.setEnabled(has_form and has_row)
        self.view_project_action.setEnabled(has_form and has_row)
        self.copy_action.setEnabled(self.view.selectionModel().hasSelection())

    def _project_dialog(self) -> type | None:
        if self._dialog_class is None and self._has_form:
            self._dialog_class = project_dialog_class()
        return self._dialog_class

    def new_project(self) -> None:
        dialog = self._project_dialog()
        if dialog is not None:
            dialog.create_new(self.db, self.undo_stack, self)  # type: ignore[attr-defined]

    def open_project(self, project_id: uuid.UUID, *, read_only: bool = False) -> None:
        dialog = self._project_dialog()
        if dialog is not None:
            dialog.open_existing(  # type: ignore[attr-defined]
                self.db, project_id, self.undo_stack, self, read_only=read_only
            )

    def open_current(self) -> None:
        project_id = self.current_project_id()
        if project_id is not None:
            self.open_project(project_id)

    def view_current(self) -> None:
        project_id = self.current_project_id()
        if project_id is not None:
            self.open_project(project_id, read_only=True)

    def _open_index(self, index: QModelIndex) -> None:
        project_id = index.data(PROJECT_ID_ROLE)
        if isinstance(project_id, uuid.UUID):
            self.open_project(project_id)

    def copy_rows(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        try:
            text = rows_as_tsv(self.db, self.model, rows, self.view.visible_columns())
        except TooManyRows as exc:
            self.statusBar().showMessage(too_many_message(exc.rows), 10_000)
            return
        except EnvironmentProblem as exc:
            self.statusBar().showMessage(str(exc), 10_000)
            return
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            self.tr("已复制 %1 行，可直接粘贴到 Excel 或 WPS 表格").replace("%1", f"{len(rows):,}"),
            5_000,
        )

    def show_settings(self) -> None:
        from cixi_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec() and dialog.chosen_language() != settings.language():
            self.statusBar().showMessage(self.tr("界面语言已保存，重新启动程序后生效"), 10_000)

    def show_users(self) -> None:
        from cixi_desktop.ui.users_dialog import UsersDialog

        UsersDialog(self.db, self).exec()

    def change_my_password(self) -> None:
        from cixi_desktop.ui.users_dialog import OwnPasswordDialog

        if OwnPasswordDialog(self.db, self).exec():
            self.statusBar().showMessage(self.tr("密码已修改，下次登录请用新密码"), 10_000)

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+N", self.tr("新建项目")),
            (self.tr("回车 / 双击"), self.tr("打开选中的项目")),
            ("Shift+Enter", self.tr("只读查看选中的项目")),
            ("Ctrl+F", self.tr("到搜索框（输入即筛选；↓ 或回车回到表格；Esc 清空）")),
            ("Ctrl+Shift+F", self.tr("清除全部筛选条件")),
            ("Ctrl+C", self.tr("复制选中行（粘贴到 Excel）")),
            ("Ctrl+Z / Ctrl+Y", self.tr("撤销 / 重做")),
            ("F5", self.tr("刷新")),
            ("Ctrl+Home / Ctrl+End", self.tr("第一行 / 最后一行")),
            ("Ctrl+Q", self.tr("退出")),
        ]
        table = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in rows)
        QMessageBox.information(self, self.tr("快捷键"), f"<table>{table}</table>")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("慈溪市智能化技改项目台账 %1\n数据库：%2")
            .replace("%1", __version__)
            .replace("%2", self.db.display_name),
        )

    # --- remembering -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        stored = window_settings()
        geometry = stored.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._default_geometry()
        state = stored.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        columns = stored.value("ledger/columns")
        if isinstance(columns, QByteArray) and not columns.isEmpty():
            self.view.restore_columns(columns)
        visible = stored.value("ledger/filter_bar", True, type=bool)
        self.filter_bar.setVisible(bool(visible))
        self.filter_bar_action.setChecked(bool(visible))

    def _restore_filter(self) -> None:
        stored = window_settings()
        try:
            scope = scope_from_json(json.loads(str(stored.value("ledger/filter", "{}"))))
        except ValueError:
            scope = Scope()
        # The first apply always emits, which starts reading the ledger.
        self.filter_bar.set_scope(scope, emit=False)
        self.filter_bar.apply_now()

    def _default_geometry(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        room = screen.availableGeometry()
        self.resize(min(1440, int(room.width() * 0.9)), min(900, int(room.height() * 0.9)))

    def save_state(self) -> None:
        stored = window_settings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/state", self.saveState())
        stored.setValue("ledger/columns", self.view.save_columns())
        stored.setValue("ledger/filter_bar", self.filter_bar_action.isChecked())
        if self._db is not None:  # closed before the ledger opened: last time's filter stays
            stored.setValue(
                "ledger/filter",
                json.dumps(scope_to_json(self.current_scope()), ensure_ascii=False),
            )
        stored.sync()

    def back_up_after_first_paint(self) -> None:
        """Today's automatic backup (``store.backups.backup_at_start``), once the window is on
        screen, on a background thread of low priority: copying and checking a large ledger
        takes a minute, which must not stand between a click and the window."""
        self._backup_lane = Lane("daily-backup", self, max_waiting=1)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._start_backup)  # once this paint is on screen
        return False

    def _start_backup(self) -> None:
        from cixi_desktop.store.backups import backup_at_start

        db = self.db
        before = len(db.warnings)

        def work(_ctx: object) -> list[str]:
            with contextlib.suppress(AttributeError, OSError):  # Linux: this thread only
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
            backup_at_start(db)
            return db.warnings[before:]

        self._backup_lane.submit(
            "backup",
            work,
            on_done=self._backup_done,
            on_error=self._backup_failed,
        )

    def _backup_done(self, problems: list[str]) -> None:
        for problem in problems:  # "今天的自动备份没有完成：…", for the user to act on
            self.statusBar().showMessage(problem, 15_000)

    def _backup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Dropped):
            raise exc

    def restart_with_backup(self, restore: PendingRestore) -> None:
        """Close; app.py then restores the backup and opens the ledger in a new window."""
        self.pending_restore = restore
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self.save_state()
            self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop background reads (before the database is closed)."""
        if self._closed:
            return
        self._closed = True
        events().changed.disconnect(self._data_changed)
        main_menus.shutdown(self)
        if self._db is None:
            self.model.close()
            self._totals_lane.close()
            return
        from cixi_desktop.store import queries

        # A total still being summed over a large ledger is stopped, not waited for.
        with queries.interrupted(self._db):
            self.model.close()
            self._totals_lane.close()
        if self._backup_lane is not None:
            # A backup still being copied is finished first: a half-made copy is no backup.
            self.statusBar().showMessage(self.tr("正在完成今天的自动备份…"))
            self._backup_lane.close()
