"""Hostile workbooks, written byte by byte where a library would refuse or be too slow.

Big files are streamed: a million rows or gigabytes of unpacked XML come from generators
and a few repeated compressed blocks, so each file is made in seconds and small on disk.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
    f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
    "<sheetData>"
)
SHEET_TAIL = "</sheetData></worksheet>"
EMPTY_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"></sst>'
)
HEADER = (
    "企业名称",
    "项目名称",
    "所属镇街",
    "产业集群",
    "项目类别",
    "计划年度",
    "总投资",
    "设备投资",
)
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def workbook_xml(sheet: str = "台账") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def header_row() -> str:
    cells = "".join(text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'


def write_xlsx(
    path: Path,
    sheet_xml: Iterable[bytes | str],
    *,
    shared_strings: str = EMPTY_STRINGS,
    sheet_name: str = "台账",
    level: int = 6,
) -> Path:
    """A minimal .xlsx whose worksheet XML comes from ``sheet_xml`` (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", workbook_xml(sheet_name))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", shared_strings)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for part in sheet_xml:
                fh.write(part.encode() if isinstance(part, str) else part)
    return path


def rows_beyond_excel(path: Path, rows: int = 1_048_577) -> Path:
    """A header, one real data row and then one small cell on every row down to ``rows``."""

    def parts() -> Iterator[str]:
        yield SHEET_HEAD + header_row()
        yield (
            '<row r="2">'
            + "".join(
                text_cell(f"{chr(65 + i)}2", v)
                for i, v in enumerate(("慈溪市甲电器有限公司", "冲压线", "周巷镇", "智能家电"))
            )
            + "</row>"
        )
        batch: list[str] = []
        for r in range(3, rows + 1):
            batch.append(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>')
            if len(batch) == 20_000:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch) + SHEET_TAIL

    return write_xlsx(path, parts(), level=1)


def far_corners(path: Path, last: str = "XFD1048576") -> Path:
    """A header in row 1 and one cell at ``last``: legal, 2 KB, and a 17-billion-cell grid
    for a reader that makes the sheet dense (Excel's Solver add-in stores data there)."""
    row = int("".join(c for c in last if c.isdigit()))
    return write_xlsx(
        path, [SHEET_HEAD, header_row(), f'<row r="{row}">{text_cell(last, "x")}</row>', SHEET_TAIL]
    )


def cells_without_references(path: Path, width: int = 20_000, last_row: int = 100_000) -> Path:
    """A grid as large without a single cell reference: calamine places cells by counting
    (20,000 columns × 100,000 rows here)."""
    row = "".join("<c><v>1</v></c>" for _ in range(width))
    return write_xlsx(
        path,
        [
            SHEET_HEAD,
            header_row(),
            f"<row>{row}</row>",
            f'<row r="{last_row}"><c><v>1</v></c></row>',
            SHEET_TAIL,
        ],
    )


def zip_bomb(path: Path, unpacked: int = 3 * 1024**3) -> Path:
    """sheet1.xml of ``unpacked`` bytes of spaces (declared honestly), a few MB on disk:
    one compressed block, full-flushed so that it can be repeated, written by hand."""
    block = b" " * (1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    ending = packer.flush(zlib.Z_FINISH)
    count = unpacked // len(block)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    head = SHEET_HEAD.encode() + header_row().encode()
    tail = SHEET_TAIL.encode()
    # Head and tail are stored in entries of their own: the bomb entry is pure repetition.
    base = path.with_suffix(".base.zip")
    write_xlsx(base, [head, b'<row r="2"><c r="A2"><v>1</v></c></row>', tail])
    with zipfile.ZipFile(base) as src, path.open("wb") as out:
        entries: list[tuple[bytes, int, int, int, int]] = []
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                continue
            data = src.read(info)
            entries.append(_stored(out, info.filename.encode(), data))
        entries.append(
            _raw_deflated(
                out,
                b"xl/worksheets/sheet1.xml",
                [packed] * count + [ending],
                crc,
                count * len(block),
            )
        )
        _central_directory(out, entries)
    base.unlink()
    return path


def _stored(out, name: bytes, data: bytes) -> tuple[bytes, int, int, int, int]:  # type: ignore[no-untyped-def]
    offset = out.tell()
    crc = zlib.crc32(data)
    out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(data),
                          len(data), len(name), 0) + name + data)  # fmt: skip
    return name, offset, crc, len(data), len(data) | (0 << 32)


def _raw_deflated(out, name: bytes, blocks: list[bytes], crc: int, size: int):  # type: ignore[no-untyped-def]
    offset = out.tell()
    packed = sum(len(b) for b in blocks)
    out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, packed, size,
                          len(name), 0) + name)  # fmt: skip
    for b in blocks:
        out.write(b)
    return name, offset, crc, size, packed | (8 << 32)


