"""How far a worksheet reaches, measured on its XML while the zip is checked, without parsing.

calamine turns a sheet into one dense grid of rows × columns before it gives back a single
row. Two cells far apart — A1 and XFD1048576, a 2 KB file; Excel's Solver add-in really
stores data out there — ask for 17 billion cells (550 GB), and the failed allocation aborts
the whole process: no exception, no message (calamine issue #693). The reader therefore
measures every worksheet first and hands calamine only sheets whose grid is small.

The scan stays cheap by looking hard only at what could move the bounds. Spreadsheet
programs write rows and cells in order, each tag starting ``<c r="…"``/``<row r="…"``, so a
chunk's last reference is normally its largest, and a pattern built for the bounds known so
far matches only references beyond them (none, in an ordinary file). What the scan cannot
vouch for — a cell or row whose tag does not start with its reference, a second reference
in a tag, prefixed element names, UTF-16 — makes the sheet *irregular*, and the reader takes the slow row-by-row path.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cixi_desktop.reports.excel.safety import MAX_SHEET_ROWS

_TAIL = 16  # a match this close to a chunk's end may be a cut tag: judged with the next chunk
_CARRY = 64
_LONGEST_REF = 256
_REF_START = b' r="'
_REF_RE = re.compile(rb"([A-Za-z]*)([0-9]+)")
# Cells and rows under a namespace prefix: calamine reads them by local name.
_PREFIXED_RE = re.compile(rb":(?:c|row)[\s>/]")
# An r attribute after another attribute: a second r="…" in a tag is the one calamine uses.
_LATER_R_RE = re.compile(rb"[\"']\s+r\s*=")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _class(low: str, high: str, cased: bool) -> str:
    """A character class from ``low`` to ``high``; letters in both cases (calamine reads
    r="xfd5" as column 16,384)."""
    if not cased:
        return f"[{low}-{high}]"
    return f"[{low}-{high}{low.lower()}-{high.lower()}]"


def _greater(limit: str, cased: bool) -> str:
    """Regex for reference parts greater than ``limit`` (digits, or letters if ``cased``),
    longer strings counting as greater (a number with leading zeros may match too: it is
    then read exactly)."""
    first, last = ("A", "Z") if cased else ("0", "9")
    any_ = _class(first, last, cased)
    if not limit:
        return f"{any_}+"
    parts = [f"{any_}{{{len(limit) + 1},}}"]
    for i, ch in enumerate(limit):
        if ch != last:
            head = "".join(_class(c, c, cased) if cased else c for c in limit[:i])
            up = chr(ord(ch) + 1)
            parts.append(f"{head}{_class(up, last, cased)}{any_}{{{len(limit) - i - 1}}}")
    return "(?:" + "|".join(parts) + ")"


def _ceiling(rows: int, limit: int) -> int:
    """``rows`` rounded up to two significant digits (…999), but not past ``limit`` when
    ``rows`` is within it: a shorter pattern, and a bound at most 10 % too high."""
    text = str(rows)
    if len(text) <= 2:
        return rows
    ceiling = (int(text[:2]) + 1) * 10 ** (len(text) - 2) - 1
    return min(ceiling, limit) if rows <= limit else rows


@lru_cache(maxsize=256)
def _patterns(columns: int, rows: int) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """(cells, rows): a tag whose reference lies beyond ``columns`` × ``rows`` (group 1 is
    the reference), or a tag that does not start with its reference (group 1 is None)."""
    more_rows = _greater(str(rows) if rows else "", cased=False)
    more_columns = _greater(column_letters(columns), cased=True)
    cells = (
        rf'<c(?: r="(?={more_columns}[0-9]|[A-Za-z]*+{more_rows}")([^"]*)"'
        rf'|(?! r=")[\s>/])'
    )
    row_tags = rf'<row(?: r="(?={more_rows}")([^"]*)"|(?! r=")[\s>/])'
    return re.compile(cells.encode()), re.compile(row_tags.encode())


def _parse(ref: bytes) -> tuple[int, int] | None:
    match = _REF_RE.fullmatch(ref)
    if match is None or len(ref) > 24:
        return None
    return column_number(match[1].decode()), int(match[2])


class Extent:
    """Fed one worksheet's bytes in order, then :meth:`finish`. ``rows`` and ``columns`` are
    the largest row and column numbers referenced (exact beyond Excel's limits), ``cells``
    a bound on calamine's grid, and ``irregular`` says the scan cannot vouch for them."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.irregular = False
        self._row_bound = 0
        self._carry = b""
        self._started = False

    @property
    def cells(self) -> int:
        return max(self.rows, self._row_bound) * self.columns

    def feed(self, chunk: bytes, *, last: bool = False) -> None:
        if not self._started:
            self._started = True
            if chunk.lstrip(b"\xef\xbb\xbf").startswith(_UTF16_STARTS):
                self.irregular = True
        if self.irregular:
            return
        if len(self._carry) > _LONGEST_REF + _CARRY:
            self.irregular = True  # an unclosed reference longer than any real one
            return
        text = self._carry + chunk
        cut = len(text) if last else len(text) - _TAIL
        self._carry = b"" if last else self._tail(text)
        for odd in (_PREFIXED_RE, _LATER_R_RE):
            if (found := odd.search(text)) and found.start() < cut:
                self.irregular = True
                return
        self._take(self._last_ref(text))
        bound = _ceiling(self.rows, MAX_SHEET_ROWS)
        self._row_bound = max(self._row_bound, bound)
        for pattern in _patterns(self.columns, bound):
            for match in pattern.finditer(text):
                if match.start() >= cut:
                    break
                self._take(_parse(match[1]) if match[1] is not None else None)
                if self.irregular:
                    return

    def finish(self) -> None:
        self.feed(b"", last=True)

    def _take(self, ref: tuple[int, int] | None) -> None:
        if ref is None:
            self.irregular = True
            return
        column, row = ref
        self.columns = max(self.columns, column)
        self.rows = max(self.rows, row)

    @staticmethod
    def _tail(text: bytes) -> bytes:
        """What the next chunk must see again: the last bytes, or from an unclosed
        reference on, however long it is."""
        start = text.rfind(_REF_START)
        if start >= 0 and text.find(b'"', start + len(_REF_START)) < 0:
            return text[max(0, start - _CARRY) :]
        return text[-_CARRY:]

    @staticmethod
    def _last_ref(text: bytes) -> tuple[int, int] | None:
        end = len(text)
        while (start := text.rfind(_REF_START, 0, end)) >= 0:
            close = text.find(b'"', start + len(_REF_START))
            if close >= 0:
                return _parse(text[start + len(_REF_START) : close]) or (0, 0)
            end = start  # cut by the chunk's end: the one before it
        return (0, 0)
