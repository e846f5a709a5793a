"""The meeting requests import written in sets (issue 20): a file of more rows than one
batch gets the same requests, citizens, tracking codes and audit trail as rows added one
at a time, tells its progress batch by batch, and a Cancel half-way (an exception from the
progress callback) leaves the database exactly as it was — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pr_desk.data import audit
from pr_desk.data.meetings.models import Citizen, MeetingRequest
from pr_desk.data.models import AuditRecord, Meta
from pr_desk.data.transactions import read_session
from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.domain.roles import Role
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings.importing import BATCH, import_meetings
from tests.services.meetings.factories import actor, national_code


@pytest.fixture
def desk(office):  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mayor = mr.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    return db, admin, clerk, mayor


def row(number: int, n: int, **kw: str) -> MeetingImportRow:
    values = dict(national_code=national_code(n), first_name="مریم", last_name="احمدی", mobile="09121234567", district="6",
                  official="شهردار تهران", subject="", channel="", description="درخواست رسیدگی به وضعیت معابر محله",
                  registered_on="1404/09/01")
    values.update(kw)
    return MeetingImportRow(number, **values)  # type: ignore[arg-type]


def rows_of(count: int) -> list[MeetingImportRow]:
    """`count` rows over two Jalali years, every third citizen asking twice."""
    return [row(i + 2, 1000 + i - (i % 3 == 2), registered_on="1403/12/20" if i % 2 else "1404/01/15")
            for i in range(count)]


def snapshot(db):  # type: ignore[no-untyped-def]
    with read_session(db) as session:
        return (
            session.scalar(select(func.count()).select_from(Citizen)),
            session.scalar(select(func.count()).select_from(MeetingRequest)),
            session.scalar(select(func.count()).select_from(AuditRecord)),
            sorted(session.execute(select(Meta.key, Meta.value)).all()),
        )


def test_a_file_larger_than_a_batch_is_imported_as_row_by_row(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, clerk, mayor = desk
    known = mr.add_citizen(db, admin, national_code=national_code(1000), first_name="رضا", last_name="کریمی", district="9")
    first = mr.register_request(db, clerk, citizen_id=known.id, official_id=mayor.id, subject_category="other",
                                channel="in_person", description="درخواست پیش از ورود فایل")
    rows = rows_of(BATCH + 150)
    ticks: list[tuple[int, int]] = []
    result = import_meetings(db, clerk, rows, progress=lambda done, total: ticks.append((done, total)))
    total = len(rows)
    distinct = len({r.national_code for r in rows})
    assert (result.requests_added, result.citizens_added) == (total, distinct - 1)  # the known citizen is reused
    assert ticks == [(0, total), (BATCH, total), (total, total)]
    with read_session(db) as session:
        assert audit.verify_chain(session) == []
        requests = session.scalars(select(MeetingRequest).order_by(MeetingRequest.queue_key)).all()
        assert len(requests) == total + 1
        codes = [r.tracking_code for r in requests]
        assert len(set(codes)) == len(codes)
        # each Jalali year's codes follow on from what was taken, in the order of registration
        for prefix in {c[:3] for c in codes}:
            numbers = [int(c[4:]) for c in codes if c.startswith(prefix)]
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        imported = [r for r in requests if r.id != first.request.id]
        assert all(r.registered_at is not None and r.status == "waiting" and r.version == 1 for r in imported)
        assert {r.district for r in imported if r.citizen_id == known.id} == {9}  # the citizen's, not the row's
        entries = session.scalar(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.table_name.in_(["citizen", "meeting_request"]), AuditRecord.action == "insert"))
        assert entries == 1 + 1 + total + distinct - 1
    assert mr.count_queue(db, clerk, official_id=mayor.id) == total + 1


def test_cancel_half_way_leaves_the_database_as_it_was(desk) -> None:  # type: ignore[no-untyped-def]
    db, _admin, clerk, mayor = desk
    import_meetings(db, clerk, [row(2, 1)])  # a counter and an audit head already there
    before = snapshot(db)

    class Cancelled(Exception):
        pass

    def cancel_after_first_batch(done: int, _total: int) -> None:
        if done >= BATCH:
            raise Cancelled()

    with pytest.raises(Cancelled):
        import_meetings(db, clerk, rows_of(BATCH + 10), progress=cancel_after_first_batch)
    assert snapshot(db) == before
    with read_session(db) as session:
        assert audit.verify_chain(session) == []
    # the next import takes the tracking codes the cancelled one would have taken
    assert import_meetings(db, clerk, [row(3, 2)]).requests_added == 1
    assert mr.count_queue(db, clerk, official_id=mayor.id) == 2
