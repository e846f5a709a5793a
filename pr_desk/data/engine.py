"""One engine factory for SQLite files and PostgreSQL URLs, and the session factory."""

from __future__ import annotations

import logging
import os
import select
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("pr_desk")


def normalise_url(target: str | os.PathLike[str]) -> str:
    """A path becomes a sqlite URL; URLs pass through (postgresql:// gets psycopg 3)."""
    text = os.fspath(target)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    if text.startswith("postgresql://") or text.startswith("postgres://"):
        text = "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


# How long a write waits for another writer's lock before "The database is busy".
BUSY_TIMEOUT_MS = 10_000


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable in WAL mode except for the last transactions on power loss;
    # FULL keeps those too, at a cost a clerk's PC does not notice.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


# A write that waits its turn (Database.write_wait_ms) first tries this long, then says it
# is waiting and waits the rest.
FIRST_TRY_MS = 1_500


def _is_busy(exc: sa_exc.OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


def _begin_in_turn(conn: Any, total_ms: int, on_wait: Callable[[], None] | None) -> None:
    """BEGIN IMMEDIATE that queues behind another program's write for up to `total_ms`,
    calling `on_wait` once if it has to wait longer than a moment."""
    conn.exec_driver_sql(f"PRAGMA busy_timeout={min(FIRST_TRY_MS, total_ms)}")
    try:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sa_exc.OperationalError as exc:
            if not _is_busy(exc) or total_ms <= FIRST_TRY_MS:
                raise
        if on_wait is not None:
            on_wait()
        conn.exec_driver_sql(f"PRAGMA busy_timeout={total_ms - FIRST_TRY_MS}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _on_sqlite_begin(conn: Any) -> None:
    options = conn.get_execution_options()
    immediate = options.get("pr_desk_write", False)
    wait_ms = options.get("pr_desk_wait_ms")
    queue = options.get("pr_desk_queue")
    if immediate and wait_ms is None and queue is not None:
        _begin_in_turn(conn, *queue)
        return
    if wait_ms is None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        return
    # A write that would rather give up than queue behind a long one (a login's record):
    # the shorter wait holds only for taking the lock; once held, the usual wait is back.
    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


# What SQLite says when a connection's view of the file has gone wrong (its shared-memory
# index or page cache no longer matches the file) though the file itself may be sound: the
# connection must not be used again. A new connection reads the file afresh.
_SQLITE_BROKEN = ("malformed", "disk i/o error", "not a database", "file is not a database")
# What a database says about the request, not the connection: no reason to reconnect.
_NOT_THE_CONNECTION = ("no such ", "syntax error", "locked", "busy", "lock timeout", "constraint")


def _on_sqlite_error(context: ExceptionContext) -> None:
    """A broken connection is dropped with the whole pool (SQLAlchemy's disconnect path)
    instead of going back to the pool to fail the next action too."""
    text = str(context.original_exception).lower()
    if any(word in text for word in _SQLITE_BROKEN):
        log.warning("SQLite connection dropped after: %s", context.original_exception)
        context.is_disconnect = True


def is_connection_failure(exc: BaseException) -> bool:
    """`exc` (or what it was raised from) is the database connection failing, not a refusal
    of the request: a lost server, a broken SQLite connection. Constraint problems, locks,
    unknown tables and syntax are not."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError):
            if getattr(current, "connection_invalidated", False):
                return True
            if isinstance(current, sa_exc.IntegrityError | sa_exc.ProgrammingError | sa_exc.DataError | sa_exc.NotSupportedError):
                return False
            if isinstance(current, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.InternalError) or type(current) is sa_exc.DatabaseError:
                text = str(current.orig).lower()
                return not any(word in text for word in _NOT_THE_CONNECTION)
            return False
        current = current.__cause__ or current.__context__
    return False


# A pooled PostgreSQL connection is pinged at checkout only after it sat this long in the
# pool. Pinging at every checkout (SQLAlchemy's pool_pre_ping) cost a round trip per
# action; a clerk working through a queue checks a connection out again within moments.
PING_AFTER_IDLE_S = 5.0
_IDLE_SINCE = "pr_desk_idle_since"


def _mark_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _server_spoke(dbapi_connection: Any) -> bool:
    """Something arrived on an idle connection's socket: the server saying it ended the
    session (a restart, `pg_terminate_backend`, an idle timeout) and hanging up. Nothing
    else comes unasked to a connection that LISTENs to nothing. No round trip: a zero
    timeout select on the socket."""
    try:
        return bool(select.select([dbapi_connection.fileno()], [], [], 0)[0])
    except (OSError, ValueError, AttributeError):  # (closed already)
        return True


def _ping(dbapi_connection: Any) -> None:
    """One round trip, and no transaction left open (the ping outside one, not BEGIN then
    the ping as the pool's own pre-ping sends)."""
    was = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(";")
    finally:
        if not dbapi_connection.closed:  # (a lost connection says why in the ping's error)
            dbapi_connection.autocommit = was


def _check_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """SQLAlchemy's "custom pessimistic ping" (pool checkout event): a connection that sat
    in the pool longer than PING_AFTER_IDLE_S, or whose server spoke meanwhile, is pinged;
    one that does not answer is replaced, with every connection pooled before it (a
    restarted server dropped them all), before the caller sees it."""
    since = record.info.get(_IDLE_SINCE)
    if since is None:  # (just opened)
        return
    if time.monotonic() - since < PING_AFTER_IDLE_S and not _server_spoke(dbapi_connection):
        return
    try:
        _ping(dbapi_connection)
    except Exception as exc:
        log.warning("A pooled database connection was lost (%s); opening a new one", exc)
        raise sa_exc.InvalidatePoolError(str(exc)) from exc


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "handle_error", _on_sqlite_error)
        # pysqlite's own transaction handling defers BEGIN badly; take control so that a
        # write transaction starts with BEGIN IMMEDIATE (takes the write lock up front,
        # so it can never fail half-way on a lock upgrade) and reads with plain BEGIN.
        event.listen(engine, "connect", lambda conn, _r: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkin", _mark_idle)
        event.listen(engine, "checkout", _check_on_checkout)
    return engine


@dataclass
class Database:
    """An open PR Desk database: its URL, engine and session factory."""

    url: str
    engine: Engine
    # How long a write waits its turn behind another program's write (None: BUSY_TIMEOUT_MS,
    # then "busy"), and what is called once when it starts waiting (a message to the person).
    write_wait_ms: int | None = None
    on_wait: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Reads on PostgreSQL go without a transaction (see `reading`): the same pool, each
        # connection in autocommit while it is checked out (client-side in psycopg).
        self._autocommit_reads = sessionmaker(self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                                              expire_on_commit=False)
        event.listen(self._autocommit_reads, "before_flush", _refuse_writes)
        # A read that must see the database as of one moment (see `reading`'s `snapshot`).
        self._snapshot_reads = (sessionmaker(self.engine.execution_options(isolation_level="REPEATABLE READ"),
                                             expire_on_commit=False)
                                if self.engine.dialect.name == "postgresql" else self._sessions)
        _open[id(self)] = self

    @property
    def display_name(self) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self._sessions()

    @property
    def reads_without_transaction(self) -> bool:
        """Reads run statement by statement, without BEGIN and ROLLBACK: on PostgreSQL in its
        default READ COMMITTED, where each statement of a transaction takes its own snapshot
        anyway, so a read sees the same either way. Not on SQLite (a read transaction there
        is one snapshot), nor before the first connection has told the level."""
        dialect = self.engine.dialect
        return dialect.name == "postgresql" and getattr(dialect, "default_isolation_level", None) == "READ COMMITTED"

    @contextmanager
    def reading(self, *, transaction: bool = False, snapshot: bool = False) -> Iterator[Session]:
        """A session for reading. `transaction`: in one even on PostgreSQL, for what needs it:
        a server-side cursor (`yield_per`), a temporary table, `SET LOCAL` or a lock held
        past its statement. Without one, a flush (a change to a record read) is refused:
        it would be committed at once instead of rolled back. `snapshot`: every statement
        sees the database as of the first (REPEATABLE READ on PostgreSQL; a read transaction
        on SQLite is one snapshot already), for a read whose statements must agree with each
        other while others write (the audit chain's check: its entries, then its head)."""
        if snapshot:
            sessions = self._snapshot_reads
        else:
            sessions = self._sessions if transaction or not self.reads_without_transaction else self._autocommit_reads
        with sessions() as session:
            yield session

    @contextmanager
    def transaction(self, actor: tuple[Any, str] | None = None, *, wait_ms: int | None = None) -> Iterator[Session]:
        """One transaction; `actor` (user id, name) is what the audit trail records.
        `wait_ms`: how long to wait for another writer's lock (default: BUSY_TIMEOUT_MS)."""
        with self._sessions() as session:
            if actor is not None:
                session.info["actor"] = actor
            with session.begin():
                options: dict[str, Any] = {"pr_desk_write": True}
                if wait_ms is not None:
                    options["pr_desk_wait_ms"] = wait_ms
                elif self.write_wait_ms is not None:
                    options["pr_desk_queue"] = (self.write_wait_ms, self.on_wait)
                connection = session.connection(execution_options=options)
                if wait_ms is not None and connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")
                yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def reconnect(self) -> None:
        """Drops every pooled connection; the next session opens a fresh one."""
        log.warning("Reconnecting to %s", self.display_name)
        self.engine.dispose()


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise RuntimeError("A change made in a read session (it has no transaction to roll back): write it in a write transaction")


def in_autocommit(connection: Connection) -> bool:
    """`connection` (a read session's, see Database.reading) runs each statement on its own:
    no transaction keeps what one statement leaves for the next (a transaction-local setting)."""
    return bool(connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT")


@contextmanager
def pg_setting(conn: Connection, name: str, value: str) -> Iterator[None]:
    """A PostgreSQL planner setting for the statements inside only, put back after:
    transaction-local, or the connection's own in a read without a transaction (where a
    transaction-local one would end with its statement)."""
    local = not in_autocommit(conn)
    was = conn.execute(text("SELECT current_setting(:name), set_config(:name, :value, :local)"),
                       {"name": name, "value": value, "local": local}).scalar_one()
    try:
        yield
    finally:
        conn.execute(text("SELECT set_config(:name, :was, :local)"), {"name": name, "was": was, "local": local})


# The databases this process holds open, so that a connection failure seen far from the
# handle (an error box) can have them reconnect.
_open: weakref.WeakValueDictionary[int, Database] = weakref.WeakValueDictionary()


def held_in_this_process(path: Path) -> bool:
    """`path` is a SQLite file a database this process holds open is connected to. Such a
    file must not be opened with plain `open()`: closing that file releases every POSIX
    lock this process holds on it, SQLite's included, and another process closing its
    connection then takes itself for the last one, checkpoints and deletes the WAL and its
    index under our connections ("database disk image is malformed", issue 19, item 2)."""
    for db in list(_open.values()):
        held = sqlite_path(db.url)
        try:
            if held is not None and held.exists() and path.exists() and os.path.samefile(held, path):
                return True
        except OSError:
            continue
    return False


def reconnect_all() -> int:
    """Every open database drops its connections and opens new ones on next use; how many."""
    databases = list(_open.values())
    for db in databases:
        db.reconnect()
    return len(databases)
