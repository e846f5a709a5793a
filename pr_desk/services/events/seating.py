"""Seating: an event's plan (rows of a hall or round tables, seats in each; kept on the
event), the rank fill that seats the guests who accepted (then those invited) in protocol
order from the first row or table, and seats given, taken back or swapped by hand.

A seat holds one guest and a guest holds one seat; no more guests are seated than the
venue holds (its capacity, when known); a plan never shrinks below the seats given."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import guests as q
from pr_desk.data.events.models import Event, Guest
from pr_desk.data.transactions import Session
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    Honorific,
    InvitationStatus,
    SeatingMode,
    guest_address,
    parse_seat,
    seat_labels,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import to_latin_digits
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.events.guests import load_event, load_guest

__all__ = ["FillResult", "SeatInfo", "SeatingInfo", "assign_seat", "fill_by_rank", "get_seating", "set_seating_plan",
           "swap_seats", "unassign_seat"]


@dataclass(frozen=True)
class SeatInfo:
    label: str  # R3-12 / T4-6
    group: int  # the row or table
    number: int  # the seat in it
    guest_id: uuid.UUID | None
    guest_address: str  # 'جناب آقای دکتر علی رضایی' ('' when free)
    rank_name: str
    present: bool
    guest_name: str = ""  # the name alone: 'علی رضایی'


@dataclass(frozen=True)
class SeatingInfo:
    event_id: uuid.UUID
    mode: SeatingMode
    groups: int  # rows or tables (0: no plan yet)
    seats_per_group: int
    capacity: int  # the venue's seats (0: not known)
    seats: tuple[SeatInfo, ...]  # every seat of the plan, row (table) 1 first
    event_version: int  # pass back as expected_version when changing the plan

    @property
    def has_plan(self) -> bool:
        return self.groups > 0 and self.seats_per_group > 0

    @property
    def taken(self) -> int:
        return sum(1 for s in self.seats if s.guest_id is not None)

    def seat(self, label: str) -> SeatInfo | None:
        return next((s for s in self.seats if s.label == label), None)


@dataclass(frozen=True)
class FillResult:
    seated: int  # guests given a seat by this fill
    without_seat: int  # accepted or invited guests still without a seat (the plan or the venue is full)
    seating: SeatingInfo


def _mode(value: SeatingMode | str) -> SeatingMode:
    try:
        return SeatingMode(value)
    except ValueError:
        raise UserError(N_("A seating plan is rows of seats or tables."), field="mode") from None


def _labels(e: Event) -> list[str]:
    if e.seating_groups <= 0 or e.seats_per_group <= 0:
        return []
    return seat_labels(SeatingMode(e.seating_mode), e.seating_groups, e.seats_per_group)


def _capacity(session: Session, e: Event) -> int:
    v = q.venue(session, e.venue_id)
    return v.capacity if v is not None and v.capacity > 0 else 0


def _seating(session: Session, e: Event) -> SeatingInfo:
    by_seat: dict[str, Guest] = {g.seat: g for g in q.seated(session, e.id) if g.seat}
    ranks = {r.id: r.name for r in q.ranks(session, include_retired=True)}
    seats = []
    for label in _labels(e):
        _m, group, number = parse_seat(label)
        g = by_seat.get(label)
        seats.append(SeatInfo(label, group, number, g.id if g else None,
                              guest_address(Honorific(g.honorific), g.full_name) if g else "",
                              ranks.get(g.rank_id, "") if g and g.rank_id else "", bool(g and g.checked_in_at),
                              g.full_name if g else ""))
    return SeatingInfo(e.id, SeatingMode(e.seating_mode), e.seating_groups, e.seats_per_group, _capacity(session, e),
                       tuple(seats), e.version)


def get_seating(db: Database, actor: Actor, event_id: uuid.UUID) -> SeatingInfo:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return _seating(session, load_event(session, event_id))


def _whole(value: object, field: str) -> int:
    text = to_latin_digits(str(value)).strip()
    if not text.isdigit():
        raise UserError(N_("The number of rows, tables and seats is a whole number."), field=field)
    return int(text)


def set_seating_plan(db: Database, actor: Actor, event_id: uuid.UUID, *, mode: SeatingMode | str, groups: int | str,
                     seats_per_group: int | str, expected_version: int | None = None) -> SeatingInfo:
    """Makes or changes the plan: `groups` rows (or tables) of `seats_per_group` seats.
    Refused when a seat already given would no longer be in it."""
    require(actor, Permission.MANAGE_EVENTS, db)
    plan_mode = _mode(mode)
    n_groups, n_seats = _whole(groups, "groups"), _whole(seats_per_group, "seats")
    labels = set(seat_labels(plan_mode, n_groups, n_seats))
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        check_version(e.version, expected_version)
        outside = sorted(g.seat for g in q.seated(session, e.id) if g.seat and g.seat not in labels)
        if outside:
            raise UserError(N_("The new plan is smaller than the seats already given ({count}, such as {seat}); "
                               "free those seats first."), field="seating", count=len(outside), seat=outside[0])
        e.seating_mode, e.seating_groups, e.seats_per_group = plan_mode.value, n_groups, n_seats
        session.flush()
        return _seating(session, e)


def _check_capacity(session: Session, e: Event, seated_after: int) -> None:
    capacity = _capacity(session, e)
    if capacity and seated_after > capacity:
        raise UserError(N_("The venue holds {capacity} guests; {count} cannot be seated."), field="seat",
                        capacity=capacity, count=seated_after)


def _plan_or_refuse(e: Event) -> list[str]:
    labels = _labels(e)
    if not labels:
        raise UserError(N_("This event has no seating plan yet: give its rows or tables first."), field="seating")
    return labels


def fill_by_rank(db: Database, actor: Actor, event_id: uuid.UUID, *, reset: bool = False) -> FillResult:
    """Seats, in one action, the guests who accepted (then those invited) by protocol rank
    and name, taking the free seats in order from the first row or table. Seats given by
    hand are kept unless `reset`; the fill stops when the plan or the venue is full."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        labels = _plan_or_refuse(e)
        order = [g for g, _name, _order in q.seating_order(session, e.id)]
        already = list(q.seated(session, e.id))
        if reset:
            for g in already:
                g.seat = None
            session.flush()
            already = []
        taken = {g.seat for g in already}
        capacity = _capacity(session, e)
        room = (capacity - len(already)) if capacity else len(labels)
        free = iter([label for label in labels if label not in taken])
        seated = 0
        without = 0
        for g in order:
            if g.seat:
                continue
            label = next(free, None) if room > 0 else None
            if label is None:
                without += 1
                continue
            g.seat = label
            room -= 1
            seated += 1
        session.flush()
        return FillResult(seated, without, _seating(session, e))


