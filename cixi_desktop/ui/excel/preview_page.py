"""Wizard page 3: what the import would do — rows to create or update, duplicates, new
enterprises and providers — and every problem by row and field. Nothing is written yet."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from cixi_desktop.reports.excel.importer import ImportOptions, ImportPlan, plan_import
from cixi_desktop.reports.excel.problem_report import write_problem_report
from cixi_desktop.ui.excel.problems_model import ProblemsModel

if TYPE_CHECKING:
    from cixi_desktop.ui.excel.import_wizard import ImportWizard


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("预览：将要导入的内容和发现的问题"))
        self.setSubTitle(self.tr("此时尚未写入数据库。"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("开始导入(&I)"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.stop_button = QPushButton(self.tr("停止(&T)"), self)
        self.stop_button.clicked.connect(self._stop)
        self.model = ProblemsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.skip_invalid = QCheckBox(self.tr("跳过有问题的行，只导入正确的行(&K)"), self)
        self.skip_invalid.toggled.connect(lambda _on: self.completeChanged.emit())
        self.update_duplicates = QCheckBox(
            self.tr("库中已有的项目用表格内容更新（默认跳过）(&U)"), self
        )
        self.update_duplicates.toggled.connect(lambda _on: self.initializePage())
        self.report_button = QPushButton(self.tr("导出问题清单(&E)…"), self)
        self.report_button.clicked.connect(self._export_report)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.stop_button)
        options = QHBoxLayout()
        options.addWidget(self.skip_invalid)
        options.addWidget(self.update_duplicates)
        options.addStretch(1)
        options.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(busy)
        layout.addWidget(self.view, 1)
        layout.addLayout(options)
        self.plan: ImportPlan | None = None
        self._cancel: threading.Event | None = None

    def options(self) -> ImportOptions:
        page = self.wiz.file_page
        town = page.town.currentData()
        return ImportOptions(
            sheet=page.sheet.currentText(),
            year=page.chosen_year(),
            defaults={"town": town} if town else {},
            update_duplicates=self.update_duplicates.isChecked(),
        )

    def initializePage(self) -> None:
        self.plan = None
        self.model.set_problems([])
        self.summary.setText(self.tr("正在逐行检查…"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.stop_button.setVisible(True)
        self.report_button.setEnabled(False)
        self.completeChanged.emit()
        path = Path(self.wiz.file_page.path_edit.text().strip())
        mapping, options = self.wiz.mapping_page.mapping, self.options()
        cancel = self._cancel = threading.Event()

        def work(ctx):  # type: ignore[no-untyped-def]
            return plan_import(
                self.wiz.db,
                path,
                options,
                mapping,
                progress=lambda done, total: ctx.report((done, total)),
                cancel=cancel,
            )

        self.wiz.run("plan", work, self._planned, self._failed, self._progress, cancel)

    def _progress(self, payload: object) -> None:
        done, total = payload  # type: ignore[misc]
        self.progress.setMaximum(total)  # 0: length not known, the bar shows it is busy
        self.progress.setValue(min(done, total) if total else 0)

    def _stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.summary.setText(self.tr("正在停止…"))

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.stop_button.setVisible(False)
        self.summary.setText(self.wiz.describe_failure(exc, self.tr("检查已停止。")))

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.progress.setVisible(False)
        self.stop_button.setVisible(False)
        self.report_button.setEnabled(bool(plan.problems))
        text = (
            self.tr("数据 %1 行：可导入 %2 行（新建 %3，更新 %4），库中已有 %5 行，有问题 %6 行。")
            .replace("%1", f"{plan.data_rows:,}")
            .replace("%2", f"{plan.importable:,}")
            .replace("%3", f"{plan.to_create:,}")
            .replace("%4", f"{plan.to_update:,}")
            .replace("%5", f"{len(plan.duplicates):,}")
            .replace("%6", f"{len(plan.refused):,}")
        )
        if plan.new_enterprises:
            text += (
                self.tr("新企业 %1 家：%2")
                .replace("%1", str(len(plan.new_enterprises)))
                .replace(
                    "%2",
                    "、".join(plan.new_enterprises[:8])
                    + ("……" if len(plan.new_enterprises) > 8 else ""),
                )
            )
        if plan.new_providers:
            text += self.tr("；新服务商 %1 家").replace("%1", str(len(plan.new_providers)))
        self.summary.setText(text)
        self.model.set_problems(plan.errors + plan.warnings)
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)
        self.completeChanged.emit()

    def _export_report(self) -> None:
        if self.plan is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出问题清单"),
            str(self.plan.path.with_name(self.plan.path.stem + "_问题清单.xlsx")),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if name:
            plan = self.plan
            self.wiz.run(
                "report",
                lambda _ctx: write_problem_report(plan, name),
                lambda path: self.summary.setText(
                    self.tr("问题清单已保存：%1").replace("%1", str(path))
                ),
                lambda exc: self.summary.setText(str(exc)),
            )

    def isComplete(self) -> bool:
        plan = self.plan
        if plan is None or plan.importable == 0:
            return False
        return not plan.errors or self.skip_invalid.isChecked()
