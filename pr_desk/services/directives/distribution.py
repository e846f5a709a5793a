"""Distribution and follow-up: who a directive was sent to; each unit's acknowledgement
(bound to the version in force), implementation with evidence and the verdict on it; the
distribution matrix (directives x units) and each unit's pending list."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from pr_desk.data.directives import queries as q
from pr_desk.data.directives.models import Acknowledgement, Directive, DirectiveRecipient
from pr_desk.data.engine import Database
from pr_desk.data.models import Unit
from pr_desk.data.transactions import Session
from pr_desk.domain.directives import (
    DEFAULT_ACK_WORKING_DAYS,
    MAX_NAME,
    MAX_NOTE,
    DirectiveStatus,
    RecipientState,
    Verdict,
    check_text,
    recipient_state,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import due_date_for
from pr_desk.domain.roles import Permission
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.directives.files import checked_file, file_bytes, store_file
from pr_desk.services.directives.types import (
    AcknowledgementInfo,
    DirectiveInfo,
    RecipientInfo,
    check_unit_visible,
    directive_infos,
    load_directive,
    recipient_info,
    search_filters,
    today,
    visible_units,
)
from pr_desk.services.office_settings import load_settings

__all__ = [
    "AcknowledgementEntry", "DistributionMatrix", "UnitColumn", "acknowledge", "acknowledge_many", "acknowledgements", "check_evidence", "count_pending", "distribute", "evidence_content",
    "MatrixLine", "list_recipients", "matrix", "matrix_lines", "overdue_acknowledgements", "pending_for_unit", "record_implementation", "undo_verdict",
]


def _calendar(session: Session) -> WorkCalendar:
    return load_settings(session).calendar


def distribute(db: Database, actor: Actor, directive_id: uuid.UUID, *, unit_ids: Iterable[uuid.UUID] = (),
               all_districts: bool = False, unit_kind: str | None = None, communicated_on: dt.date | None = None,
               ack_working_days: int = DEFAULT_ACK_WORKING_DAYS, impl_due: dt.date | None = None) -> int:
    """Sends an issued directive to units: all 22 district PR offices, every unit of a
    kind, or single units. Units it was already sent to are left as they are. Returns how
    many units were added."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    chosen = list(dict.fromkeys(unit_ids))
    if not chosen and not all_districts and not unit_kind:
        raise UserError(N_("Choose the units to send the directive to."), field="units")
    with write(db, actor) as session:
        d = load_directive(session, directive_id, for_update=True)
        if d.status != DirectiveStatus.IN_FORCE.value:
            raise UserError(N_("Only a directive in force can be sent to units; issue it first."))
        day = communicated_on or today()
        current = q.version(session, d.id, d.current_version)
        if current is not None and current.issued_on is not None and day < current.issued_on:
            raise UserError(N_("A directive cannot be communicated before its issue date."), field="communicated_on")
        if impl_due is not None and impl_due < day:
            raise UserError(N_("The implementation deadline cannot be before the day it is communicated."), field="impl_due")
        units: dict[uuid.UUID, Unit] = {}
        if chosen:
            found = {u.id: u for u in q.units(session, unit_ids=chosen)}
            missing = [u for u in chosen if u not in found]
            if missing:
                raise UserError(N_("One of the chosen units does not exist or is retired."), field="units")
            units.update(found)
        if all_districts:
            units.update({u.id: u for u in q.units(session, districts_only=True)})
        if unit_kind:
            units.update({u.id: u for u in q.units(session, kind=unit_kind)})
        ack_due = due_date_for(day, ack_working_days, _calendar(session))
        already = q.recipient_unit_ids(session, d.id)
        added = 0
        for unit in units.values():
            if unit.id in already:
                continue
            session.add(DirectiveRecipient(directive_id=d.id, unit_id=unit.id, communicated_on=day, ack_due=ack_due,
                                           impl_due=impl_due))
            added += 1
        session.flush()
        return added


