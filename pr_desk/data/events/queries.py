"""Queries of event planning's calendar and events core (types, venues, occasions, events,
their officials and files, and what an event may clash with). Month and year views ask
for the events that overlap a date range (start_on <= last and end_on >= first), which
the index on (start_on, end_on) serves."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.events.models import (
    Event,
    EventAttachment,
    EventOfficial,
    EventType,
    Occasion,
    Venue,
)
from pr_desk.data.meetings.models import MeetingSession, Official
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import alphabetical

MAX_SPAN = dt.timedelta(days=367)  # an event lasts at most a year (domain.events.check_span)

SORT_KEYS: dict[str, Any] = {
    "code": Event.code,
    "title": alphabetical(Event.title_search),
    "type": alphabetical(EventType.name),
    "start": Event.start_on,
    "end": Event.end_on,
    "status": Event.status,
    "venue": alphabetical(Venue.name_search),
    "updated": Event.updated_at,
}


# --- catalogue ------------------------------------------------------------------------------

def event_types(session: Session, *, include_retired: bool = False) -> Sequence[EventType]:
    stmt = select(EventType).where(EventType.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(EventType.retired.is_(False))
    return session.scalars(stmt.order_by(EventType.sort_order, alphabetical(EventType.name))).all()


def event_type(session: Session, type_id: uuid.UUID) -> EventType | None:
    t = session.get(EventType, type_id)
    return t if t is not None and t.deleted_at is None else None


def event_type_by_name(session: Session, name: str) -> EventType | None:
    return session.scalars(select(EventType).where(EventType.name == name, EventType.deleted_at.is_(None))).first()


def venues(session: Session, *, include_retired: bool = False) -> Sequence[Venue]:
    stmt = select(Venue).where(Venue.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(Venue.retired.is_(False))
    return session.scalars(stmt.order_by(alphabetical(Venue.name_search))).all()


def venue(session: Session, venue_id: uuid.UUID) -> Venue | None:
    v = session.get(Venue, venue_id)
    return v if v is not None and v.deleted_at is None else None


def venue_by_name(session: Session, name: str) -> Venue | None:
    return session.scalars(select(Venue).where(Venue.name == name, Venue.deleted_at.is_(None))).first()


# Built once: an order's deadline reads them (bench/clerks_bench.py --profile).
_OCCASIONS = (select(Occasion).where(Occasion.deleted_at.is_(None))
              .order_by(Occasion.jalali_month, Occasion.jalali_day, Occasion.on_date, alphabetical(Occasion.name)))


def occasions(session: Session) -> Sequence[Occasion]:
    return session.scalars(_OCCASIONS).all()


def occasion(session: Session, occasion_id: uuid.UUID) -> Occasion | None:
    o = session.get(Occasion, occasion_id)
    return o if o is not None and o.deleted_at is None else None


# --- events -------------------------------------------------------------------------------

def event(session: Session, event_id: uuid.UUID, *, for_update: bool = False) -> Event | None:
    stmt = select(Event).where(Event.id == event_id, Event.deleted_at.is_(None))
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalars(select(Event).where(Event.code == code, Event.deleted_at.is_(None))).first()


def max_serial(session: Session, year: int) -> int:
    """The highest serial of the year's codes already in use (imports bring their own)."""
    codes = session.scalars(select(Event.code).where(Event.jalali_year == year)).all()
    best = 0
    for code in codes:
        try:
            best = max(best, int(code.rsplit("-", 1)[1]))
        except (IndexError, ValueError):
            continue
    return best


