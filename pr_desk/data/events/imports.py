"""Queries of event planning's imports, search and demo: set-based lookups (one query per
kind for a whole file: the choices, the codes a file names, the year's highest serials,
the seats of an event already taken), bulk inserts of prepared rows, and the find queries
of `pr-desk find` (events by code and title words, guests by name)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pr_desk.data.events.models import ChecklistItem, Event, EventType, Guest, ProtocolRank, Venue
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import alphabetical


def event_types(session: Session) -> Sequence[EventType]:
    return session.scalars(select(EventType).where(EventType.deleted_at.is_(None))
                           .order_by(EventType.sort_order, alphabetical(EventType.name))).all()


def checklists(session: Session) -> dict[uuid.UUID, list[ChecklistItem]]:
    """Every type's checklist template lines in their order, by type id (one query)."""
    out: dict[uuid.UUID, list[ChecklistItem]] = {}
    for item in session.scalars(select(ChecklistItem).where(ChecklistItem.deleted_at.is_(None))
                                .order_by(ChecklistItem.sort_order, ChecklistItem.offset_days)).all():
        out.setdefault(item.type_id, []).append(item)
    return out


def venues(session: Session) -> Sequence[Venue]:
    return session.scalars(select(Venue).where(Venue.deleted_at.is_(None), Venue.retired.is_(False))
                           .order_by(alphabetical(Venue.name_search))).all()


def ranks(session: Session) -> Sequence[ProtocolRank]:
    return session.scalars(select(ProtocolRank).where(ProtocolRank.deleted_at.is_(None), ProtocolRank.retired.is_(False))
                           .order_by(ProtocolRank.sort_order, alphabetical(ProtocolRank.name))).all()


def units(session: Session) -> Sequence[Unit]:
    return session.scalars(select(Unit).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None)).order_by(Unit.code)).all()


def officials(session: Session) -> Sequence[Any]:
    """(id, name, title) of the meeting queue's active officials (the demo links them to events)."""
    from pr_desk.data.meetings.models import Official

    return session.execute(select(Official.id, Official.name, Official.title).where(
        Official.deleted_at.is_(None), Official.active.is_(True)).order_by(Official.sort_order, alphabetical(Official.name))).all()


def codes_taken(session: Session, codes: Collection[str]) -> set[str]:
    """The codes of `codes` some event already has (deleted ones too: a code is never reused)."""
    if not codes:
        return set()
    found: set[str] = set()
    wanted = sorted(codes)
    for start in range(0, len(wanted), 500):
        found.update(session.scalars(select(Event.code).where(Event.code.in_(wanted[start:start + 500]))).all())
    return found


def year_codes(session: Session, years: Collection[int]) -> dict[int, list[str]]:
    """Every code of the given Jalali years (to find each year's highest serial), one query."""
    if not years:
        return {}
    out: dict[int, list[str]] = {year: [] for year in years}
    for year, code in session.execute(select(Event.jalali_year, Event.code).where(Event.jalali_year.in_(sorted(years)))).all():
        out.setdefault(year, []).append(code)
    return out


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalars(select(Event).where(Event.code == code, Event.deleted_at.is_(None))).first()


def venue_capacity(session: Session, venue_id: uuid.UUID | None) -> int:
    if venue_id is None:
        return 0
    return int(session.scalar(select(Venue.capacity).where(Venue.id == venue_id)) or 0)


def seats_taken(session: Session, event_id: uuid.UUID) -> set[str]:
    seats = session.scalars(select(Guest.seat).where(Guest.event_id == event_id, Guest.seat.is_not(None),
                                                     Guest.deleted_at.is_(None))).all()
    return {seat for seat in seats if seat}


def guest_count(session: Session, event_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count()).select_from(Guest).where(Guest.event_id == event_id,
                                                                             Guest.deleted_at.is_(None))) or 0)


def bulk_insert(session: Session, model: type, rows: list[dict[str, Any]], chunk: int = 2000) -> None:
    """Prepared rows (ids, versions, stamps included) in executemany chunks; the caller
    writes their audit entries as one batch (data.audit.append_many)."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model), rows[start:start + chunk])


def audit_inserts(session: Session, table: str, rows: list[dict[str, Any]], summary: str) -> None:
    """One audit entry per inserted row, written as one batch (the same chain as row by row)."""
    from pr_desk.data.audit import append_many

    quiet = {"version", "updated_at", "updated_by", "created_at", "created_by"}
    append_many(session, [{"action": "insert", "table_name": table, "record_id": row["id"], "summary": summary,
                           "after": {k: _plain(v) for k, v in row.items() if k not in quiet}} for row in rows])


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --- find -------------------------------------------------------------------------------------

def find_events(session: Session, *, code: str | None, words: Sequence[str], limit: int) -> tuple[int, list[Any]]:
    """(how many, the first `limit` as rows of code, title, start_on, end_on, status,
    type name): by exact code, or every word in the title's search shadow."""
    stmt = (select(Event.id, Event.code, Event.title, Event.start_on, Event.end_on, Event.status, EventType.name.label("type_name"))
            .join(EventType, EventType.id == Event.type_id).where(Event.deleted_at.is_(None)))
    if code is not None:
        stmt = stmt.where(Event.code == code)
    else:
        if not words:
            return 0, []
        for word in words:
            stmt = stmt.where(Event.title_search.contains(word, autoescape=True))
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.execute(stmt.order_by(Event.start_on.desc(), Event.code).limit(limit)).all()
    return total, list(rows)


def find_guests(session: Session, *, words: Sequence[str], limit: int) -> tuple[int, list[Any]]:
    """Guests whose name (or post, organisation) has every word, with their event's code and title."""
    if not words:
        return 0, []
    stmt = (select(Guest.id, Guest.honorific, Guest.full_name, Guest.title, Guest.organisation, Guest.invitation,
                   Event.code.label("event_code"), Event.title.label("event_title"), Event.start_on.label("event_start_on"))
            .join(Event, Event.id == Guest.event_id).where(Guest.deleted_at.is_(None), Event.deleted_at.is_(None)))
    for word in words:
        stmt = stmt.where(Guest.name_search.contains(word, autoescape=True))
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.execute(stmt.order_by(Event.start_on.desc(), alphabetical(Guest.full_name)).limit(limit)).all()
    return total, list(rows)