def _recipient(session: Session, actor: Actor, recipient_id: uuid.UUID) -> tuple[DirectiveRecipient, Directive, Unit]:
    r = q.recipient(session, recipient_id)
    if r is None:
        raise UserError(N_("This unit is no longer among the directive's recipients."))
    check_unit_visible(session, actor, r.unit_id)
    d = load_directive(session, r.directive_id)
    unit = session.get(Unit, r.unit_id)
    assert unit is not None
    return r, d, unit


@dataclass(frozen=True)
class AcknowledgementEntry:
    """One unit's acknowledgement as the office received it (by phone, letter or slip)."""

    unit_id: uuid.UUID
    by_name: str
    by_post: str = ""
    on: dt.date | None = None


def _acknowledge(session: Session, d: Directive, entry: AcknowledgementEntry, version: int | None) -> DirectiveRecipient:
    """Records one acknowledgement of the version in force (checked as `acknowledge` says)."""
    name = check_text(entry.by_name, field="by_name", label=N_("Acknowledged by"), limit=MAX_NAME)
    post = check_text(entry.by_post, field="by_post", label=N_("Post"), limit=MAX_NAME, required=False)
    r = q.recipient_of(session, d.id, entry.unit_id)
    if r is None:
        raise UserError(N_("This directive was not sent to that unit."), field="unit")
    if version is not None and version != d.current_version:
        raise UserError(N_("Version {version} is not the one in force (version {current}); the unit acknowledges the text in force."),
                        version=version, current=d.current_version)
    day = entry.on or today()
    if day < r.communicated_on:
        raise UserError(N_("The acknowledgement cannot be before the day the directive was communicated."), field="on")
    if day > today():
        raise UserError(N_("The acknowledgement date cannot be in the future."), field="on")
    if r.acknowledged_version == d.current_version:
        raise UserError(N_("This unit has already acknowledged the version in force."))
    r.acknowledged_version, r.acknowledged_on, r.acknowledged_by, r.acknowledged_post = d.current_version, day, name, post
    session.add(Acknowledgement(recipient_id=r.id, text_version=d.current_version, acknowledged_on=day, by_name=name, by_post=post))
    return r


def acknowledge(db: Database, actor: Actor, directive_id: uuid.UUID, unit_id: uuid.UUID, *, by_name: str, by_post: str = "",
                on: dt.date | None = None, version: int | None = None) -> RecipientInfo:
    """The unit acknowledged the directive (by phone, letter or in person): the person's
    name and post and the day, bound to the version in force; an acknowledgement of
    another version is refused."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    entry = AcknowledgementEntry(unit_id, by_name, by_post, on)
    check_text(by_name, field="by_name", label=N_("Acknowledged by"), limit=MAX_NAME)
    check_text(by_post, field="by_post", label=N_("Post"), limit=MAX_NAME, required=False)
    with write(db, actor) as session:
        d = load_directive(session, directive_id)
        r = _acknowledge(session, d, entry, version)
        session.flush()
        unit = session.get(Unit, r.unit_id)
        assert unit is not None
        return recipient_info(r, d, unit, settings=load_settings(session))


def acknowledge_many(db: Database, actor: Actor, directive_id: uuid.UUID, entries: Sequence[AcknowledgementEntry], *,
                     version: int | None = None) -> int:
    """A batch of acknowledgements of one directive (the slips that came back this week),
    all or none: each checked as `acknowledge` checks it. Returns how many were recorded."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    if len({e.unit_id for e in entries}) != len(entries):
        raise UserError(N_("A unit is listed twice among the acknowledgements."), field="unit")
    with write(db, actor) as session:
        d = load_directive(session, directive_id)
        for entry in entries:
            _acknowledge(session, d, entry, version)
        session.flush()
        return len(entries)


