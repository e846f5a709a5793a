"""Fewer round trips per action on PostgreSQL (issue 17 §3, bench/clerks_bench.py): a read
runs without a transaction (no BEGIN, no ROLLBACK: in READ COMMITTED each statement takes
its own snapshot anyway), a read that needs one (a temporary table) still has it, and a
pooled connection is pinged only after it sat idle a while or when its server spoke, yet a
connection the server dropped is replaced before anyone sees an error. What is sent is read
from libpq's own protocol trace; what the server holds from pg_stat_activity."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from pr_desk.data import engine as engine_module
from pr_desk.data import staging
from pr_desk.data.engine import Database
from pr_desk.data.models import Meta, Unit
from pr_desk.data.transactions import read_session, write_transaction
from pr_desk.services import units
from pr_desk.services.setup import create_database
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def pg_office(pg_url: str) -> Iterator[tuple[Database, Any]]:
    db, admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin
    db.dispose()


class Trace:
    """libpq's trace of every connection `db` opens from now on: what the client sent."""

    def __init__(self, db: Database, file: Any) -> None:
        self.file = file
        db.engine.dispose()  # (connections opened so far are not traced)
        event.listen(db.engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.pgconn.trace(os.dup(self.file.fileno()))  # (libpq's own descriptor of the file)
        dbapi_connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)

    def mark(self) -> int:
        return self.file.seek(0, 2)

    def sent(self, since: int) -> list[str]:
        """The simple queries and the parsed statements sent since `since`, in order."""
        self.file.seek(since)
        out = []
        for line in self.file.read().decode().splitlines():
            parts = line.split("\t")
            if parts[0] == "F" and parts[2] in ("Query", "Parse"):
                statement = parts[3].strip()
                if parts[2] == "Parse":  # (its name, then the text)
                    statement = statement.split(" ", 1)[1]
                out.append(statement.strip('"').split()[0].upper() if statement.strip('"') != ";" else ";")
        return out


@pytest.fixture
def trace(pg_office) -> Iterator[Trace]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryFile("w+b") as file:
        yield Trace(pg_office[0], file)
        pg_office[0].engine.dispose()


