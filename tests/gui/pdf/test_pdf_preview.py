"""The 简报 dialog (generate on a worker, preview, save, print) and saving project cards."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from cixi_desktop.reports.pdf.briefing_settings import last_issue, load_settings
from cixi_desktop.store.cards import project_ids_in_scope
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.briefing_dialog import BriefingDialog
from cixi_desktop.ui.pdf_preview import HAVE_QTPDF, print_document, save_cards

SAMPLE = Path(__file__).parents[2] / "unit" / "reports" / "pdf_sample.py"


def _sample():
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
    if HAVE_QTPDF:
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


@pytest.mark.skipif(not HAVE_QTPDF, reason="QtPdf (PySide6-Pdf) not installed")
def test_printing_sends_every_page(dialog: BriefingDialog, qtbot: QtBot, tmp_path: Path) -> None:
    with qtbot.waitSignal(dialog.generated, timeout=20_000):
        dialog.generate()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.preview.document is not None
    sent = print_document(dialog.preview.document, printer)
    assert sent == dialog.result_info.pages  # type: ignore[union-attr]
    assert _sample().pdf_pages(out) == sent


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
