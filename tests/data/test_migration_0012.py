"""Migration 0012: the indexes behind the requests list sorted by a column (issue 17 §4).
Down and up on SQLite and PostgreSQL with a request in the table (PostgreSQL also gets plain
indexes for the citizen's columns and the tracking code, whose 0002 ones are for prefixes);
on SQLite the list sorted by district and by official pages through them (no sort of every
request, at most the ties within one official sorted), and a file with statistics gets
the new indexes' too; the sync fingerprint did not move, so return files of 0010 field copies still merge."""

from __future__ import annotations

import warnings

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import SAWarning

from pr_desk.data.meetings import queries as q
from pr_desk.data.schema import HEAD_REVISION, alembic_config
from pr_desk.data.sync import registry
from pr_desk.domain.jalali import office_today
from pr_desk.services import meetings
from tests.services.evaluation.test_measures import FINGERPRINT as FINGERPRINT_AT_0010
from tests.services.meetings.factories import national_code

BOTH = {("official", "ix_official_name"), ("meeting_request", "ix_meeting_request_district_order"),
        ("meeting_request", "ix_meeting_request_official_order")}
POSTGRESQL_ONLY = {("meeting_request", "ix_meeting_request_tracking_code_order"), ("citizen", "ix_citizen_name_search_order"),
                   ("citizen", "ix_citizen_national_code_order"), ("citizen", "ix_citizen_mobile_order")}


def _indexes(db) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLAlchemy skips, with a warning, the indexes on an expression (0013) on SQLite
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
        insp = inspect(conn)
        return {(t, i["name"]) for t in ("official", "meeting_request", "citizen") for i in insp.get_indexes(t)}


def test_the_sorted_list_indexes_go_down_and_up(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    citizen = meetings.add_citizen(db, admin, national_code=national_code(912), first_name="زهرا", last_name="محمدی",
                                   mobile="09120000912", district=3)
    request = meetings.register_request(db, admin, citizen_id=citizen.id, official_id=mayor.id, subject_category="other",
                                        channel="in_person", description="درخواست").request
    postgresql = db.engine.dialect.name == "postgresql"
    expected = BOTH | (POSTGRESQL_ONLY if postgresql else set())
    assert HEAD_REVISION >= "0012" and expected <= _indexes(db)
    assert not (POSTGRESQL_ONLY & _indexes(db)) or postgresql, "SQLite's own indexes give the order: no copies there"

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0011")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0011"
    assert not (expected & _indexes(db))
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0012")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0012"
    assert expected <= _indexes(db)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")

    with db.session() as session:
        for key in ("district", "official_name", "citizen_name"):
            for descending in (False, True):
                [row] = q.search_page(session, q.RequestFilter(), sort_key=key, descending=descending, today=office_today())
                assert row.id == request.id
                assert q.search_page(session, q.RequestFilter(), sort_key=key, descending=descending, after=row.id) == []
        if db.engine.dialect.name == "sqlite":
            # by the official: the officials in name order, then a name's requests by id (queries._by_official);
            # at head the names' order is the Persian alphabet's, through 0013's index on it
            for key, indexes in (("district", ("ix_meeting_request_district_order",)),
                                 ("official_name", ("ix_official_name_sort", "ix_meeting_request_official_order"))):
                plan = _plan(session, key, request.id)
                assert all(index in plan for index in indexes) and "TEMP B-TREE FOR ORDER BY" not in plan, (key, plan)
    if not postgresql:  # a file with statistics (ANALYZE) gets the new indexes' too
        with db.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0011")
            conn.execute(text("ANALYZE"))
            command.upgrade(alembic_config(conn), "0012")
            analysed = set(conn.scalars(text("SELECT idx FROM sqlite_stat1")))
        assert {name for _table, name in BOTH} <= analysed, analysed
    # only indexes: the synced tables' shape is the same, so 0010 packages still merge here
    assert registry.schema_fingerprint() == FINGERPRINT_AT_0010
    assert registry.compatible_revision("0010", "0012")


def _plan(session, key: str, after) -> str:  # type: ignore[no-untyped-def]
    """SQLite's plans of the statements of the page after a request in `key`'s order, as
    search_page asks them (the anchor's values, the page: one statement or a few)."""
    statements: list[tuple[str, object]] = []
    from sqlalchemy import event

    def record(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        q.search_page(session, q.RequestFilter(), sort_key=key, after=after)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    raw = session.connection().connection.driver_connection
    return " | ".join(" ".join(str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
                      for statement, parameters in statements)
