"""Helpers of slice C's tests: an event (with a venue of some capacity) written straight
as rows, and staff with each role."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from pr_desk.data.events.models import Event, EventType, Venue
from pr_desk.domain.events import event_code
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.services.context import Actor, write

_serial = itertools.count(1)


def make_event(db, actor: Actor, *, title: str = "جشن روز شهرداری", start_on: dt.date | None = None,  # type: ignore[no-untyped-def]
               start_time: dt.time | None = dt.time(10, 0), capacity: int = 0, venue: str | None = "تالار وحدت",
               status: str = "planned") -> uuid.UUID:
    start_on = start_on or office_today() + dt.timedelta(days=20)
    with write(db, actor) as s:
        kind = s.query(EventType).filter_by(code="celebration").one_or_none()
        if kind is None:
            kind = EventType(code="celebration", name="جشن")
            s.add(kind)
            s.flush()
        venue_id = None
        if venue:
            v = s.query(Venue).filter_by(name=venue).one_or_none()
            if v is None:
                v = Venue(name=venue, capacity=capacity)
                s.add(v)
                s.flush()
            venue_id = v.id
        year = JalaliDate.from_gregorian(start_on).year
        e = Event(code=event_code(year, next(_serial) + 100 * (uuid.uuid4().int % 9000)), jalali_year=year, type_id=kind.id,
                  title=title, title_search=title, start_on=start_on, end_on=start_on, start_time=start_time,
                  end_time=dt.time(12, 0) if start_time else None, venue_id=venue_id, status=status)
        s.add(e)
        s.flush()
        return e.id
