"""Files that are not what they claim, or were built to hurt the reader: each is refused
before anything is read into the ledger, with one Chinese sentence that names the file and
says what it is — in the window's importer (sheet list, then preview) and on the command
line (exit 1, one line, no traceback)."""

from __future__ import annotations

import codecs
import importlib.util
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cixi_desktop.reports.excel import reader, source_checks
from cixi_desktop.reports.excel.importer import plan_import
from cixi_desktop.reports.excel.reader import SourceError, sheet_names
from cixi_desktop.store.database import Database
from cixi_desktop.store.models import AuditEntry, Enterprise, Project


def _load(name: str) -> ModuleType:
    qualified = f"hostile_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


files = _load("hostile_files")
cli = _load("cli_runs")


def _valid_xlsx(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(list(files.HEADER))
    wb.active.append(
        ["慈溪市甲电器有限公司", "冲压线", "周巷镇", "智能家电", "机器换人", 2018, 10, 5]
    )
    wb.save(path)
    return path


def _zip(path: Path, entries: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return path


def _truncated(path: Path) -> Path:
    data = _valid_xlsx(path.with_suffix(".whole.xlsx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _html(path: Path) -> Path:
    # What WPS and older 政务 systems save as "Excel": an HTML table, often in GB18030.
    page = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        "<table><tr><td>企业名称</td><td>项目名称</td></tr>"
        "<tr><td>慈溪市甲电器有限公司</td><td>冲压线</td></tr></table></body></html>"
    )
    path.write_bytes(page.encode("gb18030"))
    return path


def _xml_2003(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="台账"><Table><Row><Cell><Data ss:Type="String">企业名称'
        "</Data></Cell></Row></Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    return path


def _word_doc(path: Path) -> Path:
    path.write_bytes(files.ole_file({"WordDocument": b"\xec\xa5" + b"\x00" * 5000}))
    return path


def _truncated_xls(path: Path) -> Path:
    whole = files.ole_file({"Workbook": files.biff_workbook([(0, 0, 1.0)])})
    path.write_bytes(whole[:-3000])  # cut inside the Workbook stream
    return path


def _utf16_doctype(path: Path) -> Path:
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?>\n' + files.XXE
        + f'<worksheet xmlns="{files.MAIN_NS}"><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        + files.SHEET_TAIL
    )  # fmt: skip
    return files.write_xlsx(path, [codecs.BOM_UTF16_LE + sheet.encode("utf-16-le")])


def _padded_doctype(path: Path) -> Path:
    # The declaration pushed past the first 64 KB by a comment, where a sniff of the
    # file's head would no longer see it.
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!--' + " " * 70_000 + "-->" + files.XXE
        + f'<worksheet xmlns="{files.MAIN_NS}"><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        + files.SHEET_TAIL
    )  # fmt: skip
    return files.write_xlsx(path, [sheet])


def _second_reference(path: Path) -> Path:
    # calamine would place the cell by its last r="…" (XFD1048576): a 550 GB grid.
    cell = '<row r="2"><c r="A2" r="XFD1048576"><v>1</v></c></row>'
    return files.write_xlsx(path, [files.SHEET_HEAD, files.header_row(), cell, files.SHEET_TAIL])


Maker = Callable[[Path], Path]
CASES: list[tuple[str, str, Maker, tuple[str, ...]]] = [
    ("png", "台账.xlsx", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 99) and p, ("PNG 图片",)),
    ("pdf", "台账.xlsx", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj") and p, ("PDF 文件",)),
    ("text", "台账.xlsx", lambda p: p.write_text("企业名称,项目名称\n甲,乙\n") and p, ("文本文件", ".csv")),
    ("empty", "台账.xlsx", lambda p: p.write_bytes(b"") or p, ("是空的",)),
    ("truncated", "台账.xlsx", _truncated, ("已损坏",)),
    ("encrypted", "台账.xlsx", files.encrypted_xlsx, ("密码",)),
    ("docx", "台账.xlsx", lambda p: _zip(p, {"word/document.xml": "<w:document/>"}), ("Word 文档",)),
    ("zip", "台账.xlsx", lambda p: _zip(p, {"台账/说明.txt": "见附件"}), ("ZIP 压缩包", "解压")),
    ("xlsb", "台账.xlsx", lambda p: _zip(p, {"xl/workbook.bin": "\0"}), (".xlsb", "另存为 .xlsx")),
    ("html as xls", "台账.xls", _html, ("网页（HTML）", "另存为 .xlsx")),
    ("xml 2003 as xls", "台账.xls", _xml_2003, ("XML 表格 2003", "另存为 .xlsx")),
    ("png as xls", "台账.xls", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 99) and p, ("PNG 图片",)),
    ("text as xls", "台账.xls", lambda p: p.write_text("企业名称\t项目名称\n") and p, ("文本文件",)),
    ("doc as xls", "台账.xls", _word_doc, ("Word 文档",)),
    ("truncated xls", "台账.xls", _truncated_xls, ("已损坏",)),
    ("xls cell in column 65,536", "台账.xls",
     lambda p: files.xls(p, [(0, 0, 1.0), (1, 65535, 2.0)]), ("超出 .xls 格式的上限",)),
    ("xls declaring 4 billion rows", "台账.xls",
     lambda p: files.xls(p, [(0, 0, 1.0)], dimensions=(0xFFFFFFFF, 0xFFFF)), ("4,294,967,295 行",)),
    ("xls corners of its grid", "台账.xls",
     lambda p: files.xls(p, [(0, 0, 1.0), (65535, 255, 2.0)]), ("65,536 行 × 256 列", "另存为 .xlsx")),
    ("billion laughs in the sheet", "台账.xlsx",
     lambda p: files.xml_bomb(p, "sheet", files.BILLION_LAUGHS, "&lol9;"), ("XML 实体",)),
    ("billion laughs in shared strings", "台账.xlsx",
     lambda p: files.xml_bomb(p, "strings", files.BILLION_LAUGHS, "&lol9;"), ("XML 实体",)),
    ("xxe in the sheet", "台账.xlsx",
     lambda p: files.xml_bomb(p, "sheet", files.XXE, "&xxe;"), ("XML 实体",)),
    ("xxe in shared strings", "台账.xlsx",
     lambda p: files.xml_bomb(p, "strings", files.XXE, "&xxe;"), ("XML 实体",)),
    ("xxe in utf-16", "台账.xlsx", _utf16_doctype, ("XML 实体",)),
    ("xxe after 70 KB of comment", "台账.xlsx", _padded_doctype, ("超长的注释",)),
]  # fmt: skip


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) for m in (Project, Enterprise, AuditEntry)
        )


