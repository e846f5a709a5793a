"""Events: create and edit (optimistic lock), the status steps (idea → planned → approved →
held → reported, or cancelled with a reason), the officials taking part, files, the clash
check before a save (venue, officials' events and meeting sessions, holidays), the list
with its filters, and the next event (what reports take when given no filter).

Codes are issued per Jalali year of the event's start: E1405-001, E1405-002 … and kept
for good (an event moved into the next year keeps its code)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.events import queries as q
from pr_desk.data.events.models import Event, EventAttachment, EventOfficial, EventType, Venue
from pr_desk.data.models import Unit
from pr_desk.data.numbering import next_number
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.event_calendar import jalali_year_range
from pr_desk.domain.events import (
    ACTIVE_STATUSES,
    MAX_TEXT,
    MAX_TITLE,
    EventStatus,
    Span,
    check_event_transition,
    check_span,
    event_code,
    looks_like_event_code,
    normalize_event_code,
)
from pr_desk.domain.jalali import JalaliDate, format_jalali, office_today
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import search_key
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_, N_plural
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.directives.files import checked_file, file_bytes, store_file
from pr_desk.services.events.catalogue import day_occasions

__all__ = [
    "KEEP", "AttachmentInfo", "clone_event", "Clash", "ClashError", "ClashKind", "EventDetail", "EventInfo", "OfficialRef",
    "EventChoices", "add_attachment", "attachment_content", "event_choices", "change_status", "check_clashes", "count_events", "create_event",
    "find_event", "get_event", "list_events", "next_event", "remove_attachment", "set_officials", "today",
    "update_event",
]


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # update_event: leave this field as it is


# --- what the services hand out ---------------------------------------------------------------

@dataclass(frozen=True)
class OfficialRef:
    official_id: uuid.UUID
    name: str
    title: str
    role: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    file_name: str
    mime: str
    size: int
    sha256: str


@dataclass(frozen=True)
class EventInfo:
    id: uuid.UUID
    code: str  # E1405-012 (Latin, as stored)
    jalali_year: int
    type_id: uuid.UUID
    type_name: str
    title: str
    organiser_unit_id: uuid.UUID | None
    organiser_name: str
    start_on: dt.date
    start_time: dt.time | None
    end_on: dt.date
    end_time: dt.time | None
    venue_id: uuid.UUID | None
    venue_name: str
    venue_capacity: int
    status: EventStatus
    status_on: dt.date | None
    clash_reason: str
    version: int  # pass back as expected_version

    @property
    def span(self) -> Span:
        return Span(self.start_on, self.end_on, self.start_time, self.end_time)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class EventDetail(EventInfo):
    description: str
    cancel_reason: str
    lessons: str
    expected_guests: int
    seating_mode: str
    seating_groups: int
    seats_per_group: int
    cloned_from_id: uuid.UUID | None
    officials: tuple[OfficialRef, ...]
    attachments: tuple[AttachmentInfo, ...]
    cloned_from_code: str = ""  # the event this one was cloned from
    earlier_lessons: str = ""  # its lessons learned, shown on top of the clone

    @property
    def info(self) -> EventInfo:
        return self

    @property
    def official_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(o.official_id for o in self.officials)


class ClashKind(StrEnum):
    VENUE = "venue"
    OFFICIAL_EVENT = "official_event"
    OFFICIAL_SESSION = "official_session"
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    on: dt.date
    message: str  # an N_ msgid, filled from params when shown
    params: tuple[tuple[str, Any], ...] = ()
    other_event_id: uuid.UUID | None = None
    other_code: str = ""

    @property
    def text(self) -> str:
        return UserError(self.message, **dict(self.params)).translated()


class ClashError(UserError):
    """The event clashes and no reason to go ahead was given; `clashes` lists them."""

    def __init__(self, clashes: Sequence[Clash]) -> None:
        super().__init__(N_("This event clashes with {count} other commitments (the first: {first}). Give a reason to "
                            "save it anyway."), field="clash_reason", count=len(clashes), first=clashes[0].text)
        self.clashes = list(clashes)


def info_fields(e: Event, t: EventType, v: Venue | None, u: Unit | None) -> dict[str, Any]:
    return dict(id=e.id, code=e.code, jalali_year=e.jalali_year, type_id=e.type_id, type_name=t.name, title=e.title,
                organiser_unit_id=e.organiser_unit_id, organiser_name=u.name if u else "", start_on=e.start_on,
                start_time=e.start_time, end_on=e.end_on, end_time=e.end_time, venue_id=e.venue_id,
                venue_name=v.name if v else "", venue_capacity=v.capacity if v else 0, status=EventStatus(e.status),
                status_on=e.status_on, clash_reason=e.clash_reason, version=e.version)


def event_info(session: Session, e: Event) -> EventInfo:
    t = q.event_type(session, e.type_id) or session.get(EventType, e.type_id)
    assert t is not None
    return EventInfo(**info_fields(e, t, q.venue(session, e.venue_id) if e.venue_id else None,
                                    q.unit(session, e.organiser_unit_id) if e.organiser_unit_id else None))


def _detail(session: Session, e: Event) -> EventDetail:
    info = event_info(session, e)
    officials = tuple(OfficialRef(o.id, o.name, o.title, eo.role) for eo, o in q.event_officials(session, [e.id]))
    files = tuple(AttachmentInfo(a.id, a.file_name, a.mime, a.size, a.file_sha256) for a in q.attachments(session, e.id))
    source = q.event(session, e.cloned_from_id) if e.cloned_from_id else None
    return EventDetail(**{k: getattr(info, k) for k in info.__dataclass_fields__},
                       description=e.description, cancel_reason=e.cancel_reason, lessons=e.lessons,
                       expected_guests=e.expected_guests, seating_mode=e.seating_mode, seating_groups=e.seating_groups,
                       seats_per_group=e.seats_per_group, cloned_from_id=e.cloned_from_id, officials=officials,
                       attachments=files, cloned_from_code=source.code if source else "",
                       earlier_lessons=source.lessons if source else "")


def load_event(session: Session, event_id: uuid.UUID, *, for_update: bool = False) -> Event:
    e = q.event(session, event_id, for_update=for_update)
    if e is None:
        raise NotFound(N_("This event no longer exists."))
    return e


# --- reading ------------------------------------------------------------------------------------

def get_event(db: Database, actor: Actor, event_id: uuid.UUID) -> EventDetail:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return _detail(session, load_event(session, event_id))


def find_event(db: Database, actor: Actor, code: str) -> EventDetail:
    """An event by its code as typed (Persian digits accepted: E۱۴۰۵-۰۱۲)."""
    require(actor, Permission.VIEW_EVENTS, db)
    text = normalize_event_code(code)
    if not looks_like_event_code(text):
        raise UserError(N_("{code} is not an event code (like E1405-012)."), field="event", code=code)
    with read(db) as session:
        e = q.event_by_code(session, text)
        if e is None:
            raise NotFound(N_("There is no event with the code {code}."), field="event", code=text)
        return _detail(session, e)


def event_of_filter(db: Database, actor: Actor, text: object) -> EventDetail | None:
    """The event a report's `event` filter names (its code as typed), or with no filter the
    next event (`next_event`); None when the office has no events. The one rule every
    event report follows, so each builds with no filter."""
    code = str(text or "").strip()
    return find_event(db, actor, code) if code else next_event(db, actor)


def _filters(search: str, year: int | None, first: dt.date | None, last: dt.date | None, type_id: uuid.UUID | None,
             status: EventStatus | str | Collection[EventStatus | str] | None, venue_id: uuid.UUID | None) -> dict[str, Any]:
    if year is not None:
        y_first, y_last = jalali_year_range(year)
        first = max(first, y_first) if first else y_first
        last = min(last, y_last) if last else y_last
    statuses: list[str] | None = None
    if status is not None:
        items = [status] if isinstance(status, str) else list(status)
        statuses = [EventStatus(s).value for s in items]
    key = search_key(search or "")
    words = [w for w in key.split() if w]
    return {"words": words, "first": first, "last": last, "type_id": type_id, "status": statuses, "venue_id": venue_id}


def list_events(db: Database, actor: Actor, *, search: str = "", year: int | None = None, first: dt.date | None = None,
                last: dt.date | None = None, type_id: uuid.UUID | None = None,
                status: EventStatus | str | Collection[EventStatus | str] | None = None, venue_id: uuid.UUID | None = None,
                offset: int = 0, limit: int = 200, sort_key: str | None = None, descending: bool = False) -> list[EventInfo]:
    """Events with a day in the Jalali `year` and/or the range [first, last] (a month: its
    first and last day), of a type, status(es), venue, whose title or code has the
    search words; by start date unless sorted by a column (q.SORT_KEYS)."""
    require(actor, Permission.VIEW_EVENTS, db)
    if sort_key is not None and sort_key not in q.SORT_KEYS:
        raise UserError(N_("This list cannot be sorted by {key}."), key=sort_key)
    filters = _filters(search, year, first, last, type_id, status, venue_id)
    with read(db) as session:
        return [EventInfo(**info_fields(*row)) for row in
                q.page(session, offset=offset, limit=limit, sort_key=sort_key, descending=descending, **filters)]


def count_events(db: Database, actor: Actor, *, search: str = "", year: int | None = None, first: dt.date | None = None,
                 last: dt.date | None = None, type_id: uuid.UUID | None = None,
                 status: EventStatus | str | Collection[EventStatus | str] | None = None,
                 venue_id: uuid.UUID | None = None) -> int:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return q.count(session, **_filters(search, year, first, last, type_id, status, venue_id))


def next_event(db: Database, actor: Actor, *, on: dt.date | None = None) -> EventDetail | None:
    """The nearest event starting `on` (today) or later, else the latest one; a cancelled
    event is skipped. None when there are no events."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        e = q.next_event(session, on or today())
        return _detail(session, e) if e is not None else None


