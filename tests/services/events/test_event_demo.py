"""Event planning's demo data: two Jalali years of events with guests, tasks, budget lines,
a programme, clashes kept with their reason, past events reported with lessons, and some
next month; built after the meeting queue's demo (whose officials take part)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from pr_desk.data.events.models import (
    BudgetLine,
    Event,
    EventOfficial,
    EventTask,
    Guest,
    ProgrammeItem,
)
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.services.context import read
from pr_desk.services.events.demo import build_demo
from pr_desk.services.meetings.demo import build_demo as meetings_demo


def test_two_years_of_events_with_guests_tasks_and_budgets(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    rng = random.Random(1405)
    meetings_demo(db, admin, size="small", rng=rng)
    summary = build_demo(db, admin, size="small", rng=rng)
    assert summary.startswith("رویدادها:") or summary.startswith("Events:")
    today = office_today()
    with read(db) as s:
        events = s.query(Event).all()
        years = {e.jalali_year for e in events}
        assert {JalaliDate.today().year - 1, JalaliDate.today().year} <= years
        statuses = Counter(e.status for e in events)
        assert statuses["reported"] and statuses["held"] and statuses["cancelled"] and statuses["approved"]
        assert all(e.lessons for e in events if e.status == "reported")
        assert all(e.cancel_reason for e in events if e.status == "cancelled")
        assert sum(1 for e in events if e.clash_reason) >= 2
        assert any(today < e.start_on <= today + dt.timedelta(days=62) for e in events)  # next month is alive
        titles = " ".join(e.title for e in events)
        for word in ("نوروز", "روز تهران", "مطبوعات", "همایش", "افتتاح", "روابط عمومی"):
            assert word in titles, word
        assert len({e.code for e in events}) == len(events)
        assert s.query(Guest).count() > 300 and s.query(Guest).filter(Guest.seat.is_not(None)).count() > 50
        assert s.query(Guest).filter(Guest.honorific == "dr_mr").count() and s.query(Guest).filter(Guest.rank_id.is_not(None)).count()
        assert s.query(EventTask).count() > 100 and s.query(EventTask).filter(EventTask.status == "open").count()
        assert s.query(BudgetLine).count() > 50 and s.query(ProgrammeItem).count() and s.query(EventOfficial).count()
        over = [b for b in s.query(BudgetLine).all() if b.paid > b.planned]
        assert over  # a line over its plan stands out somewhere
        seats = [(g.event_id, g.seat) for g in s.query(Guest).filter(Guest.seat.is_not(None))]
        assert len(seats) == len(set(seats))


def test_the_other_slices_services_read_the_demo(office) -> None:  # type: ignore[no-untyped-def]
    """On SQLite and PostgreSQL."""
    from pr_desk.services.events import budget, checkin, events, guests, programme, seating, tasks

    db, admin = office
    rng = random.Random(7)
    meetings_demo(db, admin, size="small", rng=rng)
    build_demo(db, admin, size="small", rng=rng)
    upcoming = events.next_event(db, admin)
    assert upcoming is not None and upcoming.start_on >= office_today()
    with read(db) as s:
        held = s.query(Event).filter(Event.status == "reported", Event.seating_groups > 0).first()
        assert held is not None
        event_id = held.id
    assert guests.list_guests(db, admin, event_id)
    assert seating.get_seating(db, admin, event_id).taken > 0
    assert checkin.checkin_counts(db, admin, event_id)
    assert programme.list_programme(db, admin, event_id)
    assert tasks.list_tasks(db, admin, event_id=event_id)
    assert budget.get_budget(db, admin, event_id=event_id)
