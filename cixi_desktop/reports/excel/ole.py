"""What an OLE compound file (old .xls, .doc, a password-protected .xlsx) holds, read with
the standard library: the names of its streams and, for an .xls, how far its sheets reach.

calamine sizes an .xls sheet from its DIMENSIONS record and from its cells' positions
before reading a row; a 5 KB file declaring four billion rows, or one cell in column
65,535, makes it ask for terabytes, and the failed allocation aborts the process — no
exception, no message. The reader checks both against the .xls grid (65,536 rows × 256
columns) first. Malformed containers raise :class:`OleError`.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

END_OF_CHAIN = 0xFFFFFFFE
_HEADER = struct.Struct("<8s16sHHHHH6sIIIIIIIII")
_DIFAT_IN_HEADER = 109
_ENTRY = 128
_STREAM, _ROOT = 2, 5
WORKBOOK_STREAMS = ("workbook", "book")

# BIFF cell records (BIFF2–8): row u16 at 0, column u16 at 2.
_CELLS = frozenset(
    {0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0201, 0x0203, 0x0204, 0x0205,
     0x0206, 0x027E, 0x00FD, 0x00D6, 0x0406}
)  # fmt: skip
_MULTI = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: first column at 2, last at the end
_DIMENSIONS = 0x0200


class OleError(ValueError):
    """The container is damaged or was built to mislead."""


@dataclass(frozen=True)
class Reach:
    rows: int  # one past the last row index used or declared
    columns: int


class CompoundFile:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise OleError("too short")
        fields = _HEADER.unpack_from(data)
        shift, mini_shift = fields[5], fields[6]
        if shift not in (9, 12) or mini_shift != 6:
            raise OleError("sector sizes")
        self.data = data
        self.size = 1 << shift
        self.mini_size = 1 << mini_shift
        fat_sectors, first_dir = fields[9], fields[10]
        self.cutoff, first_minifat, minifat_sectors = fields[12], fields[13], fields[14]
        first_difat, difat_sectors = fields[15], fields[16]
        self.sectors = max(0, -(-(len(data) - self.size) // self.size))
        difat = list(struct.unpack_from(f"<{_DIFAT_IN_HEADER}I", data, 76))
        per = self.size // 4
        sector = first_difat
        for _ in range(min(difat_sectors, self.sectors)):
            entries = struct.unpack_from(f"<{per}I", self._sector(sector))
            difat += entries[:-1]
            sector = entries[-1]
        fat_ids = [s for s in difat if s < 0xFFFFFFFA][: fat_sectors or None]
        self.fat = [e for s in fat_ids for e in struct.unpack_from(f"<{per}I", self._sector(s))]
        directory = self._chain(first_dir, self.fat, self._sector)
        self.entries = [
            directory[i : i + _ENTRY] for i in range(0, len(directory) // _ENTRY * _ENTRY, _ENTRY)
        ]
        root = self.entries[0] if self.entries else b""
        if len(root) < _ENTRY or root[66] != _ROOT:
            raise OleError("no root entry")
        self.mini_stream = self._chain(_u32(root, 116), self.fat, self._sector)
        minifat_bytes = (
            self._chain(first_minifat, self.fat, self._sector) if minifat_sectors else b""
        )
        self.minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise OleError("sector outside the file")
        start = (number + 1) * self.size
        sector = self.data[start : start + self.size]
        if not sector:
            raise OleError("file cut short")
        return sector.ljust(self.size, b"\x00")  # some writers leave the last one short

    def _mini_sector(self, number: int) -> bytes:
        start = number * self.mini_size
        if start >= len(self.mini_stream):
            raise OleError("mini sector outside the mini stream")
        return self.mini_stream[start : start + self.mini_size]

    def _chain(self, first: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        """A stream's sectors in order; a loop or a sector out of range is damage."""
        out: list[bytes] = []
        sector = first
        while sector != END_OF_CHAIN:
            if sector >= len(table) or len(out) > len(table):
                raise OleError("broken sector chain")
            out.append(read(sector))
            sector = table[sector]
        return b"".join(out)

    def names(self) -> list[str]:
        return [n for n in map(_name, self.entries) if n is not None]

    def stream(self, name: str) -> bytes | None:
        for entry in self.entries:
            entry_name = _name(entry)
            if entry_name is None or entry_name.lower() != name or entry[66] != _STREAM:
                continue
            size = struct.unpack_from("<Q", entry, 120)[0] & 0xFFFFFFFF
            if size > len(self.data):
                raise OleError("stream larger than the file")
            first = _u32(entry, 116)
            if size < self.cutoff:
                data = self._chain(first, self.minifat, self._mini_sector)
            else:
                data = self._chain(first, self.fat, self._sector)
            if len(data) < size:
                raise OleError("stream cut short")
            return data[:size]
        return None


def _name(entry: bytes) -> str | None:
    """A directory entry's name, or None for an unused entry."""
    length = min(struct.unpack_from("<H", entry, 64)[0], 64)
    if entry[66] not in (1, _STREAM, _ROOT) or length < 2:
        return None
    return entry[: length - 2].decode("utf-16-le", errors="replace")


def _u32(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<I", data, offset)[0])


def workbook_reach(workbook: bytes) -> Reach:
    """How far the cells and declared dimensions of every sheet in a BIFF stream reach."""
    rows = columns = 0
    position, end = 0, len(workbook)
    unpack = struct.unpack_from
    while position + 4 <= end:
        kind, length = unpack("<HH", workbook, position)
        body = position + 4
        position = body + length
        if position > end:
            break  # a cut-off last record: calamine reports the damage
        if kind in _CELLS and length >= 4:
            row, column = unpack("<HH", workbook, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _MULTI and length >= 6:
            row, _first = unpack("<HH", workbook, body)
            (last,) = unpack("<H", workbook, position - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _DIMENSIONS and length >= 14:
            _low, high, _left, right = unpack("<IIHH", workbook, body)
            rows, columns = max(rows, high), max(columns, right)
        elif kind == _DIMENSIONS and length >= 8:
            _low, high, _left, right = unpack("<HHHH", workbook, body)
            rows, columns = max(rows, high), max(columns, right)
    return Reach(rows, columns)
