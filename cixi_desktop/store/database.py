"""Opening a database: the only place that knows which backend is in use.

``--db`` takes a file path (SQLite, the default, in the user's data folder) or
an SQLAlchemy URL (``postgresql+psycopg://…`` for a shared server). Opening
checks a SQLite file (store/integrity.py: a damaged one is refused before anything
writes), runs the migrations (after a backup) and loads missing reference data.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cixi_desktop.store import lengths as _lengths  # noqa: F401  (checks every flush)
from cixi_desktop.store import lock as writer_lock
from cixi_desktop.store.backup import read_only_uri
from cixi_desktop.store.clock import utcnow
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem
from cixi_desktop.store.paths import (  # noqa: F401  (re-exported: where callers look)
    APP_NAME,
    DATA_DIR_ENV,
    data_dir,
    default_database_path,
)

SQLITE_HEADER = b"SQLite format 3\x00"
# Execution option marking a session that will write (see _begin_sqlite).
WRITE_OPTION = "cixi_desktop_write"


def current_os_user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


def resolve_url(target: str | os.PathLike[str] | URL | None) -> URL:
    """A path or URL as given on the command line → an SQLAlchemy URL."""
    if isinstance(target, URL):
        return target
    if target is None:
        return URL.create("sqlite+pysqlite", database=str(default_database_path()))
    text = os.fspath(target)
    if "://" in text:
        try:
            return make_url(text)
        except ArgumentError as exc:
            raise EnvironmentProblem(f"无法识别的数据库地址：{text}") from exc
    return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    if not is_sqlite(url) or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _precheck_sqlite_file(path: Path) -> None:
    """Refuse, in one sentence, files SQLite would only half-understand."""
    if path.is_dir():
        raise EnvironmentProblem(f"{path} 是一个文件夹，不是数据库文件")
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise EnvironmentProblem(f"无法读取数据库文件 {path}：{exc.strerror}") from exc
        if head and head != SQLITE_HEADER:
            raise EnvironmentProblem(f"{path} 不是 cixi-desktop 的数据库文件（不是 SQLite 数据库）")
        if head and _holds_other_tables(path):
            # Refused before the engine connects: its pragmas would switch the file to WAL.
            raise EnvironmentProblem(f"{path} 是其他程序的 SQLite 数据库，不是 cixi-desktop 的台账")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(
                f"无法创建数据库所在的文件夹 {path.parent}：{exc.strerror}"
            ) from exc


def _holds_other_tables(path: Path) -> bool:
    """True for another program's SQLite file: tables, but no ledger schema. Reads only."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False  # damaged or unreadable: opening it says so in its own words
    names = {row[0] for row in rows}
    return bool(names) and "alembic_version" not in names


def _begin_sqlite(conn: Connection) -> None:
    # A session that writes takes SQLite's write lock at once: it then waits for another
    # writer instead of reading a snapshot that writer could make stale, which SQLite can
    # only answer with "database is locked" at the first UPDATE.
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin;
    # otherwise SAVEPOINT (used by batches) and transactional DDL misbehave.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
    finally:
        cur.close()


def make_engine(url: URL) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            _precheck_sqlite_file(path)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise EnvironmentProblem(
            f"缺少数据库驱动 {exc.name}；PostgreSQL 请安装：pip install 'cixi-desktop[postgres]'"
        ) from exc


