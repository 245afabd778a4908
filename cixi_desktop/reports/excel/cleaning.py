"""One spreadsheet row → clean enterprise and project values, every problem named by field.

The domain parsers do the work (amounts, dates, USCC, phone, flags); this adds what only a
spreadsheet brings: units from the header, cells Excel has turned into numbers (a USCC as
9.13302E+17, a month typed 2018.3), status words from town sheets, reference names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from operator import itemgetter

from cixi_desktop.domain import reference as ref
from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import FieldError, ValueProblem
from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    PROJECT_FIELDS,
    clean_fields,
)
from cixi_desktop.domain.money import parse_amount
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.uscc import clean_uscc
from cixi_desktop.domain.workflow import Status, parse_status
from cixi_desktop.reports.excel.header import cell_text
from cixi_desktop.reports.excel.mapping import FIELDS_BY_KEY, ColumnMapping
from cixi_desktop.store.import_queries import ReferenceLists

WAN = Decimal("0.01")
ENTERPRISE_CACHE = 2_000  # cleaned enterprise parts kept while reading
# Float noise from formulas (1234.5600000000002) is not data: six places are plenty.
_FLOAT_PLACES = Decimal("0.000001")
_SCIENTIFIC_RE = re.compile(r"^[0-9](?:\.[0-9]+)?[eE][+]?[0-9]+$")
_PROVIDER_SPLIT_RE = re.compile(r"[、,，;；/\n]+")
_ROLE_RE = re.compile(r"^(?P<name>.+?)[（(](?P<role>[^（()）]{1,20})[)）]$")

STATUS_WORDS: Mapping[str, Status] = {
    **dict.fromkeys(
        ("已完工", "完工", "完成", "已完成", "竣工", "已竣工", "建成"), Status.COMPLETED
    ),
    **dict.fromkeys(
        ("在建", "建设中", "实施中", "已开工", "正在实施", "施工中", "开工", "在实施", "推进中"),
        Status.IN_PROGRESS,
    ),
    **dict.fromkeys(("已验收", "验收通过", "通过验收", "已通过验收"), Status.ACCEPTED),
    **dict.fromkeys(("计划", "未开工", "拟建", "待开工", "立项", "计划实施"), Status.PLANNED),
    **dict.fromkeys(("已拨付", "已兑现", "补助已拨付"), Status.PAID),
    **dict.fromkeys(("验收不通过", "未通过验收"), Status.REJECTED),
    **dict.fromkeys(("终止", "撤项", "已撤项", "已终止", "取消", "已取消"), Status.TERMINATED),
}

# Import fields → the domain's field names (the rest keep their key).
DOMAIN_NAME = {
    "enterprise_name": "name",
    "project_name": "name",
    "town": "town_code",
    "cluster": "cluster_code",
    "division": "division_code",
    "category": "category_code",
}


@dataclass
class RowData:
    row: int
    enterprise: dict[str, object] = field(default_factory=dict)
    former_names: list[str] = field(default_factory=list)
    project: dict[str, object] = field(default_factory=dict)
    status: Status | None = None
    providers: list[tuple[str, str]] = field(default_factory=list)
    paid: Decimal | None = None
    paid_on: date | None = None
    present: set[str] = field(default_factory=set)  # import fields with a value in the row
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        self.errors.append(FieldError(key, FIELDS_BY_KEY[key].label, message, self.row))

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(FieldError(key, FIELDS_BY_KEY[key].label, message, self.row))


class Resolver:
    """Reference names and codes as stored in this database, looked up forgivingly, cached."""

    def __init__(self, refs: ReferenceLists) -> None:
        self.refs = refs
        self._cache: dict[tuple[str, str], str | None] = {}
        finders = {
            "town": ref.find_town,
            "cluster": ref.find_cluster,
            "category": ref.find_category,
        }
        self._finders = finders

    def code(self, kind: str, text: str) -> str | None:
        key = (kind, text)
        if key not in self._cache:
            self._cache[key] = self._lookup(kind, text)
        return self._cache[key]

    def _lookup(self, kind: str, text: str) -> str | None:
        pairs = {
            "town": self.refs.towns,
            "cluster": self.refs.clusters,
            "category": self.refs.categories,
            "division": self.refs.divisions,
        }[kind]
        plain = clean_name(text)
        for code, name in pairs:
            if plain in (code, name):
                return code
        finder = self._finders.get(kind)
        guess = getattr(finder(plain), "code", None) if finder else None
        codes = {code for code, _name in pairs}
        return guess if guess in codes else None


def _amount(data: RowData, key: str, value: object, unit: str) -> Decimal | None:
    if unit == "万元" and type(value) in (int, float) and 0 <= value < 1e15:  # type: ignore[operator]
        # The common case (a number cell in 万元) without the full parser; repr() is the
        # shortest text that reads back as the same float, so 0.1 stays 0.1.
        exact = Decimal(value) if type(value) is int else Decimal(repr(value))
        if exact.as_tuple().exponent >= -2:  # type: ignore[operator]
            return exact.quantize(WAN)
    if isinstance(value, float):
        exact = Decimal(repr(value))
        if exact.as_tuple().exponent < -6:  # type: ignore[operator]
            exact = exact.quantize(_FLOAT_PLACES, rounding=ROUND_HALF_UP)
        value = exact
    try:
        amount = parse_amount(value, default_unit=unit)
    except ValueProblem as exc:
        data.error(key, str(exc))
        return None
    if amount is None:
        return None
    rounded = amount.quantize(WAN, rounding=ROUND_HALF_UP)
    if rounded != amount:
        data.warn(key, f"{amount.normalize():f} 万元已按四舍五入取两位小数：{rounded} 万元")
    return rounded


def _date(data: RowData, key: str, value: object) -> date | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 1900 <= value <= 2100:
        # A month typed as 2018.3 is kept by Excel as a number, not as serial day 2018.
        text = repr(float(value)).removesuffix(".0")
        if "." not in text:
            data.error(key, f"只有年份“{text}”，请写成日期，如 {text}-03-15")
            return None
        if text.endswith(".1"):
            data.warn(key, f"“{text}”按 {text[:4]} 年 1 月处理；若是 10 月，请写成 {text[:4]}-10")
        value = text
    if isinstance(value, str):
        day, problem = _parsed("date", value)
        if problem:
            data.error(key, problem)
        return day  # type: ignore[return-value]
    try:
        return parse_date(value)
    except ValueProblem as exc:
        data.error(key, str(exc))
        return None


def _uscc(data: RowData, value: object) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{float(value):.5E}".replace("E+", "E+")
        data.error(
            "uscc",
            f"Excel 已把信用代码存成了数字（{shown}），后几位已丢失；"
            "请把该列设为“文本”格式后重新填写",
        )
        return None
    if isinstance(value, str) and _CANONICAL_USCC_RE.fullmatch(value):
        return value  # already 18 characters of the code's alphabet: nothing to undo
    text = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    if _SCIENTIFIC_RE.match(text):
        data.error(
            "uscc",
            f"信用代码“{text}”是 Excel 的科学计数法，后几位已丢失；请重新填写完整的 18 位代码",
        )
        return None
    return cell_text(value)


# GB 32100's check character, for codes already written the canonical way (by far the most
# cells): computing it here is exact and ~50× cheaper than the general parser, which still
# reads every other spelling and words every problem.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CANONICAL_USCC_RE = re.compile("[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}")


def _canonical_uscc_ok(code: str) -> bool:
    """Whether a code matching ``_CANONICAL_USCC_RE`` has the right check character."""
    value = _USCC_VALUE
    total = sum(value[c] * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return code[17] == _USCC_ALPHABET[(31 - total) % 31]


def _year(value: object) -> object:
    if isinstance(value, str):
        return value.strip().removesuffix("年度").removesuffix("度")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _status(data: RowData, value: object) -> Status | None:
    text = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    if not text:
        return None
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    try:
        return parse_status(text)
    except ValueError as exc:
        data.error("status", str(exc))
        return None


def _providers(value: object) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for part in _PROVIDER_SPLIT_RE.split(cell_text(value)):
        part = clean_name(part)
        if not part:
            continue
        match = _ROLE_RE.match(part)
        if match and not match["name"].endswith(("有限", "股份")):
            out.append((clean_name(match["name"]), clean_name(match["role"])))
        else:
            out.append((part, "总包"))
    return out


_PARSED_BY_TEXT = {"uscc": clean_uscc, "phone": clean_phone, "date": parse_date}


# Enough for every phone number of a large town file, so that the commit, which reads the
# file again after the preview, finds them all parsed already (~250 bytes each).
@lru_cache(maxsize=65_536)
def _parsed(kind: str, text: str) -> tuple[object, str | None]:
    """(clean value, problem) for text a file repeats on every row of one enterprise;
    parsing a phone number or a USCC costs far more than looking it up."""
    if kind == "uscc" and _CANONICAL_USCC_RE.fullmatch(text) and _canonical_uscc_ok(text):
        return text, None
    try:
        return _PARSED_BY_TEXT[kind](text), None
    except ValueProblem as exc:
        return None, str(exc)


def _plain(kind: str, value: object) -> object:
    """A cell as the domain parsers expect it: numbers stay numbers, text stays text."""
    if kind in ("text", "code", "list") and not isinstance(value, str):
        return cell_text(value)
    if isinstance(value, datetime) and kind != "date":
        return value.date().isoformat()
    return value


# Text that clean_name() leaves as it is: no zero-width or control characters, no tabs,
# line breaks, NBSP or ideographic spaces, no double spaces (and no outer spaces, checked
# with strip()). Most cells are like this; the check is a fraction of the clean-up's cost.
_DIRTY_TEXT_RE = re.compile("[\x00-\x1f\x7f-\x9f\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]|  ")


def _clean_text(value: object) -> str:
    if type(value) is str and not _DIRTY_TEXT_RE.search(value) and value.strip() == value:
        return value
    return clean_name(value)


@dataclass(frozen=True)
class _Column:
    index: int
    key: str
    kind: str
    entity: str
    name: str  # the domain's field name
    unit: str

    @property
    def plain(self) -> bool:
        """Whether a non-text cell needs turning into text (or a datetime into a day)."""
        return self.kind not in ("amount", "date", "year", "int", "percent", "flag")

    @property
    def how(self) -> str:
        """Which branch of :meth:`RowReader._cell` cleans this column (decided once)."""
        key, kind = self.key, self.kind
        if kind in ("amount", "date"):
            return kind
        if key in ("uscc", "phone"):
            return "parsed"
        if kind == "year":
            return "year"
        if key == "former_name":
            return key
        if kind == "text":
            return "text"
        if key in ("status", "providers"):
            return key
        if key in ("town", "cluster", "category", "division"):
            return "reference"
        return "raw"


# The column, how it is cleaned, whether made plain first, its memo (None: not kept) and,
# for text, which of _part's dictionaries it goes to.
_Planned = tuple[_Column, str, bool, dict[tuple[type, object], "_Outcome"] | None, int]
# Cleaned cells kept per column: plenty for towns, years, statuses and a year's dates; a
# column of unique values (names, amounts) is not kept at all.
MEMO_SIZE = 4_096
_MEMO_HOWS = frozenset({"date", "reference", "year", "raw", "status", "providers", "former_name"})
_ATTRS = ("status", "providers", "paid", "paid_on", "former_names")
_UNSET: Mapping[str, object] = {a: getattr(RowData(0), a) for a in _ATTRS}


@dataclass(frozen=True, slots=True)
class _Outcome:
    final: tuple[tuple[str, str, object], ...]
    cleaned: tuple[tuple[str, str, object], ...]  # raw values, through clean_fields
    attrs: tuple[tuple[str, object], ...]
    errors: tuple[FieldError, ...]
    warnings: tuple[FieldError, ...]
    late: tuple[FieldError, ...]
    simple: tuple[int, str, object] | None = None  # (target, field, value): nothing else


# _part's four dictionaries, by (cleaned through clean_fields, entity).
_TARGETS = ((False, "enterprise"), (False, "project"), (True, "enterprise"), (True, "project"))


def _plan(col: _Column) -> _Planned:
    how = col.how
    memo = how in _MEMO_HOWS or (how == "parsed" and col.key == "phone")
    target = _TARGETS.index((False, col.entity)) if how == "text" else -1
    return col, how, col.plain, {} if memo else None, target


class RowReader:
    """Cleans rows for one mapping; the per-column decisions are made once, not per row."""

    def __init__(self, mapping: ColumnMapping, resolver: Resolver) -> None:
        self.resolver = resolver
        self.columns = [
            _Column(
                c.index,
                c.field,
                FIELDS_BY_KEY[c.field].kind,
                FIELDS_BY_KEY[c.field].entity,
                DOMAIN_NAME.get(c.field, c.field),
                c.unit or "万元",
            )
            for c in mapping.mapped()
            if c.field is not None
        ]
        self._enterprise_columns = [c for c in self.columns if c.entity == "enterprise"]
        self._other_columns = [c for c in self.columns if c.entity != "enterprise"]
        self._width = max((c.index for c in self.columns), default=-1) + 1
        self._pick_enterprise = _picker([c.index for c in self._enterprise_columns])
        self._pick_other = _picker([c.index for c in self._other_columns])
        self._enterprise_plan = [_plan(c) for c in self._enterprise_columns]
        self._other_plan = [_plan(c) for c in self._other_columns]
        self._enterprises: dict[tuple[object, ...], RowData] = {}

    def read(self, row: int, values: list[object]) -> RowData:
        """Clean every mapped cell of one row; reference names are turned into codes."""
        if len(values) < self._width:
            values = values + [None] * (self._width - len(values))
        cells = self._pick_enterprise(values)
        # An enterprise's cells repeat on each of its projects' rows: clean them once.
        known = self._enterprises.get(cells)
        if known is None:
            known = self._part(0, self._enterprise_plan, cells)
            if len(self._enterprises) >= ENTERPRISE_CACHE:
                # Ledgers keep an enterprise's projects together: recent ones are enough,
                # and memory stays flat however long the file is.
                self._enterprises.clear()
            self._enterprises[cells] = known
        data = self._part(row, self._other_plan, self._pick_other(values))
        data.enterprise = dict(known.enterprise)
        data.former_names = list(known.former_names)
        data.present |= known.present
        if known.errors:
            data.errors[:0] = [e.at_row(row) for e in known.errors]
        if known.warnings:
            data.warnings[:0] = [e.at_row(row) for e in known.warnings]
        return data

    def _part(self, row: int, plan: list[_Planned], cells: tuple[object, ...]) -> RowData:
        data = RowData(row)
        raw: dict[str, dict[str, object]] = {"enterprise": {}, "project": {}}
        # Values already final (amounts, dates, codes, text): the domain's clean-up would
        # only parse them again, or upper-case a code.
        final: dict[str, dict[str, object]] = {"enterprise": {}, "project": {}}
        cleaned: dict[str, dict[str, object]] = {"enterprise": {}, "project": {}}
        targets = (final["enterprise"], final["project"], cleaned["enterprise"], cleaned["project"])
        late: list[FieldError] = []  # problems of raw values, reported after the cells'
        present = data.present
        for (col, how, plain, memo, target), value in zip(plan, cells, strict=True):
            if value is None:
                continue
            if type(value) is str:
                if not value or value.isspace():
                    continue
            elif plain:
                value = _plain(col.kind, value)
            present.add(col.key)
            if how == "text":
                targets[target][col.name] = _clean_text(value)
                continue
            if memo is None:
                self._cell(data, col, how, value, raw, final)
                continue
            # Repeated cells (towns, years, statuses, dates…) are cleaned once per column;
            # the type is part of the key, since 1 == 1.0 == True.
            memo_key = (value.__class__, value)
            out = memo.get(memo_key)
            if out is None:
                out = self._outcome(col, how, value)
                if len(memo) < MEMO_SIZE:
                    memo[memo_key] = out
            if out.simple is not None:
                where, name, clean = out.simple
                targets[where][name] = clean
                continue
            for entity, name, clean in out.final:
                final[entity][name] = clean
            for entity, name, clean in out.cleaned:
                cleaned[entity][name] = clean
            for attr, clean in out.attrs:
                setattr(data, attr, list(clean) if isinstance(clean, tuple) else clean)
            if out.errors:
                data.errors += [e.at_row(row) for e in out.errors]
            if out.warnings:
                data.warnings += [e.at_row(row) for e in out.warnings]
            if out.late:
                late += out.late
        enterprise = _clean(data, raw["enterprise"], ENTERPRISE_FIELDS)
        project = _clean(data, raw["project"], PROJECT_FIELDS)
        if late:  # after the cells', as clean_fields over the raw values gave them
            data.errors += [e.at_row(row) for e in late]
        data.enterprise = enterprise | cleaned["enterprise"] | final["enterprise"]
        data.project = project | cleaned["project"] | final["project"]
        return data

    def _outcome(self, col: _Column, how: str, value: object) -> _Outcome:
        """What cleaning ``value`` in ``col`` does to a row, recorded to be replayed."""
        scratch = RowData(0)
        raw: dict[str, dict[str, object]] = {"enterprise": {}, "project": {}}
        final: dict[str, dict[str, object]] = {"enterprise": {}, "project": {}}
        self._cell(scratch, col, how, value, raw, final)
        cleaned: list[tuple[str, str, object]] = []
        late: list[FieldError] = []
        for entity, specs in (("enterprise", ENTERPRISE_FIELDS), ("project", PROJECT_FIELDS)):
            if raw[entity]:
                values, errors = clean_fields(raw[entity], specs)
                cleaned += [(entity, name, v) for name, v in values.items()]
                late += errors
        out = _Outcome(
            final=tuple((e, n, v) for e, part in final.items() for n, v in part.items()),
            cleaned=tuple(cleaned),
            attrs=tuple(
                (attr, tuple(v) if isinstance(v, list) else v)
                for attr in _ATTRS
                if (v := getattr(scratch, attr)) != _UNSET[attr]
            ),
            errors=tuple(scratch.errors),
            warnings=tuple(scratch.warnings),
            late=tuple(late),
        )
        # The usual outcome, one clean value for one field and nothing else, goes straight
        # into its dictionary.
        if len(out.final) + len(out.cleaned) == 1 and not (
            out.attrs or out.errors or out.warnings or out.late
        ):
            entity, name, clean = (out.final or out.cleaned)[0]
            where = _TARGETS.index((bool(out.cleaned), entity))
            return replace(out, simple=(where, name, clean))
        return out

    def _cell(
        self,
        data: RowData,
        col: _Column,
        how: str,
        value: object,
        raw: dict[str, dict[str, object]],
        final: dict[str, dict[str, object]],
    ) -> None:
        key = col.key
        if how == "text":
            final[col.entity][col.name] = _clean_text(value)
        elif how == "amount":
            amount = _amount(data, key, value, col.unit)
            if key == "subsidy_paid":
                data.paid = amount
            elif amount is not None:
                final["project"][col.name] = amount
        elif how == "date":
            day = _date(data, key, value)
            if key == "paid_on":
                data.paid_on = day
            elif day is not None:
                final["project"][col.name] = day
        elif how == "parsed":
            text = _uscc(data, value) if key == "uscc" else cell_text(value)
            if text is not None:
                clean, problem = _parsed(key, text)
                if problem:
                    data.error(key, problem)
                else:
                    final["enterprise"][key] = clean
        elif how == "reference":
            code = self.resolver.code(key, cell_text(value))
            if code is None:
                data.error(key, f"没有“{clean_name(value)}”这一项，请从列表中选择")
            else:
                final[col.entity][col.name] = code
        elif how == "year":
            raw[col.entity][col.name] = _year(value)
        elif how == "status":
            data.status = _status(data, value)
        elif how == "providers":
            data.providers = _providers(value)
        elif how == "former_name":
            parts = _PROVIDER_SPLIT_RE.split(cell_text(value))
            data.former_names = [n for n in map(clean_name, parts) if n]
        else:
            raw[col.entity][col.name] = value


def _picker(indexes: list[int]) -> Callable[[list[object]], tuple[object, ...]]:
    """The cells at ``indexes`` as a tuple (the row is at least as wide as the mapping)."""
    if not indexes:
        return lambda _values: ()
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: (values[only],)
    return itemgetter(*indexes)  # type: ignore[return-value]


def read_row(row: int, values: list[object], mapping: ColumnMapping, resolver: Resolver) -> RowData:
    """One row with a one-off :class:`RowReader` (tests and callers with a single row)."""
    return RowReader(mapping, resolver).read(row, values)


def _clean(data: RowData, raw: dict[str, object], specs: Mapping[str, object]) -> dict[str, object]:
    if not raw:
        return {}
    values, errors = clean_fields(raw, specs)  # type: ignore[arg-type]
    if errors:
        data.errors.extend(e.at_row(data.row) for e in errors)
    return values
