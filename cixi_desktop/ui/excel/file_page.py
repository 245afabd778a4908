"""Wizard page 1: which file and sheet, and what to assume when the sheet leaves it out
(the plan year, the town), and which saved column mapping to start from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from cixi_desktop.reports.excel.mapping import profile_names
from cixi_desktop.reports.excel.reader import sheet_names
from cixi_desktop.store.import_queries import reference_lists

if TYPE_CHECKING:
    from cixi_desktop.ui.excel.import_wizard import ImportWizard

FILE_FILTER = "*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt"


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("选择要导入的表格"))
        self.setSubTitle(
            self.tr("支持 Excel、WPS、LibreOffice 表格（.xlsx .xls .ods）和 CSV 文件。")
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("文件路径"))
        browse = QPushButton(self.tr("浏览(&B)…"), self)
        browse.clicked.connect(self._browse)
        path_row = QWidget(self)
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.sheet = QComboBox(self)
        self.year = QSpinBox(self)
        self.year.setRange(1999, 2100)
        self.year.setSpecialValueText(self.tr("按表格（年度列或标题）"))
        self.year.setValue(1999)
        self.town = QComboBox(self)
        self.town.addItem(self.tr("按表格（镇街列、分组行或标题）"), None)
        for _code, name in reference_lists(wizard.db).towns:
            self.town.addItem(name, name)
        self.profile = QComboBox(self)
        self.profile.addItem(self.tr("自动识别"), None)
        for name in profile_names(wizard.db):
            self.profile.addItem(name, name)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B91C1C")

        form = QFormLayout()
        form.addRow(self.tr("文件(&F)"), path_row)
        form.addRow(self.tr("工作表(&S)"), self.sheet)
        form.addRow(self.tr("计划年度(&Y)"), self.year)
        form.addRow(self.tr("镇街(&T)"), self.town)
        form.addRow(self.tr("列对应方案(&P)"), self.profile)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._loaded_for: str | None = None
        self.path_edit.editingFinished.connect(self._load_sheets)
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择表格文件"),
            self.path_edit.text(),
            self.tr("表格文件 (%1);;所有文件 (*)").replace("%1", FILE_FILTER),
        )
        if name:
            self.set_path(name)

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        self._load_sheets()

    def _load_sheets(self) -> None:
        path = self.path_edit.text().strip()
        if not path or path == self._loaded_for:
            return
        self._loaded_for = None
        self.sheet.clear()
        self.message.setText(self.tr("正在读取…"))
        self.completeChanged.emit()

        def done(names: list[str]) -> None:
            self.sheet.addItems(names)
            self._loaded_for = path
            self.message.clear()
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc))
            self.completeChanged.emit()

        self.wiz.run("sheets", lambda _ctx: sheet_names(path), done, failed)

    def isComplete(self) -> bool:
        return (
            self._loaded_for is not None
            and self._loaded_for == self.path_edit.text().strip()
            and self.sheet.count() > 0
        )

    def chosen_year(self) -> int | None:
        return None if self.year.value() == self.year.minimum() else self.year.value()
