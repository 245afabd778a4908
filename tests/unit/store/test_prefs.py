"""Preferences kept with the data (app_setting): JSON values, audited, keys taken literally."""

from __future__ import annotations

from sqlalchemy import select

from cixi_desktop.store.database import Database
from cixi_desktop.store.models import AuditEntry
from cixi_desktop.store.services.prefs import delete_pref, get_pref, list_prefs, put_pref


def _audit(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    with db.read() as s:
        return [
            (a.entity_id, a.action, a.old, a.new)
            for a in s.scalars(
                select(AuditEntry).where(AuditEntry.entity == "app_setting").order_by(AuditEntry.id)
            )
        ]


def test_missing_key_gives_the_default(db: Database) -> None:
    assert get_pref(db, "ledger.view.测试员") is None
    assert get_pref(db, "ledger.view.测试员", {"columns": []}) == {"columns": []}


def test_values_round_trip_as_json(db: Database) -> None:
    value = {"columns": ["code", "企业名称"], "widths": [14, 30], "frozen": True, "filter": None}
    put_pref(db, "ledger.view.测试员", value)
    assert get_pref(db, "ledger.view.测试员") == value
    put_pref(db, "briefing.issue", 7)
    assert get_pref(db, "briefing.issue") == 7


def test_writes_are_audited_and_unchanged_values_are_not(db: Database) -> None:
    put_pref(db, "briefing.issue", 1)
    put_pref(db, "briefing.issue", 1)
    put_pref(db, "briefing.issue", 2)
    delete_pref(db, "briefing.issue")
    delete_pref(db, "briefing.issue")  # already gone: nothing to record
    assert _audit(db) == [
        ("briefing.issue", "create", None, "1"),
        ("briefing.issue", "update", "1", "2"),
        ("briefing.issue", "delete", "2", None),
    ]
    assert get_pref(db, "briefing.issue", "gone") == "gone"


def test_list_by_prefix_takes_percent_and_underscore_literally(db: Database) -> None:
    put_pref(db, "import_map.周巷", {"A": "name"})
    put_pref(db, "import_map.观海卫", {"B": "name"})
    put_pref(db, "importXmap.other", 1)  # would match if "_" were a wildcard
    put_pref(db, "100%.x", 1)
    assert list_prefs(db, "import_map.") == {"周巷": {"A": "name"}, "观海卫": {"B": "name"}}
    assert list_prefs(db, "100%") == {".x": 1}
    assert list_prefs(db, "1%") == {}
    assert list_prefs(db, "nothing.") == {}
