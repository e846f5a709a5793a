"""The day: a guest found as they arrive (name, organisation, post or mobile, spelling-
insensitive), marked present (or the mark undone), walk-ins added present at once, and
the live counts (expected = accepted + invited, present, walk-ins)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import guests as q
from pr_desk.data.events.models import Guest
from pr_desk.data.types import utcnow
from pr_desk.domain.events import Honorific, InvitationStatus
from pr_desk.domain.roles import Permission
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.events.guests import (
    GuestInfo,
    GuestInput,
    guest_info,
    load_event,
    load_guest,
    new_guest_row,
    rank_of,
    ranked_guest_info,
    search_terms,
    today,
)

__all__ = ["CheckInCounts", "add_walk_in", "check_in", "checkin_counts", "find_arrivals", "undo_check_in"]


@dataclass(frozen=True)
class CheckInCounts:
    expected: int  # accepted + invited (walk-ins not counted)
    present: int  # everyone marked present, walk-ins too
    walk_ins: int

    @property
    def still_expected(self) -> int:
        return max(0, self.expected - (self.present - self.walk_ins))


def find_arrivals(db: Database, actor: Actor, event_id: uuid.UUID, text: str, *, limit: int = 30) -> list[GuestInfo]:
    """The guests matching what the door typed (those not yet in first); empty: the first ones."""
    require(actor, Permission.VIEW_EVENTS, db)
    key, digits = search_terms(text)
    with read(db) as session:
        load_event(session, event_id)
        return [ranked_guest_info(g, name, order)
                for g, name, order in q.arrivals(session, event_id, search=key, mobile=digits, limit=limit)]


def _mark(db: Database, actor: Actor, guest_id: uuid.UUID, present: bool) -> GuestInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        guest = load_guest(session, guest_id)
        if present and guest.checked_in_at is None:
            guest.checked_in_at = utcnow()
        elif not present:
            guest.checked_in_at = None
        session.flush()
        return guest_info(guest, rank_of(session, guest))


def check_in(db: Database, actor: Actor, guest_id: uuid.UUID) -> GuestInfo:
    """Marks a guest present (marking twice keeps the first time)."""
    return _mark(db, actor, guest_id, True)


def undo_check_in(db: Database, actor: Actor, guest_id: uuid.UUID) -> GuestInfo:
    return _mark(db, actor, guest_id, False)


def add_walk_in(db: Database, actor: Actor, *, event_id: uuid.UUID, full_name: str,
                honorific: Honorific | str = Honorific.NONE, title: str = "", organisation: str = "", mobile: str = "",
                rank_id: uuid.UUID | None = None, note: str = "") -> GuestInfo:
    """A guest who came without being on the list: added, and present at once."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        load_event(session, event_id)
        guest: Guest = new_guest_row(session, event_id, GuestInput(full_name, honorific, title, organisation, mobile, rank_id,
                                                                note, InvitationStatus.ACCEPTED), on=today())
        guest.walk_in = True
        guest.checked_in_at = utcnow()
        session.flush()
        return guest_info(guest, rank_of(session, guest))


def checkin_counts(db: Database, actor: Actor, event_id: uuid.UUID) -> CheckInCounts:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        load_event(session, event_id)
        return CheckInCounts(*q.presence_counts(session, event_id))
