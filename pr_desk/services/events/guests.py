"""Guests and protocol: the office's ordered list of protocol ranks, an event's guests
(honorific, name, post, organisation, mobile, rank) and their invitation steps (to invite →
invited → accepted / declined, each dated), the guest list with its search and counts.

Clerks (MANAGE_EVENTS) keep the guest lists; supervisors (APPROVE_EVENTS) edit the ranks;
whoever may see events (VIEW_EVENTS) reads them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import guests as q
from pr_desk.data.events.models import Event, Guest, ProtocolRank
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    MAX_NAME,
    GuestIdentity,
    Honorific,
    InvitationStatus,
    guest_address,
    parse_honorific,
)
from pr_desk.domain.jalali import office_today
from pr_desk.domain.mobile import normalize_mobile
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import search_key, to_latin_digits
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write

__all__ = [
    "DEFAULT_RANKS", "EventHeader", "GuestCounts", "GuestInfo", "GuestInput", "RankInfo", "add_guest", "add_guests", "count_guests",
    "ensure_default_ranks", "get_event_header", "get_guest", "guest_counts", "list_guests", "list_ranks", "move_rank", "remove_guest",
    "save_rank", "set_invitation", "set_invitations", "update_guest",
]

# The office's usual protocol order, seeded when the list is empty (the office edits it).
DEFAULT_RANKS: tuple[str, ...] = (
    "وزیر", "معاون وزیر", "استاندار", "نماینده مجلس", "شهردار تهران", "رئیس شورای شهر", "معاون شهردار",
    "عضو شورای شهر", "شهردار منطقه", "مدیرکل", "مهمان ویژه", "رسانه", "سایر",
)
MAX_POST = 200


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


# --- what the services hand out -----------------------------------------------------------

@dataclass(frozen=True)
class RankInfo:
    id: uuid.UUID
    name: str
    sort_order: int
    retired: bool
    version: int


@dataclass(frozen=True)
class GuestInfo:
    id: uuid.UUID
    event_id: uuid.UUID
    honorific: Honorific
    full_name: str
    title: str
    organisation: str
    mobile: str | None
    rank_id: uuid.UUID | None
    rank_name: str
    rank_order: int | None
    invitation: InvitationStatus
    invited_on: dt.date | None
    responded_on: dt.date | None
    seat: str | None
    checked_in_at: dt.datetime | None
    walk_in: bool
    note: str
    version: int

    @property
    def address(self) -> str:
        """'جناب آقای دکتر علی رضایی': as the card and the seat label print it."""
        return guest_address(self.honorific, self.full_name)

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None


@dataclass(frozen=True)
class GuestCounts:
    total: int
    to_invite: int
    invited: int
    accepted: int
    declined: int

    def of(self, status: InvitationStatus) -> int:
        return int(getattr(self, status.value))


@dataclass(frozen=True)
class GuestInput:
    """One guest as a form or an import row gives it (checked by the services)."""

    full_name: str
    honorific: Honorific | str = Honorific.NONE
    title: str = ""
    organisation: str = ""
    mobile: str = ""
    rank_id: uuid.UUID | None = None
    note: str = ""
    invitation: InvitationStatus | str = InvitationStatus.TO_INVITE


@dataclass(frozen=True)
class EventHeader:
    """What the guest screens and cards show of the event itself."""

    id: uuid.UUID
    code: str
    title: str
    start_on: dt.date
    end_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue_name: str
    venue_address: str
    capacity: int  # the venue's seats (0: not known)
    status: str


def rank_info(r: ProtocolRank) -> RankInfo:
    return RankInfo(r.id, r.name, r.sort_order, bool(r.retired), r.version)


def guest_info(g: Guest, r: ProtocolRank | None) -> GuestInfo:
    return ranked_guest_info(g, r.name if r else None, r.sort_order if r else None)


def ranked_guest_info(g: Guest, rank_name: str | None, rank_order: int | None) -> GuestInfo:
    return GuestInfo(
        id=g.id, event_id=g.event_id, honorific=Honorific(g.honorific), full_name=g.full_name, title=g.title,
        organisation=g.organisation, mobile=g.mobile, rank_id=g.rank_id, rank_name=rank_name or "",
        rank_order=rank_order, invitation=InvitationStatus(g.invitation), invited_on=g.invited_on,
        responded_on=g.responded_on, seat=g.seat, checked_in_at=g.checked_in_at, walk_in=bool(g.walk_in),
        note=g.note, version=g.version,
    )


def load_event(session: Session, event_id: uuid.UUID, *, for_update: bool = False) -> Event:
    e = q.event(session, event_id, for_update=for_update)
    if e is None:
        raise UserError(N_("This event no longer exists."))
    return e


def load_guest(session: Session, guest_id: uuid.UUID) -> Guest:
    g = q.guest(session, guest_id)
    if g is None:
        raise UserError(N_("This guest is no longer on the list."))
    return g


def name_search(full_name: str, title: str, organisation: str) -> str:
    """The search shadow: each part's search_key, kept apart so a match never spans two."""
    return "|".join(search_key(part) for part in (full_name, title, organisation))[:300]


