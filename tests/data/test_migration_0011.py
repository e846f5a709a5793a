"""Migration 0011: the index behind the dashboard's "requests waiting" tile. Down and up on
SQLite and PostgreSQL with a waiting request in the table; on SQLite the tile's query reads
the index alone (a covering index: no row fetched); the sync fingerprint did not move, so
return files of 0010 field copies still merge."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from pr_desk.data.meetings import queries as q
from pr_desk.data.schema import HEAD_REVISION, alembic_config
from pr_desk.data.sync import registry
from pr_desk.services import meetings
from tests.services.evaluation.test_measures import FINGERPRINT as FINGERPRINT_AT_0010
from tests.services.meetings.factories import national_code


def _indexes(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return {i["name"] for i in inspect(conn).get_indexes("meeting_request")}


def test_the_waiting_index_goes_down_and_up_and_the_tile_reads_it_alone(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    citizen = meetings.add_citizen(db, admin, national_code=national_code(901), first_name="زهرا", last_name="محمدی",
                                   mobile="09120000901", district=3)
    meetings.register_request(db, admin, citizen_id=citizen.id, official_id=mayor.id, subject_category="other",
                              channel="in_person", description="درخواست")
    assert HEAD_REVISION >= "0011" and "ix_meeting_request_waiting" in _indexes(db)

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")
    assert "ix_meeting_request_waiting" not in _indexes(db)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0011")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0011"
    assert "ix_meeting_request_waiting" in _indexes(db)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")

    with db.session() as session:
        [(official_id, waiting, _first)] = q.waiting_by_official(session)
        assert (official_id, waiting) == (mayor.id, 1)
        if db.engine.dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in session.execute(
                text("EXPLAIN QUERY PLAN SELECT official_id, count(*), min(registered_on) FROM meeting_request"
                     " WHERE status = :s AND deleted_at IS NULL GROUP BY official_id"), {"s": "waiting"}))
            assert "COVERING INDEX ix_meeting_request_waiting" in plan, plan
    # only an index: the synced tables' shape is the same, so 0010 packages still merge here
    assert registry.schema_fingerprint() == FINGERPRINT_AT_0010
    assert registry.compatible_revision("0010", "0011")