@dataclass(frozen=True)
class EventChoices:
    """What the event form offers: types, venues, organiser units, officials (id, name[, title])."""

    types: tuple[tuple[uuid.UUID, str], ...]
    venues: tuple[tuple[uuid.UUID, str, int], ...]
    units: tuple[tuple[uuid.UUID, str], ...]
    officials: tuple[tuple[uuid.UUID, str, str], ...]


def event_choices(db: Database, actor: Actor) -> EventChoices:
    require(actor, Permission.VIEW_EVENTS, db)
    from pr_desk.services.events.catalogue import list_event_types

    types = tuple((t.id, t.name) for t in list_event_types(db, actor))
    with read(db) as session:
        return EventChoices(types, tuple((v.id, v.name, v.capacity) for v in q.venues(session)),
                            tuple(q.active_units(session)), tuple(q.active_officials(session)))


# --- clashes ------------------------------------------------------------------------------------

def _hm(t: dt.time | None) -> str:
    return t.strftime("%H:%M") if t else ""


def clashes_in(session: Session, span: Span, venue_id: uuid.UUID | None, official_ids: Collection[uuid.UUID],
               exclude_event_id: uuid.UUID | None) -> list[Clash]:
    active = [s.value for s in ACTIVE_STATUSES]
    out: list[Clash] = []
    if venue_id is not None:
        v = q.venue(session, venue_id)
        for other in q.overlapping(session, span.start_on, span.end_on, statuses=active, venue_id=venue_id,
                                   exclude_id=exclude_event_id):
            if span.overlaps(Span(other.start_on, other.end_on, other.start_time, other.end_time)):
                on = max(span.start_on, other.start_on)
                out.append(Clash(ClashKind.VENUE, on, N_("{venue} is taken by {code} «{title}» on {date}."),
                                 (("venue", v.name if v else ""), ("code", other.code), ("title", other.title),
                                  ("date", format_jalali(on))), other.id, other.code))
    ids = set(official_ids)
    for other, official in q.events_of_officials(session, ids, span.start_on, span.end_on, statuses=active,
                                                 exclude_id=exclude_event_id):
        if span.overlaps(Span(other.start_on, other.end_on, other.start_time, other.end_time)):
            on = max(span.start_on, other.start_on)
            out.append(Clash(ClashKind.OFFICIAL_EVENT, on, N_("{official} is at {code} «{title}» on {date}."),
                             (("official", official.name), ("code", other.code), ("title", other.title),
                              ("date", format_jalali(on))), other.id, other.code))
    for meeting, official in q.sessions_between(session, span.start_on, span.end_on, official_ids=ids):
        if span.overlaps(Span(meeting.session_date, meeting.session_date, meeting.start_time, meeting.end_time)):
            out.append(Clash(ClashKind.OFFICIAL_SESSION, meeting.session_date,
                             N_("{official} holds a meeting session on {date} from {start} to {end}."),
                             (("official", official.name), ("date", format_jalali(meeting.session_date)),
                              ("start", _hm(meeting.start_time)), ("end", _hm(meeting.end_time)))))
    for occ in day_occasions(session, span.start_on, span.end_on):
        if occ.holiday:
            out.append(Clash(ClashKind.HOLIDAY, occ.on, N_("{date} is a holiday: {name}."),
                             (("date", format_jalali(occ.on)), ("name", occ.name))))
    return sorted(out, key=lambda c: (c.on, list(ClashKind).index(c.kind)))