@pytest.mark.parametrize(("case", "name", "make", "words"), CASES, ids=[c[0] for c in CASES])
def test_refused_in_the_window_and_on_the_command_line(
    db: Database, tmp_path: Path, case: str, name: str, make: Maker, words: tuple[str, ...]
) -> None:
    path = make(tmp_path / name)
    before = _counts(db)
    for step in (sheet_names, lambda p: plan_import(db, p)):
        with pytest.raises(SourceError) as caught:
            step(path)
        sentence = str(caught.value)
        assert "\n" not in sentence and path.name in sentence, sentence
        assert all(w in sentence for w in words), (words, sentence)
    result = cli.run_main("--db", db.url.render_as_string(hide_password=False), "import", str(path))
    cli.assert_one_line_refusal(result, path.name, *words)
    assert _counts(db) == before


@pytest.mark.parametrize("where", ["sheet", "strings"])
def test_readers_behind_the_guard_expand_no_entity_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Defence in depth: with the DOCTYPE check switched off, calamine (fast path) and
    openpyxl with defusedxml (row-by-row path) still refuse; /etc/passwd is never read."""
    monkeypatch.setattr(source_checks, "_refuse_doctype", lambda *a: None)
    path = files.xml_bomb(tmp_path / f"xxe_{where}.xlsx", where, files.XXE, "&xxe;")
    for streamed in (False, True):
        monkeypatch.setattr(reader, "STREAM_ABOVE", -1 if streamed else reader.STREAM_ABOVE)
        try:
            rows = [v for _n, row in reader.read_sheet(path).rows() for v in row]
        except SourceError as exc:
            assert "\n" not in str(exc)
            continue
        assert not any("root:" in str(v) for v in rows), rows


def test_a_second_reference_in_a_cell_is_refused_when_read(db: Database, tmp_path: Path) -> None:
    """The sheet list is fine (no grid is made for it); reading the rows is refused in a
    sentence instead of calamine making a 550 GB grid and aborting the process."""
    path = _second_reference(tmp_path / "台账.xlsx")
    assert sheet_names(path) == ["台账"]
    with pytest.raises(SourceError, match="已损坏"):
        plan_import(db, path)
    result = cli.run_main("--db", db.url.render_as_string(hide_password=False), "import", str(path))
    cli.assert_one_line_refusal(result, path.name, "已损坏")


def test_a_renamed_real_xls_is_read(tmp_path: Path) -> None:
    """The .xls checks pass an ordinary BIFF8 file: calamine reads it after them."""
    path = files.xls(tmp_path / "台账.xls", [(0, 0, 1.5), (3, 2, 2.5)])
    rows = dict(reader.read_sheet(path).rows())
    assert rows[1][0] == 1.5 and rows[4][2] == 2.5


def test_ole_reader_refuses_a_looping_sector_chain(tmp_path: Path) -> None:
    data = bytearray(files.ole_file({"Workbook": files.biff_workbook([(0, 0, 1.0)])}))
    fat = 512  # sector 0 holds the FAT; the Workbook stream starts at sector 2
    struct.pack_into("<I", data, fat + 4 * 2, 2)  # sector 2 points to itself
    path = tmp_path / "环.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="已损坏"):
        sheet_names(path)
