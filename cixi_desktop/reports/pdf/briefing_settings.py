"""What the briefing's masthead and 报尾 say, and its issue numbers, kept in the ledger's
preferences (keys ``briefing:*``) so every copy of the program issues the same series.

Issue numbers count per calendar year of issue: ``briefing:issue:<year>`` holds the last
number issued that year. A new briefing takes the next one; an explicit number overrides
it and the counter never goes back, so the series only increases.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from cixi_desktop.store.database import Database
from cixi_desktop.store.services.prefs import get_pref, list_prefs, put_pref

PREFIX = "briefing:"


@dataclass(frozen=True)
class BriefingSettings:
    unit: str = "慈溪市经济和信息化局"
    report_to: str = "市委、市人大、市政府、市政协领导，宁波市经信局。"  # 报
    send_to: str = "市委办、市府办，市级有关部门。"  # 送
    distribute_to: str = "各镇（街道）、开发区经发办。"  # 发
    copies: int = 30  # 共印 N 份


def load_settings(db: Database) -> BriefingSettings:
    stored = list_prefs(db, PREFIX)
    defaults = BriefingSettings()
    values = {}
    for f in fields(BriefingSettings):
        value = stored.get(f.name, getattr(defaults, f.name))
        values[f.name] = int(value) if f.name == "copies" else str(value)
    return BriefingSettings(**values)


def save_settings(db: Database, settings: BriefingSettings) -> None:
    if settings.copies < 1:
        raise ValueError("共印份数应大于 0")
    for name, value in asdict(settings).items():
        put_pref(db, PREFIX + name, value)


def _issue_key(year: int) -> str:
    return f"{PREFIX}issue:{year}"


def last_issue(db: Database, year: int) -> int:
    return int(get_pref(db, _issue_key(year), 0) or 0)


def next_issue(db: Database, year: int) -> int:
    """The number a new briefing issued in ``year`` takes (not yet recorded)."""
    return last_issue(db, year) + 1


def record_issue(db: Database, year: int, number: int) -> None:
    """Remember that issue ``number`` of ``year`` went out (the counter only moves up)."""
    if number > last_issue(db, year):
        put_pref(db, _issue_key(year), number)