def mobile_digits(text: str) -> str:
    return "".join(ch for ch in to_latin_digits(text or "") if ch.isdigit())


# --- protocol ranks ---------------------------------------------------------------------

def seed_default_ranks(session: Session) -> None:
    """The office's usual protocol ranks when it has none (inside another service's
    transaction: the guest list's first use, or a guests import's one write)."""
    if not q.any_rank(session):
        for order, name in enumerate(DEFAULT_RANKS):
            session.add(ProtocolRank(name=name, sort_order=order))
        session.flush()


def ensure_default_ranks(db: Database, actor: Actor) -> list[RankInfo]:
    """The office's usual protocol ranks (وزیر … سایر) when there are none yet."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        if q.any_rank(session):
            return [rank_info(r) for r in q.ranks(session)]
    with write(db, actor) as session:
        seed_default_ranks(session)
        return [rank_info(r) for r in q.ranks(session)]


def list_ranks(db: Database, actor: Actor, *, include_retired: bool = False) -> list[RankInfo]:
    """The protocol ranks, first (highest) first; the defaults are seeded on first use."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        if q.any_rank(session):
            return [rank_info(r) for r in q.ranks(session, include_retired=include_retired)]
    ensure_default_ranks(db, actor)
    with read(db) as session:
        return [rank_info(r) for r in q.ranks(session, include_retired=include_retired)]


def save_rank(db: Database, actor: Actor, *, rank_id: uuid.UUID | None = None, name: str, retired: bool = False,
              expected_version: int | None = None) -> RankInfo:
    """Adds a rank at the end of the list, or renames, retires or restores one."""
    require(actor, Permission.APPROVE_EVENTS)
    name = require_text(name, N_("Protocol rank"), 120, field="name")
    with write(db, actor) as session:
        seed_default_ranks(session)
        clash = q.rank_by_name(session, name)
        if clash is not None and clash.id != rank_id:
            raise UserError(N_("There is already a rank called {name}."), field="name", name=name)
        if rank_id is None:
            every = q.ranks(session, include_retired=True)
            rank = ProtocolRank(name=name, sort_order=(max((r.sort_order for r in every), default=-1) + 1), retired=retired)
            session.add(rank)
        else:
            found = q.rank(session, rank_id)
            if found is None:
                raise UserError(N_("This rank no longer exists."))
            rank = found
            check_version(rank.version, expected_version)
            rank.name, rank.retired = name, retired
        session.flush()
        return rank_info(rank)


def move_rank(db: Database, actor: Actor, rank_id: uuid.UUID, *, up: bool) -> list[RankInfo]:
    """Moves a rank one place up (before the one above it) or down; returns the new order."""
    require(actor, Permission.APPROVE_EVENTS)
    with write(db, actor) as session:
        every = list(q.ranks(session, include_retired=True))
        index = next((i for i, r in enumerate(every) if r.id == rank_id), None)
        if index is None:
            raise UserError(N_("This rank no longer exists."))
        other = index - 1 if up else index + 1
        if 0 <= other < len(every):
            every[index], every[other] = every[other], every[index]
        for order, r in enumerate(every):
            if r.sort_order != order:
                r.sort_order = order
        session.flush()
        return [rank_info(r) for r in q.ranks(session, include_retired=True)]


def reorder_ranks(db: Database, actor: Actor, ordered_ids: Sequence[uuid.UUID]) -> list[RankInfo]:
    """Puts the ranks in the given order (ranks left out keep their place after them)."""
    require(actor, Permission.APPROVE_EVENTS)
    with write(db, actor) as session:
        every = list(q.ranks(session, include_retired=True))
        place = {rid: i for i, rid in enumerate(ordered_ids)}
        every.sort(key=lambda r: (place.get(r.id, len(place)), r.sort_order))
        for order, r in enumerate(every):
            if r.sort_order != order:
                r.sort_order = order
        session.flush()
        return [rank_info(r) for r in q.ranks(session, include_retired=True)]


# --- guests -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Checked:
    honorific: Honorific
    full_name: str
    title: str
    organisation: str
    mobile: str | None
    rank_id: uuid.UUID | None
    note: str


