"""Finding events and guests from one line of text (`pr-desk find`, and any search box):
an event by its code (E1405-012, Persian digits and lower case accepted) or by words of
its title; a guest by words of their name, post or organisation, each with the event they
are invited to. Persian spelling folded (ي/ی, ك/ک, ZWNJ, spaces, digits); every word must
match, in any order. Only for those who may see events (an inspector finds none)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import imports as q
from pr_desk.domain.events import (
    EventStatus,
    Honorific,
    InvitationStatus,
    looks_like_event_code,
    normalize_event_code,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import SEARCH_WORDS, search_key
from pr_desk.services.context import Actor, read, require


@dataclass(frozen=True)
class FoundEvent:
    code: str
    title: str
    type_name: str
    start_on: dt.date
    end_on: dt.date
    status: EventStatus


@dataclass(frozen=True)
class FoundGuest:
    honorific: Honorific
    full_name: str
    title: str
    organisation: str
    invitation: InvitationStatus
    event_code: str
    event_title: str
    event_start_on: dt.date


def _words(text: str) -> list[str]:
    keys = [search_key(word) for word in (text or "").split()[:SEARCH_WORDS]]
    return [key for key in keys if key]


def find_events(db: Database, actor: Actor, text: str, *, limit: int = 50) -> tuple[int, list[FoundEvent]]:
    """(how many match, the first `limit`, latest first)."""
    require(actor, Permission.VIEW_EVENTS, db)
    code = normalize_event_code(text) if looks_like_event_code(text or "") else None
    with read(db) as session:
        total, rows = q.find_events(session, code=code, words=_words(text), limit=limit)
    return total, [FoundEvent(r.code, r.title, r.type_name, r.start_on, r.end_on, EventStatus(r.status)) for r in rows]


def find_guests(db: Database, actor: Actor, text: str, *, limit: int = 50) -> tuple[int, list[FoundGuest]]:
    """(how many guests match, the first `limit`, latest event first), each with its event."""
    require(actor, Permission.VIEW_EVENTS, db)
    if looks_like_event_code(text or ""):
        return 0, []
    with read(db) as session:
        total, rows = q.find_guests(session, words=_words(text), limit=limit)
    return total, [FoundGuest(Honorific(r.honorific), r.full_name, r.title, r.organisation, InvitationStatus(r.invitation),
                              r.event_code, r.event_title, r.event_start_on) for r in rows]
