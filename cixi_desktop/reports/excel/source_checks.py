"""Checks a file passes before a spreadsheet reader touches it, and the sentence for each
one it fails: what a renamed file really is; zip bombs and lying sizes; XML entity
declarations; sheets beyond Excel's grid, or so sparse that calamine's dense grid would
abort the process (extent.py); OLE containers that are Word files, password-protected or
beyond the .xls grid (ole.py).
"""

from __future__ import annotations

import codecs
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import fromstring

from cixi_desktop.reports.excel.extent import Extent
from cixi_desktop.reports.excel.ole import WORKBOOK_STREAMS, CompoundFile, OleError, workbook_reach
from cixi_desktop.reports.excel.safety import MAX_SHEET_ROWS

# Limits that no real 台账 comes near but that stop a crafted file early.
MAX_UNPACKED_TOTAL = 2 * 1024**3
MAX_RATIO = 200  # uncompressed ÷ compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 20 * 1024**2
MAX_SHEET_COLUMNS = 16_384  # XFD: Excel's last column
# calamine holds a sheet as one grid of rows × columns cells (32 bytes each) however few
# are filled: above this many, the sheet is read row by row as well (see extent.py).
MAX_GRID_CELLS = 8_000_000
# The .xls grid (BIFF8), and the largest .xls file read into memory to check it.
XLS_ROWS, XLS_COLUMNS = 65_536, 256
MAX_OLE_BYTES = 512 * 1024**2
_SNIFF = 64 * 1024
_CHUNK = 1024 * 1024
_CONTROL_PART = 8 * 1024**2  # workbook.xml and its relationships are a few KB


# What a file is when it is not a spreadsheet, by its first bytes.
_SIGNATURES = (
    (b"\x89PNG", " PNG 图片"),
    (b"\xff\xd8\xff", " JPEG 图片"),
    (b"GIF8", " GIF 图片"),
    (b"%PDF", " PDF 文件"),
    (b"Rar!", " RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", " 7z 压缩包"),
    (b"\x1f\x8b", " gzip 压缩包"),
    (b"{\\rtf", " RTF 文档"),
)
_ZIP_DOCUMENTS = (
    ("word/", " Word 文档（.docx）"),
    ("ppt/", " PowerPoint 演示文稿（.pptx）"),
)
# A password-protected .xlsx is an OLE container holding an "EncryptedPackage" stream.
_OLE_DOCUMENTS = (
    ("WordDocument", " Word 文档（.doc）"),
    ("PowerPoint Document", " PowerPoint 演示文稿（.ppt）"),
)
_SAVE_AS = "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入"


class SourceError(Exception):
    """The file cannot be read as a spreadsheet; ``str()`` is one sentence for the user."""


