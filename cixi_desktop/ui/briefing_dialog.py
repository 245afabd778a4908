"""The 简报 dialog: what the briefing covers (plan year, town, 本期), its issue number and
its 报尾; generated on a worker thread, previewed, then printed or saved.

The issue number is recorded only when the briefing is saved or printed — a preview
that is thrown away does not use up a number.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.reports.pdf.briefing import (
    BriefingRequest,
    BriefingResult,
    Cancelled,
    briefing_scope,
    build_briefing,
)
from cixi_desktop.reports.pdf.briefing_settings import (
    BriefingSettings,
    load_settings,
    next_issue,
    record_issue,
    save_settings,
)
from cixi_desktop.reports.pdf.period import Period, parse_period
from cixi_desktop.store import queries
from cixi_desktop.store.database import Database
from cixi_desktop.store.files import write_atomically
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.ledger.worker import Dropped, Lane
from cixi_desktop.ui.pdf_preview import PdfPreview, ask_pdf_path, print_with_dialog


class BriefingDialog(QDialog):
    generated = Signal()
    issued = Signal(int)  # the issue number recorded

    def __init__(self, db: Database, scope: Scope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("智能化技改工作简报"))
        self.resize(1100, 800)
        self.result_info: BriefingResult | None = None
        self._cancelled = False
        self._lane = Lane("briefing", self)
        self.today = date.today()

        choices = queries.reference_choices(db)
        self.year = QComboBox(self)
        for y in choices.years:
            self.year.addItem(self.tr("%1 年").replace("%1", str(y)), y)
        year = scope.year_to or (choices.years[-1] if choices.years else self.today.year)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.town = QComboBox(self)
        self.town.addItem(self.tr("全市"), None)
        for code, name in choices.towns:
            self.town.addItem(name, code)
        self.town.setCurrentIndex(max(self.town.findData(scope.town_code), 0))
        self.period = QComboBox(self)
        self.period.setEditable(True)
        self.period.setToolTip(self.tr("按实际竣工日期统计“本期”；可输入 2018、2018Q3、2018-09"))
        self._fill_periods()
        self.year.currentIndexChanged.connect(self._fill_periods)
        self.issue = QSpinBox(self)
        self.issue.setRange(1, 999)
        self.issue.setValue(next_issue(db, self.today.year))
        self.issue.setToolTip(
            self.tr("%1 年已发至第 %2 期")
            .replace("%1", str(self.today.year))
            .replace("%2", str(self.issue.value() - 1))
        )

        settings = load_settings(db)
        self.unit = QLineEdit(settings.unit, self)
        self.report_to = QLineEdit(settings.report_to, self)
        self.send_to = QLineEdit(settings.send_to, self)
        self.distribute_to = QLineEdit(settings.distribute_to, self)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 9999)
        self.copies.setValue(settings.copies)

        what = QFormLayout()
        what.addRow(self.tr("计划年度"), self.year)
        what.addRow(self.tr("镇街"), self.town)
        what.addRow(self.tr("本期"), self.period)
        what.addRow(self.tr("期号"), self.issue)
        tail = QFormLayout()
        tail.addRow(self.tr("编发单位"), self.unit)
        tail.addRow(self.tr("报"), self.report_to)
        tail.addRow(self.tr("送"), self.send_to)
        tail.addRow(self.tr("发"), self.distribute_to)
        tail.addRow(self.tr("共印份数"), self.copies)
        what_box = QGroupBox(self.tr("简报内容"), self)
        what_box.setLayout(what)
        tail_box = QGroupBox(self.tr("版头与报尾"), self)
        tail_box.setLayout(tail)

        self.generate_button = QPushButton(self.tr("生成预览(&G)"), self)
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消生成"), self)
        self.cancel_button.setEnabled(False)
        self.print_button = QPushButton(self.tr("打印(&P)…"), self)
        self.save_button = QPushButton(self.tr("保存(&S)…"), self)
        close_button = QPushButton(self.tr("关闭"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QVBoxLayout()
        for button in (
            self.generate_button,
            self.cancel_button,
            self.print_button,
            self.save_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(what_box)
        side_layout.addWidget(tail_box)
        side_layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(buttons)
        side_layout.addLayout(row)
        self.preview = PdfPreview(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self._cancel)
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save)
        close_button.clicked.connect(self.reject)
        self._set_ready(False)

    def _fill_periods(self) -> None:
        year = self.year.currentData()
        self.period.clear()
        self.period.addItem(self.tr("（不设本期）"), None)
        if year is None:
            return
        self.period.addItem(str(year), str(year))
        for q in range(1, 5):
            self.period.addItem(f"{year}Q{q}", f"{year}Q{q}")
        for m in range(1, 13):
            self.period.addItem(f"{year}-{m:02d}", f"{year}-{m:02d}")

    # --- what to build ---------------------------------------------------------------

    def chosen_period(self) -> Period | None:
        """The period typed or picked; ValueError (a Chinese sentence) when unreadable."""
        text = self.period.currentText().strip()
        if not text or (self.period.currentIndex() == 0 and text == self.period.itemText(0)):
            return None
        return parse_period(text)

    def settings(self) -> BriefingSettings:
        return BriefingSettings(
            unit=self.unit.text().strip() or BriefingSettings.unit,
            report_to=self.report_to.text().strip(),
            send_to=self.send_to.text().strip(),
            distribute_to=self.distribute_to.text().strip(),
            copies=self.copies.value(),
        )

    def request(self) -> BriefingRequest:
        period = self.chosen_period()
        year = self.year.currentData()
        scope = briefing_scope(self.db, (year, year), self.town.currentData(), period)
        return BriefingRequest(scope, period, self.issue.value(), self.today)

    # --- actions ---------------------------------------------------------------------

    def generate(self) -> None:
        try:
            request = self.request()
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("简报"), str(exc))
            return
        settings = self.settings()
        if settings != load_settings(self.db):
            save_settings(self.db, settings)
        self._cancelled = False
        self._set_ready(False)
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("正在生成…"))
        db = self.db

        def work(ctx):  # type: ignore[no-untyped-def]
            return build_briefing(
                db, request, settings, cancelled=lambda: self._cancelled or ctx.cancelled()
            )

        self._lane.submit("build", work, on_done=self._built, on_error=self._failed)

    def _cancel(self) -> None:
        self._cancelled = True
        self.status.setText(self.tr("正在取消…"))

    def _built(self, built: tuple[bytes, BriefingResult]) -> None:
        data, info = built
        self.result_info = info
        self.preview.set_pdf(data)
        text = (
            self.tr("第 %1 期，共 %2 页。")
            .replace("%1", str(info.issue))
            .replace("%2", str(info.pages))
        )
        if info.missing:
            codes = "、".join(f"U+{ord(c):04X}" for c in info.missing)
            text += self.tr("字库中没有的字符以 □ 显示：%1").replace("%1", codes)
        self.status.setText(text)
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._set_ready(True)
        self.generated.emit()

    def _failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if isinstance(exc, (Cancelled, Dropped)):
            self.status.setText(self.tr("已取消。"))
            return
        self.status.setText("")
        QMessageBox.warning(
            self, self.tr("简报"), self.tr("生成简报失败：%1").replace("%1", str(exc))
        )

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _record(self) -> None:
        info = self.result_info
        if info is None:
            return
        record_issue(self.db, info.issue_year, info.issue)
        self.issued.emit(info.issue)
        self.issue.setValue(next_issue(self.db, info.issue_year))

    def save_to(self, path: Path) -> bool:
        """Write the previewed briefing to ``path`` and record its issue number."""
        try:
            write_atomically(path, self.preview.data)
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("简报"),
                self.tr("无法写入 %1：%2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc)),
            )  # fmt: skip
            return False
        self._record()
        self.status.setText(self.tr("已保存：%1").replace("%1", str(path)))
        return True

    def _save(self) -> None:
        info = self.result_info
        if info is None:
            return
        name = (
            self.tr("智能化技改工作简报%1年第%2期.pdf")
            .replace("%1", str(info.issue_year))
            .replace("%2", str(info.issue))
        )
        path = ask_pdf_path(self, self.tr("保存简报"), name)
        if path is not None:
            self.save_to(path)

    def _print(self) -> None:
        if print_with_dialog(self.preview, self):
            self._record()

    def shutdown(self) -> None:
        self._lane.close()

    def done(self, result: int) -> None:
        self._cancelled = True
        super().done(result)
