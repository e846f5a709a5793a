"""Helpers of the calendar and events-core tests (slice A): staff, a quiet day (a working
day with no occasion), an event made through the service."""

from __future__ import annotations

import datetime as dt

from pr_desk.domain.event_calendar import official_occasions
from pr_desk.domain.jalali import JalaliDate


def quiet_day(after_days: int = 40, *, from_day: dt.date | None = None) -> dt.date:
    """A Saturday-to-Wednesday with no official occasion, `after_days` or more from today."""
    day = (from_day or JalaliDate.today().to_gregorian()) + dt.timedelta(days=after_days)
    while True:
        weekday = (day.weekday() + 2) % 7
        if weekday <= 4 and not official_occasions(day - dt.timedelta(days=1), day + dt.timedelta(days=3)):
            return day
        day += dt.timedelta(days=1)


def first_type(db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.services.events import catalogue

    return catalogue.list_event_types(db, actor)[0]