def _listed(*, search: str = "", words: Sequence[str] = (), year: int | None = None, first: dt.date | None = None,
            last: dt.date | None = None, type_id: uuid.UUID | None = None, status: Collection[str] | None = None,
            venue_id: uuid.UUID | None = None) -> Select[Event, EventType, Venue, Unit]:
    stmt = (select(Event, EventType, Venue, Unit)
            .join(EventType, EventType.id == Event.type_id)
            .outerjoin(Venue, Venue.id == Event.venue_id)
            .outerjoin(Unit, Unit.id == Event.organiser_unit_id)
            .where(Event.deleted_at.is_(None)))
    if year is not None:
        stmt = stmt.where(Event.jalali_year == year)
    if first is not None:
        # events last at most a year (domain check_span): a lower bound on start_on keeps the
        # range scan of ix_event_start_on short however many years the register holds
        stmt = stmt.where(Event.end_on >= first, Event.start_on >= first - MAX_SPAN)
    if last is not None:
        stmt = stmt.where(Event.start_on <= last)
    if type_id is not None:
        stmt = stmt.where(Event.type_id == type_id)
    if status:
        stmt = stmt.where(Event.status.in_(list(status)))
    if venue_id is not None:
        stmt = stmt.where(Event.venue_id == venue_id)
    for word in words:
        stmt = stmt.where(or_(Event.title_search.contains(word, autoescape=True),
                              Event.code.contains(word.upper(), autoescape=True)))
    return stmt


def page(session: Session, *, offset: int = 0, limit: int = 200, sort_key: str | None = None, descending: bool = False,
         **filters: Any) -> list[tuple[Event, EventType, Venue | None, Unit | None]]:
    stmt = _listed(**filters)
    if sort_key is None:
        order: list[Any] = [Event.start_on.desc() if descending else Event.start_on.asc(), Event.code.asc()]
    else:
        column = SORT_KEYS[sort_key]
        order = [column.desc() if descending else column.asc()]
    order.append(Event.id.desc() if descending else Event.id.asc())
    return [(e, t, v, u) for e, t, v, u in session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()]


def count(session: Session, **filters: Any) -> int:
    stmt = _listed(**filters).with_only_columns(func.count(Event.id)).order_by(None)
    return int(session.scalar(stmt) or 0)


def overlapping(session: Session, first: dt.date, last: dt.date, *, statuses: Collection[str] | None = None,
                venue_id: uuid.UUID | None = None, exclude_id: uuid.UUID | None = None) -> Sequence[Event]:
    """Events with a day in [first, last] (optionally at one venue, in some statuses)."""
    stmt = select(Event).where(Event.deleted_at.is_(None), Event.start_on <= last, Event.end_on >= first,
                               Event.start_on >= first - MAX_SPAN)
    if statuses is not None:
        stmt = stmt.where(Event.status.in_(list(statuses)))
    if venue_id is not None:
        stmt = stmt.where(Event.venue_id == venue_id)
    if exclude_id is not None:
        stmt = stmt.where(Event.id != exclude_id)
    return session.scalars(stmt.order_by(Event.start_on, Event.code)).all()


def events_of_officials(session: Session, official_ids: Collection[uuid.UUID], first: dt.date, last: dt.date, *,
                        statuses: Collection[str], exclude_id: uuid.UUID | None = None
                        ) -> list[tuple[Event, Official]]:
    if not official_ids:
        return []
    stmt = (select(Event, Official)
            .join(EventOfficial, EventOfficial.event_id == Event.id)
            .join(Official, Official.id == EventOfficial.official_id)
            .where(Event.deleted_at.is_(None), EventOfficial.deleted_at.is_(None),
                   EventOfficial.official_id.in_(list(official_ids)), Event.status.in_(list(statuses)),
                   Event.start_on <= last, Event.end_on >= first))
    if exclude_id is not None:
        stmt = stmt.where(Event.id != exclude_id)
    return [(e, o) for e, o in session.execute(stmt.order_by(Event.start_on)).all()]


def sessions_between(session: Session, first: dt.date, last: dt.date, *,
                     official_ids: Collection[uuid.UUID] | None = None,
                     exclude_status: Collection[str] = ("cancelled",)) -> list[tuple[MeetingSession, Official]]:
    """Meeting sessions of officials on the days [first, last]."""
    stmt = (select(MeetingSession, Official)
            .join(Official, Official.id == MeetingSession.official_id)
            .where(MeetingSession.deleted_at.is_(None), MeetingSession.session_date >= first,
                   MeetingSession.session_date <= last))
    if official_ids is not None:
        if not official_ids:
            return []
        stmt = stmt.where(MeetingSession.official_id.in_(list(official_ids)))
    if exclude_status:
        stmt = stmt.where(MeetingSession.status.not_in(list(exclude_status)))
    return [(m, o) for m, o in session.execute(stmt.order_by(MeetingSession.session_date, MeetingSession.start_time)).all()]


