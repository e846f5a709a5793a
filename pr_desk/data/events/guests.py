"""Queries of an event's guests, the protocol ranks, the seating plan and the programme.

An event's guest list is read in one statement (the guest joined to its rank) on the
index (event_id, name_search); counts per invitation status and of the day's arrivals are
one grouped statement each."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.events.models import Event, Guest, ProgrammeItem, ProtocolRank, Venue
from pr_desk.data.queries.sorting import alphabetical

_LIVE = Guest.deleted_at.is_(None)


# --- protocol ranks ---------------------------------------------------------------------

def ranks(session: Session, *, include_retired: bool = False) -> Sequence[ProtocolRank]:
    stmt = select(ProtocolRank).where(ProtocolRank.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(ProtocolRank.retired.is_(False))
    return session.scalars(stmt.order_by(ProtocolRank.sort_order, alphabetical(ProtocolRank.name))).all()


def rank(session: Session, rank_id: uuid.UUID) -> ProtocolRank | None:
    row = session.get(ProtocolRank, rank_id)
    return row if row is not None and row.deleted_at is None else None


def rank_by_name(session: Session, name: str) -> ProtocolRank | None:
    return session.scalar(select(ProtocolRank).where(ProtocolRank.name == name, ProtocolRank.deleted_at.is_(None)))


def any_rank(session: Session) -> bool:
    return session.scalar(select(ProtocolRank.id).limit(1)) is not None


# --- events and venues ------------------------------------------------------------------

def event(session: Session, event_id: uuid.UUID, *, for_update: bool = False) -> Event | None:
    stmt = select(Event).where(Event.id == event_id, Event.deleted_at.is_(None))
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalar(select(Event).where(Event.code == code, Event.deleted_at.is_(None)))


def next_event(session: Session, today: dt.date) -> Event | None:
    """The nearest event starting today or later (not cancelled); else the latest one."""
    live = (Event.deleted_at.is_(None), Event.status != "cancelled")
    found = session.scalar(select(Event).where(*live, Event.start_on >= today)
                           .order_by(Event.start_on, Event.start_time, Event.code).limit(1))
    if found is None:
        found = session.scalar(select(Event).where(*live).order_by(Event.start_on.desc(), Event.code.desc()).limit(1))
    return found


def venue(session: Session, venue_id: uuid.UUID | None) -> Venue | None:
    if venue_id is None:
        return None
    row = session.get(Venue, venue_id)
    return row if row is not None and row.deleted_at is None else None


# --- guests -----------------------------------------------------------------------------

def guest(session: Session, guest_id: uuid.UUID) -> Guest | None:
    row = session.get(Guest, guest_id)
    return row if row is not None and row.deleted_at is None else None


RankedGuest = tuple[Guest, str | None, int | None]  # the guest, its rank's name and place (None: no rank)


def _guest_rows(event_id: uuid.UUID) -> Select[Guest, str, int]:
    # the rank's name and place only: a whole rank row per guest costs three more UUIDs to read
    return (select(Guest, ProtocolRank.name, ProtocolRank.sort_order)
            .outerjoin(ProtocolRank, ProtocolRank.id == Guest.rank_id)
            .where(Guest.event_id == event_id, _LIVE))


GUEST_COLUMNS = (Guest.id, Guest.event_id, Guest.honorific, Guest.full_name, Guest.title, Guest.organisation, Guest.mobile,
                 Guest.rank_id, Guest.invitation, Guest.invited_on, Guest.responded_on, Guest.seat, Guest.checked_in_at,
                 Guest.walk_in, Guest.note, Guest.version, ProtocolRank.name, ProtocolRank.sort_order)
"""What a guest list reads, column by column (no ORM objects: a long list reads fast)."""


def guest_list(session: Session, event_id: uuid.UUID, *, search: str = "", mobile: str = "",
               invitation: str | None = None, offset: int = 0, limit: int | None = None) -> Sequence[Any]:
    """An event's guests by protocol rank (no rank last), then name, as rows of GUEST_COLUMNS.
    `search`: a search_key found in the name, title or organisation; `mobile`: digits found
    in the mobile (either matches when both are given)."""
    stmt: Any = (select(*GUEST_COLUMNS).outerjoin(ProtocolRank, ProtocolRank.id == Guest.rank_id)
                 .where(Guest.event_id == event_id, _LIVE))
    matches = []
    if search:
        matches.append(Guest.name_search.contains(search, autoescape=True))
    if mobile:
        matches.append(Guest.mobile.contains(mobile, autoescape=True))
    if matches:
        stmt = stmt.where(or_(*matches))
    if invitation:
        stmt = stmt.where(Guest.invitation == invitation)
    stmt = stmt.order_by(case((ProtocolRank.sort_order.is_(None), 1), else_=0), ProtocolRank.sort_order,
                         alphabetical(Guest.name_search), Guest.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.execute(stmt).all()


def arrivals(session: Session, event_id: uuid.UUID, *, search: str, mobile: str, limit: int
             ) -> Sequence[RankedGuest]:
    """Guests matching what the door typed: those not yet in first, then by name."""
    stmt = _guest_rows(event_id)
    matches = []
    if search:
        matches.append(Guest.name_search.contains(search, autoescape=True))
    if mobile:
        matches.append(Guest.mobile.contains(mobile, autoescape=True))
    if matches:
        stmt = stmt.where(or_(*matches))
    stmt = stmt.order_by(case((Guest.checked_in_at.is_(None), 0), else_=1), alphabetical(Guest.name_search), Guest.id).limit(limit)
    return [(row[0], row[1], row[2]) for row in session.execute(stmt)]


def guests_named(session: Session, event_id: uuid.UUID, name_key: str) -> Sequence[Any]:
    """(id, full name, mobile, organisation) of an event's guests whose name's search key
    holds `name_key` (the candidates for the same guest listed twice); every guest when
    `name_key` is empty."""
    stmt = select(Guest.id, Guest.full_name, Guest.mobile, Guest.organisation).where(Guest.event_id == event_id, _LIVE)
    if name_key:
        stmt = stmt.where(Guest.name_search.contains(name_key, autoescape=True))
    return session.execute(stmt).all()


def invitation_counts(session: Session, event_id: uuid.UUID) -> dict[str, int]:
    stmt = (select(Guest.invitation, func.count()).where(Guest.event_id == event_id, _LIVE)
            .group_by(Guest.invitation))
    return {row[0]: int(row[1]) for row in session.execute(stmt)}


def presence_counts(session: Session, event_id: uuid.UUID) -> tuple[int, int, int]:
    """(expected: accepted or invited and not a walk-in, present, walk-ins)."""
    expected = func.sum(case((Guest.invitation.in_(("accepted", "invited")) & Guest.walk_in.is_(False), 1), else_=0))
    present = func.sum(case((Guest.checked_in_at.is_not(None), 1), else_=0))
    walk_ins = func.sum(case((Guest.walk_in.is_(True), 1), else_=0))
    row = session.execute(select(expected, present, walk_ins).where(Guest.event_id == event_id, _LIVE)).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def seated(session: Session, event_id: uuid.UUID) -> Sequence[Guest]:
    return session.scalars(select(Guest).where(Guest.event_id == event_id, _LIVE, Guest.seat.is_not(None))).all()


def guest_in_seat(session: Session, event_id: uuid.UUID, seat: str) -> Guest | None:
    return session.scalar(select(Guest).where(Guest.event_id == event_id, _LIVE, Guest.seat == seat))


def seating_order(session: Session, event_id: uuid.UUID) -> Sequence[RankedGuest]:
    """Who a rank fill seats: accepted first, then invited; by protocol rank, then name."""
    stmt = (_guest_rows(event_id)
            .where(Guest.invitation.in_(("accepted", "invited")))
            .order_by(case((Guest.invitation == "accepted", 0), else_=1),
                      case((ProtocolRank.sort_order.is_(None), 1), else_=0), ProtocolRank.sort_order,
                      alphabetical(Guest.name_search), Guest.id))
    return [(row[0], row[1], row[2]) for row in session.execute(stmt)]


# --- programme --------------------------------------------------------------------------

def programme(session: Session, event_id: uuid.UUID) -> Sequence[ProgrammeItem]:
    return session.scalars(select(ProgrammeItem).where(ProgrammeItem.event_id == event_id,
                                                       ProgrammeItem.deleted_at.is_(None))
                           .order_by(ProgrammeItem.position, ProgrammeItem.created_at, ProgrammeItem.id)).all()


def programme_item(session: Session, item_id: uuid.UUID) -> ProgrammeItem | None:
    row = session.get(ProgrammeItem, item_id)
    return row if row is not None and row.deleted_at is None else None


def guest_names(session: Session, guest_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """(honorific, full name) of some guests (the programme's speakers)."""
    if not guest_ids:
        return {}
    stmt = select(Guest.id, Guest.honorific, Guest.full_name).where(Guest.id.in_(list(guest_ids)), _LIVE)
    return {row[0]: (row[1], row[2]) for row in session.execute(stmt)}
