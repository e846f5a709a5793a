"""A request's tracking code is numbered when its registration commits, after the audit
chain's head is locked (issue 17 §3: twenty clerks on one PostgreSQL queued at the
counter): codes stay distinct and consecutive across processes, a rolled-back
registration leaves no row and no gap, the request is inserted once with its code (the
audit entry and the search index carry it), and a transaction that takes tracking
numbers in its body (an import) cannot deadlock with a registration — on SQLite and
PostgreSQL."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pr_desk.data import audit, numbering
from pr_desk.data.meetings.models import Citizen, MeetingRequest, Official
from pr_desk.data.models import AuditRecord
from pr_desk.data.types import utcnow
from pr_desk.domain.jalali import JalaliDate, to_tehran
from pr_desk.domain.meetings import Channel, PriorityGroup, SubjectCategory
from pr_desk.domain.roles import Role
from pr_desk.services import maintenance, search
from pr_desk.services.context import Actor
from pr_desk.services.meetings import requests as mr
from tests.services.meetings.factories import actor, national_code

PER_CHILD = 6


@pytest.fixture
def desk(office):  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mayor = mr.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    citizen = mr.add_citizen(db, clerk, national_code=national_code(7), first_name="زهرا", last_name="نوری",
                             mobile="09120000007", district=5)
    return db, admin, clerk, mayor, citizen


def _register(db, clerk, citizen_id: uuid.UUID, official_id: uuid.UUID, text: str = "درخواست آسفالت کوچه"):  # type: ignore[no-untyped-def]
    return mr.register_request(db, clerk, citizen_id=citizen_id, official_id=official_id, subject_category="urban_services",
                               channel="in_person", description=text, confirm_duplicate=True)


def _numbers(codes: list[str]) -> list[int]:
    return sorted(int(code.rsplit("-", 1)[1]) for code in codes)


def _series() -> str:
    return f"meeting_request:{JalaliDate.from_gregorian(to_tehran(utcnow()).date()).year}"


def _codes_in(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(MeetingRequest.tracking_code)))


def _register_in_child(target: str, clerk: Actor, citizen_id: uuid.UUID, official_id: uuid.UUID, out: str,
                       barrier: multiprocessing.synchronize.Barrier) -> None:
    """A child process: a clerk's PC registering PER_CHILD requests as fast as it can."""
    code = 1
    try:
        from pr_desk.data.schema import open_database

        db, _inspection = open_database(target)
        barrier.wait()
        codes = [_register(db, clerk, citizen_id, official_id).request.tracking_code for _ in range(PER_CHILD)]
        Path(out).write_text("\n".join(codes), encoding="utf-8")
        db.dispose()
        code = 0
    finally:
        import os

        os._exit(code)


def test_registrations_in_several_processes_get_distinct_consecutive_codes(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, _admin, clerk, mayor, citizen = desk
    first = _register(db, clerk, citizen.id, mayor.id).request.tracking_code
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(3)
    outs = [str(tmp_path / f"codes{i}.txt") for i in range(3)]
    children = [context.Process(target=_register_in_child, args=(db.url, clerk, citizen.id, mayor.id, out, barrier))
                for out in outs]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0, 0]
    given = [first, *(code for out in outs for code in Path(out).read_text(encoding="utf-8").split("\n"))]
    assert len(set(given)) == len(given) == 1 + 3 * PER_CHILD
    assert _numbers(given) == list(range(1, len(given) + 1))
    assert sorted(_codes_in(db)) == sorted(given)
    with db.session() as s:
        assert audit.verify_chain(s) == []
    assert maintenance.check(db).ok


class _Undo(Exception):
    pass


