"""One record seen as a set of fields to read and to write through its service: what
undo, redo and the conflict dialog work with, whatever the record is."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, PROJECT_FIELDS, Kind
from cixi_desktop.domain.money import format_wan
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.services import enterprises, projects, providers
from cixi_desktop.ui.forms import labels

# A plain name lupdate recognises: translate("Context", "text").
translate = QCoreApplication.translate

PROVIDERS = "providers"
FORMER_NAMES = "former_names"


def empty() -> str:
    return translate("Values", "（空）")


ProviderLinks = tuple[tuple[uuid.UUID, str], ...]


class RecordEditor(Protocol):
    entity: str
    record_id: uuid.UUID

    def labels(self) -> Mapping[str, str]: ...

    def current(self) -> tuple[dict[str, object], int]: ...

    def apply(self, changes: Mapping[str, object], version: int) -> int: ...

    def display(self, name: str, value: object) -> str: ...


def show_value(kind: Kind | None, value: object) -> str:
    """A stored value as a person reads it in the conflict dialog and the history."""
    if value is None or value == "":
        return empty()
    if isinstance(value, bool):
        return translate("Values", "是") if value else translate("Values", "否")
    if kind is Kind.AMOUNT and isinstance(value, Decimal):
        return translate("Values", "%1 万元").replace("%1", format_wan(value))
    if kind is Kind.PERCENT and isinstance(value, Decimal):
        return f"{value}%"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ProjectEditor:
    entity = "project"

    def __init__(self, db: Database, project_id: uuid.UUID) -> None:
        self.db = db
        self.record_id = project_id
        self._provider_names: dict[uuid.UUID, str] = {}

    def labels(self) -> Mapping[str, str]:
        shown = {name: labels.field(spec.label) for name, spec in PROJECT_FIELDS.items()}
        shown[PROVIDERS] = labels.field("服务商")
        return shown

    def current(self) -> tuple[dict[str, object], int]:
        detail = lookups.project_detail(self.db, self.record_id)
        values = {k: v for k, v in detail.values.items() if k in projects.EDITABLE}
        values[PROVIDERS] = provider_key(detail.providers)
        self._provider_names.update({p.provider_id: p.name for p in detail.providers})
        return values, detail.version

    def apply(self, changes: Mapping[str, object], version: int) -> int:
        fields = {k: v for k, v in changes.items() if k in projects.EDITABLE}
        links = changes.get(PROVIDERS)
        row = projects.update_project(
            self.db,
            self.record_id,
            version,
            fields,
            providers=list(links) if links is not None else None,  # type: ignore[call-overload]
        )
        return row.version

    def display(self, name: str, value: object) -> str:
        if name == PROVIDERS:
            links = value if isinstance(value, tuple) else ()
            if not links:
                return empty()
            return "、".join(
                f"{self._provider_names.get(pid, str(pid)[:8])}（{role}）" for pid, role in links
            )
        spec = PROJECT_FIELDS.get(name)
        return show_value(spec.kind if spec else None, value)

    def remember_names(self, names: Mapping[uuid.UUID, str]) -> None:
        self._provider_names.update(names)


def provider_key(links: object) -> ProviderLinks:
    """Provider links in one canonical order, so two lists compare equal when they are."""
    pairs = []
    for link in links:  # type: ignore[attr-defined]
        if isinstance(link, lookups.ProviderLink):
            pairs.append((link.provider_id, link.role))
        else:
            pairs.append((link[0], link[1]))
    return tuple(sorted(pairs, key=lambda p: (str(p[0]), p[1])))


class EnterpriseEditor:
    entity = "enterprise"

    def __init__(self, db: Database, enterprise_id: uuid.UUID) -> None:
        self.db = db
        self.record_id = enterprise_id

    def labels(self) -> Mapping[str, str]:
        shown = {name: labels.field(spec.label) for name, spec in ENTERPRISE_FIELDS.items()}
        shown[FORMER_NAMES] = labels.field("曾用名")
        return shown

    def current(self) -> tuple[dict[str, object], int]:
        detail = lookups.enterprise_detail(self.db, self.record_id)
        values = dict(detail.values)
        values[FORMER_NAMES] = tuple(detail.former_names)
        return values, detail.version

    def apply(self, changes: Mapping[str, object], version: int) -> int:
        fields = {k: v for k, v in changes.items() if k in ENTERPRISE_FIELDS}
        names = changes.get(FORMER_NAMES)
        row = enterprises.update_enterprise(
            self.db,
            self.record_id,
            version,
            fields,
            former_names=list(names) if names is not None else None,  # type: ignore[call-overload]
        )
        return row.version

    def display(self, name: str, value: object) -> str:
        if name == FORMER_NAMES:
            return "、".join(value) if value else empty()  # type: ignore[call-overload]
        spec = ENTERPRISE_FIELDS.get(name)
        return show_value(spec.kind if spec else None, value)


class ProviderEditor:
    entity = "service_provider"

    def __init__(self, db: Database, provider_id: uuid.UUID) -> None:
        self.db = db
        self.record_id = provider_id

    def labels(self) -> Mapping[str, str]:
        return {name: labels.field(text) for name, text in lookups.PROVIDER_FIELDS.items()}

    def current(self) -> tuple[dict[str, object], int]:
        detail = lookups.provider_detail(self.db, self.record_id, limit=0)
        values = {k: ("" if v is None else v) for k, v in detail.values.items()}
        return values, detail.version

    def apply(self, changes: Mapping[str, object], version: int) -> int:
        return providers.update_provider(self.db, self.record_id, version, changes).version

    def display(self, name: str, value: object) -> str:
        return show_value(None, value)
