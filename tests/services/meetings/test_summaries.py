"""The demo data and the plain data the printed pages are built from."""

from __future__ import annotations

import random

import pytest

from pr_desk.domain.errors import PermissionDenied
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from tests.services.meetings.factories import actor


def test_demo_then_receipt_agenda_minutes_follow_up_and_statistics(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    summary = build_meetings_demo(db, admin, size="small", rng=random.Random(7))
    assert "۳۰۰ درخواست" in summary
    inspector = actor(db, admin, "insp", Role.INSPECTOR)
    officials = meetings.list_officials(db, admin)
    assert len(officials) == 27 and officials[0].title == "شهردار تهران"
    assert {r.district for r in meetings.find_requests(db, admin, limit=1000)} == set(range(1, 23))
    first = meetings.find_requests(db, admin, limit=1)[0]
    receipt = meetings.receipt(db, admin, request_id=first.id)
    assert receipt.request.tracking_code == first.tracking_code and "*" not in receipt.request.national_code
    with pytest.raises(PermissionDenied):
        meetings.receipt(db, inspector, request_id=first.id)
    from pr_desk.domain.meetings import SessionStatus

    held = meetings.list_sessions(db, admin, statuses=(SessionStatus.HELD,), limit=1, newest_first=True)[0]
    minutes = meetings.session_minutes(db, admin, session_id=held.id)
    agenda = meetings.session_agenda(db, admin, session_id=held.id)
    assert len(minutes.items) == len(agenda.items) == held.entry_count > 0
    units = meetings.follow_up_by_unit(db, inspector)
    assert units and units[0].overdue >= units[-1].overdue
    assert meetings.overdue_count(db, inspector).overdue == sum(u.overdue for u in units)
    today = JalaliDate.today().add_months(-2)
    stats = meetings.monthly_statistics(db, inspector, year=today.year, month=today.month)
    assert stats.requests == sum(n for _d, n in stats.by_district) > 0
    assert stats.average_satisfaction is None or 1 <= stats.average_satisfaction <= 5