def _checked(session: Session, g: GuestInput) -> _Checked:
    honorific = g.honorific if isinstance(g.honorific, Honorific) else parse_honorific(g.honorific)
    full_name = require_text(g.full_name, N_("Full name"), MAX_NAME, field="full_name")
    title = optional_text(g.title, N_("Title or post"), MAX_POST, field="title") or ""
    organisation = optional_text(g.organisation, N_("Organisation"), MAX_POST, field="organisation") or ""
    mobile = normalize_mobile(g.mobile) if (g.mobile or "").strip() else None
    note = optional_text(g.note, N_("Note"), 2000, field="note", multiline=True) or ""
    if g.rank_id is not None:
        rank = q.rank(session, g.rank_id)
        if rank is None:
            raise UserError(N_("This rank no longer exists."), field="rank")
    return _Checked(honorific, full_name, title, organisation, mobile, g.rank_id, note)


ALREADY_LISTED = N_("{name} is already on this event's guest list. Two guests of one name need different mobiles or "
                    "organisations.")


def _not_listed_yet(session: Session, event_id: uuid.UUID, c: _Checked, *, guest_id: uuid.UUID | None = None) -> None:
    """Refuses a guest the event's list already has (`guest_id`: the one being edited)."""
    me = GuestIdentity.of(c.full_name, c.mobile, c.organisation)
    for other_id, full_name, mobile, organisation in q.guests_named(session, event_id, me.name):
        if other_id != guest_id and me.same_as(GuestIdentity.of(full_name, mobile, organisation)):
            raise UserError(ALREADY_LISTED, field="full_name", name=full_name)


def _apply(guest: Guest, c: _Checked) -> None:
    guest.honorific = c.honorific.value
    guest.full_name, guest.title, guest.organisation = c.full_name, c.title, c.organisation
    guest.mobile, guest.rank_id, guest.note = c.mobile, c.rank_id, c.note
    guest.name_search = name_search(c.full_name, c.title, c.organisation)


def _invitation(value: InvitationStatus | str) -> InvitationStatus:
    try:
        return InvitationStatus(value)
    except ValueError:
        raise UserError(N_("Unknown invitation status: {value}."), field="invitation", value=str(value)) from None


def new_guest_row(session: Session, event_id: uuid.UUID, g: GuestInput, *, on: dt.date) -> Guest:
    checked = _checked(session, g)
    guest = Guest(event_id=event_id)
    _apply(guest, checked)
    status = _invitation(g.invitation)
    guest.invitation = status.value
    if status is not InvitationStatus.TO_INVITE:
        guest.invited_on = on
    if status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        guest.responded_on = on
    session.add(guest)
    return guest


def rank_of(session: Session, guest: Guest) -> ProtocolRank | None:
    return q.rank(session, guest.rank_id) if guest.rank_id else None


def add_guest(db: Database, actor: Actor, *, event_id: uuid.UUID, full_name: str,
              honorific: Honorific | str = Honorific.NONE, title: str = "", organisation: str = "", mobile: str = "",
              rank_id: uuid.UUID | None = None, note: str = "") -> GuestInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        load_event(session, event_id)
        wanted = GuestInput(full_name, honorific, title, organisation, mobile, rank_id, note)
        _not_listed_yet(session, event_id, _checked(session, wanted))
        guest = new_guest_row(session, event_id, wanted, on=today())
        session.flush()
        return guest_info(guest, rank_of(session, guest))


def add_guests(db: Database, actor: Actor, *, event_id: uuid.UUID, guests: Sequence[GuestInput]) -> list[GuestInfo]:
    """Adds many guests in one transaction: all of them, or none when one is refused."""
    require(actor, Permission.MANAGE_EVENTS, db)
    on = today()
    with write(db, actor) as session:
        load_event(session, event_id)
        made = [new_guest_row(session, event_id, g, on=on) for g in guests]
        session.flush()
        ranks = {r.id: r for r in q.ranks(session, include_retired=True)}
        return [guest_info(g, ranks.get(g.rank_id) if g.rank_id else None) for g in made]


def update_guest(db: Database, actor: Actor, guest_id: uuid.UUID, *, expected_version: int | None, full_name: str,
                 honorific: Honorific | str = Honorific.NONE, title: str = "", organisation: str = "", mobile: str = "",
                 rank_id: uuid.UUID | None = None, note: str = "") -> GuestInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        guest = load_guest(session, guest_id)
        check_version(guest.version, expected_version)
        checked = _checked(session, GuestInput(full_name, honorific, title, organisation, mobile, rank_id, note))
        _not_listed_yet(session, guest.event_id, checked, guest_id=guest.id)
        _apply(guest, checked)
        session.flush()
        return guest_info(guest, rank_of(session, guest))


