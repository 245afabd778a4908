"""Stored times are naive UTC; people read them in their own time zone."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
