"""Importing the year's events and an event's guest list from Excel: all rows or none,
every problem of every row named with its row, its column and the cell's text (an end
before its start, a date the Jalali calendar does not have, an unknown type, unit, venue,
honorific or rank, a bad mobile, a seat given twice or already taken, a code repeated or
already in the register, text that would run as a formula or hides control characters).

Set-based (issue 20): the choices are looked up once per kind for the whole file, the
codes a file names in one query, each year's highest serial in one, and the rows are
written with bulk inserts and one batch of audit entries in the one transaction."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pr_desk.data import bulk
from pr_desk.data import search as search_index
from pr_desk.data.engine import Database
from pr_desk.data.events import imports as q
from pr_desk.data.events.guests import guests_named
from pr_desk.data.events.models import Event, Guest
from pr_desk.data.ids import new_id
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.event_imports import (
    EventImportRow,
    GuestImportRow,
    cell_date,
    cell_invitation,
    cell_status,
    cell_time,
    plain_cell,
)
from pr_desk.domain.events import (
    DEFAULT_EVENT_TYPES,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    EventStatus,
    GuestIdentity,
    Honorific,
    InvitationStatus,
    Span,
    check_span,
    event_code,
    looks_like_event_code,
    normalize_event_code,
    parse_honorific,
    parse_seat,
)
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    each_cell,
)
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.domain.mobile import normalize_mobile
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import search_key
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.events.guests import ALREADY_LISTED, name_search
from pr_desk.services.importing import ImportPreview, Step, preview_rows
from pr_desk.spreadsheets.events import (
    EVENT_COLUMNS,
    GUEST_COLUMNS,
    TemplateLists,
    read_events_file,
    read_guests_file,
    write_events_template,
    write_guests_template,
)

__all__ = [
    "EventImportResult", "GuestImportResult", "check_events_import", "check_guests_import", "import_events",
    "import_guests", "preview_events_file", "preview_guests_file", "save_events_template", "save_guests_template",
]

MAX_EVENT_ROWS = 5_000
MAX_GUEST_ROWS = 100_000  # the bench's list (issue 20); a festival's whole public list
BATCH = 2000  # rows written per executemany (and per audit batch, and per progress tick)
PAST_STATUSES = frozenset({EventStatus.HELD, EventStatus.REPORTED})
NEEDS_APPROVER = frozenset({EventStatus.APPROVED, EventStatus.HELD, EventStatus.REPORTED})
_SEAT_PREFIX = {"rows": "R", "tables": "T"}


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


@dataclass(frozen=True)
class EventImportResult:
    events_added: int
    codes: tuple[str, ...]  # in the order of the file's rows


@dataclass(frozen=True)
class GuestImportResult:
    event_code: str
    guests_added: int
    seated: int


@dataclass(frozen=True)
class EventPreviewRow:
    """A line of the preview for each row of the file: as checked, or as typed when the row
    has problems (its dates then None)."""

    row_number: int
    code: str  # empty: issued on import
    title: str
    type_name: str
    start_on: dt.date | None
    end_on: dt.date | None
    status: str  # the status's label (as typed for a bad row)


@dataclass(frozen=True)
class GuestPreviewRow:
    row_number: int
    honorific: str  # as printed (جناب آقای دکتر)
    full_name: str
    rank: str
    invitation: str  # the state's label
    seat: str


def _record(actor: Actor, now: dt.datetime) -> dict[str, Any]:
    return {"id": new_id(), **bulk.stamps(actor.user_id, now)}


def _lookup(items: Sequence[Any], *names: Callable[[Any], str]) -> dict[str, Any]:
    """The items by the search key of each of their names (first one wins)."""
    found: dict[str, Any] = {}
    for item in items:
        for name in names:
            key = search_key(name(item) or "")
            if key:
                found.setdefault(key, item)
    return found


def _choice(value: str, choices: dict[str, Any], *, field: str, unknown: str) -> Any:
    text = plain_cell(value, field=field).strip()
    if not text:
        return None
    found = choices.get(search_key(text))
    if found is None:
        raise UserError(unknown, field=field, text=text[:60])
    return found


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    plain = plain_cell(value, field=field, multiline=multiline)
    if required:
        return require_text(plain, label, limit, field=field, multiline=multiline)
    return optional_text(plain, label, limit, field=field, multiline=multiline) or ""


# --- events ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _EventChecked:
    row_number: int
    code: str  # "" until issued
    type_key: str  # the type's code (a default type is created on import)
    type_name: str
    title: str
    organiser_id: uuid.UUID | None
    span: Span
    venue_id: uuid.UUID | None
    status: EventStatus
    description: str


@dataclass
class _EventContext:
    types: dict[str, tuple[str, str]]  # search key -> (code, name)
    units: dict[str, Any]
    venues: dict[str, Any]
    taken: set[str]
    approver: bool
    seen: dict[str, int]


def _event_context(session: Session, actor: Actor, rows: Sequence[EventImportRow]) -> _EventContext:
    stored = q.event_types(session)
    pairs = ([(t.code, t.name) for t in stored if not t.retired] if stored else [(t.code, t.name) for t in DEFAULT_EVENT_TYPES])
    types = _lookup(pairs, lambda p: p[1], lambda p: p[0])
    units = _lookup(q.units(session), lambda u: u.code, lambda u: u.name)
    venues = _lookup(q.venues(session), lambda v: v.name)
    codes = {normalize_event_code(r.code) for r in rows if (r.code or "").strip()}
    return _EventContext(types, units, venues, q.codes_taken(session, codes), actor.can(Permission.APPROVE_EVENTS), {})


def _code(value: str, ctx: _EventContext, row_number: int) -> str:
    text = plain_cell(value, field="code").strip()
    if not text:
        return ""
    code = normalize_event_code(text)
    if not looks_like_event_code(code):
        raise UserError(N_("“{text}” is not an event code such as E1405-012."), field="code", text=text[:30])
    if code in ctx.seen:
        raise UserError(N_("The code {code} is repeated (row {row})."), field="code", code=code, row=ctx.seen[code])
    if code in ctx.taken:
        raise UserError(N_("The register already has an event with the code {code}."), field="code", code=code)
    ctx.seen[code] = row_number
    return code


def _check_event(row: EventImportRow, ctx: _EventContext) -> _EventChecked:
    code, type_pair, title, organiser, start_on, start_time, end_on, end_time, venue, status, description = each_cell(
        lambda: _code(row.code, ctx, row.row_number),
        lambda: _choice(row.type, ctx.types, field="type", unknown=N_("There is no event type called {text}."))
        or _missing("type"),
        lambda: _text(row.title, field="title", label=N_("Event title"), limit=MAX_TITLE, required=True),
        lambda: _choice(row.organiser, ctx.units, field="organiser", unknown=N_("There is no active unit with the code or name {text}.")),
        lambda: cell_date(row.start_on, field="start_on", required=True),
        lambda: cell_time(row.start_time, field="start_time"),
        lambda: cell_date(row.end_on, field="end_on"),
        lambda: cell_time(row.end_time, field="end_time"),
        lambda: _choice(row.venue, ctx.venues, field="venue", unknown=N_("There is no venue called {text} in the register of venues.")),
        lambda: cell_status(row.status),
        lambda: _text(row.description, field="description", label=N_("Event description"), limit=MAX_TEXT, multiline=True),
    )
    assert start_on is not None
    span = Span(start_on, end_on or start_on, start_time, end_time)
    try:
        check_span(span)
    except UserError as exc:
        raise UserError(exc.message, field="end_on" if span.end_on < span.start_on or not end_time else "end_time",
                        **exc.params) from None
    if status in NEEDS_APPROVER and not ctx.approver:
        raise UserError(N_("Only a supervisor may import an event that is already approved, held or reported."), field="status")
    if status in PAST_STATUSES and span.start_on > today():
        raise UserError(N_("An event that has not started yet cannot be held or reported."), field="status")
    if code and int(code[1:5]) != JalaliDate.from_gregorian(start_on).year:
        raise UserError(N_("The code {code} is of the year {year}, but the event starts in {start_year}."), field="code",
                        code=code, year=code[1:5], start_year=JalaliDate.from_gregorian(start_on).year)
    return _EventChecked(row.row_number, code, type_pair[0], type_pair[1], title, organiser.id if organiser else None, span,
                         venue.id if venue else None, status, description)


def _missing(field: str) -> Any:
    raise UserError(N_("This column is required."), field=field)


def _checked_events(session: Session, actor: Actor, rows: Sequence[EventImportRow]) -> tuple[list[_EventChecked], list[RowProblem]]:
    check_row_count(rows, MAX_EVENT_ROWS)
    ctx = _event_context(session, actor, rows)
    return check_rows(rows, lambda row: _check_event(row, ctx), EVENT_COLUMNS)


def check_events_import(db: Database, actor: Actor, rows: Sequence[EventImportRow]) -> list[RowProblem]:
    """What import_events would refuse, nothing written (for the preview)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with read(db) as session:
        return _checked_events(session, actor, rows)[1]