def record_implementation(db: Database, actor: Actor, recipient_id: uuid.UUID, *, expected_version: int, on: dt.date,
                          note: str, evidence_name: str | None = None, evidence: bytes | None = None) -> RecipientInfo:
    """What the unit did and when, with its evidence file (an inspector during a visit,
    or a clerk from the unit's report)."""
    if not (actor.can(Permission.MANAGE_DIRECTIVES) or actor.can(Permission.CHECK_EVIDENCE)):
        require(actor, Permission.CHECK_EVIDENCE)
    text = check_text(note, field="note", label=N_("What was done"), limit=MAX_NOTE)
    with write(db, actor) as session:
        r, d, unit = _recipient(session, actor, recipient_id)
        check_version(r.version, expected_version)
        current = q.version(session, d.id, d.current_version)
        if current is not None and current.issued_on is not None and on < current.issued_on:
            raise UserError(N_("The implementation date cannot be before the issue date."), field="on")
        if on > today():
            raise UserError(N_("The implementation date cannot be in the future."), field="on")
        if r.verdict == Verdict.ACCEPTED.value:
            raise UserError(N_("The evidence of this unit was accepted; nothing more to record."))
        if evidence is not None:
            mime, name = checked_file(session, evidence_name or "evidence", evidence)
            r.evidence_sha256, r.evidence_name = store_file(session, evidence, mime), name
        r.implemented_on, r.implementation_note = on, text
        r.verdict, r.verdict_reason, r.verdict_on, r.verdict_by = None, "", None, None  # new evidence: checked again
        session.flush()
        return recipient_info(r, d, unit, settings=load_settings(session))


def check_evidence(db: Database, actor: Actor, recipient_id: uuid.UUID, *, expected_version: int, verdict: Verdict | str,
                   reason: str = "", on: dt.date | None = None) -> RecipientInfo:
    """An inspector or supervisor accepts the evidence, or does not with a reason."""
    require(actor, Permission.CHECK_EVIDENCE)
    try:
        choice = Verdict(verdict)
    except ValueError:
        raise UserError(N_("Say whether the evidence is accepted or not."), field="verdict") from None
    why = check_text(reason, field="reason", label=N_("Reason"), limit=MAX_NOTE, required=choice is Verdict.NOT_ACCEPTED)
    with write(db, actor) as session:
        r, d, unit = _recipient(session, actor, recipient_id)
        check_version(r.version, expected_version)
        if r.implemented_on is None:
            raise UserError(N_("Nothing was reported as implemented yet, so there is no evidence to check."))
        r.verdict, r.verdict_reason, r.verdict_on, r.verdict_by = choice.value, why, on or today(), actor.user_id
        session.flush()
        return recipient_info(r, d, unit, settings=load_settings(session))


def undo_verdict(db: Database, actor: Actor, recipient_id: uuid.UUID, *, expected_version: int) -> RecipientInfo:
    """Takes a verdict back (a mistake): the evidence waits to be checked again."""
    require(actor, Permission.CHECK_EVIDENCE)
    with write(db, actor) as session:
        r, d, unit = _recipient(session, actor, recipient_id)
        check_version(r.version, expected_version)
        r.verdict, r.verdict_reason, r.verdict_on, r.verdict_by = None, "", None, None
        session.flush()
        return recipient_info(r, d, unit, settings=load_settings(session))


def evidence_content(db: Database, actor: Actor, recipient_id: uuid.UUID) -> tuple[str, bytes]:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        r, _d, _unit = _recipient(session, actor, recipient_id)
        content = file_bytes(session, r.evidence_sha256) if r.evidence_sha256 else None
        if content is None:
            raise UserError(N_("No evidence file was sent."))
        return r.evidence_name, content


def list_recipients(db: Database, actor: Actor, directive_id: uuid.UUID, *, on: dt.date | None = None) -> list[RecipientInfo]:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        d = load_directive(session, directive_id)
        allowed = visible_units(session, actor)
        settings = load_settings(session)
        return [recipient_info(r, d, u, on=on, settings=settings) for r, u in q.recipients(session, d.id) if allowed is None or u.id in allowed]


