"""What every command shares: the context (lazy database), usage errors, scope options,
exact JSON numbers, and bilingual help text."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cixi_desktop import settings
from cixi_desktop.store.database import Database, open_database


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


def t(zh: str, en: str) -> str:
    """Chinese by default; English when the UI language is English."""
    return en if settings.language() == "en" else zh


@dataclass
class Context:
    db_target: str | None
    user: str | None
    _db: Database | None = field(default=None, repr=False)

    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.db_target, user=self.user)
            for warning in self._db.warnings:
                print(t(f"注意：{warning}", f"warning: {warning}"), file=sys.stderr)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*$")


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """ "2018" → (2018, 2018); "2017-2018" → (2017, 2018); None → (None, None)."""
    if text is None:
        return None, None
    match = _YEARS.match(text)
    if not match:
        raise UsageError(
            t(
                f"--year 应为年份，如 2018 或 2017-2018，而不是“{text}”",
                f"--year expects a year such as 2018 or 2017-2018, not '{text}'",
            )
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise UsageError(
            t(
                f"--year 的起始年份 {first} 晚于结束年份 {last}",
                f"--year starts ({first}) after it ends ({last})",
            )
        )
    return first, last


def add_scope_options(parser: argparse.ArgumentParser, *, extended: bool = False) -> None:
    parser.add_argument(
        "--year", metavar="Y|Y1-Y2", help=t("计划年度或年度区间", "plan year or range")
    )
    parser.add_argument(
        "--town", metavar=t("镇街", "TOWN"), help=t("镇街名称或代码", "town name or code")
    )
    if extended:
        parser.add_argument("--status", help=t("项目状态，如 竣工", "project status, e.g. 竣工"))
        parser.add_argument("--category", help=t("项目类别", "project category"))
        parser.add_argument("--cluster", help=t("产业集群", "industry cluster"))


def scope_from_args(ctx: Context, args: argparse.Namespace) -> Any:
    """Build a summaries.Scope from --year/--town (and --status/--category/--cluster)."""
    from cixi_desktop.domain.workflow import parse_status
    from cixi_desktop.store.services.reference import resolve_reference
    from cixi_desktop.store.summaries import Scope

    first, last = parse_years(getattr(args, "year", None))
    codes: dict[str, str | None] = {}
    for option, kind in (
        ("town", "town_code"),
        ("category", "category_code"),
        ("cluster", "cluster_code"),
    ):
        text = getattr(args, option, None)
        if text:
            code = resolve_reference(ctx.db(), kind, text)
            if code is None:
                raise UsageError(
                    t(f"--{option}：没有“{text}”这一项", f"--{option}: no such entry '{text}'")
                )
            codes[kind] = code
    status = getattr(args, "status", None)
    if status:
        try:
            status = str(parse_status(status))
        except ValueError as exc:
            raise UsageError(f"--status：{exc}") from None
    return Scope(year_from=first, year_to=last, status=status or None, **codes)


def json_number(value: Decimal) -> str:
    """A Decimal as a JSON number, exactly as stored (never through float)."""
    text = format(value, "f")
    return text


def exact_json(data: Mapping[str, Any]) -> str:
    """One flat JSON object whose Decimals are written as exact numbers."""
    parts = []
    for key, value in data.items():
        rendered = (
            json_number(value)
            if isinstance(value, Decimal)
            else json.dumps(value, ensure_ascii=False)
        )
        parts.append(f"{json.dumps(key)}: {rendered}")
    return "{" + ", ".join(parts) + "}"