def _seed_types(session: Session) -> None:
    """A new office's six default types and their usual checklists, as the catalogue and the
    checklists seed them, in the import's own write: a refused or cancelled import leaves
    them unwritten too. (A check or a preview compares against the defaults unwritten.)"""
    from pr_desk.services.events.catalogue import seed_types
    from pr_desk.services.events.checklists import seed_default_checklists

    seed_types(session)
    seed_default_checklists(session)


def _seed_ranks(session: Session) -> None:
    """The office's usual protocol ranks when it has none, in the guests import's own write."""
    from pr_desk.services.events.guests import seed_default_ranks

    seed_default_ranks(session)


def _serial(code: str) -> int:
    m = re.match(r"^E\d{4}-(\d+)$", code)
    return int(m.group(1)) if m else 0


def import_events(db: Database, actor: Actor, rows: Sequence[EventImportRow], *,
                  progress: Callable[[int, int], None] | None = None) -> EventImportResult:
    """All rows or none: each row an event of the register; a row without a code gets the
    next number of its Jalali year (after the highest already used, the file's included).
    `progress(done, total)` is told before the write and after each batch; an exception it
    raises (a Cancel) rolls the one transaction back: nothing is written."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        _seed_types(session)
        checked, problems = _checked_events(session, actor, rows)
        if problems:
            raise ImportRejected(problems)
        now = utcnow()
        type_ids = {t.code: t.id for t in q.event_types(session)}
        years = {JalaliDate.from_gregorian(c.span.start_on).year for c in checked}
        highest = {year: max((_serial(code) for code in codes), default=0) for year, codes in q.year_codes(session, years).items()}
        for c in checked:
            if c.code:
                year = int(c.code[1:5])
                highest[year] = max(highest.get(year, 0), _serial(c.code))
        records, codes = [], []
        for c in checked:
            year = JalaliDate.from_gregorian(c.span.start_on).year
            code = c.code
            if not code:
                highest[year] = highest.get(year, 0) + 1
                code = event_code(year, highest[year])
            codes.append(code)
            records.append({
                **_record(actor, now), "code": code, "jalali_year": year, "type_id": type_ids[c.type_key], "title": c.title,
                "title_search": search_key(c.title)[:300], "organiser_unit_id": c.organiser_id, "start_on": c.span.start_on,
                "start_time": c.span.start_time, "end_on": c.span.end_on, "end_time": c.span.end_time, "venue_id": c.venue_id,
                "status": c.status.value, "status_on": min(today(), c.span.end_on) if c.status in PAST_STATUSES else today(),
                "cancel_reason": "", "description": c.description, "clash_reason": "", "lessons": "", "expected_guests": 0,
                "seating_mode": "rows", "seating_groups": 0, "seats_per_group": 0, "cloned_from_id": None,
            })
        _write_batches(session, Event, "event", records, "imported from Excel", progress)
        return EventImportResult(len(records), tuple(codes))


def _write_batches(session: Session, model: type, table: str, records: list[dict[str, Any]], summary: str,
                   progress: Callable[[int, int], None] | None) -> None:
    """`records` in executemany batches of BATCH with their audit entries, `progress` told
    before the first and after each."""
    total = len(records)
    if progress is not None:
        progress(0, total)
    # the search index's marks by one statement per kind after the rows, not a trigger per row
    with search_index.marks_after_inserts(session.connection(), (table,)):
        for start in range(0, total, BATCH):
            batch = records[start:start + BATCH]
            q.bulk_insert(session, model, batch)
            q.audit_inserts(session, table, batch, summary)
            if progress is not None:
                progress(start + len(batch), total)


def preview_events_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None,
                        checked: bool = True) -> ImportPreview[list[EventImportRow]]:
    """The events spreadsheet at `path` read and checked, nothing written (a new office's
    rows are checked against the default types, which only the import writes)."""
    require(actor, Permission.MANAGE_EVENTS, db)

    def check(rows: list[EventImportRow]) -> tuple[Sequence[Any], Sequence[RowProblem]]:
        with read(db) as session:
            checked, problems = _checked_events(session, actor, rows)
        good = {c.row_number: c for c in checked}
        lines = []
        for row in rows:
            c = good.get(row.row_number)
            lines.append(EventPreviewRow(row.row_number, c.code, c.title, c.type_name, c.span.start_on, c.span.end_on,
                                         c.status.label) if c else
                         EventPreviewRow(row.row_number, row.code, row.title, row.type, None, None, row.status))
        return lines, problems

    return preview_rows(path, read_events_file, check, step, checked=checked)  # only read: checked=False


# --- guests ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _GuestChecked:
    row_number: int
    honorific: Honorific
    full_name: str
    title: str
    organisation: str
    mobile: str | None
    rank_id: uuid.UUID | None
    rank_name: str
    invitation: InvitationStatus
    seat: str | None


@dataclass
class _GuestContext:
    event_id: uuid.UUID
    code: str
    ranks: dict[str, Any]
    seating_mode: str
    groups: int
    per_group: int
    taken: set[str]
    seen: dict[str, int]
    listed: dict[str, list[tuple[GuestIdentity, int | None]]]  # by name key: the guests listed (None) and the file's rows


def _event_for_guests(session: Session, code: str) -> Event:
    wanted = normalize_event_code(code)
    event = q.event_by_code(session, wanted) if wanted else None
    if event is None:
        raise UserError(N_("There is no event with the code {code}."), field="event", code=(code or "").strip()[:30] or "-")
    if event.status == EventStatus.CANCELLED.value:
        raise UserError(N_("The event {code} is cancelled; its guest list is not changed."), field="event", code=event.code)
    return event


@dataclass(frozen=True)
class _UnwrittenRank:
    """A default rank a check compares against before the import writes it."""

    id: uuid.UUID | None
    name: str


def _ranks(session: Session) -> list[Any]:
    """The office's ranks; with none yet, the defaults the import would write."""
    from pr_desk.data.events.guests import any_rank
    from pr_desk.services.events.guests import DEFAULT_RANKS

    stored = q.ranks(session)
    if stored or any_rank(session):
        return list(stored)
    return [_UnwrittenRank(None, name) for name in DEFAULT_RANKS]


