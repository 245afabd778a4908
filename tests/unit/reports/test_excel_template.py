"""The collection template: drop-downs from the database's reference tables, input hints,
USCC formatted as text, and headers the importer reads back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from cixi_desktop.reports.excel.mapping import field_for
from cixi_desktop.reports.excel.template import COLUMNS, template_headers, write_template
from cixi_desktop.store.database import Database
from cixi_desktop.store.import_queries import reference_lists


@pytest.fixture
def template(db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = write_template(db, tmp_path / "采集表.xlsx", town="周巷镇", year=2019)
    return load_workbook(path)


def _list_values(wb, formula: str) -> list[str]:  # type: ignore[no-untyped-def]
    sheet, cells = formula.split("!")
    first, last = cells.replace("$", "").split(":")
    ws = wb[sheet.strip("'")]
    col = column_index_from_string("".join(c for c in first if c.isalpha()))
    low, high = (
        int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
    )
    return [ws.cell(r, col).value for r in range(low, high + 1)]


def test_headers_are_the_importers_own(template) -> None:  # type: ignore[no-untyped-def]
    ws = template["项目采集表"]
    headers = [c.value for c in ws[3]]
    assert headers == template_headers()
    assert all(field_for(h) == c.key for h, c in zip(headers, COLUMNS, strict=True))
    assert ws["A1"].value == "周巷镇 2019 年度智能化技术改造项目采集表"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"
    assert ws.freeze_panes == "B4"


def test_drop_downs_list_the_databases_reference_data(db: Database, template) -> None:  # type: ignore[no-untyped-def]
    ws = template["项目采集表"]
    refs = reference_lists(db)
    want = {
        "所属镇街": [n for _c, n in refs.towns],
        "产业集群": [n for _c, n in refs.clusters],
        "项目类别": [n for _c, n in refs.categories],
        "状态": list(refs.statuses),
        "是否规上": ["是", "否"],
    }
    header_col = {c.value: c.column for c in ws[3]}
    found = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        (cell_range,) = str(dv.sqref).split()
        col = column_index_from_string(
            "".join(ch for ch in cell_range.split(":")[0] if ch.isalpha())
        )
        label = next(h for h, c in header_col.items() if c == col)
        assert cell_range == f"{get_column_letter(col)}4:{get_column_letter(col)}1003"
        found[label] = _list_values(template, dv.formula1)
    assert found == want
    assert template["选项"].sheet_state == "hidden"
    assert len(refs.towns) == 22 and "周巷镇" in want["所属镇街"]


def test_every_column_has_an_input_hint(template) -> None:  # type: ignore[no-untyped-def]
    ws = template["项目采集表"]
    prompts = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert len(prompts) == len(COLUMNS)
    for index, col in enumerate(COLUMNS, 1):
        dv = prompts[f"{get_column_letter(index)}4"]
        assert dv.showInputMessage and dv.prompt and col.hint in dv.prompt
        assert ws.cell(3, index).comment is not None
    assert "必填" in prompts["A4"].prompt
    amount = prompts[f"{get_column_letter(template_headers().index('项目总投资（万元）') + 1)}4"]
    assert amount.type == "decimal" and amount.showErrorMessage


def test_uscc_and_phone_cells_are_text_before_anyone_types(template) -> None:  # type: ignore[no-untyped-def]
    ws = template["项目采集表"]
    for label in ("统一社会信用代码", "联系电话"):
        col = template_headers().index(label) + 1
        assert all(ws.cell(r, col).number_format == "@" for r in (4, 100, 1003))
    col = template_headers().index("实际开工日期") + 1
    assert ws.cell(4, col).number_format == "yyyy-mm-dd"


def test_guide_sheet_explains_every_column(template) -> None:  # type: ignore[no-untyped-def]
    ws = template["填写说明"]
    listed = [r[0] for r in ws.iter_rows(min_row=2, max_row=len(COLUMNS) + 1, values_only=True)]
    assert listed == template_headers()
