"""Helpers of slice B's tests (checklists, tasks, budget): staff with each role, the
event types with their default checklists, and an event written straight as rows (so
these tests do not wait on the events service)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass

from pr_desk.data.events.models import Event, EventType
from pr_desk.domain.events import DEFAULT_EVENT_TYPES, event_code
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.services.context import Actor, write
from pr_desk.services.users import add_user

_serial = itertools.count(1)


@dataclass(frozen=True)
class Staff:
    admin: Actor
    clerk: Actor
    supervisor: Actor
    inspector: Actor


def staff(db, admin: Actor) -> Staff:  # type: ignore[no-untyped-def]
    people = {}
    for role, name in ((Role.CLERK, "زهرا کریمی"), (Role.SUPERVISOR, "علی رضایی"), (Role.INSPECTOR, "مریم احمدی")):
        username = f"{role.value}{uuid.uuid4().hex[:6]}"
        info = add_user(db, admin, username=username, display_name=name, role=role, password="pass-word-1405")
        people[role] = Actor(info.id, info.username, info.display_name, role)
    return Staff(admin, people[Role.CLERK], people[Role.SUPERVISOR], people[Role.INSPECTOR])


def ensure_types(db, actor: Actor) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    with write(db, actor) as s:
        have = {t.code: t for t in s.query(EventType).all()}
        for order, t in enumerate(DEFAULT_EVENT_TYPES):
            if t.code not in have:
                have[t.code] = EventType(code=t.code, name=t.name, sort_order=order)
                s.add(have[t.code])
        s.flush()
        return {code: t.id for code, t in have.items()}


def make_event(db, actor: Actor, *, type_code: str = "conference", title: str = "همایش روابط عمومی شهری",  # type: ignore[no-untyped-def]
               start_on: dt.date | None = None, status: str = "planned", lessons: str = "",
               description: str = "") -> uuid.UUID:
    types = ensure_types(db, actor)
    start_on = start_on or dt.date.today() + dt.timedelta(days=40)
    with write(db, actor) as s:
        year = JalaliDate.from_gregorian(start_on).year
        e = Event(code=event_code(year, 500 + next(_serial) + 10 * (uuid.uuid4().int % 9000)), jalali_year=year,
                  type_id=types[type_code], title=title, title_search=title, start_on=start_on, end_on=start_on,
                  start_time=dt.time(10, 0), end_time=dt.time(12, 30), status=status, lessons=lessons,
                  description=description)
        s.add(e)
        s.flush()
        return e.id


def event_code_of(db, event_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    from pr_desk.services.context import read

    with read(db) as s:
        return s.get(Event, event_id).code  # type: ignore[union-attr]