def describe_db_error(exc: BaseException, where: str) -> str:
    """Turn a driver error into a sentence a clerk can act on."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return f"数据库 {where} 正被其他程序使用（已锁定），请稍后再试或关闭另一个窗口"
    if "not a database" in text or "file is encrypted" in text:
        return f"{where} 不是 cixi-desktop 的数据库文件"
    if "malformed" in text or "corrupt" in text:
        return f"数据库 {where} 已损坏，请用备份恢复（cixi-desktop restore）"
    if "readonly" in text or "read-only" in text:
        return f"数据库 {where} 是只读的，无法保存修改"
    if "disk" in text and ("full" in text or "i/o" in text):
        return f"写入数据库 {where} 时磁盘出错（可能已满）"
    if "unable to open" in text:
        return f"无法打开数据库 {where}，请检查路径和权限"
    if "connection" in text or "could not" in text or "password" in text:
        return f"无法连接数据库服务器 {where}：{str(getattr(exc, 'orig', exc)).strip()}"
    return f"数据库 {where} 出错：{str(getattr(exc, 'orig', exc)).strip()}"


@dataclass
class Database:
    """An open database plus who is acting; passed to services, queries and summaries."""

    engine: Engine
    url: URL
    user: str
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = utcnow
    # Who signed in (store/auth.py): None is the single-user ledger's owner, allowed
    # everything; otherwise 录入员/审核员/管理员, and a clerk's town.
    role: str | None = None
    town_code: str | None = None
    read_only_because: str = ""  # set when another process holds the writer lock
    # Too large to check before opening: the window checks it (store/integrity.py).
    unchecked: bool = False
    warnings: list[str] = field(default_factory=list)
    _locked_path: Path | None = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_because)

    def _refuse_if_read_only(self) -> None:
        if self.read_only_because:
            raise EnvironmentProblem(self.read_only_because)

    def now(self) -> datetime:
        """The time stamped on what this user writes (a test or the demo may set the clock)."""
        return self.clock()

    @property
    def display_name(self) -> str:
        path = sqlite_path(self.url)
        return str(path) if path else self.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; never commits."""
        with self.sessions() as session:
            yield session

    @contextmanager
    def batch(self) -> Iterator[Session]:
        """Many service calls in one transaction (an import, the demo): all or nothing.

        Inside, each ``write()`` runs in a savepoint, so a refused row rolls back
        alone and the caller can decide to skip it or abandon the whole batch.
        """
        if getattr(self._local, "session", None) is not None:
            raise RuntimeError("batches do not nest")
        self._refuse_if_read_only()
        try:
            with self.sessions() as session, session.begin():
                self._claim_for_writing(session)
                self._local.session = session
                try:
                    yield session
                finally:
                    self._local.session = None
        except StaleDataError as exc:
            raise ConflictError(
                entity="", entity_id="", expected_version=0, current_version=0
            ) from exc
        except OperationalError as exc:
            raise EnvironmentProblem(describe_db_error(exc, self.display_name)) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short transaction: commit on success, roll back on any error."""
        self._refuse_if_read_only()
        outer: Session | None = getattr(self._local, "session", None)
        if outer is not None:
            with outer.begin_nested():
                yield outer
            return
        try:
            with self.sessions() as session, session.begin():
                self._claim_for_writing(session)
                yield session
        except StaleDataError as exc:
            # Someone else's UPDATE landed between our read and our write.
            raise ConflictError(
                entity="", entity_id="", expected_version=0, current_version=0
            ) from exc
        except OperationalError as exc:
            # Locked past the busy timeout, read-only file, full disk: not the data's fault.
            raise EnvironmentProblem(describe_db_error(exc, self.display_name)) from exc

    def _claim_for_writing(self, session: Session) -> None:
        if self.is_sqlite:
            session.connection(execution_options={WRITE_OPTION: True})

    def close(self) -> None:
        self.engine.dispose()
        if self._locked_path is not None:
            writer_lock.release(self._locked_path)
            self._locked_path = None

    @contextmanager
    def large_write(self, session: Session, cache_mib: int = 256) -> Iterator[None]:
        """Inside a batch that writes many rows (an import): on SQLite, a page cache of
        ``cache_mib`` for the batch's connection, the usual size back at the end (before
        the commit: the pages the batch changed stay held until they are written). Random
        keys into the indexes of a large ledger otherwise spill pages to the log and read
        them back all the time. Elsewhere nothing."""
        if not self.is_sqlite:
            yield
            return
        conn = session.connection()
        before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar())  # type: ignore[arg-type]
        conn.exec_driver_sql(f"PRAGMA cache_size = {-int(cache_mib) * 1024}")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def open_database(
    target: str | os.PathLike[str] | URL | None = None,
    *,
    user: str | None = None,
    migrate: bool = True,
) -> Database:
    """Open (creating and migrating when needed) the database at ``target``."""
    from cixi_desktop.store import integrity
    from cixi_desktop.store import migrate as migrations
    from cixi_desktop.store.services.reference import load_missing_reference_data

    url = resolve_url(target)
    engine = make_engine(url)
    db = Database(
        engine=engine,
        url=url,
        user=user or current_os_user(),
        sessions=sessionmaker(engine, expire_on_commit=False),
    )
    path = sqlite_path(url)
    wal_before = held_before = False
    if path is not None:
        # Read before the lock is taken and before anything connects: what the last
        # writer left behind says whether it closed cleanly.
        wal_before = integrity.wal_left_behind(path)
        held_before = writer_lock.held_here(path)
        _take_writer_lock(db, path)
    try:
        if path is not None:
            # Before the migrations or anything else writes: a damaged file is refused.
            unclean = integrity.unclean_close(path, wal_before, held_before)
            integrity.check_at_open(db, path, unclean=unclean)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        if migrate and not db.read_only:
            migrations.upgrade_to_head(db)
            load_missing_reference_data(db)
        elif migrate and migrations.current_revision(db) != migrations.head_revision():
            raise EnvironmentProblem(db.read_only_because + "；它需要升级，请等对方关闭后再打开")
    except DBAPIError as exc:
        db.close()
        raise EnvironmentProblem(describe_db_error(exc, db.display_name)) from exc
    except BaseException:
        db.close()
        raise
    return db


def _take_writer_lock(db: Database, path: Path) -> None:
    """Become the ledger's writer, or open it read-only saying who the writer is."""
    warning = writer_lock.risky_location(path)
    if warning:
        db.warnings.append(warning)
    if writer_lock.acquire(path, db.user):
        db._locked_path = path
        return
    holder = writer_lock.read_holder(path)
    who = holder.sentence() if holder else "另一个程序"
    db.read_only_because = f"数据库 {path} 正由 {who} 使用，本窗口只能查看，不能修改"
