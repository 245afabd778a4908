"""The 简报 dialog (generate on a worker, preview, save, print), the page preview drawn
with PDFium (page count, pictures, zoom, lazy rendering) and saving project cards."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QWheelEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from cixi_desktop.reports.pdf.briefing_settings import last_issue, load_settings
from cixi_desktop.store.cards import project_ids_in_scope
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.briefing_dialog import BriefingDialog
from cixi_desktop.ui.pdf_pages import PdfPages, print_pages, printer_pages
from cixi_desktop.ui.pdf_preview import (
    PdfPreview,
    print_document,
    print_in_background,
    save_cards,
)

SAMPLE = Path(__file__).parents[2] / "unit" / "reports" / "pdf_sample.py"


def _sample():  # type: ignore[no-untyped-def]
    if "pdf_sample" not in sys.modules:
        spec = importlib.util.spec_from_file_location("pdf_sample", SAMPLE)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["pdf_sample"] = module
        spec.loader.exec_module(module)
    return sys.modules["pdf_sample"]


@pytest.fixture
def ledger(db: Database) -> Database:
    _sample().load_sample(db)
    return db


@pytest.fixture
def dialog(ledger: Database, qtbot: QtBot) -> Iterator[BriefingDialog]:
    d = BriefingDialog(ledger, Scope(year_from=2018, year_to=2018))
    qtbot.addWidget(d)
    yield d
    d.shutdown()
    d.preview.shutdown()


@pytest.fixture
def built(dialog: BriefingDialog, qtbot: QtBot) -> BriefingDialog:
    """The dialog on screen with a generated briefing in its preview."""
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.generated, timeout=20_000):
        dialog.generate_button.click()
    return dialog


def _pages_in(path: Path) -> int:
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        return len(doc)
    finally:
        doc.close()


def _numbered_pdf(pages: int) -> bytes:
    """A plain PDF of ``pages`` numbered A4 pages."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 48)
        canvas.drawString(100, 700, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _colours(image: QImage) -> tuple[int, int]:
    """How many sampled pixels are masthead red and how many are dark (text)."""
    red = dark = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if c.red() > 180 and c.green() < 90 and c.blue() < 90:
                red += 1
            elif c.red() < 90 and c.green() < 90 and c.blue() < 90:
                dark += 1
    return red, dark


def test_generate_preview_and_save_records_the_issue(
    dialog: BriefingDialog, ledger: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    assert dialog.year.currentData() == 2018
    assert dialog.issue.value() == 1
    dialog.period.setCurrentText("2018Q3")
    dialog.copies.setValue(60)
    with qtbot.waitSignal(dialog.generated, timeout=20_000):
        dialog.generate_button.click()
    info = dialog.result_info
    assert info is not None and info.issue == 1
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert dialog.preview.page_count() == info.pages
    assert load_settings(ledger).copies == 60  # the 报尾 settings are kept
    assert last_issue(ledger, date.today().year) == 0  # a preview uses up no number
    out = tmp_path / "简报.pdf"
    with qtbot.waitSignal(dialog.issued) as issued:
        assert dialog.save_to(out)
    assert issued.args == [1]
    assert last_issue(ledger, date.today().year) == 1
    assert dialog.issue.value() == 2
    text = _sample().flat(_sample().pdf_text(out))
    assert "本期（2018年第三季度）" in text and "共印60份" in text


def test_a_bad_period_is_explained_not_built(
    dialog: BriefingDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        "cixi_desktop.ui.briefing_dialog.QMessageBox.warning",
        lambda parent, title, text: said.append(text),
    )
    dialog.period.setCurrentText("2018Q9")
    dialog.generate_button.click()
    assert said and "期间" in said[0]
    assert dialog.result_info is None


def test_the_preview_shows_every_page_and_draws_the_first(
    built: BriefingDialog, qtbot: QtBot
) -> None:
    preview = built.preview
    info = built.result_info
    assert info is not None and info.pages > 1
    assert preview.page_count() == info.pages == len(preview.view.rects)
    assert preview.page_box.isVisible()
    assert preview.page_box.maximum() == info.pages
    assert preview.page_box.suffix() == f" / {info.pages} 页"
    assert preview.view.fit and preview.fit_button.isChecked()
    # Fitted to the width: the page spans the viewport but for the margins.
    width = preview.view.viewport().width()
    assert width - 40 <= preview.view.rects[0].width() <= width
    qtbot.waitUntil(lambda: preview.view.image(0) is not None, timeout=10_000)
    image = preview.view.image(0)
    assert image is not None
    red, dark = _colours(image)
    assert red > 200  # the masthead 智能化技改工作简报 and its rule
    assert dark > 200  # the text


def test_zoom_keys_wheel_and_fit(built: BriefingDialog, qtbot: QtBot) -> None:
    view = built.preview.view
    built.activateWindow()
    qtbot.waitActive(built)
    fitted = view.rects[0].size()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert not view.fit and not built.preview.fit_button.isChecked()
    larger = view.rects[0].size()
    assert larger.width() > fitted.width() and larger.height() > fitted.height()
    assert view.canvas.width() > view.viewport().width()  # now scrolls sideways too
    assert built.preview.zoom_label.text() == f"{round(view.zoom() * 100)}%"
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.rects[0].width() < larger.width()
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit and view.rects[0].size() == fitted

    before = view.zoom()
    middle = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        middle,
        QPointF(view.viewport().mapToGlobal(middle.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() > before
    # The sharper picture for the new zoom follows.
    qtbot.waitUntil(lambda: view.image(view.visible_pages()[0]) is not None, timeout=10_000)


def test_printing_a_page_range_sends_those_pages(
    built: BriefingDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    document = built.preview.document
    assert document is not None and len(document) >= 4
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    assert print_document(document, printer) == 3
    assert _pages_in(out) == 3
    assert _sample().pdf_pages(out) == 3  # poppler agrees


def test_printing_all_pages(built: BriefingDialog, qtbot: QtBot, tmp_path: Path) -> None:
    document = built.preview.document
    assert document is not None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "all.pdf"
    printer.setOutputFileName(str(out))
    assert print_document(document, printer) == len(document)
    assert _pages_in(out) == len(document)
    # The printout is a picture of each page: the masthead is still red on page 1.
    doc = pdfium.PdfDocument(out.read_bytes())
    try:
        page = doc[0]
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4, as the briefing
        page.close()
    finally:
        doc.close()


def test_which_pages_the_print_dialog_asked_for() -> None:
    printer = QPrinter()
    assert printer_pages(printer, 5) == [0, 1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(4, 9)
    assert printer_pages(printer, 5) == [3, 4]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert printer_pages(printer, 5, current=2) == [2]


def test_a_long_document_renders_only_what_is_in_view(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(700, 800)
    preview.show()
    qtbot.waitExposed(preview)
    preview.set_pdf(_numbered_pdf(300))
    view = preview.view
    assert preview.page_count() == 300 and len(view.rects) == 300
    qtbot.waitUntil(lambda: view.image(0) is not None, timeout=10_000)
    qtbot.waitUntil(view._lane.is_idle, timeout=10_000)
    assert len(view._cache) <= 4  # the page in view and its neighbours, not 300
    preview.page_box.setValue(250)  # typing a page number jumps there
    assert 249 in view.visible_pages()
    assert preview.current_page() == 249
    qtbot.waitUntil(lambda: view.image(249) is not None, timeout=10_000)
    assert len(view._cache) <= 8
    preview.shutdown()


def test_bytes_that_are_not_a_pdf_are_explained(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(b"%PDF-1.4 not really")
    assert preview.page_count() == 0 and preview.document is None
    assert "无法读取" in preview.view.message
    assert not preview.page_box.isVisible() and preview.open_button.isEnabled()
    preview.shutdown()


def test_pages_render_on_white_at_the_asked_scale() -> None:
    pages = PdfPages(_numbered_pdf(2))
    image = pages.render(1, 0.5)
    assert (image.width(), image.height()) == (round(A4[0] / 2), round(A4[1] / 2))
    assert QColor(image.pixel(2, 2)) == QColor(Qt.GlobalColor.white)
    pages.close()


def test_save_cards_writes_one_page_per_project(
    ledger: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = project_ids_in_scope(ledger, Scope(year_from=2018, year_to=2018))
    out = tmp_path / "cards.pdf"
    export = save_cards(ledger, ids, None, target=out)
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=20_000) as done:
        pass
    assert done.args == [str(out)]
    assert _sample().pdf_pages(out) == len(ids)


def test_print_from_the_dialog_prints_the_chosen_pages_and_records_the_issue(
    built: BriefingDialog, ledger: Database, qtbot: QtBot, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    out = tmp_path / "from-dialog.pdf"
    asked: dict[str, object] = {}

    class PickedPages:  # the user picks pages 1–2 and "print to file"
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, parent: object) -> None:
            self.printer = printer

        def setMinMax(self, low: int, high: int) -> None:
            asked["range"] = (low, high)

        def setOption(self, option: object, on: bool) -> None:
            pass

        def exec(self) -> QPrintDialog.DialogCode:
            asked["paper"] = self.printer.pageLayout().pageSize().id()
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            self.printer.setFromTo(1, 2)
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr("cixi_desktop.ui.pdf_preview.QPrintDialog", PickedPages)
    with qtbot.waitSignal(built.issued):
        built.print_button.click()
    assert asked == {"range": (1, built.preview.page_count()), "paper": QPageSize.PageSizeId.A4}
    assert _pages_in(out) == 2
    assert last_issue(ledger, date.today().year) == 1


def test_a_click_on_the_pages_lets_the_keys_scroll(built: BriefingDialog, qtbot: QtBot) -> None:
    view = built.preview.view
    built.activateWindow()
    qtbot.waitActive(built)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=view.rects[0].center())
    assert view.hasFocus()
    bar = view.verticalScrollBar()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    assert built.preview.page_box.value() == built.preview.page_count()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0 and built.preview.page_box.value() == 1


def test_a_cancelled_print_stops_between_pages(qtbot: QtBot, tmp_path: Path) -> None:
    pages = PdfPages(_numbered_pdf(5))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    done: list[int] = []
    sent = print_pages(
        pages, printer, range(5), progress=done.append, cancelled=lambda: len(done) >= 2
    )
    assert sent == 2 and done == [1, 2]
    pages.close()


def test_printing_in_the_background_reports_the_pages_sent(qtbot: QtBot, tmp_path: Path) -> None:
    pages = PdfPages(_numbered_pdf(6))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "background.pdf"
    printer.setOutputFileName(str(out))
    assert print_in_background(pages, printer, [0, 2, 4], None) == 3
    assert _pages_in(out) == 3
    pages.close()