def _guest_context(session: Session, code: str) -> _GuestContext:
    event = _event_for_guests(session, code)
    ranks = _lookup(_ranks(session), lambda r: r.name)
    listed: dict[str, list[tuple[GuestIdentity, int | None]]] = {}
    for _id, full_name, mobile, organisation in guests_named(session, event.id, ""):
        identity = GuestIdentity.of(full_name, mobile, organisation)
        listed.setdefault(identity.name, []).append((identity, None))
    return _GuestContext(event.id, event.code, ranks, event.seating_mode, event.seating_groups, event.seats_per_group,
                         q.seats_taken(session, event.id), {}, listed)


def _not_twice(ctx: _GuestContext, row_number: int, name: str, mobile: str | None, organisation: str) -> None:
    """Refuses a row whose guest the event's list already has, or an earlier row of the file:
    a list imported again (or grown and imported whole) would list every guest twice."""
    me = GuestIdentity.of(name, mobile, organisation)
    same = ctx.listed.setdefault(me.name, [])
    for other, row in same:
        if me.same_as(other):
            if row is None:
                raise UserError(ALREADY_LISTED, field="full_name", name=name)
            raise UserError(N_("{name} is in the file twice (row {row} too)."), field="full_name", name=name, row=row)
    same.append((me, row_number))


