"""Reference data shipped with the app: towns, clusters, divisions, categories, statuses.

The CSV files under ``db/reference/`` are the seed for the editable tables in the
database; this module reads them (through importlib.resources, so an installed
copy works) and offers forgiving look-ups for text typed by people or found in
towns' own Excel sheets.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TypeVar

ZONE_KIND = "开发区"

# Town names end in one of these; people often leave them off or mix them up.
_TOWN_SUFFIXES = ("街道", "镇")
# Addresses and sheets from other offices prefix the place with the higher levels.
_PLACE_PREFIXES = ("浙江省", "宁波市", "慈溪市", "慈溪")
# Zones go by short names in everyday use; only unambiguous ones are listed.
_ZONE_ALIASES = {
    "滨海": "330282402",
    "滨海开发区": "330282402",
    "慈溪滨海开发区": "330282402",
    "高新区": "330282403",
    "高新园区": "330282403",
    "高新技术园区": "330282403",
    "杭州湾创新中心": "330282404",
}
# Statistical division codes are 12 digits; the 9-digit town code is its prefix.
_VILLAGE_LEVEL_SUFFIX = "000"


@dataclass(frozen=True)
class Town:
    """A town, subdistrict or development zone reporting on its own."""

    code: str
    name: str
    kind: str
    valid_from: date
    valid_to: date | None
    sort: int

    @property
    def is_zone(self) -> bool:
        return self.kind == ZONE_KIND

    @property
    def short_name(self) -> str:
        """``周巷`` for 周巷镇 — what fits in a chart axis."""
        return _strip_suffix(self.name, _TOWN_SUFFIXES)

    def valid_on(self, d: date) -> bool:
        """True if the unit existed on ``d``; ``valid_to`` is the last valid day."""
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Cluster:
    code: str
    name: str
    sort: int


@dataclass(frozen=True)
class Division:
    """A GB/T 4754-2017 division (大类); ``code`` is two digits as text."""

    code: str
    name: str


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    sort: int


@dataclass(frozen=True)
class StatusInfo:
    """Display data for a workflow status; ``name`` equals a ``workflow.Status`` value."""

    code: str
    name: str
    sort: int
    color: str


# --- loading -----------------------------------------------------------------------


def _read_csv(filename: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    resource = files("cixi_desktop.db") / "reference" / filename
    # utf-8-sig: the files may have been saved from Excel, which adds a BOM.
    text = resource.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise ValueError(f"参考数据文件 {filename} 的表头应为 {','.join(columns)}")
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


@cache
def load_towns() -> tuple[Town, ...]:
    rows = _read_csv("towns.csv", ("code", "name", "kind", "valid_from", "valid_to", "sort"))
    towns = (
        Town(
            code=r["code"],
            name=r["name"],
            kind=r["kind"],
            valid_from=date.fromisoformat(r["valid_from"]),
            valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
            sort=int(r["sort"]),
        )
        for r in rows
    )
    return tuple(sorted(towns, key=lambda t: t.sort))


@cache
def load_clusters() -> tuple[Cluster, ...]:
    rows = _read_csv("clusters.csv", ("code", "name", "sort"))
    return tuple(
        sorted((Cluster(r["code"], r["name"], int(r["sort"])) for r in rows), key=_by_sort)
    )


@cache
def load_divisions() -> tuple[Division, ...]:
    rows = _read_csv("divisions.csv", ("code", "name"))
    return tuple(sorted((Division(r["code"], r["name"]) for r in rows), key=lambda d: d.code))


@cache
def load_categories() -> tuple[Category, ...]:
    rows = _read_csv("categories.csv", ("code", "name", "sort"))
    return tuple(
        sorted((Category(r["code"], r["name"], int(r["sort"])) for r in rows), key=_by_sort)
    )


@cache
def load_statuses() -> tuple[StatusInfo, ...]:
    rows = _read_csv("statuses.csv", ("code", "name", "sort", "color"))
    return tuple(
        sorted(
            (StatusInfo(r["code"], r["name"], int(r["sort"]), r["color"]) for r in rows),
            key=_by_sort,
        )
    )


def _by_sort(item: Cluster | Category | StatusInfo) -> int:
    return item.sort


# --- forgiving look-ups ------------------------------------------------------------

_SPACE = re.compile(r"\s+")
# Lists in sheets use any of these between alternatives ("智能装备、高端装备").
_ALTERNATIVE_SEPARATORS = re.compile(r"[/、,;|]")


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), no whitespace at all, lower case for codes."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _strip_suffix(text: str, suffixes: Iterable[str]) -> str:
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _strip_prefixes(text: str) -> str:
    # Repeatedly, so that "浙江省宁波市慈溪市周巷镇" loses all three levels.
    changed = True
    while changed:
        changed = False
        for prefix in _PLACE_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                changed = True
    return text


def _town_keys(text: str) -> list[str]:
    key = _strip_prefixes(normalize_text(text))
    if key.isdigit() and len(key) == 12 and key.endswith(_VILLAGE_LEVEL_SUFFIX):
        key = key[:9]
    return [key, _strip_suffix(key, _TOWN_SUFFIXES)]


@cache
def _town_index() -> dict[str, Town]:
    index: dict[str, Town] = {}
    by_code = {t.code: t for t in load_towns()}
    for town in load_towns():
        for key in (town.code, *_town_keys(town.name)):
            index.setdefault(key, town)
    for alias, code in _ZONE_ALIASES.items():
        index.setdefault(normalize_text(alias), by_code[code])
    return index


def find_town(text: str | None, on: date | None = None) -> Town | None:
    """The town meant by ``text`` ("周巷", "周巷镇", "330282121", " 周巷　镇 "), or None.

    With ``on`` given, a unit not valid on that date is not returned.
    """
    if not text:
        return None
    index = _town_index()
    for key in _town_keys(text):
        town = index.get(key)
        if town is not None:
            return town if on is None or town.valid_on(on) else None
    return None


_Named = TypeVar("_Named", Cluster, Category)


def _loose_key(text: str) -> str:
    # "汽车零部件" for 汽车及零部件, "其它" for 其他: the spellings seen in town sheets.
    return normalize_text(text).replace("及", "").replace("和", "").replace("其它", "其他")


def _build_index(
    items: Iterable[_Named], extra_keys: Callable[[str], Iterable[str]]
) -> dict[str, _Named]:
    index: dict[str, _Named] = {}
    for item in items:
        keys = [normalize_text(item.code), _loose_key(item.name)]
        # Each alternative of a combined name ("智能装备/高端装备") finds the whole entry.
        keys += [_loose_key(part) for part in _ALTERNATIVE_SEPARATORS.split(item.name)]
        keys += [_loose_key(k) for k in extra_keys(item.name)]
        for key in keys:
            if key:
                index.setdefault(key, item)
    return index


def _lookup(index: dict[str, _Named], text: str | None) -> _Named | None:
    if not text:
        return None
    key = _loose_key(text)
    found = index.get(key)
    if found is None:
        # "智能装备、高端装备" written with another separator than the official "/".
        found = index.get(_ALTERNATIVE_SEPARATORS.sub("/", key))
    return found


@cache
def _cluster_index() -> dict[str, Cluster]:
    # Sheets often call a cluster by its industry ("智能家电产业").
    return _build_index(load_clusters(), lambda name: [name + "产业"])


@cache
def _category_index() -> dict[str, Category]:
    # "数字化车间改造", "生产线" — the word 改造 is added or dropped at will.
    def variants(name: str) -> list[str]:
        return [_strip_suffix(name, ("改造",)), name + "改造"]

    return _build_index(load_categories(), variants)


def find_cluster(text: str | None) -> Cluster | None:
    """The cluster meant by a name, code or partial name ("高端装备"), or None."""
    return _lookup(_cluster_index(), text)


def find_category(text: str | None) -> Category | None:
    """The category meant by a name, code or partial name ("上云"), or None."""
    return _lookup(_category_index(), text)
