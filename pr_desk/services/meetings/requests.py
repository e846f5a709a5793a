"""Meeting queue, part 1: citizens, officials, registering requests (tracking codes,
attachments), the fair queue with its logged moves, and finding anything."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.meetings import queries as q
from pr_desk.data.meetings.models import (
    Citizen,
    MeetingRequest,
    Official,
    QueueMove,
    RequestAttachment,
)
from pr_desk.data.numbering import number_at_commit, replica_prefix
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.jalali import JalaliDate, office_today, parse_jalali, to_tehran
from pr_desk.domain.meetings import (
    CHANNEL_LABELS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REQUEST,
    MAX_DESCRIPTION,
    MAX_REASON,
    MOVE_KIND_LABELS,
    OPEN_STATUSES,
    PRIORITY_LABELS,
    QUEUE_GAP,
    SUBJECT_LABELS,
    Channel,
    PriorityGroup,
    QueueItem,
    QueueMoveKind,
    RequestStatus,
    SubjectCategory,
    check_district,
    clean_file_name,
    looks_like_tracking_code,
    masked_mobile,
    masked_national_code,
    normalize_tracking_query,
    parse_choice,
    place_between,
    queue_key_for,
    search_number,
    sniff_attachment,
    tracking_code,
    waiting_days,
)
from pr_desk.domain.mobile import normalize_mobile
from pr_desk.domain.national_code import normalize_national_code
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import (
    SEARCH_WORDS,
    clean_user_text,
    normalize_for_search,
    search_key,
    to_latin_digits,
)
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.office_settings import load_settings

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

PAGE_LIMIT = 1000  # the most rows one page call returns


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


def _limit(limit: int) -> int:
    return max(0, min(int(limit), PAGE_LIMIT))


# --- plain data -----------------------------------------------------------------------

@dataclass(frozen=True)
class CitizenInfo:
    id: uuid.UUID
    national_code: str
    first_name: str
    last_name: str
    mobile: str | None
    district: int
    priority_group: PriorityGroup
    priority_note: str
    notes: str
    version: int

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def national_code_masked(self) -> str:
        return masked_national_code(self.national_code, full=False)

    @property
    def mobile_masked(self) -> str:
        return masked_mobile(self.mobile, full=False)


@dataclass(frozen=True)
class RegularSlot:
    weekday: int  # 0 = Saturday … 6 = Friday
    start: dt.time
    end: dt.time
    place: str = ""


@dataclass(frozen=True)
class OfficialInfo:
    id: uuid.UUID
    name: str
    title: str
    district: int | None
    regular_slots: tuple[RegularSlot, ...]
    active: bool
    sort_order: int
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.title} — {self.name}" if self.title else self.name


@dataclass(frozen=True)
class RequestInfo:
    id: uuid.UUID
    tracking_code: str
    citizen_id: uuid.UUID
    citizen_name: str
    national_code: str
    mobile: str
    district: int
    official_id: uuid.UUID
    official_name: str
    official_title: str
    subject_category: SubjectCategory
    channel: Channel
    description: str
    status: RequestStatus
    priority_group: PriorityGroup
    priority_note: str
    registered_at: dt.datetime
    registered_on: dt.date
    waiting_days: int
    no_show_count: int
    met_on: dt.date | None
    wait_days: int | None
    result: str
    satisfaction: int | None
    closed_on: dt.date | None
    reopen_reason: str
    cancel_reason: str
    version: int
    queue_position: int | None = None

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def subject_label(self) -> str:
        return self.subject_category.label

    @property
    def channel_label(self) -> str:
        return self.channel.label

    @property
    def priority_label(self) -> str:
        return self.priority_group.label

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True)
class RegisteredRequest:
    request: RequestInfo
    queue_position: int


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    request_id: uuid.UUID
    file_name: str
    mime_type: str
    size: int
    sha256: str
    added_at: dt.datetime


@dataclass(frozen=True)
class QueueMoveInfo:
    id: uuid.UUID
    request_id: uuid.UUID
    kind: QueueMoveKind
    from_position: int | None
    to_position: int | None
    reason: str
    moved_at: dt.datetime
    moved_by: uuid.UUID | None

    @property
    def kind_label(self) -> str:
        return self.kind.label


class DuplicateOpenRequest(UserError):
    """The citizen already has an open request to this official; register again with
    confirm_duplicate=True after the clerk has seen `existing` (tracking codes)."""

    def __init__(self, existing: Sequence[str]) -> None:
        super().__init__(
            N_("This citizen already has an open request to this official ({codes}). Register another one anyway?"),
            codes="، ".join(existing),
        )
        self.existing = list(existing)


# --- converting rows ------------------------------------------------------------------

def _citizen_info(c: Citizen) -> CitizenInfo:
    return CitizenInfo(
        id=c.id, national_code=c.national_code, first_name=c.first_name, last_name=c.last_name, mobile=c.mobile,
        district=c.district, priority_group=PriorityGroup(c.priority_group), priority_note=c.priority_note,
        notes=c.notes, version=c.version,
    )


def _slots_from_json(text: str) -> tuple[RegularSlot, ...]:
    try:
        raw = json.loads(text or "[]")
        return tuple(RegularSlot(int(s["weekday"]), dt.time.fromisoformat(s["start"]), dt.time.fromisoformat(s["end"]), str(s.get("place", ""))) for s in raw)
    except (ValueError, KeyError, TypeError):
        return ()


def _official_info(o: Official) -> OfficialInfo:
    return OfficialInfo(
        id=o.id, name=o.name, title=o.title, district=o.district, regular_slots=_slots_from_json(o.regular_slots),
        active=o.active, sort_order=o.sort_order, version=o.version,
    )


def _full_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}"


def _waited(status: RequestStatus, registered_on: dt.date, met_on: dt.date | None, closed_on: dt.date | None,
            day: dt.date) -> int:
    """A request's waiting days: to the meeting, the closing or `day`; none when cancelled."""
    return waiting_days(registered_on, met_on or closed_on or day) if status is not RequestStatus.CANCELLED else 0