def acknowledgements(db: Database, actor: Actor, recipient_id: uuid.UUID) -> list[AcknowledgementInfo]:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        r, d, _unit = _recipient(session, actor, recipient_id)
        return [AcknowledgementInfo(a.text_version, a.acknowledged_on, a.by_name, a.by_post, a.text_version == d.current_version)
                for a in q.acknowledgements(session, r.id)]


def pending_for_unit(db: Database, actor: Actor, unit_id: uuid.UUID, *, on: dt.date | None = None, offset: int = 0,
                     limit: int | None = 200) -> list[RecipientInfo]:
    """A page of what a unit still has to acknowledge or implement (or whose evidence
    waits or was not accepted), the earliest deadline first (the most overdue lead)."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        unit = _visible_unit(session, actor, unit_id)
        settings = load_settings(session)
        return [recipient_info(r, d, unit, on=on, settings=settings) for r, d in q.unit_recipients(session, unit_id, offset=offset, limit=limit)]


def count_pending(db: Database, actor: Actor, unit_id: uuid.UUID) -> int:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        _visible_unit(session, actor, unit_id)
        return q.unit_open_count(session, unit_id)


def _visible_unit(session: Session, actor: Actor, unit_id: uuid.UUID) -> Unit:
    check_unit_visible(session, actor, unit_id)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError(N_("This unit no longer exists."))
    return unit


def overdue_acknowledgements(db: Database, actor: Actor) -> int:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        return q.overdue_acknowledgements(session, today())


def _raw(value: object) -> str:
    """An id as a database hands it back untyped: SQLite's hex text, PostgreSQL's uuid."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "").lower()


class _Id(uuid.UUID):
    """A uuid that keeps its hash: a matrix page's cells are keyed by pairs of them."""

    __slots__ = ("_hash",)
    _hash: int

    def __init__(self, value: uuid.UUID) -> None:
        super().__init__(int=value.int)
        object.__setattr__(self, "_hash", hash(value.int))

    def __hash__(self) -> int:
        return self._hash


def _day(value: object) -> dt.date | None:
    """A date as a database hands it back untyped: SQLite's ISO text, PostgreSQL's date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class _Days(dict):  # type: ignore[type-arg]
    """Dates as a database hands them back -> dates, each distinct one parsed once (a
    matrix of 2,500 cells holds three dates a cell but few distinct days)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, value: object) -> dt.date | None:
        day = self[value] = _day(value)
        return day


class _RecipientIds(dict):  # type: ignore[type-arg]
    """(directive id, unit id) -> recipient id, built when a cell is first opened (not for
    every page of 2,500 cells) and each id parsed when its cell is opened."""

    def __init__(self, pairs: list[tuple[tuple[uuid.UUID, uuid.UUID], object]]) -> None:
        super().__init__()
        self._pairs: list[tuple[tuple[uuid.UUID, uuid.UUID], object]] | None = pairs

    def _fill(self) -> None:
        if self._pairs is not None:
            dict.update(self, self._pairs)
            self._pairs = None

    def __getitem__(self, key: tuple[uuid.UUID, uuid.UUID]) -> uuid.UUID:
        self._fill()
        value = dict.__getitem__(self, key)
        return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=_raw(value))

    def get(self, key: tuple[uuid.UUID, uuid.UUID], default: uuid.UUID | None = None) -> uuid.UUID | None:  # type: ignore[override]
        return self[key] if key in self else default

    def __contains__(self, key: object) -> bool:
        self._fill()
        return dict.__contains__(self, key)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def __iter__(self) -> Iterator[tuple[uuid.UUID, uuid.UUID]]:
        self._fill()
        return dict.__iter__(self)

    def keys(self) -> Any:
        self._fill()
        return dict.keys(self)

    def values(self) -> Any:
        return [self[k] for k in self]

    def items(self) -> Any:
        return [(k, self[k]) for k in self]

    def __eq__(self, other: object) -> bool:
        self._fill()
        return dict(self.items()) == other

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _KindRef(NamedTuple):
    """What a list row shows of its directive's kind."""

    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class UnitColumn:
    id: uuid.UUID
    code: str
    name: str
    overdue: int  # overdue cells of this unit on this page's directives


