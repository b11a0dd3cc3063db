"""Opening the database: SQLite by default, PostgreSQL when given a ``postgresql://`` URL."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from peewee import Database, InterfaceError, OperationalError, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import page_log
from invoicedesk.store.backends import StoreError as StoreError
from invoicedesk.store.backends import is_postgres_url as is_postgres_url
from invoicedesk.store.backends import is_sqlite as is_sqlite
from invoicedesk.store.backends import sqlite_backup as sqlite_backup
from invoicedesk.store.backends import sqlite_path as sqlite_path
from invoicedesk.store.models import database
from invoicedesk.store.writer_queue import WriterQueue

log = logging.getLogger("invoicedesk.store")

# WAL + synchronous=FULL: a committed invoice survives a crash or a power cut. No automatic
# checkpoints: page_log harvests the WAL's page numbers and checkpoints itself (after a large
# commit, before a snapshot, on close), which is what lets incremental backups skip the scan.
SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", 2),
    ("foreign_keys", 1),
    ("busy_timeout", 30000),
    ("cache_size", -32000),
    ("wal_autocheckpoint", 0),
    # A WAL that restarts is cut back to 4 MB, below page_log.HARVEST_BYTES: the file's size then
    # tells how much the current generation holds (at 32 MB it stayed near 17 MB after the first
    # large commit, and every later commit tried to harvest).
    ("journal_size_limit", 4 << 20),
)
# A writer waits this long for another to finish (a large import takes up to ~20 s), then says
# that another program is writing (WriterBusy).
BUSY_TIMEOUT_S = 30.0
# A damaged file is opened for reading only: nothing may be written into it until it is restored.
SQLITE_READ_ONLY_PRAGMAS = (("query_only", 1), ("busy_timeout", 30000), ("cache_size", -32000))


PG_TIMEOUTS = (
    ("connect_timeout", "5"),
    ("keepalives", "1"),
    ("keepalives_idle", "10"),
    ("keepalives_interval", "3"),
    ("keepalives_count", "3"),
    ("tcp_user_timeout", "15000"),
)


def make_database(target: str | Path, *, read_only: bool = False) -> Database:
    target = str(target)
    if is_postgres_url(target):
        parts = urlsplit(target)
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        # An unreachable server is said within seconds (the outbox takes over), not minutes: a
        # connection attempt gives up after 5 s, and one whose packets go unanswered (a network
        # cut) is dropped after 15 s instead of TCP's quarter of an hour.
        for key, value in PG_TIMEOUTS:
            params.setdefault(key, value)
        return PostgresqlDatabase(
            unquote(parts.path.lstrip("/")) or "postgres",
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            **params,
        )
    path = Path(target).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    # BEGIN IMMEDIATE for every transaction: writers queue on the busy timeout instead of
    # failing half-way with "database is locked" (what hurt Vorta).
    if read_only:
        return SqliteDatabase(
            str(path),
            pragmas=SQLITE_READ_ONLY_PRAGMAS,
            lock_type="IMMEDIATE",
            timeout=BUSY_TIMEOUT_S,
        )
    return LedgerSqliteDatabase(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        lock_type="IMMEDIATE",
        timeout=BUSY_TIMEOUT_S,
    )


class LedgerSqliteDatabase(SqliteDatabase):
    """The writable ledger: writers take turns (writer_queue), and the WAL is harvested for the
    page log once it grows large."""

    def __init__(self, database: str, **kwargs: Any) -> None:
        super().__init__(database, **kwargs)
        self._writers = WriterQueue(Path(database))

    def begin(self, lock_type: str | None = None) -> None:
        self._writers.acquire(BUSY_TIMEOUT_S)
        try:
            super().begin(lock_type)
        except BaseException:
            self._writers.release()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._writers.release()
        page_log.after_commit(Path(self.database))

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._writers.release()

    def close(self) -> bool:
        try:
            return bool(super().close())
        finally:
            self._writers.close()


def open_database(
    target: str | Path, *, migrate: bool = True, actor: str = "system", read_only: bool = False
) -> Database:
    """Open ``target``, bind the models to it and bring its schema up to date.

    ``read_only`` (SQLite): every write is refused by SQLite itself, and nothing is migrated.
    """
    from invoicedesk.store import migrations

    if read_only:
        migrate = False
    global _deferred_actor
    db = make_database(target, read_only=read_only)
    _deferred_actor = None
    try:
        db.connect(reuse_if_open=True)
        server_back()
        database.initialize(db)
        if migrate:
            migrations.upgrade(db, actor=actor)
    except StoreError:
        db.close()
        raise
    except (PeeweeDatabaseError, OSError) as exc:  # peewee wraps each driver's errors
        db.close()
        if isinstance(db, PostgresqlDatabase) and _unreachable(db, exc):
            raise LedgerUnreachable(target, exc) from exc
        raise _unusable(target, exc) from exc
    return db


class LedgerUnreachable(StoreError):
    """The ledger's server did not answer (no connection could be made): not a wrong password or
    a missing database, which the server would have said. The caller may open it offline."""

    def __init__(self, target: str | Path, exc: Exception) -> None:
        text = str(exc).strip()
        self.reason = text.splitlines()[0] if text else type(exc).__name__
        super().__init__(
            Message(
                "Store",
                QT_TRANSLATE_NOOP("Store", "连不上台账服务器 {target}：{reason}"),
                {"target": redact(str(target)), "reason": self.reason},
            )
        )


# What a server that is there but not taking connections yet (or any more) says: still "gone".
_TRANSIENT = ("starting up", "shutting down", "in recovery mode", "too many clients")


def _unreachable(db: PostgresqlDatabase, exc: Exception) -> bool:
    if not isinstance(exc, OperationalError | InterfaceError | OSError):
        return False
    if db._state.conn is not None:  # type: ignore[attr-defined]
        return False  # connected: what failed was the schema, not the network
    text = str(exc)
    return "FATAL:" not in text or any(word in text for word in _TRANSIENT)


# Set by ``open_offline``: the schema step ``open_database`` does is left for when the server
# answers (``finish_offline_open``), by this actor.
_deferred_actor: str | None = None


def open_offline(target: str | Path, *, actor: str = "system") -> Database:
    """Bind the models to a PostgreSQL ledger whose server does not answer now, without a
    connection: the counter's saves go to the outbox, every read fails as "server gone" until
    the server answers; then ``finish_offline_open`` brings the schema up to date."""
    global _server_gone, _deferred_actor
    if not is_postgres_url(str(target)):
        raise ValueError("only a PostgreSQL ledger can be opened offline")
    db = make_database(target)
    database.initialize(db)
    _server_gone = True
    _deferred_actor = actor
    return db


def opened_offline() -> bool:
    """The open ledger was opened while its server did not answer, and has not answered since."""
    return _deferred_actor is not None


def finish_offline_open() -> bool:
    """The server answers: do what ``open_database`` left undone (migrations). True if it did."""
    global _deferred_actor
    actor = _deferred_actor
    if actor is None:
        return False
    from invoicedesk.store import migrations

    migrations.upgrade(database.obj, actor=actor)
    _deferred_actor = None
    return True


def _unusable(target: str | Path, exc: Exception) -> StoreError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    params = {"target": redact(str(target)), "reason": reason}
    if isinstance(exc, PeeweeDatabaseError) and not isinstance(exc, OperationalError):
        # The file opened but is not SQLite, or is damaged: say so and point at the backups.
        source = QT_TRANSLATE_NOOP(
            "Store", "{target} 不是可用的发票台账数据库（{reason}），请从备份恢复"
        )
    else:
        source = QT_TRANSLATE_NOOP("Store", "无法打开数据库 {target}：{reason}")
    return StoreError(Message("Store", source, params))


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        if isinstance(db, LedgerSqliteDatabase):
            # Closing the last connection checkpoints: the WAL's pages are logged first.
            try:
                page_log.harvest_now(Path(db.database), timeout=2.0)
            except (OSError, sqlite3.Error) as exc:
                log.warning("page log: harvest before close skipped: %s", exc)
        db.close()


def redact(target: str) -> str:
    """A URL without its password, for messages and logs."""
    if not is_postgres_url(target):
        return target
    parts = urlsplit(target)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return target


def connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` means the ledger's server could not be reached (PostgreSQL only): the
    connection could not be made, or the one open was cut (network, server restarted)."""
    db = database.obj
    if not isinstance(db, PostgresqlDatabase) or not isinstance(
        exc, OperationalError | InterfaceError
    ):
        return False
    conn = db._state.conn  # type: ignore[attr-defined]
    if conn is None:  # connecting failed
        return True
    return bool(getattr(conn, "closed", 0))  # psycopg2 marks a connection it lost


def forget_connection() -> None:
    """Drop a lost connection (and the transactions it held), so the next query connects anew."""
    db = database.obj
    if db is None:
        return
    conn = db._state.conn
    if conn is not None:
        try:
            conn.close()
        except Exception as exc:  # already gone: nothing to close
            log.debug("closing a lost connection: %s", exc)
    db._state.reset()
    global _server_gone
    _server_gone = True


# Set when a connection was lost; cleared when the server answers again (``server_back``). While
# set, the counter's saves go straight to the outbox instead of waiting for a connect to fail.
_server_gone = False


def server_gone() -> bool:
    return _server_gone


def server_back() -> None:
    global _server_gone
    _server_gone = False


def ledger_key() -> str:
    """The open ledger, named without its password: the outbox keeps entries per ledger."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        params = db.connect_params
        host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
        return f"postgresql://{host}:{port}/{db.database}"
    return str(Path(db.database).resolve()) if db is not None else ""
