"""Which enterprise and which project an import row means: enterprises by USCC, then by
name, then by former name; projects by code, else by enterprise + name + plan year.
Rows naming the same new enterprise share it; a project twice in one file is refused.

The registered side comes from ``MatchIndex``, read for a chunk of rows at a time (a few
queries per chunk, never one per row, and never the whole ledger)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from cixi_desktop.domain.workflow import Status
from cixi_desktop.reports.excel.cleaning import RowData
from cixi_desktop.store.import_queries import (
    EnterpriseRecord,
    MatchIndex,
    ProjectRecord,
    name_key,
)

# Enterprise facts an import may add to a registered enterprise; it never overwrites one.
FILLABLE = ("uscc", "division_code", "contact", "phone", "address")


@dataclass
class NewEnterprise:
    name: str
    first_row: int
    id: uuid.UUID | None = None


@dataclass
class Decision:
    kind: str  # create | update | duplicate | refused
    enterprise: EnterpriseRecord | None = None
    new: NewEnterprise | None = None
    project: ProjectRecord | None = None

    @property
    def current_status(self) -> Status | None:
        return Status(self.project.status) if self.project else None

    def fill(self, data: RowData) -> dict[str, object]:
        """What the row adds to a registered enterprise (empty fields only)."""
        if self.enterprise is None:
            return {}
        have = self.enterprise.values
        changes = {
            k: data.enterprise[k] for k in FILLABLE if data.enterprise.get(k) and not have.get(k)
        }
        if data.enterprise.get("above_scale") and not have.get("above_scale"):
            changes["above_scale"] = True
            changes["above_scale_year"] = data.enterprise.get("above_scale_year")
        return changes

    def enterprise_values(self, data: RowData) -> dict[str, object]:
        if self.enterprise is None:
            return dict(data.enterprise)
        return dict(self.enterprise.values) | self.fill(data)

    def project_values(self, data: RowData) -> dict[str, object]:
        base = dict(self.project.values) if self.project else {}
        return base | data.project


@dataclass
class Matcher:
    index: MatchIndex
    update: bool = False
    new_enterprises: dict[tuple[str, str], NewEnterprise] = field(default_factory=dict)
    new_providers: dict[str, str] = field(default_factory=dict)
    _seen_projects: dict[tuple[object, str, int], int] = field(default_factory=dict)
    _seen_codes: dict[str, int] = field(default_factory=dict)

    def decide(self, data: RowData) -> Decision:
        decision = self._enterprise(data)
        if decision.kind == "refused":
            return decision
        self._providers(data)
        return self._project(data, decision)

    # --- enterprises ------------------------------------------------------------------

    def _enterprise(self, data: RowData) -> Decision:
        uscc = str(data.enterprise.get("uscc") or "")
        name = str(data.enterprise.get("name") or "")
        key = name_key(name) if name else ""
        index = self.index
        if uscc and uscc in index.by_uscc:
            record = index.by_uscc[uscc]
            if name and name != record.name and key != name_key(record.name):
                data.warn(
                    "enterprise_name",
                    f"按信用代码匹配到库中企业“{record.name}”，企业名称以库中为准",
                )
            return Decision("create", enterprise=record)
        if key and key in index.by_name:
            record = index.by_name[key]
            registered = record.values.get("uscc")
            if uscc and registered and registered != uscc:
                data.error(
                    "uscc",
                    f"与库中同名企业“{record.name}”的信用代码 {registered} 不同，请核对",
                )
            return Decision("create", enterprise=record)
        if key and key in index.by_former_name:
            record = index.by_former_name[key]
            data.warn("enterprise_name", f"“{name}”是“{record.name}”的曾用名，已按现名匹配")
            return Decision("create", enterprise=record)
        if not name:
            data.error("enterprise_name", "必须填写（库中没有该信用代码的企业）")
            return Decision("refused")
        keys = [("name", key)] + ([("uscc", uscc)] if uscc else [])
        found = next((self.new_enterprises[k] for k in keys if k in self.new_enterprises), None)
        if found is None:
            found = NewEnterprise(name, data.row)
        for key in keys:
            self.new_enterprises.setdefault(key, found)
        return Decision("create", new=found)

    def _providers(self, data: RowData) -> None:
        for provider, _role in data.providers:
            key = name_key(provider)
            if key not in self.index.providers:
                self.new_providers.setdefault(key, provider)

    # --- projects ---------------------------------------------------------------------

    def _project(self, data: RowData, decision: Decision) -> Decision:
        code = str(data.project.get("code") or "")
        name = str(data.project.get("name") or "")
        year = data.project.get("plan_year")
        owner: object = decision.enterprise.id if decision.enterprise else id(decision.new)
        if code:
            if code in self._seen_codes:
                data.error("code", f"与第 {self._seen_codes[code]} 行的项目编号相同")
                return decision
            self._seen_codes[code] = data.row
        if name and isinstance(year, int):
            key = (owner, name_key(name), year)
            if key in self._seen_projects:
                data.error(
                    "project_name",
                    f"与第 {self._seen_projects[key]} 行是同一项目（企业、项目名称、年度都相同）",
                )
                return decision
            self._seen_projects[key] = data.row
        existing = self._existing(data, decision, code, name, year)
        if existing is None:
            return decision
        decision.project = existing
        decision.kind = "update" if self.update else "duplicate"
        return decision

    def _existing(
        self, data: RowData, decision: Decision, code: str, name: str, year: object
    ) -> ProjectRecord | None:
        index = self.index
        if code and code in index.projects_by_code:
            record = index.projects_by_code[code]
            if decision.enterprise is None or decision.enterprise.id != record.enterprise_id:
                data.error("code", f"项目编号 {code} 已被其他企业的项目“{record.name}”使用")
                return None
            return record
        if code and code in index.project_codes:
            data.error("code", f"项目编号 {code} 已被一个已删除的项目占用，请换一个编号或留空")
            return None
        if decision.enterprise is not None and name and isinstance(year, int):
            return index.projects_by_key.get((decision.enterprise.id, name_key(name), year))
        return None
