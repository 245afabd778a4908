"""Text longer than its column is refused in a sentence naming the field, on every backend.

PostgreSQL refuses a value longer than ``VARCHAR(n)`` with a database error (exit 70,
"程序错误"); SQLite would keep it and the two backends would disagree. The domain's field
specs check the enterprise and project fields as they are typed; this check, run before
every flush, covers every other text a service writes (provider names, former names,
status-move documents and reasons, payment notes, …), so no write reaches the database
with a value that does not fit.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from cixi_desktop.domain.errors import FieldError, ValidationError

LABELS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("service_provider", "name"): "服务商名称",
        ("service_provider", "specialty"): "服务领域",
        ("service_provider", "contact"): "联系人",
        ("service_provider", "phone"): "联系电话",
        ("enterprise_former_name", "name"): "曾用名",
        ("status_change", "document_no"): "文号",
        ("status_change", "reason"): "原因",
        ("subsidy_payment", "document_no"): "拨付文号",
        ("subsidy_payment", "note"): "拨付备注",
        ("project_provider", "role"): "服务商角色",
        ("app_user", "name"): "用户名",
        ("app_user", "display_name"): "姓名",
    }
)


def label(table: str, column: str) -> str:
    # Imported here, when a value is refused: the field specs pull in the phone and
    # credit-code libraries, which start-up does not need.
    from cixi_desktop.domain.fields import ENTERPRISE_FIELDS, PROJECT_FIELDS

    specs = {"enterprise": ENTERPRISE_FIELDS, "project": PROJECT_FIELDS}.get(table, {})
    spec = specs.get(column)
    return spec.label if spec is not None else LABELS.get((table, column), column)


def too_long(obj: Any) -> list[FieldError]:
    """The text attributes of ``obj`` longer than their columns."""
    mapper = inspect(obj).mapper
    table = mapper.local_table
    found = []
    for column in table.columns:
        length = getattr(column.type, "length", None)
        if length is None or not isinstance(column.type, String):
            continue
        value = getattr(obj, mapper.get_property_by_column(column).key, None)
        if isinstance(value, str) and len(value) > length:
            found.append(
                FieldError(
                    column.name,
                    label(table.name, column.name),
                    f"最多 {length} 个字，现在有 {len(value):,} 个字",
                )
            )
    return found


@event.listens_for(Session, "before_flush")
def _refuse_overlong_text(session: Session, _context: object, _instances: object) -> None:
    errors = [e for obj in itertools.chain(session.new, session.dirty) for e in too_long(obj)]
    if errors:
        raise ValidationError(errors)
