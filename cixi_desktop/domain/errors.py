"""Validation errors that name the field (and, for imports, the row).

Every layer raises or collects these; the window shows ``message`` next to the
field, the importer lists ``str(error)`` per row, the CLI prints one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class FieldError:
    """One problem with one field: ``field`` is the attribute, ``label`` its Chinese name."""

    field: str
    label: str
    message: str
    row: int | None = None

    def at_row(self, row: int) -> FieldError:
        return replace(self, row=row)

    def __str__(self) -> str:
        where = f"第 {self.row} 行 " if self.row is not None else ""
        return f"{where}{self.label}：{self.message}"


class ValidationError(ValueError):
    """Data refused: carries every :class:`FieldError` found, not just the first."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        super().__init__(str(self))

    @classmethod
    def single(cls, field: str, label: str, message: str) -> ValidationError:
        return cls([FieldError(field, label, message)])

    def __str__(self) -> str:
        return "；".join(str(e) for e in self.errors)

    def for_field(self, field: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == field]


class ValueProblem(ValueError):
    """Raised by single-value parsers (amount, date, USCC, phone) with a message that
    does not yet know which field it belongs to; validators wrap it in a FieldError."""