@dataclass(frozen=True)
class DistributionMatrix:
    units: tuple[UnitColumn, ...]
    directives: tuple[DirectiveInfo, ...]
    cells: dict[tuple[uuid.UUID, uuid.UUID], RecipientState]  # (directive id, unit id) -> state
    recipient_ids: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID]
    total: int  # directives matching the filters (for paging)


def matrix(db: Database, actor: Actor, *, year: int | None = None, kind_id: uuid.UUID | None = None,
           unit_kind: str | None = None, search: str = "", offset: int = 0, limit: int = 50,
           on: dt.date | None = None) -> DistributionMatrix:
    """A page of the distribution matrix: directives in force (newest first) x the units
    they were sent to, each cell a recipient state (overdue ones stand out)."""
    require(actor, Permission.VIEW_DIRECTIVES)
    day = on or today()
    with read(db) as session:
        allowed = visible_units(session, actor)
        unit_rows: Sequence[Any] = q.unit_heads(session, kind=unit_kind)
        if allowed is not None:
            unit_rows = [u for u in unit_rows if u.id in allowed]
        unit_ids = [u.id for u in unit_rows]
        # A kind of unit chosen: the directives sent to one of those units (not pages of
        # rows without a cell of that kind).
        sent_to = unit_ids if unit_kind is not None else allowed
        filters: dict[str, Any] = {**search_filters(session, search, words=False), "status": DirectiveStatus.IN_FORCE.value, "kind_id": kind_id,
                                   "year": year, "unit_ids": sent_to}
        # Plain rows, not ORM objects: a page is opened on every filter change and scroll.
        rows: list[Any] = [(d, _KindRef(d.kind_id, d.kind_name)) for d in q.page_rows(session, offset=offset, limit=limit,
                                                                                        **filters)]
        total = q.count(session, **filters)
        by_id = {d.id: d for d, _k in rows}
        # Every unit's cells (no unit filter): the same rows give each directive's recipient
        # counts, which the register counts over every unit, so no query of their own.
        every_unit = allowed is None and unit_kind is None
        cells: dict[tuple[uuid.UUID, uuid.UUID], RecipientState] = {}
        overdue: dict[uuid.UUID, int] = {}
        # Each id under every form a database hands it back in (hex text, dashed text,
        # uuid), so a cell's ids are looked up as they come; the page's ids are keys with
        # their hash kept (2,500 cells put two of them in a dict each). A directive's entry
        # carries what each of its cells needs: its key, its version in force, its tally
        # of recipients and of them acknowledged that version.
        heads: dict[object, tuple[uuid.UUID, int, list[int]]] = {}
        for i, d in by_id.items():
            head = (_Id(i), d.current_version, [0, 0])
            heads[i.hex] = heads[str(i)] = heads[i] = head
        columns: dict[object, uuid.UUID] = {}
        for i in unit_ids:
            key = _Id(i)
            columns[i.hex] = columns[str(i)] = columns[i] = key
        pairs: list[tuple[tuple[uuid.UUID, uuid.UUID], object]] = []
        ack_late, impl_late = RecipientState.ACK_OVERDUE, RecipientState.IMPL_OVERDUE
        days = _Days()
        state_of = recipient_state
        for rid, did, uid, acked, ack_due, implemented, impl_due, verdict in q.matrix_cells(
                session, list(by_id), None if every_unit else unit_ids):
            directive_key, current, tally = heads.get(did) or heads[_raw(did)]
            tally[0] += 1
            if acked is not None and acked >= current:
                tally[1] += 1
            unit_key = columns.get(uid) or columns.get(_raw(uid))
            if unit_key is None:
                continue  # a retired unit's: counted, not a column
            state = state_of(current_version=current, acknowledged_version=acked, ack_due=days[ack_due],
                             implemented_on=days[implemented], impl_due=days[impl_due], verdict=verdict, today=day)
            cell = (directive_key, unit_key)
            cells[cell] = state
            pairs.append((cell, rid))
            if state is ack_late or state is impl_late:
                overdue[unit_key] = overdue.get(unit_key, 0) + 1
        counts = {i: (heads[i][2][0], heads[i][2][1]) for i in by_id}
        infos = directive_infos(session, rows, allowed, counts=counts if every_unit else None)
        used = set(map(itemgetter(1), cells))
        shown = tuple(UnitColumn(u.id, u.code, u.name, overdue.get(u.id, 0)) for u in unit_rows if u.id in used)
        return DistributionMatrix(shown, tuple(infos), cells, _RecipientIds(pairs), total)


