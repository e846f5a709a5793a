"""Event planning's lists: event types (the six defaults seeded on first use; editable),
the register of venues (name, capacity, address) and the office's own occasions (one-off
or every Jalali year, a correction of an estimated official date via `corrects_on`)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import queries as q
from pr_desk.data.events.models import EventType, Occasion, Venue
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.event_calendar import (
    MAX_LASTS_DAYS,
    DayOccasion,
    OfficeOccasionRule,
    check_one_off_day,
    check_yearly_day,
    merged_occasions,
)
from pr_desk.domain.events import DEFAULT_EVENT_TYPES
from pr_desk.domain.jalali import JalaliDate, parse_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import search_key
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write

__all__ = [
    "DayOccasion", "EventTypeInfo", "OccasionInfo", "VenueInfo", "ensure_default_types", "list_event_types",
    "list_occasions", "list_venues", "occasions_between", "remove_occasion", "save_event_type", "save_occasion",
    "save_venue",
]


@dataclass(frozen=True)
class EventTypeInfo:
    id: uuid.UUID
    code: str
    name: str
    sort_order: int
    retired: bool
    version: int


@dataclass(frozen=True)
class VenueInfo:
    id: uuid.UUID
    name: str
    address: str
    capacity: int  # 0: not known
    note: str
    retired: bool
    version: int


@dataclass(frozen=True)
class OccasionInfo:
    id: uuid.UUID
    name: str
    on_date: dt.date | None  # one-off
    jalali_month: int | None  # yearly
    jalali_day: int | None
    lasts_days: int
    holiday: bool
    corrects_on: dt.date | None
    note: str
    version: int

    @property
    def yearly(self) -> bool:
        return self.on_date is None


def _type_info(t: EventType) -> EventTypeInfo:
    return EventTypeInfo(t.id, t.code, t.name, t.sort_order, t.retired, t.version)


def _venue_info(v: Venue) -> VenueInfo:
    return VenueInfo(v.id, v.name, v.address, v.capacity, v.note, v.retired, v.version)


def _occasion_info(o: Occasion) -> OccasionInfo:
    return OccasionInfo(o.id, o.name, o.on_date, o.jalali_month, o.jalali_day, o.lasts_days, o.holiday, o.corrects_on,
                        o.note, o.version)


# --- event types ----------------------------------------------------------------------------

def seed_types(session: Session) -> None:
    """The six default types when the office has none (office setup, or first use)."""
    if not q.event_types(session, include_retired=True):
        for order, t in enumerate(DEFAULT_EVENT_TYPES):
            session.add(EventType(code=t.code, name=t.name, sort_order=order))
        session.flush()


def ensure_default_types(db: Database, actor: Actor) -> list[EventTypeInfo]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        if q.event_types(session, include_retired=True):
            return [_type_info(t) for t in q.event_types(session)]
    with write(db, actor) as session:
        seed_types(session)
        return [_type_info(t) for t in q.event_types(session)]


def list_event_types(db: Database, actor: Actor, *, include_retired: bool = False) -> list[EventTypeInfo]:
    """The office's event types (the defaults are seeded on first use)."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        types = q.event_types(session, include_retired=include_retired)
        if types or q.event_types(session, include_retired=True):
            return [_type_info(t) for t in types]
    ensure_default_types(db, actor)
    with read(db) as session:
        return [_type_info(t) for t in q.event_types(session, include_retired=include_retired)]


def save_event_type(db: Database, actor: Actor, *, type_id: uuid.UUID | None = None, name: str, retired: bool = False,
                    expected_version: int | None = None) -> EventTypeInfo:
    """Adds a type, renames one, retires or restores it (a supervisor)."""
    require(actor, Permission.APPROVE_EVENTS)
    name = require_text(name, N_("Name"), 100, field="name")
    with write(db, actor) as session:
        seed_types(session)
        other = q.event_type_by_name(session, name)
        if other is not None and other.id != type_id:
            raise UserError(N_("There is already an event type named {name}."), field="name", name=name)
        if type_id is None:
            t = EventType(code="t-" + uuid.uuid4().hex[:8], name=name,
                          sort_order=len(q.event_types(session, include_retired=True)), retired=retired)
            session.add(t)
        else:
            found = q.event_type(session, type_id)
            if found is None:
                raise NotFound(N_("This event type no longer exists."))
            t = found
            check_version(t.version, expected_version)
            t.name, t.retired = name, retired
        session.flush()
        return _type_info(t)


# --- venues -----------------------------------------------------------------------------------

def list_venues(db: Database, actor: Actor, *, include_retired: bool = False) -> list[VenueInfo]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return [_venue_info(v) for v in q.venues(session, include_retired=include_retired)]


def _capacity(value: object) -> int:
    from pr_desk.domain.text import to_latin_digits

    text = to_latin_digits(str(value)).strip() if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        raise UserError(N_("A venue's capacity is a whole number of seats: {value}."), field="capacity", value=str(value))
    number = int(text)
    if number < 0:
        raise UserError(N_("A venue's capacity cannot be negative."), field="capacity")
    if number > 1_000_000:
        raise UserError(N_("A venue's capacity is at most {limit} seats."), field="capacity", limit=1_000_000)
    return number


