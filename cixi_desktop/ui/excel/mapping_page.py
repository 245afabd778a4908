"""Wizard page 2: the columns as found, each mapped to a field (guessed, editable), with
the unit of amount columns; the mapping can be saved as a named profile for the next file
from the same town."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from cixi_desktop.reports.excel.mapping import (
    AMOUNT_UNITS,
    FIELDS_BY_KEY,
    ColumnMapping,
    field_choices,
    load_profile,
    required_missing,
    save_profile,
)
from cixi_desktop.reports.excel.table import Table, open_table

if TYPE_CHECKING:
    from cixi_desktop.ui.excel.import_wizard import ImportWizard

COL_LETTER, COL_HEADER, COL_SAMPLE, COL_FIELD, COL_UNIT = range(5)
_EDITABLE = Qt.ItemFlag.ItemIsEditable


def column_letter(index: int) -> str:
    """A, B, … Z, AA for a 0-based column index, as the spreadsheet labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("核对列的对应关系"))
        self.setSubTitle(self.tr("已按表头自动识别；如有不对，请在“导入为”一列中修改。"))
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #B91C1C")
        self.grid = QTableWidget(0, 5, self)
        self.grid.setHorizontalHeaderLabels(
            [self.tr("列"), self.tr("表头"), self.tr("示例"), self.tr("导入为"), self.tr("单位")]
        )
        self.grid.verticalHeader().setVisible(False)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HEADER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_FIELD, 210)
        header.resizeSection(COL_LETTER, 40)
        self.save_button = QPushButton(self.tr("保存为方案(&S)…"), self)
        self.save_button.clicked.connect(self._save_profile)
        self.saved = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.missing, 1)
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.grid, 1)
        layout.addLayout(buttons)
        self.mapping: ColumnMapping | None = None
        self._filling = False

    # --- loading ----------------------------------------------------------------------

    def initializePage(self) -> None:
        self.mapping = None
        self.grid.setRowCount(0)
        self.info.setText(self.tr("正在读取表格…"))
        self.missing.clear()
        path, sheet = (
            self.wiz.file_page.path_edit.text().strip(),
            self.wiz.file_page.sheet.currentText(),
        )
        self.wiz.run("table", lambda _ctx: open_table(path, sheet), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.info.setText(str(exc))
        self.completeChanged.emit()

    def _loaded(self, table: Table) -> None:
        mapping = table.mapping
        profile_name = self.wiz.file_page.profile.currentData()
        if profile_name:
            profile = load_profile(self.wiz.db, profile_name)
            if profile:
                mapping.apply_profile(profile)
        self.mapping = mapping
        layout = table.layout
        rows = "–".join(str(r) for r in (layout.header_rows[0], layout.header_rows[-1]))
        facts = [self.tr("表头在第 %1 行").replace("%1", rows)]
        if layout.year:
            facts.append(self.tr("标题中的年度：%1").replace("%1", str(layout.year)))
        if layout.town:
            facts.append(self.tr("标题中的镇街：%1").replace("%1", layout.town))
        if layout.unit:
            facts.append(self.tr("金额单位：%1").replace("%1", layout.unit))
        self.info.setText("；".join(facts))
        self._fill(table.samples())
        self.completeChanged.emit()

    def _fill(self, samples: dict[int, list[str]]) -> None:
        assert self.mapping is not None
        self._filling = True
        columns = self.mapping.columns
        self.grid.setRowCount(len(columns))
        for row, col in enumerate(columns):
            self.grid.setItem(row, COL_LETTER, QTableWidgetItem(column_letter(col.index)))
            self.grid.setItem(row, COL_HEADER, QTableWidgetItem(col.header))
            self.grid.setItem(
                row, COL_SAMPLE, QTableWidgetItem("；".join(samples.get(col.index, [])))
            )
            combo = QComboBox(self.grid)
            for key, label in field_choices():
                combo.addItem(self.tr("（不导入）") if key is None else label, key)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._field_changed(r))
            self.grid.setCellWidget(row, COL_FIELD, combo)
            unit = QComboBox(self.grid)
            unit.addItems(list(AMOUNT_UNITS))
            unit.currentIndexChanged.connect(lambda _i, r=row: self._field_changed(r))
            self.grid.setCellWidget(row, COL_UNIT, unit)
            for item in (COL_LETTER, COL_HEADER, COL_SAMPLE):
                self.grid.item(row, item).setFlags(self.grid.item(row, item).flags() & ~_EDITABLE)
        self._sync()
        self._filling = False

    def _sync(self) -> None:
        """Show the mapping as it stands (a field taken by one column leaves the other)."""
        assert self.mapping is not None
        self._filling = True
        for row, col in enumerate(self.mapping.columns):
            combo = self.grid.cellWidget(row, COL_FIELD)
            unit = self.grid.cellWidget(row, COL_UNIT)
            assert isinstance(combo, QComboBox) and isinstance(unit, QComboBox)
            combo.setCurrentIndex(max(combo.findData(col.field), 0))
            is_amount = col.field is not None and FIELDS_BY_KEY[col.field].kind == "amount"
            unit.setEnabled(is_amount)
            unit.setCurrentText(col.unit or "万元")
        self._filling = False
        missing = required_missing(self.mapping)
        self.missing.setText(
            self.tr("还没有对应的必填列：%1").replace("%1", "、".join(missing)) if missing else ""
        )

    def _field_changed(self, row: int) -> None:
        if self._filling or self.mapping is None:
            return
        combo = self.grid.cellWidget(row, COL_FIELD)
        unit = self.grid.cellWidget(row, COL_UNIT)
        assert isinstance(combo, QComboBox) and isinstance(unit, QComboBox)
        key = combo.currentData()
        is_amount = key is not None and FIELDS_BY_KEY[key].kind == "amount"
        self.mapping.set(
            self.mapping.columns[row].index, key, unit.currentText() if is_amount else None
        )
        self._sync()
        self.completeChanged.emit()

    def set_field(self, row: int, key: str | None) -> None:
        """Choose ``key`` for the row's column, as a user would with the combo box."""
        combo = self.grid.cellWidget(row, COL_FIELD)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(key))

    def _save_profile(self) -> None:
        if self.mapping is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("保存列对应方案"), self.tr("方案名称（如镇街名）：")
        )
        if ok and name.strip():
            save_profile(self.wiz.db, name.strip(), self.mapping)
            self.saved.setText(self.tr("已保存方案“%1”").replace("%1", name.strip()))

    def isComplete(self) -> bool:
        return self.mapping is not None and not required_missing(self.mapping)
