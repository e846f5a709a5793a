"""Clashes before a save (slice A): the same venue, an official at another event or in a
meeting session at that time, a holiday on one of the event's days; a save is refused
with the list unless a reason is given, which is kept (and the clashes audited)."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.events import EventStatus, Span
from pr_desk.services import meetings
from pr_desk.services.events import catalogue
from pr_desk.services.events import events as ev
from tests.services.evaluation.factories import staff
from tests.services.events.calendar_helpers import first_type, quiet_day


def test_venue_official_session_and_holiday_clashes(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    hall = catalogue.save_venue(db, people.supervisor, name="تالار وحدت", capacity=750)
    other_hall = catalogue.save_venue(db, people.supervisor, name="فرهنگسرای نیاوران", capacity=300)
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    deputy = meetings.add_official(db, admin, name="ابوذر کریمی", title="معاون اجتماعی و فرهنگی")
    day = quiet_day()
    first = ev.create_event(db, people.clerk, type_id=t.id, title="جشنواره مطبوعات", start_on=day, start_time=dt.time(9),
                            end_time=dt.time(12), venue_id=hall.id, official_ids=[mayor.id])
    assert first.clash_reason == ""
    # the afternoon of the same day at the same hall: no clash
    afternoon = Span(day, day, dt.time(13), dt.time(15))
    assert ev.check_clashes(db, people.clerk, span=afternoon, venue_id=hall.id, official_ids=[mayor.id]) == []
    morning = Span(day, day, dt.time(11), dt.time(13))
    clashes = ev.check_clashes(db, people.clerk, span=morning, venue_id=hall.id, official_ids=[mayor.id])
    assert [c.kind for c in clashes] == [ev.ClashKind.VENUE, ev.ClashKind.OFFICIAL_EVENT]
    assert all(c.other_code == first.code for c in clashes)
    assert "تالار وحدت" in clashes[0].text and first.code in clashes[0].text and "زاکانی" in clashes[1].text
    count = ev.count_events(db, people.clerk)
    with pytest.raises(ev.ClashError) as err:
        ev.create_event(db, people.clerk, type_id=t.id, title="همایش", start_on=day, start_time=dt.time(11),
                        end_time=dt.time(13), venue_id=hall.id)
    assert len(err.value.clashes) == 1 and "دلیل" in str(err.value)
    assert ev.count_events(db, people.clerk) == count  # nothing written
    second = ev.create_event(db, people.clerk, type_id=t.id, title="همایش", start_on=day, start_time=dt.time(11),
                             end_time=dt.time(13), venue_id=hall.id, clash_reason="سالن کوچک تالار جداست")
    assert second.clash_reason == "سالن کوچک تالار جداست"
    # a cancelled event clashes with nothing
    ev.change_status(db, people.clerk, second.id, status=EventStatus.CANCELLED, expected_version=second.version, reason="x")
    assert [c.kind for c in ev.check_clashes(db, people.clerk, span=morning, venue_id=hall.id)] == [ev.ClashKind.VENUE]
    # a meeting session of the deputy
    session_day = quiet_day(60)
    meetings.create_session(db, admin, official_id=deputy.id, session_date=session_day, start_time="10:00", end_time="12:00",
                            place="ساختمان مرکزی", capacity=10)
    whole_day = Span(session_day, session_day)
    found = ev.check_clashes(db, people.clerk, span=whole_day, venue_id=other_hall.id, official_ids=[deputy.id])
    assert [c.kind for c in found] == [ev.ClashKind.OFFICIAL_SESSION] and "ابوذر کریمی" in found[0].text
    assert ev.check_clashes(db, people.clerk, span=Span(session_day, session_day, dt.time(14), dt.time(16)),
                            official_ids=[deputy.id]) == []
    # editing into a clash needs a reason too
    visit = ev.create_event(db, people.clerk, type_id=t.id, title="بازدید", start_on=session_day)
    with pytest.raises(ev.ClashError):
        ev.set_officials(db, people.clerk, visit.id, official_ids=[deputy.id], expected_version=visit.version)
    assert ev.get_event(db, people.clerk, visit.id).officials == ()
    third = ev.create_event(db, people.clerk, type_id=t.id, title="بازدید دوم", start_on=session_day + dt.timedelta(days=1),
                            official_ids=[deputy.id])
    with pytest.raises(ev.ClashError):
        ev.update_event(db, people.clerk, third.id, expected_version=third.version, start_on=session_day)
    assert ev.get_event(db, people.clerk, third.id).start_on == session_day + dt.timedelta(days=1)
    # a holiday: an occasion of the office marked holiday, and an official holiday
    occasion = catalogue.save_occasion(db, people.clerk, name="روز شهرداری", on_date=third.start_on, holiday=True)
    found = ev.check_clashes(db, people.clerk, span=third.span)
    assert [(c.kind, c.on) for c in found] == [(ev.ClashKind.HOLIDAY, third.start_on)] and "روز شهرداری" in found[0].text
    catalogue.remove_occasion(db, people.clerk, occasion.id)
    year = day.year + 1
    nowruz = ev.check_clashes(db, people.clerk, span=Span(dt.date(year, 3, 20), dt.date(year, 3, 22)))
    assert {c.on for c in nowruz} >= {dt.date(year, 3, 21), dt.date(year, 3, 22)}


def test_the_reason_is_audited(office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services import audit_log

    db, admin = office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    year = quiet_day().year + 1
    e = ev.create_event(db, people.clerk, type_id=t.id, title="جشن نوروز", start_on=dt.date(year, 3, 21), clash_reason="جشن نوروز است")
    assert e.clash_reason == "جشن نوروز است"
    entries = audit_log.list_entries(db, admin, record_id=e.id)
    assert any("جشن نوروز است" in x.summary and "نوروز" in x.summary for x in entries)
