"""The tests' offices (conftest `office`, `sqlite_office`, `fresh_office`: a copy of one
migrated database per test process, then `initialise`) are the database `pr-desk init`
(create_database) makes: the same schema, down to every index and trigger, the same rows
but for the office's own identity and ids, and `check` finds both sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text

from pr_desk.data.audit import HEAD_HASH
from pr_desk.data.engine import Database, sqlite_path
from pr_desk.data.models import Meta
from pr_desk.data.tables import Base
from pr_desk.services.maintenance import check
from pr_desk.services.setup import create_database
from tests.conftest import ADMIN_PASSWORD


def _schema(db: Database) -> Any:
    path = sqlite_path(db.url)
    if path is not None:  # every table, index and trigger as SQLite keeps its SQL
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        finally:
            con.close()
    with db.engine.connect() as conn:
        found = inspect(conn)
        tables = {t: (sorted(repr(c) for c in found.get_columns(t)), sorted(repr(i) for i in found.get_indexes(t)),
                      sorted(repr(k) for k in found.get_foreign_keys(t)), sorted(repr(u) for u in found.get_unique_constraints(t)),
                      repr(found.get_pk_constraint(t)), sorted(repr(c) for c in found.get_check_constraints(t)))
                  for t in found.get_table_names()}
        triggers = sorted(conn.execute(text("SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                                            "WHERE NOT tgisinternal")).all())
        functions = sorted(conn.execute(text("SELECT proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n "
                                             "ON n.oid = p.pronamespace WHERE n.nspname = 'public'")).all())
        return tables, triggers, functions


def _rows(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t.name: len(conn.execute(select(t)).all()) for t in Base.metadata.sorted_tables}


def _meta(db: Database) -> dict[str, str]:
    with db.session() as s:
        return {m.key: m.value for m in s.scalars(select(Meta))}


def test_the_tests_office_is_the_database_init_makes(office, db_backend: str, tmp_path: Path, request) -> None:  # type: ignore[no-untyped-def]
    copied, admin = office
    target = str(tmp_path / "init.sqlite") if db_backend == "sqlite" else request.getfixturevalue("pg_url")
    made, made_admin = create_database(target, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        assert _schema(copied) == _schema(made)
        assert _rows(copied) == _rows(made) and _rows(made)["unit"] == 22
        mine, theirs = _meta(copied), _meta(made)
        assert mine.keys() == theirs.keys()
        assert mine["replica_id"] != theirs["replica_id"]  # each office its own identity, as each init gives
        own = {"replica_id", "office_id", "initialised_at", HEAD_HASH}  # the office's identity, its moment, its chain
        assert {k: v for k, v in mine.items() if k not in own} == {k: v for k, v in theirs.items() if k not in own}
        assert (admin.username, admin.display_name, admin.role) == (made_admin.username, made_admin.display_name, made_admin.role)
        assert check(copied).ok and check(made).ok
    finally:
        made.dispose()
