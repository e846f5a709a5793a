"""Helpers of slice B's tests (checklists, tasks, budget): staff with each role, the
event types (seeded by the catalogue service) and an event made by the events service."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass

from pr_desk.data.events.models import Event, EventType
from pr_desk.domain.jalali import office_today
from pr_desk.domain.roles import Role
from pr_desk.services.context import Actor, read, write
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
    """The six default types, seeded by the catalogue service (slice A)."""
    from pr_desk.services.events import catalogue

    catalogue.ensure_default_types(db, actor)
    with read(db) as s:
        return {t.code: t.id for t in s.query(EventType).all()}


def make_event(db, actor: Actor, *, type_code: str = "conference", title: str = "همایش روابط عمومی شهری",  # type: ignore[no-untyped-def]
               start_on: dt.date | None = None, status: str = "planned", lessons: str = "",
               description: str = "") -> uuid.UUID:
    """An event made by the events service (slice A), then moved to `status` and given
    `lessons` straight in its row (the steps to 'held' are slice A's, tested there)."""
    from pr_desk.services.events.events import create_event

    types = ensure_types(db, actor)
    start_on = start_on or office_today() + dt.timedelta(days=40)
    made = create_event(db, actor, type_id=types[type_code], title=title, start_on=start_on, start_time=dt.time(10, 0),
                        end_time=dt.time(12, 30), description=description, clash_reason="آزمون: همپوشانی پذیرفته است",
                        status="planned")
    if status != "planned" or lessons:
        with write(db, actor) as s:
            e = s.get(Event, made.id)
            assert e is not None
            e.status, e.lessons = status, lessons
    return made.id


def event_code_of(db, event_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    with read(db) as s:
        return s.get(Event, event_id).code  # type: ignore[union-attr]
