"""The .cixi package: a deflated zip holding ``manifest.json`` and one JSON Lines file
per table (plus the exporter's sync points). Written atomically; read strictly —
anything damaged, foreign or from a newer release refuses the package whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cixi_desktop import __version__
from cixi_desktop.domain.errors import FieldError, ValidationError
from cixi_desktop.store.exchange.tables import BY_NAME, SPECS, RowProblem, row_from_json
from cixi_desktop.store.files import write_with

FORMAT = "cixi-desktop-exchange"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BASELINES = "baselines.jsonl"
SUFFIX = ".cixi"
# Far above any town's ledger; a bigger member is a zip bomb or not ours.
MAX_MEMBER_BYTES = 2_000_000_000


class PackageRefused(ValidationError):
    """The package cannot be merged at all; the message is one sentence for a person."""

    def __init__(self, message: str) -> None:
        super().__init__([FieldError("package", "交换包", message)])
        self.reason = message


@dataclass(frozen=True)
class Baseline:
    """The exporter's last sync point with another ledger for one row: the other
    ledger's row ``their_id`` at ``their`` version was merged into the exporter's
    ``our_id`` at ``ours``; ``kept`` holds fields where the exporter kept its own
    value (field → the other ledger's value it declined)."""

    source: str
    their_id: str
    our_id: str
    their: int
    ours: int
    kept: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "their_id": self.their_id,
            "our_id": self.our_id,
            "their": self.their,
            "ours": self.ours,
            "kept": dict(self.kept),
        }


@dataclass(frozen=True)
class Manifest:
    package_id: str
    database_id: str
    schema_revision: str
    created_at: datetime
    created_by: str
    since: datetime | None
    counts: Mapping[str, int]
    app_version: str = __version__
    database_name: str = ""

    @property
    def label(self) -> str:
        """How audit entries and reports name the package."""
        local = self.created_at.replace(tzinfo=UTC).astimezone()
        return f"{self.created_by} {local:%Y-%m-%d %H:%M} #{self.package_id[:8]}"


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    rows: Mapping[str, list[dict[str, Any]]]
    baselines: tuple[Baseline, ...]
    path: Path | None = None

    @property
    def label(self) -> str:
        return self.manifest.label


def _jsonl(rows: Iterable[Mapping[str, Any]]) -> bytes:
    lines = (json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in rows)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def write_package(
    target: Path,
    manifest: Manifest,
    rows: Mapping[str, list[dict[str, Any]]],
    baselines: Iterable[Baseline],
) -> None:
    """Write the package atomically: the file appears whole or not at all."""
    members: dict[str, bytes] = {spec.member: _jsonl(rows.get(spec.name, [])) for spec in SPECS}
    members[BASELINES] = _jsonl(b.to_json() for b in baselines)
    head = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": manifest.app_version,
        "schema_revision": manifest.schema_revision,
        "package_id": manifest.package_id,
        "database_id": manifest.database_id,
        "database_name": manifest.database_name,
        "created_at": manifest.created_at.isoformat(),
        "created_by": manifest.created_by,
        "since": manifest.since.isoformat() if manifest.since else None,
        "counts": dict(manifest.counts),
        "members": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(head, ensure_ascii=False, indent=2, sort_keys=True))
            for name, data in members.items():
                zf.writestr(name, data)

    write_with(Path(target), write)


# --- reading -------------------------------------------------------------------------------


