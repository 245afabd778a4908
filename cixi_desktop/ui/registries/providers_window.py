"""The register of smart-manufacturing service providers and the projects they served."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.lookups import ProjectBrief
from cixi_desktop.store.services import providers
from cixi_desktop.store.services.permissions import Permission, allows
from cixi_desktop.ui.forms.record_editors import ProviderEditor, RecordEditor
from cixi_desktop.ui.registries.list_models import ProviderListModel
from cixi_desktop.ui.registries.provider_form import ProviderForm
from cixi_desktop.ui.registries.record_registry import RecordRegistry


class ProvidersWindow(RecordRegistry):
    entity = "service_provider"

    def __init__(
        self, db: Database, undo_stack: QUndoStack | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, undo_stack, ProviderListModel(db), ProviderForm(db), True, parent)
        self.setWindowTitle(self.tr("服务商登记"))
        self.search.setPlaceholderText(self.tr("按名称或信用代码查找（Ctrl+F）"))

    def read(self, record_id: uuid.UUID) -> tuple[dict[str, object], int, list[ProjectBrief]]:
        detail = lookups.provider_detail(self.db, record_id)
        values = {k: ("" if v is None else v) for k, v in detail.values.items()}
        return values, detail.version, detail.projects

    def create(self, values: dict[str, object]) -> tuple[uuid.UUID, int, str]:
        row = providers.create_provider(self.db, values)
        return row.id, row.version, row.name

    def show_record(self, record_id: uuid.UUID) -> None:
        super().show_record(record_id)
        # Providers are shared by every town: editing one is for reviewers.
        if self.current_id is not None and not allows(self.db, Permission.EDIT_PROVIDER):
            self.form.set_read_only(True)  # type: ignore[attr-defined]
            self._say(self.tr("只能查看：修改已登记的服务商需要审核员或管理员。"))

    def start_new(self) -> None:
        super().start_new()
        if self.current_id is None:  # anyone may register a new provider
            self.form.set_read_only(False)  # type: ignore[attr-defined]

    def editor(self, record_id: uuid.UUID) -> RecordEditor:
        return ProviderEditor(self.db, record_id)
