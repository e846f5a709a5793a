"""Meeting queue, part 2: sessions (create, fill from the head of the queue, adjust),
the list of citizens to notify, and the meeting day (check-in, call, held, no-show)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pr_desk.data.engine import Database
from pr_desk.data.meetings import queries as q
from pr_desk.data.meetings.models import (
    MeetingRequest,
    MeetingSession,
    Official,
    QueueMove,
    SessionEntry,
)
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.jalali import format_jalali
from pr_desk.domain.meetings import (
    EntryOutcome,
    EntryState,
    QueueMoveKind,
    RequestStatus,
    SessionStatus,
    SubjectCategory,
    entry_state,
    masked_mobile,
    masked_national_code,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import localized_digits, to_latin_digits
from pr_desk.domain.validation import optional_text, require_int, require_text
from pr_desk.i18n import N_, current_language
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.meetings.requests import (
    _date,
    _limit,
    found_request,
    load_official,
    load_request,
    reason_text,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_CAPACITY = 200


class SessionFull(UserError):
    """The session has no free place left."""


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    official_id: uuid.UUID
    official_name: str
    official_title: str
    session_date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str
    capacity: int
    status: SessionStatus
    notes: str
    entry_count: int
    version: int

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.entry_count)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def date_text(self) -> str:
        """With the current language's digits: it goes into sentences on screen."""
        return format_jalali(self.session_date, persian_digits=current_language() == "fa")

    @property
    def minutes_per_citizen(self) -> int:
        """The time box of one citizen: the session's length shared by its places."""
        length = (dt.datetime.combine(self.session_date, self.end_time) - dt.datetime.combine(self.session_date, self.start_time)).seconds // 60
        return max(1, length // max(1, self.entry_count or self.capacity))


@dataclass(frozen=True)
class EntryInfo:
    id: uuid.UUID
    session_id: uuid.UUID
    request_id: uuid.UUID
    position: int
    tracking_code: str
    citizen_id: uuid.UUID
    citizen_name: str
    national_code: str
    mobile: str
    district: int
    subject_category: SubjectCategory
    description: str
    request_status: RequestStatus
    no_show_count: int
    checked_in_at: dt.datetime | None
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    outcome: EntryOutcome | None
    state: EntryState
    version: int

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def wait_minutes(self) -> int | None:
        """Check-in → called, in whole minutes."""
        if self.checked_in_at is None or self.called_at is None:
            return None
        return max(0, int((self.called_at - self.checked_in_at).total_seconds() // 60))


@dataclass(frozen=True)
class Docket:
    """The meeting-day view of a session for the official's room."""

    session: SessionInfo
    entries: tuple[EntryInfo, ...]
    in_meeting: EntryInfo | None
    next_up: EntryInfo | None
    minutes_per_citizen: int


@dataclass(frozen=True)
class NotifyRow:
    """One line for the office's SMS panel."""

    citizen_name: str
    mobile: str
    tracking_code: str
    session_date: dt.date
    date_text: str
    start_time: dt.time
    place: str
    official: str


@dataclass(frozen=True)
class DayResult:
    """What a meeting-day action changed: the entry and its request's new status."""

    entry: EntryInfo
    request_status: RequestStatus


# --- converting -----------------------------------------------------------------------

def session_info(session: Session, s: MeetingSession, *, official: Official | None = None, entry_count: int | None = None) -> SessionInfo:
    o = official or q.official_by_id(session, s.official_id)
    return SessionInfo(
        id=s.id, official_id=s.official_id, official_name=o.name if o else "", official_title=o.title if o else "",
        session_date=s.session_date, start_time=s.start_time, end_time=s.end_time, place=s.place, capacity=s.capacity,
        status=SessionStatus(s.status), notes=s.notes,
        entry_count=len(q.entries_of(session, s.id)) if entry_count is None else entry_count, version=s.version,
    )


def session_infos(session: Session, rows: Sequence[MeetingSession]) -> list[SessionInfo]:
    """A page of sessions in three queries (their officials and citizen counts at once)."""
    officials = {k: o for k, o in q.officials_by_ids(session, [s.official_id for s in rows]).items() if o.deleted_at is None}
    counts = q.entry_counts(session, [s.id for s in rows])
    return [session_info(session, s, official=officials.get(s.official_id), entry_count=counts.get(s.id, 0)) for s in rows]


def entry_infos(session: Session, entries: Sequence[SessionEntry], *, actor: Actor) -> list[EntryInfo]:
    requests, citizens = q.requests_and_citizens(session, [e.request_id for e in entries])
    full = actor.can(Permission.VIEW_CITIZENS)
    out = []
    for e in entries:
        r = requests.get(e.request_id)
        assert r is not None
        c = citizens[r.citizen_id]
        out.append(EntryInfo(
            id=e.id, session_id=e.session_id, request_id=e.request_id, position=e.position, tracking_code=r.tracking_code,
            citizen_id=c.id, citizen_name=f"{c.first_name} {c.last_name}", national_code=masked_national_code(c.national_code, full=full),
            mobile=masked_mobile(c.mobile, full=full), district=r.district, subject_category=SubjectCategory(r.subject_category),
            description=r.description, request_status=RequestStatus(r.status), no_show_count=r.no_show_count,
            checked_in_at=e.checked_in_at, called_at=e.called_at, finished_at=e.finished_at,
            outcome=EntryOutcome(e.outcome) if e.outcome else None,
            state=entry_state(checked_in=e.checked_in_at is not None, called=e.called_at is not None, finished=e.finished_at is not None, outcome=e.outcome),
            version=e.version,
        ))
    return out


def load_session(session: Session, session_id: uuid.UUID, *, for_update: bool = False) -> MeetingSession:
    s = q.session_by_id(session, session_id, for_update=for_update)
    if s is None:
        raise NotFound(N_("The session was not found; it may have been removed."))
    return s


def _load_entry(session: Session, entry_id: uuid.UUID) -> SessionEntry:
    e = q.entry_by_id(session, entry_id)
    if e is None:
        raise NotFound(N_("The citizen is no longer on this session's list."))
    return e


def _touch(s: MeetingSession) -> None:
    """Bumps the session's version when its list changes (a stale reorder is refused)."""
    s.updated_at = utcnow()


def _time(value: dt.time | str, field: str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    text = to_latin_digits(str(value or "")).strip().replace("٫", ":").replace(".", ":")
    try:
        hours, _sep, minutes = text.partition(":")
        return dt.time(int(hours), int(minutes or 0))
    except ValueError:
        raise UserError(N_("“{text}” is not a time. Write it as hours:minutes, for example 09:30."), field=field, text=str(value)[:20]) from None


def _check_session_fields(session_date: dt.date | str, start_time: dt.time | str, end_time: dt.time | str, place: str, capacity: int | str) -> tuple[dt.date, dt.time, dt.time, str, int]:
    day = _date(session_date, "session_date")
    if day is None:
        raise UserError(N_("Enter a date."), field="session_date")
    start, end = _time(start_time, "start_time"), _time(end_time, "end_time")
    if end <= start:
        raise UserError(N_("A session must end after it starts."), field="end_time")
    where = require_text(place, N_("Place"), 200, field="place")
    size = require_int(capacity, N_("Capacity"), 1, MAX_CAPACITY, field="capacity")
    return day, start, end, where, size


def _refuse_overlap(session: Session, official: Official, day: dt.date, start: dt.time, end: dt.time,
                    exclude_id: uuid.UUID | None = None) -> None:
    """An official holds one session at a time: the citizens of two sessions overlapping
    would all be told to come at the same hour. A session held or cancelled is over: its
    hours are free."""
    clash = q.overlapping_sessions(session, official_id=official.id, day=day, start=start, end=end, exclude_id=exclude_id,
                                   statuses=[SessionStatus.PLANNED.value])
    if clash:
        other = clash[0]
        raise UserError(N_("The official already has a session from {start} to {end} that day ({place})."), field="start_time",
                        start=localized_digits(f"{other.start_time:%H:%M}"), end=localized_digits(f"{other.end_time:%H:%M}"), place=other.place)


# --- sessions -------------------------------------------------------------------------

def create_session(
    db: Database, actor: Actor, *, official_id: uuid.UUID, session_date: dt.date | str, start_time: dt.time | str,
    end_time: dt.time | str, place: str, capacity: int | str, notes: str = "",
) -> SessionInfo:
    """A meeting session of an official; the date may be Jalali text ("1405/09/10")."""
    require(actor, Permission.MANAGE_MEETINGS)
    day, start, end, where, size = _check_session_fields(session_date, start_time, end_time, place, capacity)
    note = optional_text(notes, N_("Notes"), 2000, field="notes", multiline=True) or ""
    with write(db, actor) as session:
        official = load_official(session, official_id, for_update=True)
        _refuse_overlap(session, official, day, start, end)
        s = MeetingSession(official_id=official_id, session_date=day, start_time=start, end_time=end, place=where, capacity=size,
                           status=SessionStatus.PLANNED.value, notes=note)
        session.add(s)
        session.flush()
        # a session made in this transaction has no entries (no other can see it yet)
        return session_info(session, s, official=official, entry_count=0)


def update_session(
    db: Database, actor: Actor, *, session_id: uuid.UUID, session_date: dt.date | str, start_time: dt.time | str,
    end_time: dt.time | str, place: str, capacity: int | str, notes: str = "", expected_version: int | None,
) -> SessionInfo:
    require(actor, Permission.MANAGE_MEETINGS)
    day, start, end, where, size = _check_session_fields(session_date, start_time, end_time, place, capacity)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        check_version(s.version, expected_version)
        if s.status != SessionStatus.PLANNED:
            raise UserError(N_("Only a planned session can be changed."))
        _refuse_overlap(session, load_official(session, s.official_id, for_update=True), day, start, end, exclude_id=s.id)
        if size < len(q.entries_of(session, s.id)):
            raise SessionFull(N_("The session already has more citizens than {capacity}; take some out first."), field="capacity", capacity=size)
        s.session_date, s.start_time, s.end_time, s.place, s.capacity = day, start, end, where, size
        s.notes = optional_text(notes, N_("Notes"), 2000, field="notes", multiline=True) or ""
        session.flush()
        return session_info(session, s)


def get_session(db: Database, actor: Actor, *, session_id: uuid.UUID) -> SessionInfo:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return session_info(session, load_session(session, session_id))


def list_sessions(
    db: Database, actor: Actor, *, official_id: uuid.UUID | None = None, date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None, statuses: Sequence[SessionStatus] = (), offset: int = 0, limit: int = 100,
    newest_first: bool = False, sort_key: str | None = None, descending: bool = False,
) -> list[SessionInfo]:
    """A page of sessions by date and time; `sort_key` is a SessionInfo field of
    data.meetings.sort_keys.SESSION_KEYS (another is refused)."""
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        rows = q.sessions_page(session, official_id=official_id, date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"),
                               statuses=[s.value for s in statuses], offset=max(0, offset), limit=_limit(limit), newest_first=newest_first,
                               sort_key=sort_key, descending=descending)
        return session_infos(session, rows)


def count_sessions(db: Database, actor: Actor, *, official_id: uuid.UUID | None = None, date_from: dt.date | str | None = None,
                   date_to: dt.date | str | None = None, statuses: Sequence[SessionStatus] = ()) -> int:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return q.sessions_count(session, official_id=official_id, date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"),
                                statuses=[s.value for s in statuses])


def session_entries(db: Database, actor: Actor, *, session_id: uuid.UUID) -> list[EntryInfo]:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        return entry_infos(session, q.entries_of(session, session_id), actor=actor)


def _planned(s: MeetingSession) -> None:
    if s.status != SessionStatus.PLANNED:
        raise UserError(N_("This session is no longer planned; its list cannot change."))


def _add_entry(session: Session, s: MeetingSession, request: MeetingRequest | None, position: int) -> SessionEntry:
    """`request` (locked by the caller; None: not found) on the session at `position`."""
    r = found_request(request)
    if r.official_id != s.official_id:
        raise UserError(N_("The request {code} is for another official."), code=r.tracking_code)
    if r.status != RequestStatus.WAITING:
        raise UserError(N_("The request {code} is not waiting in the queue."), code=r.tracking_code)
    r.status = RequestStatus.SCHEDULED.value
    e = SessionEntry(session_id=s.id, request_id=r.id, position=position)
    session.add(e)
    return e


def fill_session(db: Database, actor: Actor, *, session_id: uuid.UUID) -> list[EntryInfo]:
    """Fills the free places from the head of the official's queue, in one action;
    returns the entries added. A full session is refused."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        _planned(s)
        entries = q.entries_of(session, s.id)
        free = s.capacity - len(entries)
        if free <= 0:
            raise SessionFull(N_("The session is full ({capacity} citizens)."), capacity=s.capacity)
        head = q.queue_page(session, s.official_id, offset=0, limit=free)
        last = max((e.position for e in entries), default=0)
        locked = q.requests_for_update(session, [r.id for r in head])  # one statement, not one per request
        added = [_add_entry(session, s, locked.get(r.id), last + i + 1) for i, r in enumerate(head)]
        if added:
            _touch(s)
        session.flush()
        return entry_infos(session, added, actor=actor)


def add_to_session(db: Database, actor: Actor, *, session_id: uuid.UUID, request_id: uuid.UUID) -> EntryInfo:
    """Adds one waiting request (of the session's official) at the end of the list."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        _planned(s)
        entries = q.entries_of(session, s.id)
        if len(entries) >= s.capacity:
            raise SessionFull(N_("The session is full ({capacity} citizens)."), capacity=s.capacity)
        e = _add_entry(session, s, q.request_by_id(session, request_id, for_update=True), max((x.position for x in entries), default=0) + 1)
        _touch(s)
        session.flush()
        return entry_infos(session, [e], actor=actor)[0]


def remove_from_session(db: Database, actor: Actor, *, entry_id: uuid.UUID, reason: str = "") -> None:
    """Takes a citizen off a planned session; the request goes back to its place in the queue."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        e = _load_entry(session, entry_id)
        s = load_session(session, e.session_id, for_update=True)
        _planned(s)
        if e.checked_in_at is not None or e.outcome is not None:
            raise UserError(N_("This citizen has already checked in; record the meeting or a no-show instead."))
        r = load_request(session, e.request_id)
        r.status = RequestStatus.WAITING.value
        e.deleted_at = utcnow()
        session.add(QueueMove(request_id=r.id, kind=QueueMoveKind.REMOVED_FROM_SESSION.value, reason=(reason or "").strip()[:1000]))
        _touch(s)
        session.flush()


def reorder_session(db: Database, actor: Actor, *, session_id: uuid.UUID, entry_ids: Sequence[uuid.UUID], expected_version: int | None) -> list[EntryInfo]:
    """Sets the calling order: `entry_ids` lists every entry of the session once."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        check_version(s.version, expected_version)
        entries = {e.id: e for e in q.entries_of(session, s.id)}
        if len(entry_ids) != len(entries) or set(entry_ids) != set(entries):
            raise UserError(N_("The new order must list every citizen of the session once."))
        for position, entry_id in enumerate(entry_ids, start=1):
            if entries[entry_id].position != position:
                entries[entry_id].position = position
        _touch(s)
        session.flush()
        return entry_infos(session, q.entries_of(session, s.id), actor=actor)


def cancel_session(db: Database, actor: Actor, *, session_id: uuid.UUID, reason: str, expected_version: int | None) -> SessionInfo:
    """Cancels a planned session; its citizens go back to their places in the queue."""
    require(actor, Permission.MANAGE_MEETINGS)
    why = reason_text(reason)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        check_version(s.version, expected_version)
        _planned(s)
        now = utcnow()
        for e in q.entries_of(session, s.id):
            if e.outcome is None:
                r = load_request(session, e.request_id)
                if r.status == RequestStatus.SCHEDULED:
                    r.status = RequestStatus.WAITING.value
                    session.add(QueueMove(request_id=r.id, kind=QueueMoveKind.REMOVED_FROM_SESSION.value, reason=why))
                e.deleted_at = now
        s.status, s.notes = SessionStatus.CANCELLED.value, (s.notes + "\n" + why).strip()
        session.flush()
        return session_info(session, s)


def close_session(db: Database, actor: Actor, *, session_id: uuid.UUID, expected_version: int | None = None) -> SessionInfo:
    """Marks the session held once every citizen on it was met or did not come."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        s = load_session(session, session_id, for_update=True)
        check_version(s.version, expected_version)
        _planned(s)
        if any(e.outcome is None for e in q.entries_of(session, s.id)):
            raise UserError(N_("Some citizens of this session were neither met nor marked as not attending."))
        s.status = SessionStatus.HELD.value
        session.flush()
        return session_info(session, s)


def notify_list(db: Database, actor: Actor, *, session_id: uuid.UUID) -> list[NotifyRow]:
    """Citizens to tell of their meeting (for the SMS panel's Excel file)."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        s = load_session(session, session_id)
        info = session_info(session, s)
        official = f"{info.official_title} {info.official_name}".strip()
        return [
            NotifyRow(e.citizen_name, e.mobile, e.tracking_code, s.session_date, format_jalali(s.session_date), s.start_time, s.place, official)
            for e in entry_infos(session, q.entries_of(session, s.id), actor=actor) if e.outcome is None
        ]


# --- the meeting day ------------------------------------------------------------------

def session_docket(db: Database, actor: Actor, *, session_id: uuid.UUID) -> Docket:
    """Who is in the meeting now, who is next (first checked-in in calling order)."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        s = load_session(session, session_id)
        info = session_info(session, s)
        entries = tuple(entry_infos(session, q.entries_of(session, s.id), actor=actor))
        now = next((e for e in entries if e.state is EntryState.IN_MEETING), None)
        nxt = next((e for e in entries if e.state is EntryState.CHECKED_IN), None)
        return Docket(info, entries, now, nxt, info.minutes_per_citizen)


@dataclass(frozen=True)
class _DayEntry:
    """An entry of a session being held, its session, and its request and citizen as read
    with them (kept here, the session finds them again without a query)."""

    entry: SessionEntry
    session: MeetingSession
    rows: tuple[object, ...]


def _day_entry(session: Session, entry_id: uuid.UUID) -> _DayEntry:
    # _load_entry, then load_session of its session, in one query (with its request and citizen)
    e, s, request, citizen = q.day_entry(session, entry_id)
    if e is None:
        raise NotFound(N_("The citizen is no longer on this session's list."))
    if s is None:
        raise NotFound(N_("The session was not found; it may have been removed."))
    _planned(s)
    if e.outcome is not None:
        raise UserError(N_("This citizen's meeting is already recorded."))
    return _DayEntry(e, s, (request, citizen))


def _result(session: Session, e: SessionEntry, actor: Actor) -> DayResult:
    info = entry_infos(session, [e], actor=actor)[0]
    return DayResult(info, info.request_status)


def check_in(db: Database, actor: Actor, *, entry_id: uuid.UUID) -> DayResult:
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        day = _day_entry(session, entry_id)
        e = day.entry
        if e.checked_in_at is not None:
            raise UserError(N_("This citizen has already checked in."))
        e.checked_in_at = utcnow()
        session.flush()
        return _result(session, e, actor)


def _call(session: Session, e: SessionEntry, entries: Sequence[SessionEntry] | None = None) -> None:
    """Calls `e` in, unless another citizen of its session is in the meeting; `entries`:
    the session's entries when the caller has just read them in this transaction."""
    if e.checked_in_at is None:
        raise UserError(N_("The citizen has not checked in yet."))
    if e.called_at is not None:
        raise UserError(N_("This citizen has already been called."))
    if entries is None:
        entries = q.entries_of(session, e.session_id)
    busy = [x for x in entries if x.called_at is not None and x.finished_at is None and x.outcome is None]
    if busy:
        raise UserError(N_("Another citizen is still in the meeting; record that meeting first."))
    e.called_at = utcnow()


def call_next(db: Database, actor: Actor, *, session_id: uuid.UUID) -> DayResult | None:
    """Calls the first checked-in citizen in calling order; None when nobody is waiting."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        s = load_session(session, session_id)
        _planned(s)
        entries = q.entries_of(session, s.id)
        waiting = [e for e in entries if e.checked_in_at is not None and e.called_at is None and e.outcome is None]
        if not waiting:
            return None
        _call(session, waiting[0], entries)
        session.flush()
        return _result(session, waiting[0], actor)


def call_entry(db: Database, actor: Actor, *, entry_id: uuid.UUID) -> DayResult:
    """Calls a particular checked-in citizen out of the calling order."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        day = _day_entry(session, entry_id)
        e = day.entry
        _call(session, e)
        session.flush()
        return _result(session, e, actor)


def finish_meeting(db: Database, actor: Actor, *, entry_id: uuid.UUID) -> DayResult:
    """The meeting was held: the request now waits for the official's orders to be done.
    Records the wait from registration to meeting."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        day = _day_entry(session, entry_id)
        e, s = day.entry, day.session
        if e.called_at is None:
            raise UserError(N_("Call the citizen in before recording the meeting."))
        e.finished_at, e.outcome = utcnow(), EntryOutcome.ATTENDED.value
        r = load_request(session, e.request_id)
        r.status, r.met_on = RequestStatus.HELD.value, s.session_date
        r.wait_days = max(0, (s.session_date - r.registered_on).days)
        session.flush()
        return _result(session, e, actor)


def mark_no_show(db: Database, actor: Actor, *, entry_id: uuid.UUID) -> DayResult:
    """The citizen did not come: the first time the request goes back to its place in the
    queue; the second time it closes as not attended."""
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        day = _day_entry(session, entry_id)
        e, s = day.entry, day.session
        if e.called_at is not None:
            raise UserError(N_("This citizen was already called in; record the meeting instead."))
        e.outcome = EntryOutcome.NO_SHOW.value
        r = load_request(session, e.request_id)
        r.no_show_count += 1
        if r.no_show_count >= 2:
            r.status, r.closed_on = RequestStatus.NOT_ATTENDED.value, s.session_date
        else:
            r.status = RequestStatus.WAITING.value
            session.add(QueueMove(request_id=r.id, kind=QueueMoveKind.NO_SHOW_RETURN.value, reason=""))
        session.flush()
        return _result(session, e, actor)

__all__ = [
    "SessionFull",
    "SessionInfo",
    "EntryInfo",
    "Docket",
    "NotifyRow",
    "DayResult",
    "create_session",
    "update_session",
    "get_session",
    "list_sessions",
    "count_sessions",
    "session_entries",
    "fill_session",
    "add_to_session",
    "remove_from_session",
    "reorder_session",
    "cancel_session",
    "close_session",
    "notify_list",
    "session_docket",
    "check_in",
    "call_next",
    "call_entry",
    "finish_meeting",
    "mark_no_show",
]
