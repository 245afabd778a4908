"""The ledger's ordered project ids, packed (plain Python, no SQLAlchemy): the window's
model holds an ``IdList`` from its first paint on, before the database layer is loaded.
``queries`` fills it."""

from __future__ import annotations

import uuid

DEFAULT_SORT = "code"
ID_BYTES = 16


class Cancelled(Exception):
    """The caller no longer wants the result; the query was stopped."""


class IdList:
    """Project ids in display order, packed 16 bytes each (1,000,000 rows take 16 MB).

    Grows at the end while a long result is still arriving (``extend``).
    """

    def __init__(self, packed: bytes = b"") -> None:
        self._packed = bytearray(packed)

    def __len__(self) -> int:
        return len(self._packed) // ID_BYTES

    def __getitem__(self, row: int) -> uuid.UUID:
        if not 0 <= row < len(self):
            raise IndexError(row)
        return uuid.UUID(bytes=bytes(self._packed[row * ID_BYTES : (row + 1) * ID_BYTES]))

    def extend(self, packed: bytes) -> None:
        self._packed += packed

    def slice(self, start: int, stop: int) -> list[uuid.UUID]:
        start, stop = max(start, 0), min(stop, len(self))
        return [self[i] for i in range(start, stop)]

    def index(self, project_id: uuid.UUID) -> int | None:
        """The row of ``project_id``, or None when it is not in scope."""
        needle = project_id.bytes
        at = self._packed.find(needle)
        while at != -1 and at % ID_BYTES:
            at = self._packed.find(needle, at + 1)
        return None if at == -1 else at // ID_BYTES