def _label_in_plan(e: Event, seat: str) -> str:
    labels = _plan_or_refuse(e)
    _m, group, number = parse_seat(seat)
    label = f"{'R' if SeatingMode(e.seating_mode) is SeatingMode.ROWS else 'T'}{group}-{number}"
    if label not in labels or parse_seat(seat)[0] is not SeatingMode(e.seating_mode):
        raise UserError(N_("The seat {seat} is not in this event's seating plan."), field="seat", seat=seat)
    return label


def _name(g: Guest) -> str:
    return guest_address(Honorific(g.honorific), g.full_name)


def assign_seat(db: Database, actor: Actor, event_id: uuid.UUID, *, guest_id: uuid.UUID, seat: str, move: bool = False,
                replace: bool = False, expected_version: int | None = None) -> SeatingInfo:
    """Gives `seat` to a guest by hand. A guest who already has a seat keeps it unless
    `move` (then the old seat is freed): a guest is never seated twice. A seat already
    given is refused unless `replace` (its guest then has no seat)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        label = _label_in_plan(e, seat)
        guest = load_guest(session, guest_id)
        check_version(guest.version, expected_version)
        if guest.event_id != e.id:
            raise UserError(N_("This guest is not on this event's list."))
        if guest.seat == label:
            return _seating(session, e)
        holder = q.guest_in_seat(session, e.id, label)
        if holder is not None and not replace:
            raise UserError(N_("The seat {seat} is already given to {name}."), field="seat", seat=label, name=_name(holder))
        if InvitationStatus(guest.invitation) is InvitationStatus.DECLINED:
            raise UserError(N_("{name} will not attend, so gets no seat."), field="seat", name=_name(guest))
        if guest.seat and not move:
            raise UserError(N_("{name} already sits in {seat}; a guest is seated once."), field="seat",
                            name=_name(guest), seat=guest.seat)
        if not guest.seat and holder is None:
            _check_capacity(session, e, len(q.seated(session, e.id)) + 1)
        if holder is not None:
            holder.seat = None
            session.flush()
        guest.seat = label
        session.flush()
        return _seating(session, e)


def unassign_seat(db: Database, actor: Actor, guest_id: uuid.UUID) -> SeatingInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        guest = load_guest(session, guest_id)
        e = load_event(session, guest.event_id, for_update=True)
        guest.seat = None
        session.flush()
        return _seating(session, e)


def swap_seats(db: Database, actor: Actor, event_id: uuid.UUID, seat_a: str, seat_b: str) -> SeatingInfo:
    """Swaps the guests of two seats (one may be free: the guest moves to it)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        e = load_event(session, event_id, for_update=True)
        a, b = _label_in_plan(e, seat_a), _label_in_plan(e, seat_b)
        ga, gb = q.guest_in_seat(session, e.id, a), q.guest_in_seat(session, e.id, b)
        if ga is None and gb is None:
            raise UserError(N_("Both seats are free: there is nobody to move."), field="seat")
        for g in (ga, gb):  # free both first: a seat holds one guest even for a moment
            if g is not None:
                g.seat = None
        session.flush()
        if ga is not None:
            ga.seat = b
        if gb is not None:
            gb.seat = a
        session.flush()
        return _seating(session, e)