def check_clashes(db: Database, actor: Actor, *, span: Span, venue_id: uuid.UUID | None = None,
                  official_ids: Collection[uuid.UUID] = (), exclude_event_id: uuid.UUID | None = None) -> list[Clash]:
    """What an event at `span` would clash with: the same venue taken by an active event,
    an official at another active event or in a meeting session at that time, a holiday
    (official or the office's) on one of its days."""
    require(actor, Permission.VIEW_EVENTS, db)
    check_span(span)
    with read(db) as session:
        return clashes_in(session, span, venue_id, official_ids, exclude_event_id)


def _accept_clashes(session: Session, e: Event, clashes: list[Clash], clash_reason: str) -> None:
    if not clashes:
        return
    if not clash_reason:
        raise ClashError(clashes)
    session.flush()
    audit.append(session, action="update", table_name="event", record_id=e.id,
                 summary=f"{e.code}: " + " | ".join(c.text for c in clashes) + f" — {clash_reason}",
                 after={"clashes": [c.kind.value + ":" + c.on.isoformat() for c in clashes], "clash_reason": clash_reason})


# --- writing ------------------------------------------------------------------------------------

def _checked_type(session: Session, type_id: uuid.UUID) -> EventType:
    t = q.event_type(session, type_id)
    if t is None:
        raise UserError(N_("Choose the event's type."), field="type")
    return t