def save_venue(db: Database, actor: Actor, *, venue_id: uuid.UUID | None = None, name: str, capacity: int | str = 0,
               address: str = "", note: str = "", retired: bool = False, expected_version: int | None = None) -> VenueInfo:
    """Adds a venue or edits one (a supervisor); capacity 0 means not known."""
    require(actor, Permission.APPROVE_EVENTS)
    name = require_text(name, N_("Name"), 200, field="name")
    seats = _capacity(capacity)
    address = optional_text(address, N_("Address"), 1000, field="address", multiline=True) or ""
    note = optional_text(note, N_("Note"), 2000, field="note", multiline=True) or ""
    with write(db, actor) as session:
        other = q.venue_by_name(session, name)
        if other is not None and other.id != venue_id:
            raise UserError(N_("There is already a venue named {name}."), field="name", name=name)
        if venue_id is None:
            v = Venue(name=name)
            session.add(v)
        else:
            found = q.venue(session, venue_id)
            if found is None:
                raise NotFound(N_("This venue no longer exists."))
            v = found
            check_version(v.version, expected_version)
        v.name, v.name_search, v.capacity, v.address, v.note, v.retired = name, search_key(name), seats, address, note, retired
        session.flush()
        return _venue_info(v)


# --- the office's occasions ---------------------------------------------------------------------

def list_occasions(db: Database, actor: Actor) -> list[OccasionInfo]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return [_occasion_info(o) for o in q.occasions(session)]


def _one_off(value: dt.date | JalaliDate | str | tuple[int, int, int]) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, JalaliDate):
        return value.to_gregorian()
    if isinstance(value, tuple):
        year, month, day = value
        return check_one_off_day(int(year), int(month), int(day))
    from pr_desk.domain.text import to_latin_digits

    parts = to_latin_digits(str(value)).replace("-", "/").replace(".", "/").split("/")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts) and len(parts[0].strip()) == 4:
        return check_one_off_day(*(int(p) for p in parts))
    return parse_jalali(str(value)).to_gregorian()


def save_occasion(db: Database, actor: Actor, *, occasion_id: uuid.UUID | None = None, name: str,
                  on_date: dt.date | JalaliDate | str | tuple[int, int, int] | None = None,
                  jalali_month: int | None = None, jalali_day: int | None = None, lasts_days: int = 1,
                  holiday: bool = False, corrects_on: dt.date | None = None, note: str = "",
                  expected_version: int | None = None) -> OccasionInfo:
    """Adds or edits an office occasion: one-off (`on_date`: a date, or a Jalali date as
    text or (year, month, day)) or every year on a Jalali month and day; `corrects_on` is
    the official estimated date it replaces. A date that does not exist is refused."""
    require(actor, Permission.MANAGE_EVENTS, db)
    name = require_text(name, N_("Name"), 200, field="name")
    note = optional_text(note, N_("Note"), 2000, field="note", multiline=True) or ""
    day: dt.date | None = None
    if on_date is not None and on_date != "":
        day = _one_off(on_date)
        jalali_month = jalali_day = None
    elif jalali_month is not None or jalali_day is not None:
        if jalali_month is None or jalali_day is None:
            raise UserError(N_("A yearly occasion needs both its Jalali month and day."), field="jalali_day")
        check_yearly_day(int(jalali_month), int(jalali_day))
    else:
        raise UserError(N_("Give the occasion's date, or its month and day for every year."), field="on_date")
    if corrects_on is not None and day is None:
        raise UserError(N_("A correction of an official date needs the announced date itself."), field="on_date")
    if isinstance(lasts_days, bool) or not isinstance(lasts_days, int) or not 1 <= lasts_days <= MAX_LASTS_DAYS:
        raise UserError(N_("An occasion lasts 1 to {limit} days."), field="lasts_days", limit=MAX_LASTS_DAYS)
    with write(db, actor) as session:
        if occasion_id is None:
            o = Occasion(name=name)
            session.add(o)
        else:
            found = q.occasion(session, occasion_id)
            if found is None:
                raise NotFound(N_("This occasion no longer exists."))
            o = found
            check_version(o.version, expected_version)
        o.name, o.on_date, o.lasts_days, o.holiday, o.corrects_on, o.note = name, day, lasts_days, bool(holiday), corrects_on, note
        o.jalali_month = int(jalali_month) if jalali_month is not None else None
        o.jalali_day = int(jalali_day) if jalali_day is not None else None
        session.flush()
        return _occasion_info(o)


def remove_occasion(db: Database, actor: Actor, occasion_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        o = q.occasion(session, occasion_id)
        if o is None:
            raise NotFound(N_("This occasion no longer exists."))
        check_version(o.version, expected_version)
        o.deleted_at = utcnow()


def occasion_rules(session: Session) -> list[OfficeOccasionRule]:
    return [OfficeOccasionRule(o.id, o.name, o.on_date, o.jalali_month, o.jalali_day, o.lasts_days, o.holiday, o.corrects_on)
            for o in q.occasions(session)]


def day_occasions(session: Session, first: dt.date, last: dt.date) -> list[DayOccasion]:
    """Official and office occasions on [first, last] (the office's win)."""
    return merged_occasions(occasion_rules(session), first, last)


def occasions_between(db: Database, actor: Actor, *, first: dt.date, last: dt.date) -> list[DayOccasion]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return day_occasions(session, first, last)