def said(exc: BaseException) -> str:
    """A library's message as part of our sentence: its first line only (openpyxl's go on
    for three)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def not_a_spreadsheet(path: Path, head: bytes) -> str:
    """The sentence for a file that is not a spreadsheet, naming what it is if it can."""
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return (
                f"{path.name} 其实是{what}，不是 Excel、WPS 或 LibreOffice 表格文件"
                f"（只是扩展名被改成了 {path.suffix}）"
            )
    text = _as_text(head)
    if text is not None:
        start = text.lstrip("\ufeff \t\r\n").lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            return f"{path.name} 是旧版“XML 表格 2003”格式，{_SAVE_AS}"
        if "<html" in start[:4096] or "<table" in start[:4096]:
            # WPS, old government systems and web pages "export to Excel" this way.
            return f"{path.name} 其实是网页（HTML）格式的表格，不是真正的 Excel 文件，{_SAVE_AS}"
        return (
            f"{path.name} 其实是文本文件，不是 Excel 文件；如果它是 CSV，"
            "请把扩展名改为 .csv 后导入，否则请在表格软件中另存为 .xlsx"
        )
    return (
        f"{path.name} 不是 Excel、WPS 或 LibreOffice 表格文件（可能是改了扩展名的其他文件），"
        "请在表格软件中另存为 .xlsx 后再导入"
    )


def _as_text(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
    return None


@dataclass
class ZipFacts:
    largest_sheet: int = 0  # bytes of the largest worksheet once unpacked
    largest_grid: int = 0  # cells of the largest grid calamine would make (see extent.py)
    irregular: bool = False  # a worksheet whose reach the scan cannot vouch for


# The last few files checked: the window lists sheets, reads the header, previews and
# commits, each opening the file again; an unchanged file is not unpacked four times.
# Unchanged means the same file and the same entries, checksums and sizes.
_checked: dict[tuple[object, ...], ZipFacts] = {}
_CHECKED_KEPT = 4


def check_zip(path: Path) -> ZipFacts:
    stat = path.stat()
    try:
        with zipfile.ZipFile(path) as archive:
            entries = tuple(
                (i.filename, i.CRC, i.file_size, i.compress_size) for i in archive.infolist()
            )
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path.name} 已损坏，无法打开（{said(exc)}）") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, entries)
    if key not in _checked:
        facts = _check_zip_now(path)
        if len(_checked) >= _CHECKED_KEPT:
            _checked.pop(next(iter(_checked)))
        _checked[key] = facts
    return _checked[key]


def _check_zip_now(path: Path) -> ZipFacts:
    """Refuse zip bombs, XML entity definitions and sheets beyond Excel's grid before the
    reader sees the file; say which worksheets calamine may hold whole."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > MAX_UNPACKED_TOTAL:
                raise SourceError(
                    f"{path.name} 解压后超过 {MAX_UNPACKED_TOTAL // 1024**3} GB，"
                    "不像正常的表格文件（可能是压缩炸弹），已拒绝"
                )
            for info in infos:
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise SourceError(
                        f"{path.name} 中的 {info.filename} 压缩比异常（可能是压缩炸弹），已拒绝"
                    )
            sheets: dict[str, str] | None = {}
            if _check_package(archive, path) == "xlsx":
                sheets = _sheet_parts(archive, path)
            facts = ZipFacts(irregular=sheets is None)
            sheets = sheets or {}
            # Declared sizes can lie; reading every entry once proves them (zipfile stops at
            # the declared size and checks the CRC), so the reader can only see this much.
            for info in infos:
                is_sheet = info.filename in sheets or info.filename.startswith("xl/worksheets/")
                found = _drain(archive, info, path, Extent() if is_sheet else None)
                if found is None:
                    continue
                facts.largest_sheet = max(facts.largest_sheet, info.file_size)
                name = sheets.get(info.filename, info.filename)
                _check_grid(path, name, found)
                facts.irregular |= found.irregular
                facts.largest_grid = max(facts.largest_grid, found.cells)
            return facts
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path.name} 已损坏，无法打开（{said(exc)}）") from None
    except NotImplementedError:
        raise SourceError(f"{path.name} 使用了不支持的压缩方式") from None


def _check_package(archive: zipfile.ZipFile, path: Path) -> str:
    """Which package this is, "xlsx" or "ods"; a Word or PowerPoint file, an .xlsb or a
    plain archive is refused. (calamine itself refuses an .ods asking for more than 100
    million cells.)"""
    names = set(archive.namelist())
    if "xl/workbook.bin" in names:
        raise SourceError(f"{path.name} 是 Excel 二进制工作簿（.xlsb），暂不支持，{_SAVE_AS}")
    if any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    for prefix, what in _ZIP_DOCUMENTS:
        if any(n.startswith(prefix) for n in names):
            raise SourceError(f"{path.name} 其实是{what}，不是表格文件")
    raise SourceError(f"{path.name} 是 ZIP 压缩包，不是表格文件；请先解压，再选择其中的表格文件")


def _check_grid(path: Path, sheet: str, found: Extent) -> None:
    if found.rows > MAX_SHEET_ROWS:
        raise too_many_rows(path, sheet, found.rows)
    if found.columns > MAX_SHEET_COLUMNS:
        raise SourceError(
            f"{path.name} 的工作表“{sheet}”写到了第 {found.columns:,} 列，超过 Excel 的上限 "
            f"{MAX_SHEET_COLUMNS:,} 列（Excel 和 WPS 都打不开这样的文件），已拒绝"
        )


def too_many_rows(path: Path, sheet: str, rows: int) -> SourceError:
    return SourceError(
        f"{path.name} 的工作表“{sheet}”写到了第 {rows:,} 行，超过 Excel 的上限 "
        f"{MAX_SHEET_ROWS:,} 行（Excel 和 WPS 都打不开这样的文件），已拒绝；"
        "请拆分成几个工作表，或另存为 CSV 后再导入"
    )


