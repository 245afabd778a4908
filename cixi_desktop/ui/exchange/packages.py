"""Offline exchange from the window: a town clerk writes a package of their changes, the
bureau merges one in after seeing what it will do. Conflicts found by the merge are held
and resolved in the conflicts dialog, exactly as after ``cixi-desktop exchange import``.

The store does the work (store/exchange); this module only asks, waits and reports.
Reading, planning and merging run on a worker thread behind a busy dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem, PermissionDenied
from cixi_desktop.ui.events import events
from cixi_desktop.ui.ledger.worker import run_and_wait

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database
    from cixi_desktop.store.exchange.export import ExportResult
    from cixi_desktop.store.exchange.merge import MergePlan

T = TypeVar("T")
REFUSALS = (ValidationError, ConflictError, EnvironmentProblem, PermissionDenied)
PACKAGE_FILTER = "*.cixi"


translate = QCoreApplication.translate


def wait_for(parent: QWidget, text: str, work: Callable[[], T]) -> T:
    """Run ``work`` on a worker thread while a busy dialog shows ``text``; its result, or
    its exception raised here. The window keeps painting meanwhile."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setWindowTitle(translate("ExchangePackages", "交换包"))
    progress.setCancelButton(None)  # a merge is one transaction: it ends whole or not at all
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    result = run_and_wait("exchange", parent, lambda _ctx: work())
    progress.close()
    progress.deleteLater()
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


def _table_words() -> tuple[tuple[str, str], ...]:
    return (
        ("enterprise", translate("ExchangePackages", "企业")),
        ("project", translate("ExchangePackages", "项目")),
        ("service_provider", translate("ExchangePackages", "服务商")),
        ("annual_plan", translate("ExchangePackages", "年度计划")),
        ("subsidy_payment", translate("ExchangePackages", "补助拨付")),
    )


def _default_folder() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def export_package(
    db: Database, parent: QWidget, *, out: Path | None = None
) -> ExportResult | None:
    """Ask what to include and where, then write the package. ``out`` skips the file dialog."""
    from cixi_desktop.store.exchange.export import export_changes, last_export

    title = translate("ExchangePackages", "导出交换包")
    last = last_export(db)
    since = None
    if last is not None:
        box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=parent)
        box.setText(
            translate("ExchangePackages", "上次导出交换包是在 %1。这次导出哪些记录？").replace(
                "%1", _local(last)
            )
        )
        changed = box.addButton(
            translate("ExchangePackages", "上次以来的修改(&C)"), QMessageBox.ButtonRole.AcceptRole
        )
        everything = box.addButton(
            translate("ExchangePackages", "全部记录(&A)"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(changed)
        box.exec()
        if box.clickedButton() not in (changed, everything):
            return None
        since = last if box.clickedButton() is changed else None
    if out is None:
        name = Path(db.display_name).stem if db.is_sqlite else "cixi"
        suggested = _default_folder() / f"{name}-{date.today():%Y%m%d}.cixi"
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            title,
            str(suggested),
            translate("ExchangePackages", "交换包") + f" ({PACKAGE_FILTER})",
        )
        if not chosen:
            return None
        out = Path(chosen)
    if out.suffix.lower() != ".cixi":
        out = out.with_name(out.name + ".cixi")
    try:
        result = wait_for(
            parent,
            translate("ExchangePackages", "正在导出交换包…"),
            lambda: export_changes(db, out, since),
        )
    except REFUSALS as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    counts = "，".join(f"{word} {result.counts.get(name, 0)}" for name, word in _table_words())
    QMessageBox.information(
        parent,
        title,
        translate("ExchangePackages", "已导出：%1\n交换包：%2")
        .replace("%1", counts)
        .replace("%2", str(result.path)),
    )
    return result


def import_package(
    db: Database,
    parent: QWidget,
    *,
    path: Path | None = None,
    confirm: Callable[[QMessageBox], bool] | None = None,
) -> MergePlan | None:
    """Read a package, show what merging it will do, merge on the user's word.

    Returns the merge as carried out (None when refused or cancelled). ``path`` skips
    the file dialog; ``confirm`` replaces the question's exec (tests)."""
    from cixi_desktop.store.exchange.merge import apply_merge, describe_plan, plan_merge, summary_of
    from cixi_desktop.store.exchange.package import read_package

    title = translate("ExchangePackages", "导入交换包")
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            title,
            str(_default_folder()),
            translate("ExchangePackages", "交换包") + f" ({PACKAGE_FILTER})",
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        plan = wait_for(
            parent,
            translate("ExchangePackages", "正在读取并核对交换包…"),
            lambda: plan_merge(db, read_package(path)),
        )
    except REFUSALS as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    origin = plan.package.label
    if plan.already_applied:
        when = _local(datetime.fromisoformat(plan.already_applied))
        QMessageBox.information(
            parent,
            title,
            translate("ExchangePackages", "交换包 %1 已于 %2 合并过，本次没有任何修改。")
            .replace("%1", origin)
            .replace("%2", when),
        )
        return None
    box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=parent)
    box.setText(
        translate(
            "ExchangePackages",
            "交换包 %1 合并后：%2。\n两边都改过的记录会保留为冲突，由您逐项选择。现在合并吗？",
        )
        .replace("%1", origin)
        .replace("%2", summary_of(plan))
    )
    box.setDetailedText("\n".join(describe_plan(plan)))
    merge_button = box.addButton(
        translate("ExchangePackages", "合并(&M)"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(merge_button)
    if confirm is not None:
        agreed = confirm(box)
    else:
        box.exec()
        agreed = box.clickedButton() is merge_button
    if not agreed:
        return None
    try:
        merged = wait_for(
            parent, translate("ExchangePackages", "正在合并…"), lambda: apply_merge(db, plan)
        )
    except REFUSALS as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    events().announce("*")
    held = len(merged.conflicts)
    if held:
        answer = QMessageBox.question(
            parent,
            title,
            translate(
                "ExchangePackages",
                "已合并：%1。\n有 %2 条记录两边都改过，已保留待处理。现在处理吗？",
            )
            .replace("%1", summary_of(merged))
            .replace("%2", str(held)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            from cixi_desktop.ui.exchange import open_exchange_dialog

            open_exchange_dialog(db, parent)
    else:
        QMessageBox.information(
            parent,
            title,
            translate("ExchangePackages", "已合并：%1。").replace("%1", summary_of(merged)),
        )
    return merged