def test_a_rolled_back_registration_leaves_no_row_and_no_gap(desk, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, _admin, clerk, mayor, citizen = desk
    first = _register(db, clerk, citizen.id, mayor.id).request
    # rolled back in its body: no number was taken
    with pytest.raises(_Undo), db.transaction(clerk.audit_identity) as s:
        mr._new_request(s, citizen=s.get(Citizen, citizen.id), official=s.get(Official, mayor.id),
                        subject=SubjectCategory.URBAN_SERVICES, channel=Channel.IN_PERSON, description="برگشتی",
                        priority_group=PriorityGroup.NONE, priority_note="", at=utcnow())
        raise _Undo
    # a savepoint rolled back drops its registration; the transaction's own goes on
    with db.transaction(clerk.audit_identity) as s:
        args = dict(citizen=s.get(Citizen, citizen.id), official=s.get(Official, mayor.id),
                    subject=SubjectCategory.URBAN_SERVICES, channel=Channel.IN_PERSON,
                    priority_group=PriorityGroup.NONE, priority_note="", at=utcnow())
        try:
            with s.begin_nested():
                mr._new_request(s, description="در نقطه‌ی بازگشت", **args)  # type: ignore[arg-type]
                raise _Undo
        except _Undo:
            pass
        kept = mr._new_request(s, description="نگه‌داشته", **args)  # type: ignore[arg-type]
    # rolled back at its commit, after its number was taken (the chain's write fails)
    real_chain = audit._chain

    def failing_chain(*a, **kw):  # type: ignore[no-untyped-def]
        raise _Undo

    monkeypatch.setattr(audit, "_chain", failing_chain)
    with pytest.raises(_Undo):
        _register(db, clerk, citizen.id, mayor.id, text="در لحظه‌ی ثبت شکست خورد")
    monkeypatch.setattr(audit, "_chain", real_chain)
    last = _register(db, clerk, citizen.id, mayor.id).request
    codes = _codes_in(db)
    assert _numbers(codes) == [1, 2, 3]
    with db.session() as s:
        assert s.get(MeetingRequest, kept).tracking_code[-6:] == "000002"
        assert s.scalar(select(MeetingRequest.tracking_code).where(MeetingRequest.description.like("%شکست%"))) is None
        assert audit.verify_chain(s) == []
    assert [first.tracking_code[-6:], last.tracking_code[-6:]] == ["000001", "000003"]
    assert maintenance.check(db).ok


def test_the_request_is_inserted_once_with_its_code_and_audited_and_indexed_with_it(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, clerk, mayor, citizen = desk
    with db.session() as s:
        changes_before = s.execute(text("SELECT count(*) FROM sync_change")).scalar_one()
    done = _register(db, clerk, citizen.id, mayor.id, text="تعمیر چراغ‌های کوچه")
    code, request_id = done.request.tracking_code, done.request.id
    assert done.queue_position == 1
    with db.session() as s:
        entries = s.scalars(select(AuditRecord).where(AuditRecord.record_id == request_id)).all()
        assert [(e.action, e.table_name) for e in entries] == [("insert", "meeting_request")]
        assert f'"tracking_code":"{code}"' in (entries[0].after or "")
        # meeting requests stay in the office (registry: not synced): no change captured, as before
        assert s.execute(text("SELECT count(*) FROM sync_change")).scalar_one() == changes_before
    assert [r.id for r in mr.find_requests(db, clerk, search=mr.RequestSearch(text=code))] == [request_id]
    hits = [h.record_id for g in search.search(db, admin, code) for h in g.hits]
    assert request_id in hits
    assert mr.get_request_by_tracking_code(db, clerk, code=code).id == request_id


def test_a_transaction_taking_tracking_numbers_in_its_body_takes_the_head_first(desk) -> None:  # type: ignore[no-untyped-def]
    """The import's order (head, then counter) is the registration's at commit: a
    registration waits behind it and follows it, it never deadlocks."""
    db, _admin, clerk, mayor, citizen = desk
    _register(db, clerk, citizen.id, mayor.id)
    done: list[str] = []
    failed: list[BaseException] = []

    def register() -> None:
        try:
            done.append(_register(db, clerk, citizen.id, mayor.id).request.tracking_code)
        except BaseException as exc:  # reported below
            failed.append(exc)

    with db.transaction(clerk.audit_identity) as s:
        block = numbering.next_numbers(s, _series(), 3)
        assert block == 2
        audit.append(s, action="backup", summary="a block of tracking numbers")
        other = threading.Thread(target=register)
        other.start()
        if db.engine.dialect.name == "postgresql":  # wait until it waits for us (SQLite: one writer)
            for _ in range(600):
                with db.engine.connect() as conn:
                    waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                                "AND wait_event_type = 'Lock'")).scalar_one()
                if waiting or not other.is_alive():
                    break
                time.sleep(0.05)
    other.join(60)
    assert not failed and len(done) == 1
    assert done[0].endswith("-000005")
    with db.session() as s:
        assert audit.verify_chain(s) == []