def request_infos(session: Session, rows: Sequence[MeetingRequest], *, actor: Actor, on: dt.date | None = None, positions: Sequence[int] | None = None) -> list[RequestInfo]:
    """RequestInfo for a page of rows, with names fetched in two queries (not one per row)."""
    citizens = q.citizens_by_ids(session, [r.citizen_id for r in rows])
    officials = q.officials_by_ids(session, [r.official_id for r in rows])
    full = actor.can(Permission.VIEW_CITIZENS)
    day = on or today()
    out = []
    for index, r in enumerate(rows):
        c = citizens.get(r.citizen_id)
        o = officials.get(r.official_id)
        status = RequestStatus(r.status)
        out.append(RequestInfo(
            id=r.id, tracking_code=r.tracking_code, citizen_id=r.citizen_id,
            citizen_name=_full_name(c.first_name, c.last_name) if c is not None else "",
            national_code=masked_national_code(c.national_code, full=full) if c is not None else "",
            mobile=masked_mobile(c.mobile, full=full) if c is not None else "",
            district=r.district, official_id=r.official_id,
            official_name=o.name if o is not None else "", official_title=o.title if o is not None else "",
            subject_category=SubjectCategory(r.subject_category), channel=Channel(r.channel), description=r.description,
            status=status, priority_group=PriorityGroup(r.priority_group), priority_note=r.priority_note,
            registered_at=r.registered_at, registered_on=r.registered_on,
            waiting_days=_waited(status, r.registered_on, r.met_on, r.closed_on, day),
            no_show_count=r.no_show_count, met_on=r.met_on, wait_days=r.wait_days, result=r.result,
            satisfaction=r.satisfaction, closed_on=r.closed_on, reopen_reason=r.reopen_reason,
            cancel_reason=r.cancel_reason, version=r.version,
            queue_position=positions[index] if positions is not None else None,
        ))
    return out


def load_request(session: Session, request_id: uuid.UUID, *, for_update: bool = False) -> MeetingRequest:
    return found_request(q.request_by_id(session, request_id, for_update=for_update))


def found_request(r: MeetingRequest | None) -> MeetingRequest:
    """`r`, read by id; None (not there, or removed) is refused as `load_request` refuses it."""
    if r is None:
        raise NotFound(N_("The request was not found; it may have been removed."))
    return r


def _load_citizen(session: Session, citizen_id: uuid.UUID) -> Citizen:
    c = q.citizen_by_id(session, citizen_id)
    if c is None:
        raise NotFound(N_("The citizen was not found; they may have been removed."))
    return c


def load_official(session: Session, official_id: uuid.UUID, *, for_update: bool = False) -> Official:
    o = q.official_by_id(session, official_id, for_update=for_update)
    if o is None:
        raise NotFound(N_("The official was not found; they may have been removed."))
    return o


def reason_text(reason: str | None, *, field: str = "reason") -> str:
    """A written reason: required, cleaned, at most MAX_REASON characters."""
    return require_text(reason, N_("The reason"), MAX_REASON, field=field, multiline=True)


# --- citizens -------------------------------------------------------------------------

@dataclass(frozen=True)
class _CitizenFields:
    national_code: str
    first_name: str
    last_name: str
    mobile: str | None
    district: int
    priority_group: PriorityGroup
    priority_note: str
    notes: str