def read_package(path: Path | str) -> Package:
    """The package at ``path``, checked end to end, or :class:`PackageRefused`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageRefused(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _read(zf, path)
    except zipfile.BadZipFile as exc:
        raise PackageRefused(f"{path.name} 不是完整的交换包（文件损坏或被截断）") from exc


def _member(zf: zipfile.ZipFile, name: str, package: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise PackageRefused(f"{package} 缺少 {name}，交换包不完整") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageRefused(f"{package} 中的 {name} 大得不合常理，不是 cixi-desktop 的交换包")
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise PackageRefused(f"{package} 中的 {name} 已损坏，无法读取") from exc


def _read(zf: zipfile.ZipFile, path: Path) -> Package:
    name = path.name
    head = _manifest_json(_member(zf, MANIFEST, name), name)
    manifest = _manifest(head, name)
    listed: Mapping[str, str] = head["members"]
    expected = {spec.member for spec in SPECS} | {BASELINES}
    missing = sorted(expected - set(listed))
    if missing:
        raise PackageRefused(f"{name} 的清单缺少 {', '.join(missing)}，交换包不完整")
    unknown = sorted((set(listed) | set(zf.namelist())) - expected - {MANIFEST})
    if unknown:
        raise PackageRefused(f"{name} 含有本版本不认识的内容 {', '.join(unknown)}")
    texts: dict[str, bytes] = {}
    for member, digest in listed.items():
        data = _member(zf, member, name)
        if hashlib.sha256(data).hexdigest() != digest:
            raise PackageRefused(f"{name} 中的 {member} 校验不符，文件已损坏或被改动")
        texts[member] = data
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in SPECS:
        parsed = [
            _row(spec.name, n, line, name)
            for n, line in _lines(texts[spec.member], spec.member, name)
        ]
        counted = manifest.counts.get(spec.name, 0)
        if counted != len(parsed):
            raise PackageRefused(
                f"{name} 中 {spec.member} 有 {len(parsed)} 行，清单记为 {counted} 行，交换包不完整"
            )
        rows[spec.name] = parsed
    baselines = tuple(
        _baseline(n, line, name) for n, line in _lines(texts[BASELINES], BASELINES, name)
    )
    return Package(manifest=manifest, rows=rows, baselines=baselines, path=path)


def _manifest_json(data: bytes, name: str) -> dict[str, Any]:
    try:
        head = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageRefused(f"{name} 的清单 manifest.json 无法解析") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise PackageRefused(f"{name} 不是 cixi-desktop 的交换包")
    version = head.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PackageRefused(f"{name} 的清单缺少格式版本")
    if version > FORMAT_VERSION:
        raise PackageRefused(
            f"{name} 由更新版本的 cixi-desktop 导出（格式第 {version} 版），请先升级本软件"
        )
    if not isinstance(head.get("members"), dict) or not all(
        isinstance(v, str) for v in head["members"].values()
    ):
        raise PackageRefused(f"{name} 的清单缺少各文件的校验值")
    return head


def _manifest(head: dict[str, Any], name: str) -> Manifest:
    from cixi_desktop.store.migrate import known_revision

    revision = head.get("schema_revision")
    if not isinstance(revision, str) or not revision:
        raise PackageRefused(f"{name} 的清单缺少数据库结构版本")
    if not known_revision(revision):
        raise PackageRefused(
            f"{name} 来自更新版本的 cixi-desktop（数据库结构 {revision}），请先升级本软件再导入"
        )
    try:
        package_id = str(uuid.UUID(str(head["package_id"])))
        database_id = str(uuid.UUID(str(head["database_id"])))
        created_at = datetime.fromisoformat(str(head["created_at"]))
        since = datetime.fromisoformat(head["since"]) if head.get("since") else None
        counts = {str(k): int(v) for k, v in dict(head["counts"]).items()}
        created_by = str(head["created_by"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageRefused(f"{name} 的清单内容不完整或格式不对") from exc
    return Manifest(
        package_id=package_id,
        database_id=database_id,
        schema_revision=revision,
        created_at=created_at,
        created_by=created_by,
        since=since,
        counts=counts,
        app_version=str(head.get("app_version", "")),
        database_name=str(head.get("database_name", "")),
    )


def _lines(data: bytes, member: str, name: str) -> Iterable[tuple[int, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageRefused(f"{name} 中的 {member} 不是 UTF-8 文本") from exc
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError:
            raise PackageRefused(f"{name} 中 {member} 第 {n} 行不是有效的 JSON") from None


def _row(table: str, n: int, data: Any, name: str) -> dict[str, Any]:
    try:
        return row_from_json(BY_NAME[table], data)
    except RowProblem as exc:
        raise PackageRefused(f"{name} 中 {table}.jsonl 第 {n} 行 {exc}") from None


def _baseline(n: int, data: Any, name: str) -> Baseline:
    try:
        return Baseline(
            source=str(uuid.UUID(str(data["source"]))),
            their_id=str(data["their_id"]),
            our_id=str(data["our_id"]),
            their=int(data["their"]),
            ours=int(data["ours"]),
            kept=dict(data.get("kept") or {}),
        )
    except (KeyError, TypeError, ValueError):
        raise PackageRefused(f"{name} 中 {BASELINES} 第 {n} 行格式不对") from None