def _server(db: Database) -> Any:
    return create_engine(make_url(db.url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _state(admin: Any, pid: int) -> tuple[str, bool]:
    with admin.connect() as conn:
        state, xact_start = conn.execute(text("SELECT state, xact_start FROM pg_stat_activity WHERE pid = :p"), {"p": pid}).one()
    return state, xact_start is not None


def test_a_read_on_postgresql_sends_no_begin_or_rollback(pg_office, trace: Trace) -> None:  # type: ignore[no-untyped-def]
    db, admin = pg_office
    assert db.reads_without_transaction
    server = _server(db)
    try:
        start = trace.mark()
        with read_session(db) as session:
            names = session.scalars(select(Unit.name)).all()
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            assert _state(server, pid) == ("idle", False)  # no transaction open between statements
        assert len(names) == 22
        assert trace.sent(start) == ["SELECT", "SELECT"]

        start = trace.mark()
        assert len(units.list_units(db, admin, include_retired=True)) == 22  # a service's read
        assert trace.sent(start) and set(trace.sent(start)) == {"SELECT"}

        start = trace.mark()
        with read_session(db, transaction=True) as session:
            session.scalars(select(Unit.name)).all()
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            assert _state(server, pid) == ("idle in transaction", True)
        assert trace.sent(start) == ["BEGIN", "SELECT", "SELECT", "ROLLBACK"]

        start = trace.mark()
        with write_transaction(db, (None, "test")) as session:
            session.scalars(select(Unit.name)).all()
        assert trace.sent(start) == ["BEGIN", "SELECT", "COMMIT"]
    finally:
        server.dispose()


def test_reads_see_what_was_committed_statement_by_statement_on_postgresql_and_one_snapshot_on_sqlite(db_target: str) -> None:
    """What a read sees is what it saw before: on PostgreSQL each statement sees what was
    committed before it (READ COMMITTED, with or without a transaction); on SQLite the read
    transaction is kept and is one snapshot."""
    db, admin = create_database(db_target, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        for transaction in (False, True):
            with read_session(db, transaction=transaction) as session:
                before = len(session.scalars(select(Unit.id)).all())
                units.add_unit(db, admin, name=f"واحد تازه {transaction}", kind="organisation")  # another connection commits
                during = len(session.scalars(select(Unit.id)).all())
            assert during == (before if db.is_sqlite else before + 1)
            assert db.reads_without_transaction is (not db.is_sqlite)
    finally:
        db.dispose()


def test_a_change_made_in_a_read_without_transaction_is_refused_not_committed(pg_office) -> None:  # type: ignore[no-untyped-def]
    """A flush in a read without a transaction would be committed at once, not rolled back
    with the read: refused. (A change to an office record was refused in any read already,
    by the audit trail for want of an actor; this covers the rest, the database's own rows.)"""
    db, _admin = pg_office
    with read_session(db) as session:
        session.add(Meta(key="written_in_a_read", value="۱"))
        with pytest.raises(RuntimeError, match="read session"):
            session.flush()
    with read_session(db, transaction=True) as session:  # (in a transaction, as before: flushed, then rolled back)
        session.add(Meta(key="written_in_a_read", value="۱"))
        session.flush()
        assert session.get(Meta, "written_in_a_read") is not None
    with read_session(db) as session:
        assert session.get(Meta, "written_in_a_read") is None


def test_a_staged_read_keeps_its_transaction_and_leaves_no_table(pg_office) -> None:  # type: ignore[no-untyped-def]
    """A read through a temporary table (data/staging.py, as an import's preview compares
    rows) runs in a transaction: its table goes with the rollback, and the next read on the
    same pooled connection, without a transaction, finds none."""
    db, _admin = pg_office
    table = Unit.__table__
    with read_session(db, transaction=True) as session:
        rows = [(u.id, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]
        changed = [rows[0], (rows[1][0], rows[1][1] + " دیگر"), *rows[2:]]
        assert staging.rows_holding(session, table, ["name"], changed) == [0, *range(2, len(rows))]  # type: ignore[arg-type]
        assert session.connection().connection.dbapi_connection.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS  # type: ignore[union-attr]
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    with read_session(db) as session:
        assert session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one() == pid  # (the same connection)
        assert session.connection().exec_driver_sql("SELECT to_regclass('pg_temp.pr_desk_stage')").scalar_one() is None


def _terminate(db: Database) -> int:
    """Ends every server session of the database (a restart, as the clients see it) and
    waits until the server has let them go."""
    server = _server(db)
    try:
        with server.connect() as conn:
            name = make_url(db.url).database
            ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :d"),
                                 {"d": name}).scalar_one()
            while conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"), {"d": name}).scalar_one():
                time.sleep(0.05)
        return int(ended)
    finally:
        server.dispose()


def _held_pids(db: Database, n: int) -> set[int]:
    """Checks `n` connections out at once (the pool then holds n) and gives their server pids."""
    conns = [db.engine.connect() for _ in range(n)]
    try:
        return {c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() for c in conns}
    finally:
        for c in conns:
            c.close()


@pytest.mark.parametrize("idle", ["past the idle limit", "within the idle limit"])
def test_connections_the_server_dropped_are_replaced_before_anyone_sees_an_error(pg_office, monkeypatch: pytest.MonkeyPatch,
                                                                                  idle: str) -> None:  # type: ignore[no-untyped-def]
    """Past the idle limit the checkout pings; within it, the dropped connection's socket
    already holds the server's goodbye, which the checkout sees without a round trip."""
    db, admin = pg_office
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.2 if idle == "past the idle limit" else 3600.0)
    before = _held_pids(db, 3)
    assert _terminate(db) >= 3
    if idle == "past the idle limit":
        time.sleep(0.3)
    assert len(units.list_units(db, admin, include_retired=True)) == 22  # a read
    added = units.add_unit(db, admin, name="پس از راه‌اندازی دوباره", kind="organisation")  # a write
    assert any(u.id == added.id for u in units.list_units(db, admin, include_retired=True))
    assert not _held_pids(db, 3) & before  # every connection a new one


def test_a_pooled_connection_is_pinged_only_after_it_sat_idle(pg_office, trace: Trace, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = pg_office
    units.list_units(db, admin, include_retired=True)  # (a connection opened and pooled)
    start = trace.mark()
    units.list_units(db, admin, include_retired=True)
    units.add_unit(db, admin, name="بی پینگ", kind="organisation")
    assert ";" not in trace.sent(start)

    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)
    start = trace.mark()
    units.list_units(db, admin, include_retired=True)
    sent = trace.sent(start)
    assert sent[0] == ";" and sent.count(";") == 1 and "BEGIN" not in sent  # one round trip, no transaction left open


def test_a_planner_setting_holds_for_its_statements_in_a_read_with_or_without_a_transaction(pg_office) -> None:  # type: ignore[no-untyped-def]
    """`engine.pg_setting` (search's for a typed code's page, the sync merge's base check):
    transaction-local in a transaction,
    the connection's own without one (a transaction-local one would end with its
    statement), put back after either way."""
    from pr_desk.data.engine import pg_setting

    db, _admin = pg_office
    for transaction in (False, True):
        with read_session(db, transaction=transaction) as session:
            conn = session.connection()
            with pg_setting(conn, "enable_indexscan", "off"):
                assert conn.exec_driver_sql("SHOW enable_indexscan").scalar_one() == "off"
            assert conn.exec_driver_sql("SHOW enable_indexscan").scalar_one() == "on"
        with read_session(db) as session:
            assert session.connection().exec_driver_sql("SHOW enable_indexscan").scalar_one() == "on"