def _seat(value: str, ctx: _GuestContext, row_number: int) -> str | None:
    text = plain_cell(value, field="seat").strip()
    if not text:
        return None
    mode, group, number = parse_seat(text)
    label = f"{'R' if mode.value == 'rows' else 'T'}{group}-{number}"
    if ctx.groups <= 0 or ctx.per_group <= 0:
        raise UserError(N_("The event has no seating plan yet: leave the seat empty, or make the plan first."), field="seat")
    if mode.value != ctx.seating_mode or group > ctx.groups or number > ctx.per_group:
        raise UserError(N_("The seat {seat} is not in the event's seating plan."), field="seat", seat=label)
    if label in ctx.seen:
        raise UserError(N_("The seat {seat} is given twice (row {row})."), field="seat", seat=label, row=ctx.seen[label])
    if label in ctx.taken:
        raise UserError(N_("The seat {seat} is already taken by another guest."), field="seat", seat=label)
    ctx.seen[label] = row_number
    return label


def _check_guest(row: GuestImportRow, ctx: _GuestContext) -> _GuestChecked:
    honorific, name, title, organisation, mobile, rank, invitation, seat = each_cell(
        lambda: parse_honorific(plain_cell(row.honorific, field="honorific")),
        lambda: _text(row.full_name, field="full_name", label=N_("Guest's name"), limit=MAX_NAME, required=True),
        lambda: _text(row.title, field="title", label=N_("Post"), limit=200),
        lambda: _text(row.organisation, field="organisation", label=N_("Organisation"), limit=200),
        # +98 … is a mobile, not a formula: stored as 09… digits, and anything else is refused as no mobile
        lambda: normalize_mobile(row.mobile) if (row.mobile or "").strip() else None,
        lambda: _choice(row.rank, ctx.ranks, field="rank", unknown=N_("There is no protocol rank called {text}.")),
        lambda: cell_invitation(row.invitation),
        lambda: _seat(row.seat, ctx, row.row_number),
    )
    _not_twice(ctx, row.row_number, name, mobile, organisation)
    return _GuestChecked(row.row_number, honorific, name, title, organisation, mobile, rank.id if rank else None,
                         rank.name if rank else "", invitation, seat)