def remove_guest(db: Database, actor: Actor, guest_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    """Takes a guest off the list (a tombstone; their seat is freed)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        guest = load_guest(session, guest_id)
        check_version(guest.version, expected_version)
        guest.seat = None
        guest.deleted_at = utcnow()
        session.flush()


def _step(guest: Guest, status: InvitationStatus, on: dt.date) -> None:
    current = InvitationStatus(guest.invitation)
    if status is current:
        return
    from pr_desk.domain.events import INVITATION_TRANSITIONS

    if status not in INVITATION_TRANSITIONS[current]:
        raise UserError(N_("{name} is “{current}”, so cannot become “{wanted}”."), field="invitation",
                        name=guest_address(Honorific(guest.honorific), guest.full_name), current=current.label,
                        wanted=status.label)
    guest.invitation = status.value
    if status is InvitationStatus.TO_INVITE:
        guest.invited_on = guest.responded_on = None
    elif status is InvitationStatus.INVITED:
        guest.invited_on = on
        guest.responded_on = None
    else:
        guest.invited_on = guest.invited_on or on
        guest.responded_on = on
        if status is InvitationStatus.DECLINED:
            guest.seat = None  # a guest who will not come gives back their seat


def set_invitation(db: Database, actor: Actor, guest_id: uuid.UUID, status: InvitationStatus | str, *,
                   on: dt.date | None = None, expected_version: int | None = None) -> GuestInfo:
    """One invitation step of one guest, dated `on` (today by default)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    wanted = _invitation(status)
    with write(db, actor) as session:
        guest = load_guest(session, guest_id)
        check_version(guest.version, expected_version)
        _step(guest, wanted, on or today())
        session.flush()
        return guest_info(guest, rank_of(session, guest))


def set_invitations(db: Database, actor: Actor, guest_ids: Sequence[uuid.UUID], status: InvitationStatus | str, *,
                    on: dt.date | None = None) -> list[GuestInfo]:
    """The same step for several guests at once: all of them, or none when one cannot take it."""
    require(actor, Permission.MANAGE_EVENTS, db)
    wanted = _invitation(status)
    day = on or today()
    with write(db, actor) as session:
        rows = [load_guest(session, gid) for gid in guest_ids]
        for guest in rows:
            _step(guest, wanted, day)
        session.flush()
        ranks = {r.id: r for r in q.ranks(session, include_retired=True)}
        return [guest_info(g, ranks.get(g.rank_id) if g.rank_id else None) for g in rows]


def event_header(session: Session, e: Event) -> EventHeader:
    v = q.venue(session, e.venue_id)
    return EventHeader(e.id, e.code, e.title, e.start_on, e.end_on, e.start_time, e.end_time, v.name if v else "",
                       v.address if v else "", v.capacity if v and v.capacity > 0 else 0, e.status)


def get_event_header(db: Database, actor: Actor, event_id: uuid.UUID) -> EventHeader:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return event_header(session, load_event(session, event_id))


def get_guest(db: Database, actor: Actor, guest_id: uuid.UUID) -> GuestInfo:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        guest = load_guest(session, guest_id)
        return guest_info(guest, rank_of(session, guest))


def search_terms(text: str) -> tuple[str, str]:
    """(search_key of the text, its digits when it looks like a mobile) from what was typed."""
    text = (text or "").strip()
    if not text:
        return "", ""
    digits = mobile_digits(text)
    looks_like_number = len(digits) >= 3 and len(digits) >= len(text.replace(" ", "")) - 2
    return search_key(text), digits if looks_like_number else ""


def list_guests(db: Database, actor: Actor, event_id: uuid.UUID, *, search: str = "",
                invitation: InvitationStatus | str | None = None, offset: int = 0, limit: int | None = None
                ) -> list[GuestInfo]:
    """An event's guests in protocol order (rank, then name); `search` finds a name, post,
    organisation (spelling-insensitive) or mobile."""
    require(actor, Permission.VIEW_EVENTS, db)
    key, digits = search_terms(search)
    status = _invitation(invitation).value if invitation else None
    with read(db) as session:
        load_event(session, event_id)
        rows = q.guest_list(session, event_id, search=key, mobile=digits, invitation=status, offset=offset, limit=limit)
        return [GuestInfo(r[0], r[1], Honorific(r[2]), r[3], r[4], r[5], r[6], r[7], r[16] or "", r[17],
                          InvitationStatus(r[8]), r[9], r[10], r[11], r[12], bool(r[13]), r[14], r[15]) for r in rows]


def count_guests(db: Database, actor: Actor, event_id: uuid.UUID) -> int:
    return guest_counts(db, actor, event_id).total


def guest_counts(db: Database, actor: Actor, event_id: uuid.UUID) -> GuestCounts:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        load_event(session, event_id)
        counts = q.invitation_counts(session, event_id)
    get = counts.get
    return GuestCounts(sum(counts.values()), get("to_invite", 0), get("invited", 0), get("accepted", 0), get("declined", 0))


def find_rank(db: Database, actor: Actor, name: str) -> RankInfo | None:
    """A rank by its name as typed (spelling-insensitive); None if there is none (for imports)."""
    key = search_key(name)
    for r in list_ranks(db, actor, include_retired=True):
        if search_key(r.name) == key:
            return r
    return None
