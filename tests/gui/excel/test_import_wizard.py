"""The import wizard and the export dialog driven as a clerk would: file → mapping (edited,
saved as a profile) → preview of problems → import with progress; Cancel really stops."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cixi_desktop.reports.excel import commit as commit_module
from cixi_desktop.reports.excel.mapping import profile_names
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import Enterprise, Project
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.events import events
from cixi_desktop.ui.excel import export_dialog as export_module
from cixi_desktop.ui.excel.export_dialog import ExportDialog
from cixi_desktop.ui.excel.import_wizard import ImportWizard
from cixi_desktop.ui.excel.mapping_page import COL_HEADER, column_letter

HERE = Path(__file__).parents[2] / "unit" / "reports"
SHOTS = os.environ.get("CIXI_SCREENSHOTS")  # set to a folder to look at the pages


def _load(name: str) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Project)),
            s.scalar(select(func.count()).select_from(Enterprise)),
        )


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def wizard(db: Database, qtbot: QtBot) -> ImportWizard:
    w = ImportWizard(db)
    qtbot.addWidget(w)
    w.show()
    return w


def _to_preview(wizard: ImportWizard, qtbot: QtBot, path: Path) -> None:
    wizard.file_page.set_path(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=20_000)
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)


def test_file_mapping_preview_and_import(
    wizard: ImportWizard,
    db: Database,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    messy = _load("excel_messy")
    path = messy.write_messy_ledger(tmp_path / "周巷长河.xlsx", "元", bad_rows=True)
    _to_preview(wizard, qtbot, path)
    assert wizard.file_page.sheet.currentText() == "2018年技改"
    page = wizard.mapping_page
    assert "表头在第 3–4 行" in page.info.text() and "标题中的年度：2018" in page.info.text()
    headers = [page.grid.item(r, COL_HEADER).text() for r in range(page.grid.rowCount())]
    assert "投资情况（元）/项目总投资" in headers
    notes_row = headers.index("备注")
    page.set_field(notes_row, "content")  # the clerk decides 备注 holds the content
    assert page.mapping is not None and page.mapping.by_field()["content"].header == "备注"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("周巷镇", True))
    page.save_button.click()
    assert profile_names(db) == ["周巷镇"]
    _shot(wizard, "1_mapping")

    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=20_000)
    assert "可导入 4 行" in preview.summary.text() and "有问题 2 行" in preview.summary.text()
    rows = [
        (preview.model.index(r, 0).data(), preview.model.index(r, 1).data())
        for r in range(preview.model.rowCount())
    ]
    assert ("12", "统一社会信用代码") in rows and ("13", "项目总投资（万元）") in rows
    assert not preview.isComplete()  # refused rows: only with 跳过 can it go on
    preview.skip_invalid.setChecked(True)
    assert preview.isComplete()
    _shot(wizard, "2_preview")

    announced: list[tuple[str, list]] = []
    events().changed.connect(lambda entity, ids: announced.append((entity, ids)))
    wizard.next()
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=30_000)
    _shot(wizard, "3_done")
    report = wizard.commit_page.report
    assert report is not None and report.created_projects == 4
    assert "导入完成" in wizard.commit_page.status.text()
    assert _counts(db) == (4, 3)
    assert ("project", report.project_ids) in announced
    with db.read() as s:
        content = s.scalar(select(Project.content).where(Project.name == "家电总装线机器换人"))
    assert content == "首台套"


def test_cancel_during_the_import_leaves_the_database_as_it_was(
    wizard: ImportWizard,
    db: Database,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "企业名称",
            "项目名称",
            "所属镇街",
            "产业集群",
            "项目类别",
            "计划年度",
            "总投资",
            "设备投资",
        ]
    )
    for n in range(450):
        ws.append([f"企业{n}", f"项目{n}", "周巷镇", "智能家电", "机器换人", 2019, 100, 50])
    path = tmp_path / "many.xlsx"
    wb.save(path)
    real = commit_module.commit_import
    reached = []

    def gated(db, plan, *, skip_invalid, progress, cancel):  # type: ignore[no-untyped-def]
        def gate(done: int, total: int) -> None:
            progress(done, total)
            reached.append(done)
            cancel.wait(20)  # hold the import mid-way, rows already written in the batch

        return real(db, plan, skip_invalid=skip_invalid, progress=gate, cancel=cancel)

    monkeypatch.setattr(commit_module, "commit_import", gated)
    _to_preview(wizard, qtbot, path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=20_000)
    before = _counts(db)
    wizard.next()
    # The progress shown in the window, not just reached in the worker (signals are queued).
    qtbot.waitUntil(lambda: wizard.commit_page.progress.value() > 0, timeout=30_000)
    assert reached
    wizard.reject()  # the Cancel button
    assert wizard.isVisible()  # it waits for the rollback before closing
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30_000)
    assert _counts(db) == before


def test_a_hostile_file_is_explained_on_the_first_page(
    wizard: ImportWizard, qtbot: QtBot, tmp_path: Path
) -> None:
    fake = tmp_path / "台账.xlsx"
    fake.write_bytes(b"%PDF-1.7 renamed")
    wizard.file_page.set_path(fake)
    qtbot.waitUntil(lambda: "不是 Excel" in wizard.file_page.message.text(), timeout=10_000)
    assert not wizard.file_page.isComplete()


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_export_dialog_writes_then_offers_the_folder(
    db: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load("excel_sample").build_sample(db)
    opened: list[str] = []
    monkeypatch.setattr(
        export_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    dialog = ExportDialog(db, Scope(year_from=2018, year_to=2018), tmp_path / "2018.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(dialog.close_button.isVisible, timeout=30_000)
    _shot(dialog, "4_export")
    assert (tmp_path / "2018.xlsx").exists()
    assert dialog.result_info is not None and dialog.result_info.ledger_rows == 4
    assert "40,000 字" in dialog.notes.toPlainText()
    dialog.open_button.click()
    assert opened == [str(tmp_path)]


def test_export_cancel_keeps_the_old_file(
    db: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load("excel_sample").build_sample(db)
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"the previous export")
    real = export_module.export_workbook

    def gated(db, path, scope, *, progress, cancel):  # type: ignore[no-untyped-def]
        def gate(done: int, total: int) -> None:
            progress(done, total)
            cancel.wait(20)

        return real(db, path, scope, progress=gate, cancel=cancel)

    monkeypatch.setattr(export_module, "export_workbook", gated)
    dialog = ExportDialog(db, Scope(), target)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)
    dialog.reject()
    qtbot.waitUntil(dialog.close_button.isVisible, timeout=30_000)
    assert "已取消" in dialog.status.text()
    assert target.read_bytes() == b"the previous export"
