"""Hostile text entered through the services reads back unchanged everywhere a person sees
it: the ledger in the window, the project form, the exported workbook and the project card
PDF. In the PDF, by the rule reports/pdf/text.py documents, a character the bundled font
lacks is printed as □ and listed in a note on the page, and control and format characters
(which draw nothing in any font, such as U+202E) are left out."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QUndoStack

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.text import clean_name
from cixi_desktop.reports.excel.export import LEDGER_SHEET, export_workbook
from cixi_desktop.reports.pdf.text import MISSING_MARK, cover
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.forms.project_dialog import ProjectDialog
from cixi_desktop.ui.ledger import columns
from cixi_desktop.ui.ledger.model import PAGE_SIZE, LedgerModel


def _load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


cli = _load("cli_runs")

# The offscreen platform cannot raise windows; it says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)

HOSTILE = [
    "=SUM(A1)",
    "+1 机器换人",
    "-2",
    "@x",
    '=HYPERLINK("http://example.com","点我")',
    "慈溪市“甲”&'乙' <b>丙</b> &amp; \"丁\" </para>",
    "𠀀🏭 慈溪市智造",
    "\u202e反向 RTL",
    "全角ＡＢＣ１２３（集团）",
]
LONGEST_ENTERPRISE, LONGEST_PROJECT = 200, 300
LONG_ENTERPRISE = ("慈溪市" + "超长名称" * 60)[:LONGEST_ENTERPRISE]
LONG_PROJECT = ("年产五万台" + "𠀀智能化改造" * 60)[:LONGEST_PROJECT]


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def hostile(db: Database) -> Iterator[dict[str, tuple[str, str, str]]]:
    """Project code → (enterprise name, project name, notes) as stored."""
    made: dict[str, tuple[str, str, str]] = {}
    pairs = [(s, s) for s in HOSTILE] + [(LONG_ENTERPRISE, LONG_PROJECT)]
    for n, (enterprise_name, project_name) in enumerate(pairs, 1):
        enterprise = create_enterprise(
            db, {"name": enterprise_name, "town_code": "周巷镇", "cluster_code": "智能家电"}
        )
        project = create_project(
            db,
            enterprise.id,
            {
                "code": f"CX-2018-{n:04d}",
                "name": project_name,
                "plan_year": 2018,
                "category_code": "机器换人",
                "total_investment": Decimal("100"),
                "equipment_investment": Decimal("50"),
                "notes": project_name,
            },
        )
        made[project.code] = (enterprise.name, project.name, project.notes)
    yield made


def test_stored_as_cleaned_and_length_limits_are_sentences(
    db: Database, hostile: dict[str, tuple[str, str, str]]
) -> None:
    for code, (enterprise, project, notes) in hostile.items():
        typed = LONG_ENTERPRISE if enterprise == LONG_ENTERPRISE else HOSTILE[int(code[-4:]) - 1]
        assert enterprise == clean_name(typed)
        assert project == notes
    # One character over the column: a sentence naming the field, on SQLite as on PostgreSQL.
    with pytest.raises(ValidationError) as caught:
        create_enterprise(
            db, {"name": LONG_ENTERPRISE + "司", "town_code": "周巷镇", "cluster_code": "智能家电"}
        )
    assert str(caught.value) == "企业名称：最多 200 个字，现在有 201 个字"


def test_the_window_shows_it_unchanged(
    qtbot, db: Database, hostile: dict[str, tuple[str, str, str]]
) -> None:  # type: ignore[no-untyped-def]
    model = LedgerModel(db)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_scope(Scope())
    try:
        for row in range(0, model.rowCount(), PAGE_SIZE):
            model.row_data(row)
            qtbot.waitUntil(lambda row=row: model.row_data(row) is not None, timeout=10_000)
        keys = ("code", "enterprise_name", "name", "notes")
        shown = {}
        for row in range(model.rowCount()):
            code, *texts = (model.index(row, columns.column_index(k)).data() for k in keys)
            shown[code] = tuple(texts)
        assert shown == hostile
    finally:
        model.close()

    stack = QUndoStack()
    ids = dict(_ids(db))
    for code, (enterprise, project, notes) in hostile.items():
        project_id = ids[code]
        dialog = ProjectDialog.open_existing(db, project_id, stack, None)
        qtbot.addWidget(dialog)
        rows = dialog.fields.rows
        assert rows["name"].input.raw() == project, code
        assert rows["notes"].input.raw() == notes, code
        assert dialog.sections.picker.chosen.name == enterprise, code
        dialog.close()


def _ids(db: Database) -> list[tuple[str, object]]:
    from sqlalchemy import select

    from cixi_desktop.store.models import Project

    with db.read() as s:
        return [(code, pid) for code, pid in s.execute(select(Project.code, Project.id))]


def test_the_workbook_holds_it_unchanged(
    db: Database, hostile: dict[str, tuple[str, str, str]], tmp_path: Path
) -> None:
    out = tmp_path / "台账.xlsx"
    result = export_workbook(db, out)
    assert result.warnings == []
    ws = load_workbook(out)[LEDGER_SHEET]
    header = [c.value for c in ws[3]]
    at = {k: header.index(k) for k in ("项目编号", "企业名称", "项目名称", "备注")}
    got = {
        r[at["项目编号"]].value: (
            r[at["企业名称"]].value,
            r[at["项目名称"]].value,
            r[at["备注"]].value,
        )
        for r in ws.iter_rows(min_row=4)
        if r[0].value and str(r[0].value).startswith("CX-")
    }
    assert got == hostile


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)
def test_the_project_card_prints_every_character_or_a_visible_mark(
    db: Database, hostile: dict[str, tuple[str, str, str]], tmp_path: Path
) -> None:
    pdf = tmp_path / "档案卡.pdf"
    codes = sorted(hostile)
    url = db.url.render_as_string(hide_password=False)
    result = cli.run_main("--db", url, "card", str(pdf), "--project", *codes)
    assert result.code == 0 and f"{len(codes)} 页" in result.out, result.err
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    for page, code in zip(pages, codes, strict=False):
        flat = _squeeze(page)
        assert code in flat
        enterprise, project, _notes = hostile[code]
        for value in (enterprise, project):
            printed, lacking = cover(value)
            assert _squeeze(printed) in flat, (code, value)
            # Not in WenQuanYi Micro Hei: printed as □, and the page says which they were.
            for char in lacking:
                assert MISSING_MARK in printed and f"U+{ord(char):04X}" in flat, (code, char)
        assert "\u202e" not in page  # a format character: left out, by the documented rule
    assert any("U+20000" in _squeeze(p) and "U+1F3ED" in _squeeze(p) for p in pages)
