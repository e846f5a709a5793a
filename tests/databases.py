"""The tests' databases: PostgreSQL databases of their own, and offices as `pr-desk init`
makes them, copied from one migrated database per test process (conftest's fixtures and
the tests' own fixtures use these; one module, so one copy of its state per process)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def pg_server_url() -> str | None:
    url = os.environ.get("PR_DESK_TEST_PG_URL")
    if not url:
        if os.environ.get("PR_DESK_REQUIRE_PG"):
            pytest.fail("PostgreSQL is required here (PR_DESK_REQUIRE_PG) but PR_DESK_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set PR_DESK_TEST_PG_URL, or run scripts/test.sh)")
    return url


@contextlib.contextmanager
def pg_database(template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (empty, or a copy of the database `template`), dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(pg_server_url())
    name = "prdesk_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


ADMIN_PASSWORD = "admin-pass-1405"


class MigratedSchemas:
    """This process's migrated, not yet initialised databases (the migrations' work, done
    once per xdist worker instead of once per test): a SQLite file, and a PostgreSQL
    database made on first need and dropped at the end of the session. A test's office
    is a copy of one, initialised as `pr-desk init` does (see `fresh_office`)."""

    folder: Path | None = None
    pg: Any = None  # (server URL, database name) of the PostgreSQL one

    @classmethod
    def sqlite(cls) -> Path:
        from pr_desk.data.schema import open_database

        assert cls.folder is not None, "conftest's session fixture _migrated_schemas sets the folder"
        path = cls.folder / "migrated.sqlite"
        if not path.exists():
            made = cls.folder / "migrating.sqlite"
            db, _ = open_database(str(made), create=True)  # Alembic to head, as create_database does
            db.dispose()
            assert not made.with_name(made.name + "-wal").exists()  # one self-contained file
            made.rename(path)
        return path

    @classmethod
    def postgresql(cls) -> str:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from pr_desk.data.schema import open_database

        if cls.pg is None:
            server = make_url(pg_server_url())
            name = "prdesk_migrated_" + uuid.uuid4().hex[:12]
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            finally:
                admin.dispose()
            cls.pg = (server, name)
            db, _ = open_database(server.set(database=name).render_as_string(hide_password=False), create=True)
            db.dispose()  # (a template database must have no connection when it is copied)
        return str(cls.pg[1])

    @classmethod
    def drop(cls) -> None:
        from sqlalchemy import create_engine, text

        if cls.pg is not None:
            server, name = cls.pg
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            finally:
                admin.dispose()
            cls.pg = None


def fresh_office(target: str | Path, *, admin_username: str = "admin", admin_display_name: str = "مدیر سامانه",
                 admin_password: str = ADMIN_PASSWORD):  # type: ignore[no-untyped-def]
    """What `create_database(target, ...)` (`pr-desk init`) makes at the SQLite path `target`:
    the same migrated schema, copied from this process's one migration instead of running
    Alembic again, then the same `initialise` (the office's own identity, administrator and
    district offices). For tests whose point is not the creation itself; those call
    create_database (tests/data/test_fresh_office.py checks the two give the same database)."""
    import shutil

    from pr_desk.data.engine import normalise_url

    path = Path(target)
    if path.exists():
        raise FileExistsError(path)  # create_database refuses an existing database too
    shutil.copyfile(MigratedSchemas.sqlite(), path)
    return _initialised(normalise_url(str(path)), admin_username, admin_display_name, admin_password)


def _initialised(url: str, admin_username: str, admin_display_name: str, admin_password: str):  # type: ignore[no-untyped-def]
    from pr_desk.data.engine import Database, make_engine
    from pr_desk.services.setup import initialise

    db = Database(url, make_engine(url))
    try:
        admin = initialise(db, admin_username=admin_username, admin_display_name=admin_display_name, admin_password=admin_password)
    except BaseException:
        db.dispose()
        raise
    return db, admin


@contextlib.contextmanager
def new_office(db_backend: str, folder: Path, *, admin_username: str = "admin", admin_display_name: str = "مدیر سامانه",
               admin_password: str = ADMIN_PASSWORD) -> Iterator[tuple[str, Any]]:
    """An office as `pr-desk init` makes it (see fresh_office), on SQLite at folder /
    "office.sqlite", on PostgreSQL in a database of its own dropped afterwards: (its
    target, a path or a URL, as db_target gives; (Database, its administrator))."""
    who = {"admin_username": admin_username, "admin_display_name": admin_display_name, "admin_password": admin_password}
    if db_backend == "sqlite":
        target = str(folder / "office.sqlite")
        db, admin = fresh_office(target, **who)
        try:
            yield target, (db, admin)
        finally:
            db.dispose()
        return
    with pg_database(template=MigratedSchemas.postgresql()) as url:
        db, admin = _initialised(url, **who)
        try:
            yield url, (db, admin)
        finally:
            db.dispose()