def _checked_guests(session: Session, rows: Sequence[GuestImportRow], code: str
                    ) -> tuple[_GuestContext, list[_GuestChecked], list[RowProblem]]:
    ctx = _guest_context(session, code)
    check_row_count(rows, MAX_GUEST_ROWS)
    checked, problems = check_rows(rows, lambda row: _check_guest(row, ctx), GUEST_COLUMNS)
    return ctx, checked, problems


def _check_capacity(session: Session, ctx: _GuestContext, checked: Sequence[_GuestChecked]) -> None:
    event = q.event_by_code(session, ctx.code)
    capacity = q.venue_capacity(session, event.venue_id if event else None)
    seated = len(ctx.taken) + sum(1 for c in checked if c.seat)
    if capacity and seated > capacity:
        raise UserError(N_("The file would seat {seated} guests, more than the venue holds ({capacity})."), field="seat",
                        seated=seated, capacity=capacity)


def check_guests_import(db: Database, actor: Actor, rows: Sequence[GuestImportRow], *, event_code: str) -> list[RowProblem]:
    require(actor, Permission.MANAGE_EVENTS, db)
    with read(db) as session:
        ctx, checked, problems = _checked_guests(session, rows, event_code)
        if not problems:
            _check_capacity(session, ctx, checked)
        return problems


