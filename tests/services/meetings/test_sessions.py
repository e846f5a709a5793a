"""Sessions, the meeting day, orders and follow-up, closing and reopening."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.meetings import EntryState, OrderStatus, ReminderLevel, RequestStatus
from pr_desk.domain.roles import Role
from pr_desk.services import units
from pr_desk.services.meetings import orders as mo
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings import sessions as ms
from tests.services.meetings.factories import actor, national_code


@pytest.fixture
def queue(office):  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mayor = mr.add_official(db, admin, name="شهردار", title="شهردار منطقه ۵", district=5)
    reqs = []
    for i in range(4):
        c = mr.add_citizen(db, clerk, national_code=national_code(100 + i), first_name="نام", last_name=f"خانواده{i}", mobile=f"0912000000{i}", district=5)
        reqs.append(mr.register_request(db, clerk, citizen_id=c.id, official_id=mayor.id, subject_category="traffic", channel="phone", description=f"موضوع {i}").request)
    return db, admin, clerk, mayor, reqs


def _session(db, clerk, mayor, capacity=3):  # type: ignore[no-untyped-def]
    return ms.create_session(db, clerk, official_id=mayor.id, session_date="۱۴۰۵/۰۹/۱۰", start_time="09:00", end_time="۱۱:۰۰", place="سالن جلسات", capacity=capacity)


def test_session_fill_adjust_and_refuse_overfull(queue) -> None:  # type: ignore[no-untyped-def]
    db, _admin, clerk, mayor, reqs = queue
    with pytest.raises(UserError) as bad_date:
        ms.create_session(db, clerk, official_id=mayor.id, session_date="1405/07/31", start_time="9", end_time="11", place="x", capacity=2)
    assert bad_date.value.field == "session_date"
    with pytest.raises(UserError) as zero:
        ms.create_session(db, clerk, official_id=mayor.id, session_date="1405/09/10", start_time="9", end_time="11", place="x", capacity=0)
    assert zero.value.field == "capacity"
    s = _session(db, clerk, mayor)
    assert s.date_text == "۱۴۰۵/۰۹/۱۰" and s.session_date == dt.date(2026, 12, 1)
    added = ms.fill_session(db, clerk, session_id=s.id)
    assert [e.request_id for e in added] == [r.id for r in reqs[:3]]
    assert mr.count_queue(db, clerk, official_id=mayor.id) == 1
    with pytest.raises(ms.SessionFull):
        ms.fill_session(db, clerk, session_id=s.id)
    with pytest.raises(ms.SessionFull):
        ms.add_to_session(db, clerk, session_id=s.id, request_id=reqs[3].id)
    ms.remove_from_session(db, clerk, entry_id=added[0].id, reason="تماس گرفت")
    assert [r.id for r in mr.list_queue(db, clerk, official_id=mayor.id)] == [reqs[0].id, reqs[3].id]  # back to its place
    entry = ms.add_to_session(db, clerk, session_id=s.id, request_id=reqs[3].id)
    current = ms.get_session(db, clerk, session_id=s.id)
    order = [entry.id, added[2].id, added[1].id]
    ms.reorder_session(db, clerk, session_id=s.id, entry_ids=order, expected_version=current.version)
    with pytest.raises(StaleRecord):
        ms.reorder_session(db, clerk, session_id=s.id, entry_ids=order, expected_version=current.version)
    assert [e.id for e in ms.session_entries(db, clerk, session_id=s.id)] == order
    notify = ms.notify_list(db, clerk, session_id=s.id)
    assert len(notify) == 3 and notify[0].mobile == "09120000003" and notify[0].date_text == "۱۴۰۵/۰۹/۱۰"


def test_meeting_day_no_show_twice_and_orders_until_closed(queue) -> None:  # type: ignore[no-untyped-def]
    db, admin, clerk, mayor, reqs = queue
    s = _session(db, clerk, mayor, capacity=2)
    first, second = ms.fill_session(db, clerk, session_id=s.id)
    assert ms.call_next(db, clerk, session_id=s.id) is None  # nobody checked in
    ms.check_in(db, clerk, entry_id=first.id)
    with pytest.raises(UserError):
        ms.check_in(db, clerk, entry_id=first.id)
    called = ms.call_next(db, clerk, session_id=s.id)
    assert called is not None and called.entry.id == first.id
    docket = ms.session_docket(db, clerk, session_id=s.id)
    assert docket.in_meeting.id == first.id and docket.minutes_per_citizen == 60
    held = ms.finish_meeting(db, clerk, entry_id=first.id)
    assert held.request_status is RequestStatus.HELD and held.entry.state is EntryState.DONE and held.entry.wait_minutes == 0
    gone = ms.mark_no_show(db, clerk, entry_id=second.id)
    assert gone.request_status is RequestStatus.WAITING  # back to the queue once
    ms.close_session(db, clerk, session_id=s.id)
    s2 = _session(db, clerk, mayor, capacity=1)
    again = ms.fill_session(db, clerk, session_id=s2.id)
    assert again[0].request_id == second.request_id  # kept its place at the head
    assert ms.mark_no_show(db, clerk, entry_id=again[0].id).request_status is RequestStatus.NOT_ATTENDED

    district5 = units.list_units(db, admin, search="منطقه ۵")[0]
    with pytest.raises(UserError):
        mo.add_order(db, clerk, request_id=second.request_id, text="x", unit_id=district5.id)  # not held
    o1 = mo.add_order(db, clerk, request_id=first.request_id, text="بررسی و رفع مشکل ترافیک", unit_id=district5.id, deadline_days=3)
    assert o1.given_on == dt.date(2026, 12, 1) and o1.due_date == dt.date(2026, 12, 5)
    o2 = mo.add_order(db, clerk, request_id=first.request_id, text="گزارش به معاون", unit_id=district5.id, due_date="1405/09/11")
    assert mo.list_orders(db, clerk, search=mo.OrderSearch(overdue_only=True), on=dt.date(2026, 12, 3))[0].id == o2.id
    late = mo.request_orders(db, clerk, request_id=first.request_id, on=dt.date(2026, 12, 20))
    assert {o.reminder for o in late} == {ReminderLevel.ESCALATED}
    counts = mo.overdue_count(db, clerk, on=dt.date(2026, 12, 3))
    assert (counts.overdue, counts.escalated, counts.due_soon) == (1, 0, 1)
    mo.add_follow_up(db, clerk, order_id=o1.id, note="با منطقه تماس گرفته شد", noted_on="1405/09/11")
    assert len(mo.list_follow_ups(db, clerk, order_id=o1.id)) == 1
    with pytest.raises(UserError):
        mo.close_request(db, clerk, request_id=first.request_id, result="x", satisfaction=4, expected_version=None)
    with pytest.raises(UserError) as no_reason:
        mo.reject_order(db, clerk, order_id=o2.id, reason="", expected_version=o2.version)
    assert no_reason.value.field == "reason"
    assert not mo.reject_order(db, clerk, order_id=o2.id, reason="خارج از اختیار", done_on="1405/09/11", expected_version=o2.version).request_ready_to_close
    done = mo.complete_order(db, clerk, order_id=o1.id, done_on="1405/09/12", expected_version=o1.version)
    assert done.request_ready_to_close and done.order.status is OrderStatus.DONE and done.order.done_in_time
    with pytest.raises(UserError) as bad:
        mo.close_request(db, clerk, request_id=first.request_id, result="انجام شد", satisfaction=6, expected_version=None)
    assert bad.value.field == "satisfaction"
    closed = mo.close_request(db, clerk, request_id=first.request_id, result="انجام شد", satisfaction="۵", expected_version=None)
    assert closed.status is RequestStatus.CLOSED and closed.satisfaction == 5
    reopened = mo.reopen_request(db, clerk, request_id=first.request_id, reason="شکایت دوباره", expected_version=closed.version)
    assert reopened.status is RequestStatus.HELD and reopened.reopen_reason == "شکایت دوباره"
