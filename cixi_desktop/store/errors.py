"""Errors the store raises for callers to show to people.

``EnvironmentProblem`` covers everything outside the data itself (locked,
unreadable, not a database, newer schema, damaged); the CLI maps it to exit 3.
``ConflictError`` means someone else saved the record first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class EnvironmentProblem(RuntimeError):
    """The database cannot be used as asked; the message is one sentence for a person."""


class NotFound(LookupError):
    pass


@dataclass
class ConflictError(Exception):
    """A stale write: the record's version moved since the caller read it."""

    entity: str
    entity_id: str
    expected_version: int
    current_version: int
    current: Mapping[str, object] = field(default_factory=dict)
    mine: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"该记录已被他人修改（您编辑的是第 {self.expected_version} 版，"
            f"现在是第 {self.current_version} 版），请核对后再保存"
        )


class PermissionDenied(Exception):
    """The acting user's role does not allow the operation; says which role it needs."""


class LoginFailed(PermissionDenied):
    """Wrong name or password, or a deactivated account; says which it can safely say."""