def _check_citizen(national_code: str, first_name: str, last_name: str, mobile: str | None, district: int | str | None,
                   priority_group: PriorityGroup | str, priority_note: str, notes: str) -> _CitizenFields:
    code = normalize_national_code(national_code)
    first = require_text(first_name, N_("First name"), 100, field="first_name")
    last = require_text(last_name, N_("Last name"), 100, field="last_name")
    number = normalize_mobile(mobile) if mobile is not None and str(mobile).strip() else None
    group = parse_choice(PriorityGroup, priority_group or PriorityGroup.NONE, PRIORITY_LABELS, "priority_group")
    note = optional_text(priority_note, N_("Priority reason"), 200, field="priority_note") or ""
    if group is not PriorityGroup.NONE and not note:
        raise UserError(N_("State the reason for the priority (for example the card number)."), field="priority_note")
    return _CitizenFields(code, first, last, number, check_district(district), group, note,
                          optional_text(notes, N_("Notes"), 2000, field="notes", multiline=True) or "")


def _apply_citizen(c: Citizen, f: _CitizenFields) -> None:
    c.national_code, c.first_name, c.last_name, c.mobile = f.national_code, f.first_name, f.last_name, f.mobile
    c.name_search = search_key(f"{f.first_name} {f.last_name}")[:200]
    c.last_name_search = search_key(f.last_name)[:100]
    c.district, c.priority_group, c.priority_note, c.notes = f.district, f.priority_group.value, f.priority_note, f.notes


def find_citizen(db: Database, actor: Actor, *, national_code: str) -> CitizenInfo | None:
    """The citizen with this national code (checked first: a typo is an error), or None."""
    require(actor, Permission.VIEW_CITIZENS)
    code = normalize_national_code(national_code)
    with read(db) as session:
        c = q.citizen_by_national_code(session, code)
        return _citizen_info(c) if c is not None and c.deleted_at is None else None


def get_citizen(db: Database, actor: Actor, *, citizen_id: uuid.UUID) -> CitizenInfo:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        return _citizen_info(_load_citizen(session, citizen_id))


def list_citizens(db: Database, actor: Actor, *, text: str = "", offset: int = 0, limit: int = 50) -> list[CitizenInfo]:
    """Citizens whose name, last name, national code or mobile starts with `text`."""
    require(actor, Permission.VIEW_CITIZENS)
    digits = to_latin_digits(text or "").strip()
    with read(db) as session:
        if digits.isdigit():
            national = q.citizen_page(session, national_prefix=digits, offset=offset, limit=_limit(limit))
            rows = list(national) or list(q.citizen_page(session, mobile_prefix=digits if digits.startswith("0") else "0" + digits, offset=offset, limit=_limit(limit)))
        else:
            rows = list(q.citizen_page(session, name_prefix=search_key(text or ""), offset=offset, limit=_limit(limit)))
        return [_citizen_info(c) for c in rows]


def add_citizen(
    db: Database, actor: Actor, *, national_code: str, first_name: str, last_name: str, mobile: str | None = None,
    district: int | str, priority_group: PriorityGroup | str = PriorityGroup.NONE, priority_note: str = "", notes: str = "",
) -> CitizenInfo:
    """A new citizen; one citizen per national code (an existing one is refused)."""
    require(actor, Permission.MANAGE_MEETINGS)
    f = _check_citizen(national_code, first_name, last_name, mobile, district, priority_group, priority_note, notes)
    with write(db, actor) as session:
        if q.citizen_by_national_code(session, f.national_code) is not None:
            raise UserError(N_("A citizen with the national code {code} is already registered."), field="national_code", code=f.national_code)
        c = Citizen()
        _apply_citizen(c, f)
        session.add(c)
        session.flush()
        return _citizen_info(c)


def find_or_create_citizen(
    db: Database, actor: Actor, *, national_code: str, first_name: str, last_name: str, mobile: str | None = None,
    district: int | str, priority_group: PriorityGroup | str = PriorityGroup.NONE, priority_note: str = "", notes: str = "",
) -> tuple[CitizenInfo, bool]:
    """(the citizen, created?): the registered citizen of this national code, unchanged,
    or a new one from the given fields."""
    require(actor, Permission.MANAGE_MEETINGS)
    code = normalize_national_code(national_code)
    with read(db) as session:
        existing = q.citizen_by_national_code(session, code)
        if existing is not None and existing.deleted_at is None:
            return _citizen_info(existing), False
    return add_citizen(db, actor, national_code=code, first_name=first_name, last_name=last_name, mobile=mobile,
                       district=district, priority_group=priority_group, priority_note=priority_note, notes=notes), True


def update_citizen(
    db: Database, actor: Actor, *, citizen_id: uuid.UUID, national_code: str, first_name: str, last_name: str,
    mobile: str | None, district: int | str, priority_group: PriorityGroup | str = PriorityGroup.NONE,
    priority_note: str = "", notes: str = "", expected_version: int | None,
) -> CitizenInfo:
    require(actor, Permission.MANAGE_MEETINGS)
    f = _check_citizen(national_code, first_name, last_name, mobile, district, priority_group, priority_note, notes)
    with write(db, actor) as session:
        c = _load_citizen(session, citizen_id)
        check_version(c.version, expected_version)
        other = q.citizen_by_national_code(session, f.national_code)
        if other is not None and other.id != c.id:
            raise UserError(N_("A citizen with the national code {code} is already registered."), field="national_code", code=f.national_code)
        _apply_citizen(c, f)
        session.flush()
        return _citizen_info(c)