def _central_directory(out, entries) -> None:  # type: ignore[no-untyped-def]
    start = out.tell()
    for name, offset, crc, size, packed_method in entries:
        packed, method = packed_method & 0xFFFFFFFF, packed_method >> 32
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0,
                              crc, packed, size, len(name), 0, 0, 0, 0, 0, offset) + name)  # fmt: skip
    end = out.tell()
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          end - start, start, 0))  # fmt: skip


def lying_sizes(path: Path, unpacked: int = 64 * 1024**2) -> Path:
    """A worksheet that unpacks to ``unpacked`` bytes while its zip entry claims 2 KB."""
    filler = "<!--" + " " * 4089 + "-->"
    sheet = SHEET_HEAD + header_row() + filler * (unpacked // len(filler)) + SHEET_TAIL
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", EMPTY_STRINGS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # The uncompressed size sits at +22 in the local header, +24 in the central directory.
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 2048)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def xml_bomb(path: Path, where: str, declaration: str, reference: str) -> Path:
    """An entity declaration in the worksheet or in sharedStrings.xml, used in a cell."""
    prolog = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + declaration
    if where == "sheet":
        sheet = [
            prolog + SHEET_HEAD.split("\n", 1)[1],
            header_row(),
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>{reference}</t></is></c></row>',
            SHEET_TAIL,
        ]
        return write_xlsx(path, sheet)
    strings = (
        prolog
        + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>{reference}</t></si></sst>'
    )
    sheet = [SHEET_HEAD, header_row(), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_TAIL]
    return write_xlsx(path, sheet, shared_strings=strings)


# --- .xls (BIFF8 in an OLE compound file) -----------------------------------------------


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff_workbook(
    cells: list[tuple[int, int, float]], dimensions: tuple[int, int] | None = None
) -> bytes:
    """A BIFF8 Workbook stream: one sheet of numbers; ``dimensions`` (rows, columns) as
    declared, else as used. Padded past 4 KB so it lives in ordinary sectors."""
    rows = dimensions[0] if dimensions else max(r for r, _c, _v in cells) + 1
    columns = dimensions[1] if dimensions else max(c for _r, c, _v in cells) + 1
    sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0))
    sheet += _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns & 0xFFFF, 0))
    for r, c, v in cells:
        sheet += _record(0x0203, struct.pack("<HHHd", r, c, 0, v))
    sheet += _record(0x000A, b"")
    name = "台账".encode("utf-16-le")
    globals_ = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))
    globals_ += _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    sheet_name = struct.pack("<BB", 2, 1) + name  # BOUNDSHEET8 name: length, UTF-16 flag
    boundsheet_len = 4 + 4 + 2 + len(sheet_name)
    eof = _record(0x000A, b"")
    offset = len(globals_) + boundsheet_len + len(eof)
    globals_ += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + sheet_name) + eof
    stream = globals_ + sheet
    if len(stream) < 4096:
        stream += b"\x00" * (4096 - len(stream))
    return stream


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding ``streams`` (each ≥ 4 KB: no mini stream)."""
    sector = 512
    ids: list[tuple[str, int, int]] = []  # name, first sector, size
    body = b""
    fat: list[int] = []
    next_sector = 2  # 0: FAT, 1: directory
    for name, data in streams.items():
        data = data + b"\x00" * (-len(data) % sector)
        count = len(data) // sector
        ids.append((name, next_sector, len(streams[name])))
        fat_chain = [next_sector + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
        fat += fat_chain
        body += data
        next_sector += count
    table = [0xFFFFFFFD, 0xFFFFFFFE, *fat]
    assert len(table) <= sector // 4, "keep hostile files small"
    table += [0xFFFFFFFF] * (sector // 4 - len(table))

    def entry(name: str, kind: int, first: int, size: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<IQ", first, size)
        )  # fmt: skip

    entries = entry("Root Entry", 5, 0xFFFFFFFE, 0, 1, 0xFFFFFFFF)
    for i, (name, first, size) in enumerate(ids, 1):
        right = i + 1 if i < len(ids) else 0xFFFFFFFF
        entries += entry(name, 2, first, size, 0xFFFFFFFF, right)
    entries = entries.ljust(sector, b"\x00")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6,
        0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0,
    )  # fmt: skip
    difat = struct.pack("<I", 0) + b"\xff\xff\xff\xff" * 108
    return header + difat + struct.pack(f"<{sector // 4}I", *table) + entries + body


def xls(path: Path, cells: list[tuple[int, int, float]], dimensions=None) -> Path:  # type: ignore[no-untyped-def]
    path.write_bytes(ole_file({"Workbook": biff_workbook(cells, dimensions)}))
    return path


def encrypted_xlsx(path: Path) -> Path:
    """What Excel writes for a workbook with an opening password: an OLE file holding
    EncryptionInfo and EncryptedPackage (contents random here)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"\x00" * 4092
    package = struct.pack("<Q", 5000) + bytes(range(256)) * 20
    path.write_bytes(ole_file({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path
