"""Audit trail: every service write leaves who, when, what, old → new."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from cixi_desktop.store.models import AuditEntry


class Actor(Protocol):
    """Who is writing and what time it is for them (a Database satisfies this)."""

    user: str

    def now(self) -> datetime: ...


def as_text(value: object) -> str | None:
    """A stable text form for the audit trail (exact decimals, ISO dates)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: uuid.UUID | str,
    action: str,
    field: str = "",
    old: object = None,
    new: object = None,
) -> None:
    session.add(
        AuditEntry(
            at=actor.now(),
            user=actor.user,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            field=field,
            old=as_text(old),
            new=as_text(new),
        )
    )
