"""Reference data: seeded from the files under ``db/reference`` and looked up forgivingly."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cixi_desktop.domain import reference as ref
from cixi_desktop.domain.errors import FieldError
from cixi_desktop.domain.subsidy import load_rule_sets
from cixi_desktop.store.models import (
    Category,
    Cluster,
    Division,
    StatusRow,
    SubsidyRuleSetRow,
    Town,
)

if TYPE_CHECKING:
    from cixi_desktop.store.database import Database


def load_missing_reference_data(db: Database) -> int:
    """Insert reference rows the database lacks; never overwrite what staff have edited."""
    wanted: list[object] = [
        *(
            Town(
                code=t.code,
                name=t.name,
                kind=t.kind,
                valid_from=t.valid_from,
                valid_to=t.valid_to,
                sort=t.sort,
            )
            for t in ref.load_towns()
        ),
        *(Cluster(code=c.code, name=c.name, sort=c.sort) for c in ref.load_clusters()),
        *(Division(code=d.code, name=d.name) for d in ref.load_divisions()),
        *(Category(code=c.code, name=c.name, sort=c.sort) for c in ref.load_categories()),
        *(
            StatusRow(name=s.name, code=s.code, sort=s.sort, color=s.color)
            for s in ref.load_statuses()
        ),
        *(
            SubsidyRuleSetRow(
                code=r.code,
                year=r.year,
                name=r.name,
                body=json.dumps(r.to_dict(), ensure_ascii=False),
            )
            for r in load_rule_sets()
        ),
    ]
    if not _missing(db, wanted):
        return 0  # every start after the first: a few key reads, no write lock
    added = 0
    with db.write() as session:
        for row in wanted:
            key = type(row).__mapper__.primary_key_from_instance(row)  # type: ignore[attr-defined]
            if session.get(type(row), key) is None:
                session.add(row)
                added += 1
    return added


def _missing(db: Database, wanted: list[object]) -> bool:
    """Whether any of ``wanted`` is absent, read as one key query per reference table."""
    by_model: dict[type, set[tuple[object, ...]]] = {}
    for row in wanted:
        key = type(row).__mapper__.primary_key_from_instance(row)  # type: ignore[attr-defined]
        by_model.setdefault(type(row), set()).add(tuple(key))
    with db.read() as session:
        for model, keys in by_model.items():
            columns = model.__mapper__.primary_key  # type: ignore[attr-defined]
            present = {tuple(r) for r in session.execute(select(*columns))}
            if keys - present:
                return True
    return False


def _resolve(
    session: Session,
    model: type[Town] | type[Cluster] | type[Category] | type[Division],
    text: str,
    fuzzy: object,
) -> str | None:
    row = session.scalar(select(model.code).where(or_(model.code == text, model.name == text)))
    if row is not None:
        return row
    guess = getattr(fuzzy, "code", None)
    if guess and session.get(model, guess) is not None:
        return str(guess)
    return None


_LOOKUPS = {
    "town_code": (Town, ref.find_town, "所属镇街"),
    "cluster_code": (Cluster, ref.find_cluster, "产业集群"),
    "category_code": (Category, ref.find_category, "项目类别"),
    "division_code": (Division, lambda text: None, "国民经济行业（大类）"),
}


def resolve_codes(session: Session, values: dict[str, object]) -> list[FieldError]:
    """Replace names typed for reference fields ("周巷", "智能家电") with their codes."""
    errors: list[FieldError] = []
    for field, (model, finder, label) in _LOOKUPS.items():
        text = values.get(field)
        if not text:
            continue
        code = _resolve(session, model, str(text), finder(str(text)))
        if code is None:
            errors.append(FieldError(field, label, f"没有“{text}”这一项，请从列表中选择"))
        else:
            values[field] = code
    return errors


def resolve_reference(db: Database, field: str, text: str) -> str | None:
    """The code for a name or code typed on the command line or in a filter, or None."""
    model, finder, _label = _LOOKUPS[field]
    with db.read() as session:
        return _resolve(session, model, text.strip(), finder(text.strip()))
