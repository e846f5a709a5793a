"""The programme (running order) of an event: items with a start time, minutes, a title, a
speaker (free text or one of the guests) and a note; added, edited, removed and moved up or
down. An item without its own start time starts when the one before it ends (the first:
when the event starts)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import guests as q
from pr_desk.data.events.models import ProgrammeItem
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import Honorific, guest_address
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import to_latin_digits
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.events.guests import load_event

__all__ = ["ProgrammeItemInfo", "add_item", "list_programme", "move_item", "remove_item", "update_item"]

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class ProgrammeItemInfo:
    id: uuid.UUID
    event_id: uuid.UUID
    position: int  # 1, 2, 3 … in the running order
    starts_at: dt.time | None  # as given (None: after the item before)
    start: dt.time | None  # as computed
    end: dt.time | None
    minutes: int
    title: str
    speaker: str  # free text
    guest_id: uuid.UUID | None
    speaker_text: str  # the guest's honorific and name, else the free text
    note: str
    version: int


def _minutes(value: int | str) -> int:
    text = to_latin_digits(str(value)).strip() or "0"
    if not text.isdigit() or int(text) > MAX_MINUTES:
        raise UserError(N_("The minutes of an item are a whole number from 0 to {limit}."), field="minutes", limit=MAX_MINUTES)
    return int(text)


def _add(t: dt.time | None, minutes: int) -> dt.time | None:
    if t is None:
        return None
    moment = dt.datetime.combine(dt.date(2000, 1, 1), t) + dt.timedelta(minutes=minutes)
    return moment.time() if moment.date() == dt.date(2000, 1, 1) else dt.time(23, 59)


def _items(session: Session, event_id: uuid.UUID) -> list[ProgrammeItemInfo]:
    e = load_event(session, event_id)
    rows = q.programme(session, event_id)
    names = q.guest_names(session, [r.guest_id for r in rows if r.guest_id])
    out: list[ProgrammeItemInfo] = []
    previous_end = e.start_time
    for i, r in enumerate(rows, start=1):
        start = r.starts_at or previous_end
        end = _add(start, r.minutes)
        if r.guest_id and r.guest_id in names:
            honorific, name = names[r.guest_id]
            speaker_text = guest_address(Honorific(honorific), name)
        else:
            speaker_text = r.speaker
        out.append(ProgrammeItemInfo(r.id, r.event_id, i, r.starts_at, start, end, r.minutes, r.title, r.speaker,
                                     r.guest_id, speaker_text, r.note, r.version))
        previous_end = end if end is not None else previous_end
    return out


def list_programme(db: Database, actor: Actor, event_id: uuid.UUID) -> list[ProgrammeItemInfo]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return _items(session, event_id)


def _fill(session: Session, item: ProgrammeItem, *, title: str, starts_at: dt.time | None, minutes: int | str,
          speaker: str, guest_id: uuid.UUID | None, note: str) -> None:
    item.title = require_text(title, N_("Title"), 300, field="title")
    item.starts_at = starts_at
    item.minutes = _minutes(minutes)
    item.speaker = optional_text(speaker, N_("Speaker"), 200, field="speaker") or ""
    item.note = optional_text(note, N_("Note"), 2000, field="note", multiline=True) or ""
    if guest_id is not None:
        g = q.guest(session, guest_id)
        if g is None or g.event_id != item.event_id:
            raise UserError(N_("The speaker is not on this event's guest list."), field="speaker")
    item.guest_id = guest_id


def _renumber(session: Session, event_id: uuid.UUID, rows: list[ProgrammeItem] | None = None) -> None:
    for i, r in enumerate(rows if rows is not None else q.programme(session, event_id), start=1):
        if r.position != i:
            r.position = i


def _info(session: Session, item: ProgrammeItem) -> ProgrammeItemInfo:
    return next(i for i in _items(session, item.event_id) if i.id == item.id)


def add_item(db: Database, actor: Actor, *, event_id: uuid.UUID, title: str, starts_at: dt.time | None = None,
             minutes: int | str = 0, speaker: str = "", guest_id: uuid.UUID | None = None, note: str = "",
             position: int | None = None) -> ProgrammeItemInfo:
    """Adds an item at the end (or at `position`, 1 first)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        load_event(session, event_id, for_update=True)
        rows = list(q.programme(session, event_id))
        item = ProgrammeItem(event_id=event_id)
        _fill(session, item, title=title, starts_at=starts_at, minutes=minutes, speaker=speaker, guest_id=guest_id, note=note)
        session.add(item)
        at = len(rows) if position is None else max(0, min(len(rows), position - 1))
        rows.insert(at, item)
        for i, r in enumerate(rows, start=1):
            r.position = i
        session.flush()
        return _info(session, item)


def _load(session: Session, item_id: uuid.UUID) -> ProgrammeItem:
    item = q.programme_item(session, item_id)
    if item is None:
        raise UserError(N_("This programme item no longer exists."))
    return item


def update_item(db: Database, actor: Actor, item_id: uuid.UUID, *, expected_version: int | None, title: str,
                starts_at: dt.time | None = None, minutes: int | str = 0, speaker: str = "",
                guest_id: uuid.UUID | None = None, note: str = "") -> ProgrammeItemInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        item = _load(session, item_id)
        check_version(item.version, expected_version)
        _fill(session, item, title=title, starts_at=starts_at, minutes=minutes, speaker=speaker, guest_id=guest_id, note=note)
        session.flush()
        return _info(session, item)


def remove_item(db: Database, actor: Actor, item_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        item = _load(session, item_id)
        check_version(item.version, expected_version)
        item.deleted_at = utcnow()
        session.flush()
        _renumber(session, item.event_id)
        session.flush()


def move_item(db: Database, actor: Actor, item_id: uuid.UUID, *, up: bool) -> list[ProgrammeItemInfo]:
    """Moves an item one place earlier (`up`) or later; returns the new running order."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        item = _load(session, item_id)
        rows = list(q.programme(session, item.event_id))
        i = rows.index(item)
        j = i - 1 if up else i + 1
        if 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
        _renumber(session, item.event_id, rows)
        session.flush()
        return _items(session, item.event_id)
