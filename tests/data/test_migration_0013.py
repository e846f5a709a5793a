"""Migration 0013: the indexes on the Persian alphabetical key of the citizen's and the
official's name (the requests list sorted by either pages through them). A database taken
back to 0012 with Persian rows in it, then brought to 0013, on SQLite and PostgreSQL: the
indexes come and go; the requests list pages in alphabet order through them (no sort of
every row: the index's expression is the list's); the index is the one the model declares;
the sync fingerprint did not move, so return files of 0010 field copies still merge."""

from __future__ import annotations

import re
from typing import Any

from alembic import command
from sqlalchemy import event, inspect, text
from sqlalchemy.schema import CreateIndex

from pr_desk.data.meetings import queries as q
from pr_desk.data.schema import HEAD_REVISION, alembic_config
from pr_desk.data.sync import registry
from pr_desk.data.tables import Base
from pr_desk.domain.jalali import office_today
from pr_desk.services import meetings
from tests.services.evaluation.test_measures import FINGERPRINT as FINGERPRINT_AT_0010
from tests.services.meetings.factories import national_code

EXPRESSION_INDEXES = {"ix_citizen_name_sort": "citizen", "ix_official_name_sort": "official"}
NAMES = ("بهرام", "پرویز", "جواد", "چنگیز", "زهرا", "ژاله", "کامران", "گلاره", "وحید", "هادی")  # in alphabet order


def _indexes(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # SQLAlchemy does not reflect an index on an expression there
            return set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
        return {i["name"] for t in ("citizen", "official") for i in inspect(conn).get_indexes(t)}


def _statements(session, key: str, after: Any) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    """The statements search_page runs for the page after a request in `key`'s order."""
    statements: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        q.search_page(session, q.RequestFilter(), sort_key=key, after=after, limit=3)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def _plans(session, key: str, after: Any) -> str:  # type: ignore[no-untyped-def]
    raw = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "sqlite":
        return " | ".join(" ".join(str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
                          for statement, parameters in _statements(session, key, after))
    # PostgreSQL: a few rows make a full scan and a sort cheapest; forbid them to see whether
    # the index can give the order at all (it cannot unless its expression is the query's)
    plans = []
    with raw.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        for statement, parameters in _statements(session, key, after):
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append(" ".join(row[0] for row in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
    return " | ".join(plans)


def _sorts_every_row(plan: str) -> bool:
    """A sort of the rows the list reads, not in the index's order (SQLite: a temporary
    B-tree for the ORDER BY; PostgreSQL: a Sort node; an Incremental Sort only orders the
    ties of a name by the request's id, as the index gives the names)."""
    return "TEMP B-TREE FOR ORDER BY" in plan or re.search(r"(?<!Incremental) Sort  \(", plan) is not None


def _listed(db, key: str, descending: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """The requests list in `key`'s order, three rows a page, each page after the last row."""
    admin_rows: list[Any] = []
    with db.session() as session:
        while True:
            after = admin_rows[-1].id if admin_rows else None
            page = q.search_page(session, q.RequestFilter(), sort_key=key, descending=descending, after=after, limit=3,
                                 today=office_today())
            admin_rows += page
            if len(page) < 3:
                break
        citizens = q.citizens_by_ids(session, [r.citizen_id for r in admin_rows])
        officials = q.officials_by_ids(session, [r.official_id for r in admin_rows])
        return [citizens[r.citizen_id].first_name if key == "citizen_name" else officials[r.official_id].name
                for r in admin_rows]


def test_the_name_order_indexes_go_down_and_up_with_persian_rows(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012")  # a database at 0012...
    assert not (set(EXPRESSION_INDEXES) & _indexes(db))
    for i, name in enumerate(reversed(NAMES)):  # ...with Persian rows in it (written by this version's services)
        official = meetings.add_official(db, admin, name=name, title="معاون")
        citizen = meetings.add_citizen(db, admin, national_code=national_code(950 + i), first_name=name, last_name="کریمی",
                                       mobile=f"0912000{950 + i:04d}", district=1 + i)
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id, subject_category="other",
                                  channel="in_person", description="درخواست")

    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0013")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0013"
    assert HEAD_REVISION >= "0013" and set(EXPRESSION_INDEXES) <= _indexes(db)

    for key in ("citizen_name", "official_name"):
        assert _listed(db, key, False) == list(NAMES), key
        assert _listed(db, key, True) == list(reversed(NAMES)), key
    with db.session() as session:
        first = q.search_page(session, q.RequestFilter(), sort_key="citizen_name", limit=1, today=office_today())[0]
        plan = _plans(session, "citizen_name", first.id)
        assert "ix_citizen_name_sort" in plan, plan
        assert not _sorts_every_row(plan), plan
        plan = _plans(session, "official_name", first.id)  # the officials walked in their key's order (_by_official)
        assert "ix_official_name_sort" in plan, plan
        assert not _sorts_every_row(plan), plan

    # the migrated index is the model's (a new database and a synced table's create_all get that one)
    with db.engine.connect() as conn:
        for index in Base.metadata.tables["citizen"].indexes | Base.metadata.tables["official"].indexes:
            if index.name not in EXPRESSION_INDEXES:
                continue
            if conn.dialect.name == "sqlite":
                made = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": index.name})
                assert made == str(CreateIndex(index).compile(dialect=conn.dialect)), index.name
            else:  # the server writes an index's definition its own way: compare two of its own writing
                made = conn.scalar(text("SELECT pg_get_indexdef(CAST(:n AS regclass))"), {"n": index.name})
                with conn.begin_nested() as savepoint:
                    conn.execute(text(str(CreateIndex(index).compile(dialect=conn.dialect)).replace(index.name, "ix_model_copy", 1)))
                    model = conn.scalar(text("SELECT pg_get_indexdef(CAST('ix_model_copy' AS regclass))"))
                    savepoint.rollback()
                assert made == model.replace("ix_model_copy", index.name), (made, model)

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012")
    assert not (set(EXPRESSION_INDEXES) & _indexes(db))
    assert _listed(db, "citizen_name", False) == list(NAMES)  # the same order, only read without the index
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":  # a file with statistics (ANALYZE) gets the new indexes' too
            conn.execute(text("ANALYZE"))
        command.upgrade(alembic_config(conn), "head")
        if conn.dialect.name == "sqlite":
            analysed = set(conn.scalars(text("SELECT idx FROM sqlite_stat1")))
            assert set(EXPRESSION_INDEXES) <= analysed, analysed
    # only indexes: the synced tables' shape is the same, so 0010 packages still merge here
    assert registry.schema_fingerprint() == FINGERPRINT_AT_0010
    assert registry.compatible_revision("0010", "0013")
