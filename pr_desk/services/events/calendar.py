"""The year's calendar: a Jalali month (every day of it, Saturday first, with its events,
official and office occasions, holidays and the officials' meeting sessions) and a
year's list of events and occasions. Official occasions come from the `holidays`
package (domain/event_calendar.py); the office's own occasions win over them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import queries as q
from pr_desk.domain.event_calendar import DayOccasion, jalali_year_range
from pr_desk.domain.events import EventStatus
from pr_desk.domain.jalali import JalaliDate, month_grid
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import sort_key
from pr_desk.domain.workweek import FRIDAY, iranian_weekday
from pr_desk.services.context import Actor, read, require
from pr_desk.services.events.catalogue import day_occasions
from pr_desk.services.events.events import EventInfo, info_fields

__all__ = ["CalendarDay", "MonthData", "YearRow", "month_data", "year_list"]

MAX_MONTH_EVENTS = 5000


@dataclass(frozen=True)
class SessionRef:
    official: str
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    jalali: JalaliDate
    in_month: bool  # False: a day of the neighbouring month filling the grid
    weekend: bool  # Friday (the office's weekend)
    holiday: bool  # an official holiday or an office occasion marked holiday
    events: tuple[EventInfo, ...]
    occasions: tuple[DayOccasion, ...]
    sessions: tuple[SessionRef, ...]

    @property
    def is_today(self) -> bool:
        return self.jalali == JalaliDate.today()


@dataclass(frozen=True)
class MonthData:
    year: int
    month: int
    weeks: tuple[tuple[CalendarDay, ...], ...]  # six weeks, Saturday first

    @property
    def days(self) -> list[CalendarDay]:
        """The month's own days, in order."""
        return [d for week in self.weeks for d in week if d.in_month]

    def day(self, on: dt.date) -> CalendarDay:
        for week in self.weeks:
            for d in week:
                if d.day == on:
                    return d
        raise KeyError(on)


def month_data(db: Database, actor: Actor, *, year: int, month: int, include_cancelled: bool = True) -> MonthData:
    """Every day of the Jalali month's six-week grid with its events (a multi-day event on
    each of its days), occasions, holidays and meeting sessions: one query of each."""
    require(actor, Permission.VIEW_EVENTS, db)
    grid = month_grid(year, month)
    first, last = grid[0][0].to_gregorian(), grid[-1][-1].to_gregorian()
    statuses = None if include_cancelled else [s.value for s in EventStatus if s is not EventStatus.CANCELLED]
    with read(db) as session:
        rows = q.page(session, first=first, last=last, status=statuses, limit=MAX_MONTH_EVENTS)
        events = [EventInfo(**info_fields(*row)) for row in rows]
        occasions = day_occasions(session, first, last)
        sessions = q.sessions_per_day(session, first, last)
    by_day_events: dict[dt.date, list[EventInfo]] = {}
    for e in events:
        d = max(e.start_on, first)
        while d <= min(e.end_on, last):
            by_day_events.setdefault(d, []).append(e)
            d += dt.timedelta(days=1)
    by_day_occ: dict[dt.date, list[DayOccasion]] = {}
    for o in occasions:
        by_day_occ.setdefault(o.on, []).append(o)
    weeks = []
    for week in grid:
        cells = []
        for jd in week:
            g = jd.to_gregorian()
            occ = tuple(by_day_occ.get(g, ()))
            cells.append(CalendarDay(g, jd, jd.month == month, iranian_weekday(g) == FRIDAY, any(o.holiday for o in occ),
                                     tuple(sorted(by_day_events.get(g, ()), key=lambda e: (e.start_time or dt.time.min, e.code))),
                                     occ, tuple(SessionRef(*s) for s in sessions.get(g, ()))))
        weeks.append(tuple(cells))
    return MonthData(year, month, tuple(weeks))


@dataclass(frozen=True)
class YearRow:
    """A line of the year list: an event or an occasion."""

    on: dt.date
    end_on: dt.date
    kind: str  # "event" or "occasion"
    title: str
    detail: str  # the event's type, or the occasion's source
    status: EventStatus | None
    holiday: bool
    estimated: bool
    official: bool
    event_id: uuid.UUID | None = None
    code: str = ""
    venue: str = ""

    @property
    def jalali(self) -> JalaliDate:
        return JalaliDate.from_gregorian(self.on)


def year_list(db: Database, actor: Actor, *, year: int, events: bool = True, occasions: bool = True) -> list[YearRow]:
    """The Jalali year's events and occasions in date order (events first on a day)."""
    require(actor, Permission.VIEW_EVENTS, db)
    first, last = jalali_year_range(year)
    rows: list[YearRow] = []
    with read(db) as session:
        if events:
            for row in q.page(session, first=first, last=last, limit=100_000):
                e = EventInfo(**info_fields(*row))
                rows.append(YearRow(e.start_on, e.end_on, "event", e.title, e.type_name, e.status, False, False, False,
                                    e.id, e.code, e.venue_name))
        if occasions:
            rows.extend(_occasion_rows(day_occasions(session, first, last)))
    return sorted(rows, key=lambda r: (r.on, r.kind != "event", sort_key(r.title)))


def _occasion_rows(occasions: list[DayOccasion]) -> list[YearRow]:
    """One row per occasion, its consecutive days (a week, Nowruz's days) merged."""
    rows: list[YearRow] = []
    last_of: dict[tuple[object, ...], int] = {}
    for o in sorted(occasions, key=lambda o: (o.on, sort_key(o.name))):
        key = (o.name, o.official, o.occasion_id, o.holiday, o.estimated)
        at = last_of.get(key)
        if at is not None and rows[at].end_on + dt.timedelta(days=1) == o.on:
            from dataclasses import replace

            rows[at] = replace(rows[at], end_on=o.on)
            continue
        last_of[key] = len(rows)
        rows.append(YearRow(o.on, o.on, "occasion", o.name, "", None, o.holiday, o.estimated, o.official))
    return rows