@dataclass(frozen=True)
class MatrixLine:
    """One directive of the whole matrix: its number, title and state at each unit asked
    for (None where it was not sent)."""

    number: str | None
    title: str
    states: tuple[RecipientState | None, ...]


_CHUNK = 500  # directives whose cells are read by one query


def matrix_lines(db: Database, actor: Actor, *, unit_ids: Sequence[uuid.UUID], year: int | None = None,
                 kind_id: uuid.UUID | None = None, search: str = "", on: dt.date | None = None) -> list[MatrixLine]:
    """Every directive in force of the filters, in the matrix's order, with its state at
    each of `unit_ids` (an inspector: only at the units assigned to them): the whole matrix
    in one read for the compliance report, where the screen pages through `matrix` (`search`
    as its search box). One
    query for the directives, one per 500 of them for their cells; a state is kept as a
    reference to its enum member, so 10,000 x 50 cells take a few MB."""
    require(actor, Permission.VIEW_DIRECTIVES)
    day = on or today()
    with read(db) as session:
        allowed = visible_units(session, actor)
        heads = q.matrix_heads(session, **search_filters(session, search, words=False), status=DirectiveStatus.IN_FORCE.value,
                               kind_id=kind_id, year=year, unit_ids=allowed)
        wanted = [i for i in unit_ids if allowed is None or i in allowed]
        column: dict[object, int] = {}
        for k, i in enumerate(unit_ids):
            if allowed is None or i in allowed:
                column[i.hex] = column[str(i)] = column[i] = k
        width = len(unit_ids)
        days = _Days()
        state_of = recipient_state
        lines: list[MatrixLine] = []
        for start in range(0, len(heads), _CHUNK):
            chunk = heads[start:start + _CHUNK]
            at: dict[object, int] = {}
            states: list[list[RecipientState | None]] = []
            for n, head in enumerate(chunk):
                at[head.id.hex] = at[str(head.id)] = at[head.id] = n
                states.append([None] * width)
            cells = q.matrix_cells(session, [head.id for head in chunk], wanted if allowed is not None else None) if wanted else ()
            for _rid, did, uid, acked, ack_due, implemented, impl_due, verdict in cells:
                col = column.get(uid)
                if col is None:
                    col = column.get(_raw(uid))
                    if col is None:
                        continue  # a retired unit's, or one not asked for
                at_row = at.get(did)
                if at_row is None:
                    at_row = at[_raw(did)]
                states[at_row][col] = state_of(current_version=chunk[at_row].current_version, acknowledged_version=acked,
                                               ack_due=days[ack_due], implemented_on=days[implemented],
                                               impl_due=days[impl_due], verdict=verdict, today=day)
            lines += [MatrixLine(head.number, head.title, tuple(row)) for head, row in zip(chunk, states, strict=True)]
        return lines