def import_guests(db: Database, actor: Actor, rows: Sequence[GuestImportRow], *, event_code: str,
                  progress: Callable[[int, int], None] | None = None) -> GuestImportResult:
    """All rows or none: each row a guest of the event whose code is `event_code`.
    `progress(done, total)` is told before the write and after each batch; an exception it
    raises (a Cancel) rolls the one transaction back: nothing is written."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        _seed_ranks(session)
        ctx, checked, problems = _checked_guests(session, rows, event_code)
        if problems:
            raise ImportRejected(problems)
        _check_capacity(session, ctx, checked)
        now, day = utcnow(), today()
        records = [{
            **_record(actor, now), "event_id": ctx.event_id, "honorific": c.honorific.value, "full_name": c.full_name,
            "name_search": name_search(c.full_name, c.title, c.organisation), "title": c.title, "organisation": c.organisation,
            "mobile": c.mobile, "rank_id": c.rank_id, "invitation": c.invitation.value,
            "invited_on": day if c.invitation is not InvitationStatus.TO_INVITE else None,
            "responded_on": day if c.invitation in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED) else None,
            "seat": c.seat, "checked_in_at": None, "walk_in": False, "note": "",
        } for c in checked]
        _write_batches(session, Guest, "event_guest", records, f"imported from Excel into {ctx.code}", progress)
        return GuestImportResult(ctx.code, len(records), sum(1 for c in checked if c.seat))


def preview_guests_file(db: Database, actor: Actor, path: Path, *, event_code: str, step: Step | None = None,
                        checked: bool = True) -> ImportPreview[list[GuestImportRow]]:
    """A guest list at `path` read and checked against the event `event_code`, nothing written."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with read(db) as session:
        _event_for_guests(session, event_code)  # an unknown event is refused before the file is read

    def check(rows: list[GuestImportRow]) -> tuple[Sequence[Any], Sequence[RowProblem]]:
        with read(db) as session:
            ctx, checked, problems = _checked_guests(session, rows, event_code)
            if not problems:
                _check_capacity(session, ctx, checked)
        good = {c.row_number: c for c in checked}
        lines = []
        for row in rows:
            c = good.get(row.row_number)
            lines.append(GuestPreviewRow(row.row_number, c.honorific.text, c.full_name, c.rank_name, c.invitation.label,
                                         c.seat or "") if c else
                         GuestPreviewRow(row.row_number, row.honorific, row.full_name, row.rank, row.invitation, row.seat))
        return lines, problems

    return preview_rows(path, read_guests_file, check, step, checked=checked)  # only read: checked=False


# --- templates -------------------------------------------------------------------------------

def template_lists(db: Database, actor: Actor) -> TemplateLists:
    """The office's own choices for a template's drop-down lists."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:  # nothing written: a new office's lists are the defaults
        types = [t.name for t in q.event_types(session) if not t.retired]
        return TemplateLists(types=types or [t.name for t in DEFAULT_EVENT_TYPES], units=[u.code for u in q.units(session)],
                             venues=[v.name for v in q.venues(session)], ranks=[r.name for r in _ranks(session)])


def save_events_template(out: Path, lists: TemplateLists | None = None) -> Path:
    """The empty events sheet to fill, written whole or not at all."""
    return write_events_template(out, lists)


def save_guests_template(out: Path, lists: TemplateLists | None = None) -> Path:
    """The empty guest list to fill, written whole or not at all."""
    return write_guests_template(out, lists)