def _checked_venue(session: Session, venue_id: uuid.UUID | None) -> uuid.UUID | None:
    if venue_id is None:
        return None
    if q.venue(session, venue_id) is None:
        raise UserError(N_("This venue no longer exists."), field="venue")
    return venue_id


def _checked_unit(session: Session, unit_id: uuid.UUID | None) -> uuid.UUID | None:
    if unit_id is None:
        return None
    if q.unit(session, unit_id) is None:
        raise UserError(N_("This unit no longer exists."), field="organiser")
    return unit_id


def _checked_guests(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise UserError(N_("The expected number of guests is a whole number, 0 or more."), field="expected_guests")
    return value


def _write_officials(session: Session, e: Event, official_ids: Sequence[uuid.UUID], roles: dict[uuid.UUID, str]) -> None:
    wanted = list(dict.fromkeys(official_ids))
    found = {o.id for o in q.officials(session, wanted)}
    if missing := [i for i in wanted if i not in found]:
        raise UserError(N_plural("{count} of the chosen officials no longer exists.",
                                 "{count} of the chosen officials no longer exist."), field="officials", count=len(missing))
    existing = {link.official_id: link for link in q.official_links(session, e.id)}
    for official_id, link in existing.items():
        if official_id not in wanted and link.deleted_at is None:
            link.deleted_at = utcnow()
    for official_id in wanted:
        role = (optional_text(roles.get(official_id, ""), N_("Role"), 120, field="officials") or "")
        current_link = existing.get(official_id)
        if current_link is None:
            session.add(EventOfficial(event_id=e.id, official_id=official_id, role=role))
        else:
            if current_link.deleted_at is not None:
                current_link.deleted_at = None
            if current_link.role != role:
                current_link.role = role


def _issue_code(session: Session, year: int) -> str:
    series = f"event:{year}"
    serial = next_number(session, series)
    in_use = q.max_serial(session, year)
    while serial <= in_use:  # codes brought by an import are never issued again
        serial = next_number(session, series)
    return event_code(year, serial)


def create_event(db: Database, actor: Actor, *, type_id: uuid.UUID, title: str, start_on: dt.date,
                 end_on: dt.date | None = None, start_time: dt.time | None = None, end_time: dt.time | None = None,
                 venue_id: uuid.UUID | None = None, organiser_unit_id: uuid.UUID | None = None,
                 official_ids: Sequence[uuid.UUID] = (), official_roles: dict[uuid.UUID, str] | None = None,
                 description: str = "", expected_guests: int = 0, clash_reason: str = "",
                 status: EventStatus | str = EventStatus.IDEA) -> EventDetail:
    """A new event (a clerk plans; status idea or planned) with the next code of its start's
    Jalali year. Clashes refuse the save (ClashError, listing them) unless `clash_reason`
    says why it goes ahead; the reason is kept and the clashes audited."""
    require(actor, Permission.MANAGE_EVENTS, db)
    title = require_text(title, N_("Title"), MAX_TITLE, field="title")
    description = optional_text(description, N_("Description"), MAX_TEXT, field="description", multiline=True) or ""
    reason = optional_text(clash_reason, N_("Reason"), 2000, field="clash_reason", multiline=True) or ""
    span = check_span(Span(start_on, end_on or start_on, start_time, end_time))
    guests = _checked_guests(expected_guests)
    wanted = EventStatus(status)
    if wanted not in (EventStatus.IDEA, EventStatus.PLANNED):
        raise UserError(N_("A new event starts as an idea or as planned."), field="status")
    with write(db, actor) as session:
        t = _checked_type(session, type_id)
        year = JalaliDate.from_gregorian(span.start_on).year
        e = Event(code=_issue_code(session, year), jalali_year=year, type_id=t.id, title=title, title_search=search_key(title),
                  organiser_unit_id=_checked_unit(session, organiser_unit_id), start_on=span.start_on,
                  start_time=span.start_time, end_on=span.end_on, end_time=span.end_time,
                  venue_id=_checked_venue(session, venue_id), status=wanted.value, status_on=today(),
                  description=description, expected_guests=guests)
        session.add(e)
        session.flush()
        _write_officials(session, e, list(official_ids), official_roles or {})
        clashes = clashes_in(session, span, e.venue_id, list(official_ids), e.id)
        e.clash_reason = reason if clashes else ""
        _accept_clashes(session, e, clashes, reason)
        session.flush()
        return _detail(session, e)


def update_event(db: Database, actor: Actor, event_id: uuid.UUID, *, expected_version: int, type_id: Any = KEEP,
                 title: Any = KEEP, start_on: Any = KEEP, end_on: Any = KEEP, start_time: Any = KEEP,
                 end_time: Any = KEEP, venue_id: Any = KEEP, organiser_unit_id: Any = KEEP, official_ids: Any = KEEP,
                 official_roles: dict[uuid.UUID, str] | None = None, description: Any = KEEP,
                 expected_guests: Any = KEEP, lessons: Any = KEEP, clash_reason: str = "") -> EventDetail:
    """Edits an event (fields left at KEEP stay as they are). A stale copy is refused; a
    cancelled event is revived as an idea before it is edited; a reported one takes only
    its lessons. Clashes of the new dates, venue or officials need `clash_reason`."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        check_version(e.version, expected_version)
        status = EventStatus(e.status)
        if status is EventStatus.CANCELLED:
            raise UserError(N_("A cancelled event is not edited; bring it back as an idea first."))
        if lessons is not KEEP:
            e.lessons = optional_text(lessons, N_("Lessons learned"), MAX_TEXT, field="lessons", multiline=True) or ""
        core = (type_id, title, start_on, end_on, start_time, end_time, venue_id, organiser_unit_id, official_ids,
                description, expected_guests)
        if status is EventStatus.REPORTED and any(v is not KEEP for v in core):
            raise UserError(N_("The report of this event is filed; only its lessons learned can still be written."))
        if type_id is not KEEP:
            e.type_id = _checked_type(session, type_id).id
        if title is not KEEP:
            e.title = require_text(title, N_("Title"), MAX_TITLE, field="title")
            e.title_search = search_key(e.title)
        if description is not KEEP:
            e.description = optional_text(description, N_("Description"), MAX_TEXT, field="description", multiline=True) or ""
        if expected_guests is not KEEP:
            e.expected_guests = _checked_guests(expected_guests)
        if organiser_unit_id is not KEEP:
            e.organiser_unit_id = _checked_unit(session, organiser_unit_id)
        new_start = e.start_on if start_on is KEEP else start_on
        span = check_span(Span(new_start, (e.end_on if end_on is KEEP else end_on) or new_start,
                               e.start_time if start_time is KEEP else start_time,
                               e.end_time if end_time is KEEP else end_time))
        moved = (span != Span(e.start_on, e.end_on, e.start_time, e.end_time)
                 or (venue_id is not KEEP and venue_id != e.venue_id) or official_ids is not KEEP)
        e.start_on, e.end_on, e.start_time, e.end_time = span.start_on, span.end_on, span.start_time, span.end_time
        if venue_id is not KEEP:
            e.venue_id = _checked_venue(session, venue_id)
        if official_ids is not KEEP:
            _write_officials(session, e, list(official_ids), official_roles or {})
        elif official_roles:
            current = [eo.official_id for eo, _o in q.event_officials(session, [e.id])]
            _write_officials(session, e, current, official_roles)
        session.flush()
        if moved and EventStatus(e.status) in ACTIVE_STATUSES:
            reason = optional_text(clash_reason, N_("Reason"), 2000, field="clash_reason", multiline=True) or ""
            ids = [eo.official_id for eo, _o in q.event_officials(session, [e.id])]
            clashes = clashes_in(session, span, e.venue_id, ids, e.id)
            if not clashes:
                e.clash_reason = ""
            elif reason:
                e.clash_reason = reason
            _accept_clashes(session, e, clashes, reason)
        e.updated_at = utcnow()
        session.flush()
        return _detail(session, e)


def set_officials(db: Database, actor: Actor, event_id: uuid.UUID, *, official_ids: Sequence[uuid.UUID],
                  roles: dict[uuid.UUID, str] | None = None, expected_version: int, clash_reason: str = "") -> EventDetail:
    """Sets the list of officials taking part (with their roles: speaker, host …)."""
    return update_event(db, actor, event_id, expected_version=expected_version, official_ids=official_ids,
                        official_roles=roles, clash_reason=clash_reason)


def change_status(db: Database, actor: Actor, event_id: uuid.UUID, *, status: EventStatus | str, expected_version: int,
                  reason: str = "", on: dt.date | None = None) -> EventDetail:
    """One step of the event's life (dated `on`, today by default, and audited): approving
    needs a supervisor; cancelling needs a reason; a cancelled event comes back as an idea."""
    wanted = EventStatus(status)
    require(actor, Permission.APPROVE_EVENTS if wanted is EventStatus.APPROVED else Permission.MANAGE_EVENTS)
    note = optional_text(reason, N_("Reason"), 2000, field="reason", multiline=True) or ""
    if wanted is EventStatus.CANCELLED and not note:
        raise UserError(N_("Say why the event is cancelled."), field="reason")
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        check_version(e.version, expected_version)
        current = EventStatus(e.status)
        check_event_transition(current, wanted)
        day = on or today()
        if wanted in (EventStatus.HELD, EventStatus.REPORTED) and e.start_on > day:
            raise UserError(N_("An event is marked held on or after its first day ({date})."), field="status",
                            date=format_jalali(e.start_on))
        if current is EventStatus.APPROVED and wanted is EventStatus.PLANNED:
            require(actor, Permission.APPROVE_EVENTS)  # taking an approval back is the approver's
        e.status, e.status_on = wanted.value, day
        if wanted is EventStatus.CANCELLED:
            e.cancel_reason = note
        elif current is EventStatus.CANCELLED:
            e.cancel_reason = ""
        session.flush()
        audit.append(session, action="approve" if wanted is EventStatus.APPROVED else "update", table_name="event",
                     record_id=e.id, summary=f"{e.code}: {current.value} → {wanted.value}" + (f": {note}" if note else ""),
                     before={"status": current.value}, after={"status": wanted.value, "on": day.isoformat(), "reason": note})
        return _detail(session, e)


def clone_event(db: Database, actor: Actor, event_id: uuid.UUID, *, start_on: dt.date, title: str | None = None,
                clash_reason: str = "") -> EventDetail:
    """Next year's event from this one: same type, organiser, venue, officials, times and
    length, description and seating plan, on `start_on` (a new code of its year), as an
    idea; its checklist tasks open again, due T±n from the new day on working days (a task
    added by hand moves by the same number of days), its budget
    lines with their planned sums (nothing committed or paid), its guest list to invite
    again (no seats, nobody checked in) and its programme. The earlier lessons show on top
    of the clone (EventDetail.earlier_lessons)."""
    from pr_desk.data.events.models import BudgetLine, EventTask, Guest, ProgrammeItem

    require(actor, Permission.MANAGE_EVENTS, db)
    new_title = require_text(title, N_("Title"), MAX_TITLE, field="title") if title is not None else None
    reason = optional_text(clash_reason, N_("Reason"), 2000, field="clash_reason", multiline=True) or ""
    with write(db, actor) as session:
        src = load_event(session, event_id)
        shift = dt.timedelta(days=(start_on - src.start_on).days)
        span = check_span(Span(start_on, src.end_on + shift, src.start_time, src.end_time))
        year = JalaliDate.from_gregorian(start_on).year
        e = Event(code=_issue_code(session, year), jalali_year=year, type_id=src.type_id, title=new_title or src.title,
                  title_search=search_key(new_title or src.title), organiser_unit_id=src.organiser_unit_id,
                  start_on=span.start_on, start_time=span.start_time, end_on=span.end_on, end_time=span.end_time,
                  venue_id=src.venue_id if src.venue_id and q.venue(session, src.venue_id) else None,
                  status=EventStatus.IDEA.value, status_on=today(), description=src.description,
                  expected_guests=src.expected_guests, seating_mode=src.seating_mode, seating_groups=src.seating_groups,
                  seats_per_group=src.seats_per_group, cloned_from_id=src.id)
        session.add(e)
        session.flush()
        links = q.event_officials(session, [src.id])
        _write_officials(session, e, [o.id for _eo, o in links], {o.id: eo.role for eo, o in links})
        from pr_desk.domain.events import task_due_date
        from pr_desk.services.office_settings import load_settings

        work = load_settings(session).calendar
        for t in q.rows_of_event(session, EventTask, src.id):
            due = task_due_date(span.start_on, t.offset_days, work) if t.offset_days is not None else t.due_on + shift
            session.add(EventTask(event_id=e.id, title=t.title, offset_days=t.offset_days, due_on=due,
                                  owner_user_id=t.owner_user_id, owner_unit_id=t.owner_unit_id, status="open",
                                  note="", sort_order=t.sort_order))
        for b in q.rows_of_event(session, BudgetLine, src.id):
            session.add(BudgetLine(event_id=e.id, category=b.category, description=b.description, planned=b.planned,
                                   committed=0, paid=0, sort_order=b.sort_order))
        guest_ids: dict[uuid.UUID, uuid.UUID] = {}
        for g in q.rows_of_event(session, Guest, src.id):
            if g.walk_in:
                continue  # who came unannounced last time is not on next year's list
            copy = Guest(event_id=e.id, honorific=g.honorific, full_name=g.full_name, name_search=g.name_search,
                         title=g.title, organisation=g.organisation, mobile=g.mobile, rank_id=g.rank_id,
                         invitation="to_invite", note=g.note)
            session.add(copy)
            session.flush()
            guest_ids[g.id] = copy.id
        for p in q.rows_of_event(session, ProgrammeItem, src.id):
            session.add(ProgrammeItem(event_id=e.id, position=p.position, starts_at=p.starts_at, minutes=p.minutes,
                                      title=p.title, speaker=p.speaker, guest_id=guest_ids.get(p.guest_id) if p.guest_id else None,
                                      note=p.note))
        session.flush()
        clashes = clashes_in(session, span, e.venue_id, [o.id for _eo, o in links], e.id)
        e.clash_reason = reason if clashes else ""
        _accept_clashes(session, e, clashes, reason)
        session.flush()
        return _detail(session, e)


# --- files --------------------------------------------------------------------------------------

def add_attachment(db: Database, actor: Actor, event_id: uuid.UUID, *, file_name: str, content: bytes) -> AttachmentInfo:
    """Attaches a PDF, Word or image file (content-sniffed, within the office's cap, stored once)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        e = load_event(session, event_id)
        mime, name = checked_file(session, file_name, content)
        sha = store_file(session, content, mime)
        a = EventAttachment(event_id=e.id, file_sha256=sha, file_name=name, mime=mime, size=len(content))
        session.add(a)
        session.flush()
        return AttachmentInfo(a.id, a.file_name, a.mime, a.size, a.file_sha256)


def remove_attachment(db: Database, actor: Actor, attachment_id: uuid.UUID) -> None:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        a = q.attachment(session, attachment_id)
        if a is None:
            raise UserError(N_("This file is no longer attached."))
        a.deleted_at = utcnow()


def attachment_content(db: Database, actor: Actor, attachment_id: uuid.UUID) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of an event's file."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        a = q.attachment(session, attachment_id)
        content = file_bytes(session, a.file_sha256) if a is not None else None
        if a is None or content is None:
            raise UserError(N_("This file is no longer attached."))
        return a.file_name, a.mime, content