def event_officials(session: Session, event_ids: Collection[uuid.UUID]) -> list[tuple[EventOfficial, Official]]:
    if not event_ids:
        return []
    stmt = (select(EventOfficial, Official).join(Official, Official.id == EventOfficial.official_id)
            .where(EventOfficial.event_id.in_(list(event_ids)), EventOfficial.deleted_at.is_(None))
            .order_by(Official.sort_order, alphabetical(Official.name)))
    return [(eo, o) for eo, o in session.execute(stmt).all()]


def official_links(session: Session, event_id: uuid.UUID) -> Sequence[EventOfficial]:
    """Every link row of the event, removed ones too (re-adding an official revives its row)."""
    return session.scalars(select(EventOfficial).where(EventOfficial.event_id == event_id)).all()


def officials(session: Session, official_ids: Collection[uuid.UUID]) -> Sequence[Official]:
    if not official_ids:
        return []
    return session.scalars(select(Official).where(Official.id.in_(list(official_ids)), Official.deleted_at.is_(None))).all()


def attachments(session: Session, event_id: uuid.UUID) -> Sequence[EventAttachment]:
    stmt = select(EventAttachment).where(EventAttachment.event_id == event_id, EventAttachment.deleted_at.is_(None))
    return session.scalars(stmt.order_by(EventAttachment.created_at)).all()


def attachment(session: Session, attachment_id: uuid.UUID) -> EventAttachment | None:
    a = session.get(EventAttachment, attachment_id)
    return a if a is not None and a.deleted_at is None else None


def next_event(session: Session, day: dt.date, *, exclude_status: Collection[str] = ("cancelled",)) -> Event | None:
    """The nearest event starting on `day` or later; else the latest one."""
    base = select(Event).where(Event.deleted_at.is_(None))
    if exclude_status:
        base = base.where(Event.status.not_in(list(exclude_status)))
    upcoming = session.scalars(base.where(Event.start_on >= day).order_by(Event.start_on, Event.code).limit(1)).first()
    if upcoming is not None:
        return upcoming
    return session.scalars(base.order_by(Event.start_on.desc(), Event.code.desc()).limit(1)).first()


def unit(session: Session, unit_id: uuid.UUID) -> Unit | None:
    u = session.get(Unit, unit_id)
    return u if u is not None and u.deleted_at is None else None


def sessions_per_day(session: Session, first: dt.date, last: dt.date,
                     exclude_status: Collection[str] = ("cancelled",)) -> dict[dt.date, list[tuple[str, dt.time, dt.time]]]:
    """The officials' meeting sessions on each day of [first, last]: (official, start, end)."""
    stmt = (select(MeetingSession.session_date, Official.name, MeetingSession.start_time, MeetingSession.end_time)
            .join(Official, Official.id == MeetingSession.official_id)
            .where(MeetingSession.deleted_at.is_(None), MeetingSession.session_date >= first,
                   MeetingSession.session_date <= last, MeetingSession.status.not_in(list(exclude_status)))
            .order_by(MeetingSession.session_date, MeetingSession.start_time))
    out: dict[dt.date, list[tuple[str, dt.time, dt.time]]] = {}
    for day, name, start, end in session.execute(stmt).all():
        out.setdefault(day, []).append((name, start, end))
    return out


def active_units(session: Session) -> list[tuple[uuid.UUID, str]]:
    stmt = (select(Unit.id, Unit.name).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None))
            .order_by(Unit.kind, Unit.district, alphabetical(Unit.name_search)))
    return [(i, n) for i, n in session.execute(stmt).all()]


def active_officials(session: Session) -> list[tuple[uuid.UUID, str, str]]:
    stmt = (select(Official.id, Official.name, Official.title)
            .where(Official.deleted_at.is_(None), Official.active.is_(True)).order_by(Official.sort_order, alphabetical(Official.name)))
    return [(i, n, t) for i, n, t in session.execute(stmt).all()]


def rows_of_event(session: Session, model: Any, event_id: uuid.UUID) -> Sequence[Any]:
    """The live rows of a per-event table (tasks, budget lines, guests, programme) of one event."""
    stmt = select(model).where(model.event_id == event_id, model.deleted_at.is_(None))
    return session.scalars(stmt).all()