def _sheet_parts(archive: zipfile.ZipFile, path: Path) -> dict[str, str] | None:
    """Worksheet part → sheet name, as calamine finds them (package relationships →
    workbook → its relationships); None if they cannot be read."""
    try:
        rels = _read_xml(archive, "_rels/.rels", path)
        book = "xl/workbook.xml"
        for rel in rels.iter():
            if rel.get("Type", "").endswith("/officeDocument"):
                book = posixpath.normpath(rel.get("Target", book).lstrip("/"))
        folder = posixpath.dirname(book)
        targets = {}
        for rel in _read_xml(archive, f"{folder}/_rels/{posixpath.basename(book)}.rels", path):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            targets[rel.get("Id")] = posixpath.normpath(part)
        parts = {}
        for sheet in _read_xml(archive, book, path).iter():
            if sheet.tag.rsplit("}", 1)[-1] != "sheet":
                continue
            rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if rid in targets:
                parts[targets[rid]] = sheet.get("name", targets[rid])
        return parts
    except (KeyError, ParseError, ValueError):
        return None


def _read_xml(archive: zipfile.ZipFile, name: str, path: Path) -> Element:
    info = archive.getinfo(name)
    if info.file_size > _CONTROL_PART:
        raise ValueError(name)
    with archive.open(info) as fh:
        data = fh.read(_CONTROL_PART + 1)
    _refuse_doctype(data, name, path)
    return fromstring(data)


def _drain(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, extent: Extent | None
) -> Extent | None:
    with archive.open(info) as fh:
        head = fh.read(_SNIFF)
        _refuse_doctype(head, info.filename, path)
        if extent is None:
            while fh.read(_CHUNK):
                pass
            return None
        extent.feed(head)
        while chunk := fh.read(_CHUNK):
            extent.feed(chunk)
        extent.finish()
        return extent


def _refuse_doctype(head: bytes, name: str, path: Path) -> None:
    """Entities (billion laughs, or SYSTEM "file:///etc/passwd") can only be declared in a
    DOCTYPE, which must come before the first element: read up to that element, in
    whichever encoding the part uses, and refuse any declaration there."""
    text = _prolog_text(head)
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opening, position):
                end = text.find(closing, position + len(opening))
                break
        else:
            if text.startswith("<!", position):
                raise SourceError(
                    f"{path.name} 含有 XML 实体定义（正常的表格文件不会有，"
                    "可能是恶意构造的文件），已拒绝"
                )
            return  # the first element, or not XML at all (an image): nothing declared
        if end < 0:
            if len(head) < _SNIFF:
                return  # a broken part: the reader will say so
            raise SourceError(
                f"{path.name} 中的 {name} 开头有超长的注释或声明，不像正常的表格文件，已拒绝"
            )
        position = end + len(closing)


def _prolog_text(head: bytes) -> str:
    """The start of an XML part as text: UTF-16 decoded, anything else read byte for byte
    (markup is ASCII in every other encoding an XML parser accepts)."""
    head = head.removeprefix(codecs.BOM_UTF8)
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def check_ole(path: Path) -> None:
    """An OLE file: an .xls (or WPS .et), or something else in the same container."""
    if path.stat().st_size > MAX_OLE_BYTES:
        raise SourceError(
            f"{path.name} 超过 {MAX_OLE_BYTES // 1024**2} MB，不像 .xls 表格，{_SAVE_AS}"
        )
    data = path.read_bytes()
    password = SourceError(f"{path.name} 设置了打开密码，请先在 Excel/WPS 中取消密码后再导入")
    try:
        container = CompoundFile(data)
        names = {n.lower() for n in container.names()}
        if "encryptedpackage" in names:
            raise password
        for stream, what in _OLE_DOCUMENTS:
            if stream.lower() in names:
                raise SourceError(f"{path.name} 其实是{what}，不是表格文件")
        workbook = next((container.stream(n) for n in WORKBOOK_STREAMS if n in names), None)
    except OleError:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise password from None
        raise SourceError(f"{path.name} 已损坏，无法打开（文件结构不完整）") from None
    if workbook is None:
        raise SourceError(f"{path.name} 不是 Excel 表格文件（其中没有工作簿），{_SAVE_AS}")
    reach = workbook_reach(workbook)
    if reach.rows > XLS_ROWS or reach.columns > XLS_COLUMNS:
        raise SourceError(
            f"{path.name} 声明或写到了第 {reach.rows:,} 行、第 {reach.columns:,} 列，"
            f"超出 .xls 格式的上限（{XLS_ROWS:,} 行 × {XLS_COLUMNS} 列），"
            "不是正常的表格文件，已拒绝"
        )
    if reach.rows * reach.columns > MAX_GRID_CELLS:
        raise SourceError(
            f"{path.name} 的数据范围有 {reach.rows:,} 行 × {reach.columns} 列，"
            f".xls 格式无法按行读取这么大的范围，{_SAVE_AS}"
        )