def citizen_requests(db: Database, actor: Actor, *, citizen_id: uuid.UUID, limit: int = 100) -> list[RequestInfo]:
    """The citizen's requests, newest first (shown when a new one is registered)."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        return request_infos(session, q.citizen_requests(session, citizen_id, limit=_limit(limit)), actor=actor)


# --- officials ------------------------------------------------------------------------

def _check_slots(slots: Sequence[RegularSlot]) -> str:
    out = []
    for s in slots:
        if not 0 <= s.weekday <= 6:
            raise UserError(N_("A regular slot needs a weekday."), field="regular_slots")
        if s.end <= s.start:
            raise UserError(N_("A session must end after it starts."), field="regular_slots")
        out.append({"weekday": s.weekday, "start": s.start.strftime("%H:%M"), "end": s.end.strftime("%H:%M"), "place": clean_user_text(s.place)[:200]})
    return json.dumps(out, ensure_ascii=False)


def list_officials(db: Database, actor: Actor, *, include_inactive: bool = False, sort_key: str | None = None,
                   descending: bool = False) -> list[OfficialInfo]:
    """The officials in their set order; `sort_key` is an OfficialInfo field of
    data.meetings.sort_keys.OFFICIAL_KEYS (another is refused)."""
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return [_official_info(o) for o in q.officials(session, include_inactive=include_inactive, sort_key=sort_key,
                                                       descending=descending)]


def get_official(db: Database, actor: Actor, *, official_id: uuid.UUID) -> OfficialInfo:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return _official_info(load_official(session, official_id))


def add_official(db: Database, actor: Actor, *, name: str, title: str, district: int | str | None = None,
                 regular_slots: Sequence[RegularSlot] = (), sort_order: int = 0) -> OfficialInfo:
    require(actor, Permission.MANAGE_MEETINGS)
    name = require_text(name, N_("Name"), 200, field="name")
    title = require_text(title, N_("Title"), 200, field="title")
    number = check_district(district) if district not in (None, "") else None
    with write(db, actor) as session:
        o = Official(name=name, title=title, name_search=search_key(f"{title} {name}")[:400], district=number,
                     regular_slots=_check_slots(regular_slots), active=True, sort_order=int(sort_order))
        session.add(o)
        session.flush()
        return _official_info(o)


def update_official(db: Database, actor: Actor, *, official_id: uuid.UUID, name: str, title: str, district: int | str | None = None,
                    regular_slots: Sequence[RegularSlot] = (), active: bool = True, sort_order: int = 0,
                    expected_version: int | None) -> OfficialInfo:
    require(actor, Permission.MANAGE_MEETINGS)
    name = require_text(name, N_("Name"), 200, field="name")
    title = require_text(title, N_("Title"), 200, field="title")
    number = check_district(district) if district not in (None, "") else None
    with write(db, actor) as session:
        o = load_official(session, official_id)
        check_version(o.version, expected_version)
        o.name, o.title, o.name_search, o.district = name, title, search_key(f"{title} {name}")[:400], number
        o.regular_slots, o.active, o.sort_order = _check_slots(regular_slots), bool(active), int(sort_order)
        session.flush()
        return _official_info(o)


# --- registering requests -------------------------------------------------------------

def _new_request(session: Session, *, citizen: Citizen, official: Official, subject: SubjectCategory, channel: Channel,
                 description: str, priority_group: PriorityGroup, priority_note: str, at: dt.datetime) -> uuid.UUID:
    """A new request, inserted when the transaction commits with its tracking code (the
    code's number is taken then, after the audit head: data/numbering.py): one INSERT that
    the search index and the audit entry see with its code. Returns its id."""
    return _request_at_commit(session, citizen=citizen, official=official, subject=subject, channel=channel,
                              description=description, priority_group=priority_group, priority_note=priority_note, at=at).id


def _request_at_commit(session: Session, *, citizen: Citizen, official: Official, subject: SubjectCategory, channel: Channel,
                       description: str, priority_group: PriorityGroup, priority_note: str, at: dt.datetime) -> MeetingRequest:
    """`_new_request`'s request itself (its tracking code set at the commit)."""
    settings = load_settings(session, calendar=False)  # the queue rank only: no working days
    registered_on = to_tehran(at).date()
    year = JalaliDate.from_gregorian(registered_on).year
    prefix = replica_prefix(session)
    r = MeetingRequest(
        id=new_id(), tracking_code="",
        citizen_id=citizen.id, official_id=official.id, subject_category=subject.value, channel=channel.value,
        description=description, description_search=normalize_for_search(description),
        status=RequestStatus.WAITING.value, district=citizen.district,
        priority_group=priority_group.value, priority_note=priority_note,
        queue_rank=settings.priority_rank(priority_group), queue_key=queue_key_for(at), queue_moved=False,
        registered_at=at, registered_on=registered_on, no_show_count=0, result="", reopen_reason="", cancel_reason="",
    )

    def insert(s: Session, number: int) -> None:
        r.tracking_code = tracking_code(prefix, year, number)
        s.add(r)

    number_at_commit(session, f"meeting_request:{year}", insert)
    return r


def _check_description(description: str) -> str:
    return require_text(description, N_("Description"), MAX_DESCRIPTION, field="description", multiline=True)


def register_request(
    db: Database, actor: Actor, *, citizen_id: uuid.UUID, official_id: uuid.UUID, subject_category: SubjectCategory | str,
    channel: Channel | str, description: str, priority_group: PriorityGroup | str | None = None,
    priority_note: str | None = None, confirm_duplicate: bool = False,
) -> RegisteredRequest:
    """Registers a request and issues its tracking code. Raises DuplicateOpenRequest when
    the citizen has an open request to the same official, unless confirm_duplicate.
    The priority group defaults to the citizen's."""
    require(actor, Permission.MANAGE_MEETINGS)
    subject = parse_choice(SubjectCategory, subject_category, SUBJECT_LABELS, "subject_category")
    chan = parse_choice(Channel, channel, CHANNEL_LABELS, "channel")
    text = _check_description(description)
    with write(db, actor) as session:
        citizen = _load_citizen(session, citizen_id)
        official = load_official(session, official_id)
        if not official.active:
            raise UserError(N_("{name} no longer takes meeting requests."), field="official", name=official.name)
        group = parse_choice(PriorityGroup, priority_group, PRIORITY_LABELS, "priority_group") if priority_group else PriorityGroup(citizen.priority_group)
        note = (optional_text(priority_note, N_("Priority reason"), 200, field="priority_note") if priority_note is not None else citizen.priority_note) or ""
        if group is not PriorityGroup.NONE and not note:
            raise UserError(N_("State the reason for the priority (for example the card number)."), field="priority_note")
        if group is PriorityGroup.NONE:
            note = ""
        if not confirm_duplicate:
            existing = q.open_requests_to(session, citizen.id, official.id, [s.value for s in OPEN_STATUSES])
            if existing:
                raise DuplicateOpenRequest([r.tracking_code for r in existing])
        r = _request_at_commit(session, citizen=citizen, official=official, subject=subject, channel=chan,
                               description=text, priority_group=group, priority_note=note, at=utcnow())
    # What the clerk is shown (the code, the place in the queue) is read after the commit.
    # The request, its citizen and official are the rows this transaction wrote and read:
    # put back in a session they are shown as they were committed, without reading them
    # again (three queries of a registration's twenty); only the place in the queue is.
    with read(db) as session:
        for row in (citizen, official, r):
            session.add(row)
        return RegisteredRequest(request_infos(session, [r], actor=actor)[0], q.queue_position(session, r))


def get_request(db: Database, actor: Actor, *, request_id: uuid.UUID) -> RequestInfo:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        r = load_request(session, request_id)
        position = q.queue_position(session, r) if r.status == RequestStatus.WAITING else None
        return request_infos(session, [r], actor=actor, positions=[position] if position else None)[0]


def get_request_by_tracking_code(db: Database, actor: Actor, *, code: str) -> RequestInfo | None:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        r = q.request_by_tracking_code(session, normalize_tracking_query(code))
        return request_infos(session, [r], actor=actor)[0] if r is not None else None


def update_request(
    db: Database, actor: Actor, *, request_id: uuid.UUID, subject_category: SubjectCategory | str, channel: Channel | str,
    description: str, expected_version: int | None,
) -> RequestInfo:
    """Corrects what was asked; the official, citizen and place in the queue stay."""
    require(actor, Permission.MANAGE_MEETINGS)
    subject = parse_choice(SubjectCategory, subject_category, SUBJECT_LABELS, "subject_category")
    chan = parse_choice(Channel, channel, CHANNEL_LABELS, "channel")
    text = _check_description(description)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        check_version(r.version, expected_version)
        r.subject_category, r.channel, r.description, r.description_search = subject.value, chan.value, text, normalize_for_search(text)
        session.flush()
        return request_infos(session, [r], actor=actor)[0]


def cancel_request(db: Database, actor: Actor, *, request_id: uuid.UUID, reason: str, expected_version: int | None) -> RequestInfo:
    """The citizen withdrew: a waiting request leaves the queue, with the reason kept."""
    require(actor, Permission.MANAGE_MEETINGS)
    why = reason_text(reason)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        check_version(r.version, expected_version)
        if r.status != RequestStatus.WAITING:
            raise UserError(N_("Only a request that is waiting in the queue can be cancelled; take it out of its session first."))
        r.status, r.cancel_reason, r.closed_on = RequestStatus.CANCELLED.value, why, today()
        session.flush()
        return request_infos(session, [r], actor=actor)[0]


# --- attachments ----------------------------------------------------------------------

def _attachment_info(a: RequestAttachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.request_id, a.file_name, a.mime_type, a.size, a.sha256, a.created_at)


def add_attachment(db: Database, actor: Actor, *, request_id: uuid.UUID, file_name: str, content: bytes) -> AttachmentInfo:
    """Attaches a scanned letter: PDF or image by its content, at most 5 MB."""
    require(actor, Permission.MANAGE_MEETINGS)
    if not isinstance(content, (bytes, bytearray)) or not content:
        raise UserError(N_("The file is empty."), field="attachment")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise UserError(N_("The file is larger than {mb} MB; scan it at a lower resolution."), field="attachment", mb=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    mime, ext = sniff_attachment(bytes(content[:16]))
    name = clean_file_name(file_name, ext)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        if len(q.attachments_of(session, r.id)) >= MAX_ATTACHMENTS_PER_REQUEST:
            raise UserError(N_("A request can have at most {limit} attachments."), field="attachment", limit=MAX_ATTACHMENTS_PER_REQUEST)
        a = RequestAttachment(request_id=r.id, file_name=name, mime_type=mime, size=len(content),
                              sha256=hashlib.sha256(content).hexdigest(), content=bytes(content))
        session.add(a)
        session.flush()
        return _attachment_info(a)


def list_attachments(db: Database, actor: Actor, *, request_id: uuid.UUID) -> list[AttachmentInfo]:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        return [_attachment_info(a) for a in q.attachments_of(session, request_id)]


def attachment_content(db: Database, actor: Actor, *, attachment_id: uuid.UUID) -> bytes:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        content = q.attachment_content(session, attachment_id)
        if content is None:
            raise NotFound(N_("The attachment was not found; it may have been removed."))
        return content


def remove_attachment(db: Database, actor: Actor, *, attachment_id: uuid.UUID) -> None:
    require(actor, Permission.MANAGE_MEETINGS)
    with write(db, actor) as session:
        a = q.attachment_by_id(session, attachment_id)
        if a is None:
            raise NotFound(N_("The attachment was not found; it may have been removed."))
        a.deleted_at = utcnow()


# --- the queue ------------------------------------------------------------------------

def list_queue(db: Database, actor: Actor, *, official_id: uuid.UUID, offset: int = 0, limit: int = 100, on: dt.date | None = None,
               sort_key: str | None = None, descending: bool = False) -> list[RequestInfo]:
    """A page of the official's fair queue, head first, each with its position and waiting
    days; or sorted by `sort_key` (a RequestInfo field of data.meetings.sort_keys.queue_keys,
    "queue_position" being the fair order itself), each request still with its own turn."""
    require(actor, Permission.VIEW_CITIZENS)
    offset = max(0, int(offset))
    with read(db) as session:
        if sort_key is None:
            rows = q.queue_page(session, official_id, offset=offset, limit=_limit(limit))
            return request_infos(session, rows, actor=actor, on=on, positions=[offset + i + 1 for i in range(len(rows))])
        turns = q.queue_page_sorted(session, official_id, sort_key=sort_key, descending=descending, offset=offset, limit=_limit(limit))
        return request_infos(session, [r for r, _turn in turns], actor=actor, on=on, positions=[turn for _r, turn in turns])


def count_queue(db: Database, actor: Actor, *, official_id: uuid.UUID) -> int:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return q.queue_count(session, official_id)


def _item(r: MeetingRequest) -> QueueItem:
    return QueueItem(r.queue_rank, r.queue_key, str(r.id))


def place_in_queue(session: Session, r: MeetingRequest, to_position: int) -> int:
    """Puts a waiting request at `to_position` (1 = head) of its official's queue; returns
    the position it got (clamped to the queue's length)."""
    others = q.queue_count(session, r.official_id) - (1 if r.status == RequestStatus.WAITING else 0)
    position = max(1, min(int(to_position), others + 1))
    for _attempt in range(2):
        neighbours = q.queue_page(session, r.official_id, offset=max(0, position - 2), limit=2 if position > 1 else 1, exclude=r.id)
        before = _item(neighbours[0]) if position > 1 and neighbours else None
        after_rows = neighbours[1:] if position > 1 else neighbours
        after = _item(after_rows[0]) if after_rows else None
        placed = place_between(before, after)
        if placed is not None:
            r.queue_rank, r.queue_key = placed
            return position
        assert after is not None
        q.spread_queue_keys(session, r.official_id, after.rank, after.key, QUEUE_GAP * 2)
    raise AssertionError("no room in the queue after spreading the keys")


def move_request(db: Database, actor: Actor, *, request_id: uuid.UUID, to_position: int, reason: str, expected_version: int | None) -> RequestInfo:
    """Moves a waiting request to another place in its official's queue. A written reason
    is required; the move is kept in the request's history and the audit trail."""
    require(actor, Permission.MANAGE_MEETINGS)
    why = reason_text(reason)
    if isinstance(to_position, bool) or not isinstance(to_position, int) or to_position < 1:
        raise UserError(N_("The new place in the queue must be 1 or more."), field="to_position")
    with write(db, actor) as session:
        r = load_request(session, request_id, for_update=True)
        check_version(r.version, expected_version)
        if r.status != RequestStatus.WAITING:
            raise UserError(N_("Only a request that is waiting in the queue can be moved."))
        old = q.queue_position(session, r)
        new = place_in_queue(session, r, to_position)
        if new == old:
            raise UserError(N_("The request is already at that place in the queue."), field="to_position")
        r.queue_moved = True
        session.add(QueueMove(request_id=r.id, kind=QueueMoveKind.MOVE.value, from_position=old, to_position=new, reason=why))
        session.flush()
        audit.append(session, action="queue_move", table_name="meeting_request", record_id=r.id,
                     summary=f"{r.tracking_code}: {old} → {new}: {why}", before={"position": old}, after={"position": new, "reason": why})
        return request_infos(session, [r], actor=actor, positions=[new])[0]


def queue_history(db: Database, actor: Actor, *, request_id: uuid.UUID) -> list[QueueMoveInfo]:
    """Every change of the request's place in the queue, oldest first."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        return [QueueMoveInfo(m.id, m.request_id, QueueMoveKind(m.kind), m.from_position, m.to_position, m.reason, m.created_at, m.created_by)
                for m in q.queue_moves(session, request_id)]


# --- finding anything -----------------------------------------------------------------

@dataclass(frozen=True)
class RequestSearch:
    """Filters of a search; dates are Gregorian dates or Jalali text ("1405/09/06")."""

    text: str = ""
    mode: str = "auto"  # auto | name | subject
    statuses: tuple[RequestStatus, ...] = ()
    official_id: uuid.UUID | None = None
    district: int | None = None
    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    citizen_id: uuid.UUID | None = None


def _date(value: dt.date | str | None, field: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_jalali(value).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=field, **exc.params) from None


def build_filter(s: RequestSearch) -> q.RequestFilter:
    """What the query text means: a tracking code, a national code, a mobile number,
    or words of a name or of the subject (Persian spelling variants folded)."""
    text = clean_user_text(s.text or "")[:200]
    if s.mode not in ("auto", "name", "subject"):
        raise UserError(N_("Unknown search mode: {text}"), text=s.mode[:20])
    date_from, date_to = _date(s.date_from, "date_from"), _date(s.date_to, "date_to")
    if date_from and date_to and date_to < date_from:
        raise UserError(N_("The end of the date range is before its start."), field="date_to")
    district = check_district(s.district) if s.district is not None else None
    base = q.RequestFilter(statuses=tuple(st.value for st in s.statuses), official_id=s.official_id, district=district,
                           registered_from=date_from, registered_to=date_to, citizen_id=s.citizen_id)
    if not text:
        return base
    code = _code_filter(base, text) if s.mode == "auto" else None
    return code if code is not None else _words_filter(base, text, s.mode)


def _code_filter(base: q.RequestFilter, text: str) -> q.RequestFilter | None:
    """A tracking code, a mobile number or a national code typed whole or in part; None
    when the text is none of them."""
    if looks_like_tracking_code(text):
        return replace(base, tracking_prefix=normalize_tracking_query(text))
    digits = search_number(text)
    if not (digits.isdigit() and digits.isascii()):
        return None
    if digits.startswith("09") or (digits.startswith("9") and len(digits) == 10) or digits.startswith("98"):
        mobile = "0" + digits.lstrip("0")[2:] if digits.startswith("98") else (digits if digits.startswith("0") else "0" + digits)
        # a national code may begin so too (9915376340, 0912…): up to ten digits, either is
        # looked for (the citizen's mobile or national code: the filter ORs them)
        return replace(base, mobile_prefix=mobile[:11] if len(mobile) > 1 else "",
                       national_prefix=digits if len(digits) <= 10 else "")
    return replace(base, national_prefix=digits[:10])


def _words_filter(base: q.RequestFilter, text: str, mode: str) -> q.RequestFilter:
    """Words of the citizen's name, of the subject, or (auto) of either."""
    words = tuple(w for w in normalize_for_search(text).split() if w)[:SEARCH_WORDS]
    if mode == "name":
        return replace(base, name_prefix=search_key(text)[:200])
    if mode == "subject":
        return replace(base, words=words)
    return replace(base, name_prefix=search_key(text)[:200], words=words, any_of=True)


def find_requests(db: Database, actor: Actor, *, search: RequestSearch = RequestSearch(), offset: int = 0, limit: int = 100,
                  sort_key: str | None = None, descending: bool = False, after: RequestInfo | None = None,
                  backwards: bool = False) -> list[RequestInfo]:
    """A page of the requests that match, newest first (pairs with count_requests); or by
    `sort_key`, a RequestInfo field of data.meetings.sort_keys.request_keys (another is refused).
    `after`, a request this list gave in the same order: the page right after it, as quick
    at the end of a million requests as at the start (`offset` then counts from it);
    LookupError if that request is no longer in the database. `backwards`: the same list
    read from its end, last row first (`offset` counts from the end, `after` gives the rows
    before that request, nearest first), as quick at the end as the list is at its start.
    In a column's order, LookupError too if that request's value in the column is no longer
    the one given (another clerk changed it): it is elsewhere in the list now, and the rows
    after its new place are not the rows after the ones the list showed."""
    require(actor, Permission.VIEW_CITIZENS)
    f = build_filter(search)
    anchor: tuple[dt.datetime, uuid.UUID] | uuid.UUID | None = None
    if after is not None:
        anchor = (after.registered_at, after.id) if sort_key is None else after.id
    with read(db) as session:
        if after is not None and sort_key is not None:
            _check_in_place(session, after, sort_key)
        rows = q.search_page(session, f, offset=max(0, int(offset)), limit=_limit(limit), sort_key=sort_key,
                             descending=descending, today=today(), after=anchor, backwards=backwards)
        return request_infos(session, rows, actor=actor)


# What each sortable field of RequestInfo is made of (the request's columns, or its citizen's
# or official's: q.request_values) and how request_infos makes it of them: the check of a
# row's place reads its column only (the lists that sort are VIEW_CITIZENS': codes in full).
_SORTED_FIELDS: dict[str, tuple[tuple[str, ...], Callable[..., Any]]] = {
    "tracking_code": (("tracking_code",), str),
    "citizen_name": (("citizen.first_name", "citizen.last_name"), _full_name),
    "national_code": (("citizen.national_code",), lambda code: masked_national_code(code, full=True)),
    "mobile": (("citizen.mobile",), lambda mobile: masked_mobile(mobile, full=True)),
    "district": (("district",), int),
    "official_name": (("official.name",), str),
    "subject_label": (("subject_category",), lambda value: SubjectCategory(value).label),
    "status_label": (("status",), lambda value: RequestStatus(value).label),
    "priority_label": (("priority_group",), lambda value: PriorityGroup(value).label),
    "registered_on": (("registered_on",), lambda day: day),
    "waiting_days": (("status", "registered_on", "met_on", "closed_on"),
                     lambda status, registered, met, closed: _waited(RequestStatus(status), registered, met, closed, today())),
}


def _check_in_place(session: Session, listed: RequestInfo, sort_key: str) -> None:
    """LookupError unless request `listed` is still there with the value in column `sort_key`
    that the list gave (its place in that column's order); only that column is read."""
    columns, field_of = _SORTED_FIELDS[sort_key]
    values = q.request_values(session, listed.id, columns)
    if values is None:
        raise LookupError(f"request {listed.id} is gone")
    if field_of(*values) != getattr(listed, sort_key):
        raise LookupError(f"request {listed.id} has moved in the order of {sort_key}")


def count_requests(db: Database, actor: Actor, *, search: RequestSearch = RequestSearch()) -> int:
    require(actor, Permission.VIEW_CITIZENS)
    f = build_filter(search)
    with read(db) as session:
        return q.search_count(session, f)


def move_kind_label(kind: str) -> str:
    return MOVE_KIND_LABELS[QueueMoveKind(kind)]

__all__ = [
    "CitizenInfo",
    "RegularSlot",
    "OfficialInfo",
    "RequestInfo",
    "RegisteredRequest",
    "AttachmentInfo",
    "QueueMoveInfo",
    "DuplicateOpenRequest",
    "find_citizen",
    "get_citizen",
    "list_citizens",
    "add_citizen",
    "find_or_create_citizen",
    "update_citizen",
    "citizen_requests",
    "list_officials",
    "get_official",
    "add_official",
    "update_official",
    "register_request",
    "get_request",
    "get_request_by_tracking_code",
    "update_request",
    "cancel_request",
    "add_attachment",
    "list_attachments",
    "attachment_content",
    "remove_attachment",
    "list_queue",
    "count_queue",
    "move_request",
    "queue_history",
    "RequestSearch",
    "find_requests",
    "count_requests",
]
