"""Clone (slice A): next year's event from this one, with its officials, checklist tasks
shifted, budget lines planned only, the guest list to invite again and the programme;
the earlier lessons shown on top of the clone."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied
from pr_desk.domain.events import EventStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import meetings
from pr_desk.services.events import budget, catalogue, guests, tasks
from pr_desk.services.events import events as ev
from tests.services.evaluation.factories import staff
from tests.services.events.calendar_helpers import first_type, quiet_day


def test_clone_for_next_year(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    hall = catalogue.save_venue(db, people.supervisor, name="تالار وحدت", capacity=750)
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    day = ev.today() - dt.timedelta(days=20)
    src = ev.create_event(db, people.clerk, type_id=t.id, title="جشنواره مطبوعات", start_on=day, end_on=day + dt.timedelta(days=1),
                          start_time=dt.time(9), end_time=dt.time(17), venue_id=hall.id, official_ids=[mayor.id],
                          official_roles={mayor.id: "سخنران"}, clash_reason="آزمون")
    tasks.add_task(db, people.clerk, event_id=src.id, title="رزرو سالن", due_on=day - dt.timedelta(days=30))
    budget.add_budget_line(db, people.supervisor, event_id=src.id, category="پذیرایی", planned=50_000_000, committed=40_000_000,
                           paid=40_000_000)
    guests.add_guest(db, people.clerk, event_id=src.id, full_name="علی رضایی", honorific="mr")
    src = ev.update_event(db, people.clerk, src.id, expected_version=src.version, lessons="صدا زودتر آزموده شود")
    with pytest.raises(PermissionDenied):
        ev.clone_event(db, people.inspector, src.id, start_on=quiet_day(300))
    new_day = quiet_day(330)
    clone = ev.clone_event(db, people.clerk, src.id, start_on=new_day, clash_reason="آزمون")
    assert clone.code != src.code and clone.jalali_year == JalaliDate.from_gregorian(new_day).year
    assert clone.status is EventStatus.IDEA and clone.cloned_from_id == src.id and clone.cloned_from_code == src.code
    assert clone.earlier_lessons == "صدا زودتر آزموده شود" and clone.lessons == ""
    assert (clone.start_on, clone.end_on) == (new_day, new_day + dt.timedelta(days=1))
    assert (clone.start_time, clone.end_time, clone.venue_id) == (dt.time(9), dt.time(17), hall.id)
    assert [(o.name, o.role) for o in clone.officials] == [("علیرضا زاکانی", "سخنران")]
    shift = new_day - day
    assert [(x.title, x.due_on) for x in tasks.list_tasks(db, people.clerk, event_id=clone.id)] == [
        ("رزرو سالن", day - dt.timedelta(days=30) + shift)]
    lines = budget.get_budget(db, people.supervisor, event_id=clone.id).lines
    assert [(x.category, x.planned, x.committed, x.paid) for x in lines] == [("پذیرایی", 50_000_000, 0, 0)]
    copied = guests.list_guests(db, people.clerk, clone.id)
    assert [(g.full_name, str(g.invitation)) for g in copied] == [("علی رضایی", "to_invite")]
    # the source is untouched
    assert len(guests.list_guests(db, people.clerk, src.id)) == 1 and ev.get_event(db, people.clerk, src.id).version == src.version
