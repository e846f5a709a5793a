"""One engine factory for SQLite files and PostgreSQL URLs, and the session factory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


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


def _on_sqlite_begin(conn: Any) -> None:
    options = conn.get_execution_options()
    immediate = options.get("pr_desk_write", False)
    wait_ms = options.get("pr_desk_wait_ms")
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


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        # pysqlite's own transaction handling defers BEGIN badly; take control so that a
        # write transaction starts with BEGIN IMMEDIATE (takes the write lock up front,
        # so it can never fail half-way on a lock upgrade) and reads with plain BEGIN.
        event.listen(engine, "connect", lambda conn, _r: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


@dataclass
class Database:
    """An open PR Desk database: its URL, engine and session factory."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

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
                connection = session.connection(execution_options=options)
                if wait_ms is not None and connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")
                yield session

    def dispose(self) -> None:
        self.engine.dispose()
