"""Wizard page 4: the import itself, with progress; the wizard's Cancel stops it and the
whole import is rolled back (one transaction), so the database is as it was."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWizard, QWizardPage

from cixi_desktop.reports.excel import commit
from cixi_desktop.reports.excel.importer import ImportReport
from cixi_desktop.ui.events import events

if TYPE_CHECKING:
    from cixi_desktop.ui.excel.import_wizard import ImportWizard


class CommitPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("正在导入"))
        self.setSubTitle(self.tr("全部写入或全部不写入；按“取消”可随时停止，数据库不会留下一半。"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self.report: ImportReport | None = None
        self._finished = False

    def initializePage(self) -> None:
        self.report = None
        self._finished = False
        self.progress.setValue(0)
        self.status.setText(self.tr("正在写入数据库…"))
        plan = self.wiz.preview_page.plan
        assert plan is not None
        skip = self.wiz.preview_page.skip_invalid.isChecked()
        cancel = threading.Event()

        def work(ctx):  # type: ignore[no-untyped-def]
            return commit.commit_import(
                self.wiz.db,
                plan,
                skip_invalid=skip,
                progress=lambda done, total: ctx.report((done, total)),
                cancel=cancel,
            )

        self.wiz.run("commit", work, self._done, self._failed, self._progress, cancel)

    def _progress(self, payload: object) -> None:
        done, total = payload  # type: ignore[misc]
        self.progress.setMaximum(total)  # 0: length not known, the bar shows it is busy
        self.progress.setValue(min(done, total) if total else 0)

    def _done(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setValue(self.progress.maximum())
        self.setTitle(self.tr("导入完成"))
        self.status.setText(self.tr("导入完成：%1").replace("%1", report.summary()))
        bus = events()
        bus.announce("enterprise", list(report.enterprise_ids))
        bus.announce("project", list(report.project_ids))
        if report.created_providers:
            bus.announce("service_provider", [])
        self._settled()

    def _failed(self, exc: BaseException) -> None:
        self.setTitle(self.tr("没有导入"))
        self.status.setText(self.wiz.describe_failure(exc, self.tr("已取消：数据库没有任何改动。")))
        self.completeChanged.emit()

    def _settled(self) -> None:
        self._finished = True
        self.setSubTitle("")
        # Nothing left to cancel: only Finish remains.
        self.wiz.button(QWizard.WizardButton.CancelButton).setVisible(False)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        self.wiz.button(QWizard.WizardButton.CancelButton).setVisible(True)

    def isComplete(self) -> bool:
        return self._finished
