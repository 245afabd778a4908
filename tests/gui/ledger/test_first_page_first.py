"""What the window does before and after its first page: the totals wait for the first
rows of a filter, and the day's automatic backup waits for the first paint."""

from __future__ import annotations

import pytest

from cixi_desktop.store import summaries
from cixi_desktop.store.backups import list_backups
from cixi_desktop.store.database import Database, sqlite_path
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.main_window import MainWindow


def _settled(window: MainWindow) -> bool:
    text = window.totals_label.text()
    return not window.model.is_loading() and text != "" and "计算" not in text


def test_the_totals_are_summed_after_the_first_rows_are_shown(
    qtbot, ledger_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(ledger_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    seen: list[bool] = []
    by_town = summaries.by_town
    model = window.model

    def totals(db: Database, scope: Scope) -> summaries.Breakdown:
        # On the totals' thread: is the new filter's first page in the model already?
        seen.append(model._shown == model._latest[0] and 0 in model._pages)
        return by_town(db, scope)

    monkeypatch.setattr(summaries, "by_town", totals)
    window.filter_bar.keyword.setText("电器")
    window.filter_bar.apply_now()
    assert window.totals_label.text() == "合计：正在计算…"
    qtbot.waitUntil(lambda: _settled(window) and window.model.scope.keyword == "电器")
    assert seen == [True]
    figures = summaries.headline(ledger_db, Scope(keyword="电器"))
    assert window.totals_label.text() == window.totals_text(figures)
    assert window.model.rowCount() == figures.projects
    window.close()


def test_the_same_filter_again_reads_only_the_totals(qtbot, ledger_db: Database) -> None:
    window = MainWindow(ledger_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert not window.model.set_scope(window.model.scope)  # nothing to read again
    window.close()


def test_the_daily_backup_starts_once_the_window_is_painted(qtbot, ledger_db: Database) -> None:
    path = sqlite_path(ledger_db.url)
    if path is None:
        pytest.skip("backups are of SQLite ledgers")
    window = MainWindow(ledger_db)
    qtbot.addWidget(window)
    window.show()
    window.back_up_after_first_paint()
    assert not list_backups(path)  # not before the window is on screen
    qtbot.waitUntil(lambda: any(b.reason == "daily" for b in list_backups(path)), timeout=10_000)
    window.close()
