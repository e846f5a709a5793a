"""Queries of the meeting queue. Every list is paged (offset/limit) with a count beside it,
and filtered on indexed columns: prefix matches on the search shadows, equality on codes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    Integer,
    and_,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from pr_desk.data import lookups
from pr_desk.data.meetings import sort_keys
from pr_desk.data.meetings.models import (
    Citizen,
    MeetingOrder,
    MeetingRequest,
    MeetingSession,
    Official,
    OrderFollowUp,
    QueueMove,
    RequestAttachment,
    SessionEntry,
)
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import after_anchor_parts, alphabetical, sorted_by
from pr_desk.domain.jalali import office_today

WAITING = "waiting"

# The statements a clerk's every action runs (registering, the queue, the meeting day) are
# built once with their values bound at execution, not built again at every call: building
# a statement and its cache key cost about as much client CPU as running it
# (bench/clerks_bench.py --profile). Same SQL, same rows.
_P = bindparam


def _prefix(session: Session, column: Any, value: str) -> Any:
    """column starts with value, in a form each backend answers from an index: a range on
    SQLite (its LIKE ignores case, so it skips indexes), LIKE on PostgreSQL
    (text_pattern_ops indexes)."""
    if session.get_bind().dialect.name == "sqlite":
        return and_(column >= value, column < value + "\U0010ffff")
    return column.startswith(value, autoescape=True)


# --- citizens and officials -----------------------------------------------------------

def citizen_by_id(session: Session, citizen_id: uuid.UUID) -> Citizen | None:
    c = lookups.by_id(session, Citizen, citizen_id)
    return c if c is not None and c.deleted_at is None else None


_CITIZEN_BY_CODE = select(Citizen).where(Citizen.national_code == _P("code"))


def citizen_by_national_code(session: Session, code: str) -> Citizen | None:
    return session.scalar(_CITIZEN_BY_CODE, {"code": code})


def citizens_by_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Citizen]:
    return lookups.by_ids(session, Citizen, ids)


def citizen_page(session: Session, *, name_prefix: str = "", national_prefix: str = "", mobile_prefix: str = "", offset: int = 0, limit: int = 50) -> Sequence[Citizen]:
    stmt = select(Citizen).where(Citizen.deleted_at.is_(None))
    if national_prefix:
        stmt = stmt.where(_prefix(session, Citizen.national_code, national_prefix))
    if mobile_prefix:
        stmt = stmt.where(_prefix(session, Citizen.mobile, mobile_prefix))
    if name_prefix:
        stmt = stmt.where(or_(_prefix(session, Citizen.name_search, name_prefix), _prefix(session, Citizen.last_name_search, name_prefix)))
    return session.scalars(stmt.order_by(alphabetical(Citizen.last_name_search), Citizen.id).offset(offset).limit(limit)).all()


def official_by_id(session: Session, official_id: uuid.UUID, *, for_update: bool = False) -> Official | None:
    """`for_update`: locked (two clerks planning sessions of one official take turns), as FOR
    NO KEY UPDATE on PostgreSQL: a request registered for the official meanwhile (its foreign
    key's KEY SHARE lock) does not wait for the planner, as it would behind FOR UPDATE."""
    if for_update:
        o = session.scalar(select(Official).where(Official.id == official_id).with_for_update(key_share=True))
    else:
        o = lookups.by_id(session, Official, official_id)
    return o if o is not None and o.deleted_at is None else None


def officials(session: Session, *, include_inactive: bool = False, sort_key: str | None = None,
              descending: bool = False) -> Sequence[Official]:
    """The officials in their set order, or by `sort_key` (one of sort_keys.OFFICIAL_KEYS)."""
    stmt = select(Official).where(Official.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(Official.active.is_(True))
    stmt = sorted_by(stmt, sort_keys.OFFICIAL_KEYS, sort_key, descending,
                     default=(Official.sort_order, alphabetical(Official.name_search)), tie_breaker=Official.id)
    return session.scalars(stmt).all()


def officials_by_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Official]:
    return lookups.by_ids(session, Official, ids)


def units_by_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Unit]:
    return lookups.by_ids(session, Unit, ids)


# --- requests -------------------------------------------------------------------------

def request_by_id(session: Session, request_id: uuid.UUID, *, for_update: bool = False) -> MeetingRequest | None:
    if for_update:
        r = session.scalar(select(MeetingRequest).where(MeetingRequest.id == request_id).with_for_update())
    else:
        r = lookups.by_id(session, MeetingRequest, request_id)
    return r if r is not None and r.deleted_at is None else None


def request_values(session: Session, request_id: uuid.UUID, columns: Sequence[str]) -> tuple[Any, ...] | None:
    """The named columns of live request `request_id` (its own, or its citizen's or
    official's as "citizen.mobile", "official.name"), one row with no ORM object (a list's
    check that a row it showed is still in its place in a column's order); None when the
    request is gone."""
    joins = {"citizen": (Citizen, Citizen.id == MeetingRequest.citizen_id),
             "official": (Official, Official.id == MeetingRequest.official_id)}
    picked: list[Any] = []
    joined: dict[str, tuple[Any, Any]] = {}
    for name in columns:
        table, _dot, column = name.rpartition(".")
        if table:
            joined[table] = joins[table]
        picked.append(getattr(joined[table][0] if table else MeetingRequest, column))
    stmt = select(*picked).select_from(MeetingRequest).where(MeetingRequest.id == request_id,
                                                             MeetingRequest.deleted_at.is_(None))
    for model, on in joined.values():
        stmt = stmt.join(model, on)
    row = session.execute(stmt).first()
    return None if row is None else tuple(row)


def requests_for_update(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, MeetingRequest]:
    """id -> request, for those of `ids` not removed, each locked for the rest of the
    transaction (request_by_id(for_update=True) of each, in one statement; locked in id
    order, so that two writers locking some of the same requests cannot deadlock)."""
    if not ids:
        return {}
    rows = session.scalars(select(MeetingRequest).where(MeetingRequest.id.in_(ids)).order_by(MeetingRequest.id)
                           .with_for_update()).all()
    return {r.id: r for r in rows if r.deleted_at is None}


def requests_by_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, MeetingRequest]:
    """id -> request, for those of `ids` not removed (request_by_id of each, in one query)."""
    return {k: r for k, r in lookups.by_ids(session, MeetingRequest, ids).items() if r.deleted_at is None}


_REQUESTS_AND_CITIZENS = (select(MeetingRequest, Citizen).outerjoin(Citizen, Citizen.id == MeetingRequest.citizen_id)
                          .where(MeetingRequest.id.in_(_P("ids", expanding=True))))


def requests_and_citizens(session: Session, ids: Sequence[uuid.UUID]) -> tuple[dict[uuid.UUID, MeetingRequest], dict[uuid.UUID, Citizen]]:
    """(requests_by_ids, citizens_by_ids of their citizens): the requests the session does
    not hold read with their citizens in one query."""
    wanted = set(ids)
    requests = {pk: r for pk in wanted if (r := lookups.held(session, MeetingRequest, pk)) is not None}
    citizens: dict[uuid.UUID, Citizen] = {}
    if len(requests) < len(wanted):
        for r, c in session.execute(_REQUESTS_AND_CITIZENS, {"ids": list(wanted - requests.keys())}):
            requests[r.id] = r
            if c is not None:
                citizens[c.id] = c
    requests = {pk: r for pk, r in requests.items() if r.deleted_at is None}
    citizens.update(citizens_by_ids(session, [r.citizen_id for r in requests.values() if r.citizen_id not in citizens]))
    return requests, citizens


_REQUEST_BY_CODE = select(MeetingRequest).where(MeetingRequest.tracking_code == _P("code"), MeetingRequest.deleted_at.is_(None))


def request_by_tracking_code(session: Session, code: str) -> MeetingRequest | None:
    return session.scalar(_REQUEST_BY_CODE, {"code": code})


_OPEN_REQUESTS_TO = select(MeetingRequest).where(
    MeetingRequest.citizen_id == _P("citizen_id"), MeetingRequest.official_id == _P("official_id"),
    MeetingRequest.status.in_(_P("statuses", expanding=True)), MeetingRequest.deleted_at.is_(None),
)


def open_requests_to(session: Session, citizen_id: uuid.UUID, official_id: uuid.UUID, open_statuses: Sequence[str]) -> Sequence[MeetingRequest]:
    return session.scalars(_OPEN_REQUESTS_TO, {"citizen_id": citizen_id, "official_id": official_id,
                                               "statuses": list(open_statuses)}).all()


def citizen_requests(session: Session, citizen_id: uuid.UUID, *, limit: int = 100) -> Sequence[MeetingRequest]:
    return session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.citizen_id == citizen_id, MeetingRequest.deleted_at.is_(None))
        .order_by(MeetingRequest.registered_at.desc(), MeetingRequest.id.desc())
        .limit(limit)
    ).all()


def citizen_request_count(session: Session, citizen_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(MeetingRequest).where(MeetingRequest.citizen_id == citizen_id, MeetingRequest.deleted_at.is_(None))) or 0


# --- the queue ------------------------------------------------------------------------

def _queue_filter(official_id: uuid.UUID | BindParameter[uuid.UUID]) -> Any:
    return and_(MeetingRequest.official_id == official_id, MeetingRequest.status == WAITING, MeetingRequest.deleted_at.is_(None))


def _queue_order() -> tuple[Any, ...]:
    return (MeetingRequest.queue_rank, MeetingRequest.queue_key, MeetingRequest.id)


_QUEUE_PAGE = (select(MeetingRequest).where(_queue_filter(_P("official_id", type_=MeetingRequest.official_id.type))).order_by(*_queue_order())
               .offset(_P("offset", type_=Integer)).limit(_P("limit", type_=Integer)))


def queue_page(session: Session, official_id: uuid.UUID, *, offset: int = 0, limit: int | None = 100, exclude: uuid.UUID | None = None) -> Sequence[MeetingRequest]:
    if exclude is None and limit is not None:  # a page of the queue (the list's)
        return session.scalars(_QUEUE_PAGE, {"official_id": official_id, "offset": offset, "limit": limit}).all()
    stmt = select(MeetingRequest).where(_queue_filter(official_id))
    if exclude is not None:
        stmt = stmt.where(MeetingRequest.id != exclude)
    stmt = stmt.order_by(*_queue_order()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def queue_page_sorted(session: Session, official_id: uuid.UUID, *, sort_key: str, descending: bool = False,
                      offset: int = 0, limit: int | None = 100) -> list[tuple[MeetingRequest, int]]:
    """A page of the queue sorted by `sort_key` (one of sort_keys.queue_keys), each request
    with its turn in the fair order (counted by the database, whatever the sort)."""
    turn = func.row_number().over(order_by=_queue_order()).label("turn")
    turns = select(MeetingRequest.id.label("request_id"), turn).where(_queue_filter(official_id)).subquery()
    stmt = select(MeetingRequest, turns.c.turn).join(turns, turns.c.request_id == MeetingRequest.id)
    stmt = sorted_by(stmt, sort_keys.queue_keys(turns.c.turn), sort_key, descending, default=(),
                     tie_breaker=MeetingRequest.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(row[0], int(row[1])) for row in session.execute(stmt).all()]


def queue_count(session: Session, official_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(MeetingRequest).where(_queue_filter(official_id))) or 0


_QUEUE_BEFORE = select(func.count()).select_from(MeetingRequest).where(
    _queue_filter(_P("official_id", type_=MeetingRequest.official_id.type)),
    or_(
        MeetingRequest.queue_rank < _P("rank"),
        and_(MeetingRequest.queue_rank == _P("rank"), MeetingRequest.queue_key < _P("key")),
        and_(MeetingRequest.queue_rank == _P("rank"), MeetingRequest.queue_key == _P("key"), MeetingRequest.id < _P("id")),
    ),
)


def queue_position(session: Session, request: MeetingRequest) -> int:
    """1 for the head of the queue; counted on the queue index."""
    before = session.scalar(_QUEUE_BEFORE, {"official_id": request.official_id, "rank": request.queue_rank,
                                            "key": request.queue_key, "id": request.id}) or 0
    return before + 1


def spread_queue_keys(session: Session, official_id: uuid.UUID, rank: int, from_key: int, by: int) -> None:
    """Makes room in the queue: every waiting request of `rank` from `from_key` on moves
    `by` later (their order is kept). Not audited row by row: the move that needed the room is."""
    session.execute(
        update(MeetingRequest)
        .where(_queue_filter(official_id), MeetingRequest.queue_rank == rank, MeetingRequest.queue_key >= from_key)
        .values(queue_key=MeetingRequest.queue_key + by)
        .execution_options(synchronize_session="fetch")
    )


def rerank_waiting(session: Session, ranks: dict[str, int], default_rank: int) -> int:
    """Applies a new priority rule to requests that wait and were never moved by hand."""
    rank_expr = case(ranks, value=MeetingRequest.priority_group, else_=default_rank) if ranks else default_rank
    result = session.execute(
        update(MeetingRequest)
        .where(MeetingRequest.status == WAITING, MeetingRequest.queue_moved.is_(False), MeetingRequest.deleted_at.is_(None))
        .values(queue_rank=rank_expr)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def queue_moves(session: Session, request_id: uuid.UUID) -> Sequence[QueueMove]:
    return session.scalars(select(QueueMove).where(QueueMove.request_id == request_id).order_by(QueueMove.created_at, QueueMove.id)).all()


# --- attachments ----------------------------------------------------------------------

def attachments_of(session: Session, request_id: uuid.UUID) -> Sequence[RequestAttachment]:
    return session.scalars(
        select(RequestAttachment).where(RequestAttachment.request_id == request_id, RequestAttachment.deleted_at.is_(None)).order_by(RequestAttachment.created_at)
    ).all()


def attachment_by_id(session: Session, attachment_id: uuid.UUID) -> RequestAttachment | None:
    a = session.get(RequestAttachment, attachment_id)
    return a if a is not None and a.deleted_at is None else None


def attachment_content(session: Session, attachment_id: uuid.UUID) -> bytes | None:
    return session.scalar(select(RequestAttachment.content).where(RequestAttachment.id == attachment_id, RequestAttachment.deleted_at.is_(None)))


# --- search ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFilter:
    """What to look for; every text is already in its stored (normalised) form."""

    tracking_prefix: str = ""
    national_prefix: str = ""
    mobile_prefix: str = ""
    name_prefix: str = ""
    words: tuple[str, ...] = ()
    any_of: bool = False  # name prefix OR words (a free-text query), instead of AND
    statuses: tuple[str, ...] = ()
    official_id: uuid.UUID | None = None
    district: int | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    citizen_id: uuid.UUID | None = None


def _filtered(session: Session, f: RequestFilter) -> Any:
    stmt = select(MeetingRequest).where(MeetingRequest.deleted_at.is_(None))
    if f.tracking_prefix:
        stmt = stmt.where(_prefix(session, MeetingRequest.tracking_code, f.tracking_prefix))
    citizen_conditions = []
    if f.national_prefix:
        citizen_conditions.append(_prefix(session, Citizen.national_code, f.national_prefix))
    if f.mobile_prefix:
        citizen_conditions.append(_prefix(session, Citizen.mobile, f.mobile_prefix))
    if citizen_conditions:
        stmt = stmt.where(MeetingRequest.citizen_id.in_(select(Citizen.id).where(or_(*citizen_conditions))))
    name_cond = None
    if f.name_prefix:
        name_cond = MeetingRequest.citizen_id.in_(
            select(Citizen.id).where(or_(_prefix(session, Citizen.name_search, f.name_prefix), _prefix(session, Citizen.last_name_search, f.name_prefix)))
        )
    words_cond = and_(*[MeetingRequest.description_search.contains(w, autoescape=True) for w in f.words]) if f.words else None
    if name_cond is not None and words_cond is not None and f.any_of:
        stmt = stmt.where(or_(name_cond, words_cond))
    else:
        for cond in (name_cond, words_cond):
            if cond is not None:
                stmt = stmt.where(cond)
    if f.statuses:
        stmt = stmt.where(MeetingRequest.status.in_(list(f.statuses)))
    if f.official_id is not None:
        stmt = stmt.where(MeetingRequest.official_id == f.official_id)
    if f.district is not None:
        stmt = stmt.where(MeetingRequest.district == f.district)
    if f.registered_from is not None:
        stmt = stmt.where(MeetingRequest.registered_on >= f.registered_from)
    if f.registered_to is not None:
        stmt = stmt.where(MeetingRequest.registered_on <= f.registered_to)
    if f.citizen_id is not None:
        stmt = stmt.where(MeetingRequest.citizen_id == f.citizen_id)
    return stmt


def search_page(session: Session, f: RequestFilter, *, offset: int = 0, limit: int = 100, sort_key: str | None = None,
                descending: bool = False, today: dt.date | None = None,
                after: tuple[dt.datetime, uuid.UUID] | uuid.UUID | None = None,
                backwards: bool = False) -> Sequence[MeetingRequest]:
    """Newest first, or by `sort_key` (one of sort_keys.request_keys; waiting counted to `today`).
    `after`, a listed request: the page that follows it, found through an index instead of an
    OFFSET that walks the rows before; (registered_at, id) in the list's own order, its id in
    a column's order (its sort values are read first). LookupError if that request is gone.
    `backwards`: the same list read from its last row up (exactly the list reversed: a
    column's order reversed is the other direction, ties and empty values included, see
    sorting._term), so the end of a long list costs what its start does."""
    keys = sort_keys.request_keys(session.get_bind().dialect.name, today or office_today())
    if backwards:
        descending = not descending
    if sort_key == "official_name" and offset == 0 and not isinstance(after, tuple) and not _few(f):
        return _by_official(session, f, descending=descending, after=after, limit=limit)
    newest_first = not backwards
    own_order = ((MeetingRequest.registered_at.desc(), MeetingRequest.id.desc()) if newest_first
                 else (MeetingRequest.registered_at.asc(), MeetingRequest.id.asc()))
    stmt = sorted_by(_filtered(session, f), keys, sort_key, descending, default=own_order, tie_breaker=MeetingRequest.id)
    joined = sort_keys.REQUEST_JOINS.get(sort_key or "")
    if joined is not None:
        stmt = stmt.join(*joined)
    if isinstance(after, tuple):
        if sort_key is not None:
            raise ValueError("a page after (registered_at, id) is only for the list's own order (newest first)")
        at, request_id = after
        # (at, id) > (registered_at, id) (backwards: <), spelt with a plain bound the index answers on both databases
        if newest_first:
            stmt = stmt.where(MeetingRequest.registered_at <= at,
                              or_(MeetingRequest.registered_at < at, MeetingRequest.id < request_id))
        else:
            stmt = stmt.where(MeetingRequest.registered_at >= at,
                              or_(MeetingRequest.registered_at > at, MeetingRequest.id > request_id))
    elif after is not None:
        if sort_key is None:
            raise ValueError("in the list's own order a page follows (registered_at, id)")
        anchor_stmt = select(*keys[sort_key], MeetingRequest.id).where(MeetingRequest.id == after)
        if joined is not None:
            anchor_stmt = anchor_stmt.join(*joined)
        anchor = session.execute(anchor_stmt).first()
        if anchor is None:
            raise LookupError(f"request {after} is gone")
        parts = after_anchor_parts(keys, sort_key, descending, tie_breaker=MeetingRequest.id, anchor=tuple(anchor))
        if offset == 0 and len(parts) > 1:  # each part through its index, the next only if the page is not full
            rows: list[MeetingRequest] = []
            for part in parts:
                rows += session.scalars(stmt.where(part).limit(limit - len(rows))).all()
                if len(rows) >= limit:
                    break
            return rows
        stmt = stmt.where(or_(*parts))
    return session.scalars(stmt.offset(offset).limit(limit)).all()


def _by_official(session: Session, f: RequestFilter, *, descending: bool, after: uuid.UUID | None,
                 limit: int) -> list[MeetingRequest]:
    """A page of the requests list by the official's name (then the request's id: the order of
    `sort_keys.request_keys` and `sorted_by`), an official's name at a time: each name's
    requests by `official_id = …` in the id's order, through ix_meeting_request_official_order,
    only until the page is full (after a request: from its official's name, past its id).
    One statement joining the officials made PostgreSQL read every request of the first
    official to sort them by id before the first 200 (a nested loop keeps only the officials'
    order): 0.1-0.25 s a page at 1,000,000 requests (bench/README.md, meetings_bench (f))."""
    key = alphabetical(Official.name)  # the order of sort_keys.request_keys' "official_name"
    which = select(key, Official.id).order_by(key.desc() if descending else key.asc())  # a name's officials are read together: no order among them
    if f.official_id is not None:
        which = which.where(Official.id == f.official_id)
    officials = session.execute(which).all()
    anchor: Any = None
    if after is not None:
        anchor = session.execute(select(key, MeetingRequest.id).join(Official, Official.id == MeetingRequest.official_id)
                                 .where(MeetingRequest.id == after)).first()
        if anchor is None:
            raise LookupError(f"request {after} is gone")
    by_id = MeetingRequest.id.desc() if descending else MeetingRequest.id.asc()
    rows: list[MeetingRequest] = []
    started = anchor is None
    for i, (official_name, first) in enumerate(officials):
        if i and officials[i - 1][0] == official_name:
            continue  # a name two officials share: read with the first of them
        if not started:
            if official_name != anchor[0]:
                continue  # before the anchor's name
            started = True
        same = [official_id for other, official_id in officials[i:] if other == official_name]
        stmt = _filtered(session, f).where(MeetingRequest.official_id == first if len(same) == 1
                                           else MeetingRequest.official_id.in_(same))
        if anchor is not None and official_name == anchor[0]:
            stmt = stmt.where(MeetingRequest.id < anchor[1] if descending else MeetingRequest.id > anchor[1])
        rows += session.scalars(stmt.order_by(by_id).limit(limit - len(rows))).all()
        if len(rows) >= limit:
            break
    return rows


def _few(f: RequestFilter) -> bool:
    """Whether `f` narrows the list to a few requests (a code's prefix, one citizen's), which
    one statement sorts at once: a statement per official's name would be a round trip each
    for nothing (a tracking code sorted by official at 1,000,000 requests: 10 ms against 67)."""
    return bool(f.tracking_prefix or f.national_prefix or f.mobile_prefix or f.citizen_id is not None)


def search_count(session: Session, f: RequestFilter) -> int:
    sub = _filtered(session, f).with_only_columns(MeetingRequest.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


# --- sessions and entries -------------------------------------------------------------

def session_by_id(session: Session, session_id: uuid.UUID, *, for_update: bool = False) -> MeetingSession | None:
    if for_update:
        s = session.scalar(select(MeetingSession).where(MeetingSession.id == session_id).with_for_update())
    else:
        s = lookups.by_id(session, MeetingSession, session_id)
    return s if s is not None and s.deleted_at is None else None


def sessions_page(session: Session, *, official_id: uuid.UUID | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None, statuses: Sequence[str] = (), offset: int = 0, limit: int | None = 100, newest_first: bool = False,
                  sort_key: str | None = None, descending: bool = False) -> Sequence[MeetingSession]:
    """By date and time (`newest_first`: backwards), or by `sort_key` (one of sort_keys.SESSION_KEYS)."""
    stmt = _sessions_filtered(official_id, date_from, date_to, statuses)
    order = (MeetingSession.session_date.desc(), MeetingSession.start_time.desc()) if newest_first else (MeetingSession.session_date, MeetingSession.start_time)
    stmt = sorted_by(stmt, sort_keys.SESSION_KEYS, sort_key, descending, default=(*order, MeetingSession.id),
                     tie_breaker=MeetingSession.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def overlapping_sessions(session: Session, *, official_id: uuid.UUID, day: dt.date, start: dt.time, end: dt.time,
                         statuses: Sequence[str], exclude_id: uuid.UUID | None = None) -> Sequence[MeetingSession]:
    """The official's sessions of `statuses` on `day` whose hours overlap start–end (one
    that ends as the other starts does not), earliest first."""
    stmt = (select(MeetingSession)
            .where(MeetingSession.deleted_at.is_(None), MeetingSession.official_id == official_id, MeetingSession.session_date == day,
                   MeetingSession.status.in_(list(statuses)), MeetingSession.start_time < end, MeetingSession.end_time > start)
            .order_by(MeetingSession.start_time, MeetingSession.id))
    if exclude_id is not None:
        stmt = stmt.where(MeetingSession.id != exclude_id)
    return session.scalars(stmt).all()


def _sessions_filtered(official_id: uuid.UUID | None, date_from: dt.date | None, date_to: dt.date | None, statuses: Sequence[str]) -> Any:
    stmt = select(MeetingSession).where(MeetingSession.deleted_at.is_(None))
    if official_id is not None:
        stmt = stmt.where(MeetingSession.official_id == official_id)
    if date_from is not None:
        stmt = stmt.where(MeetingSession.session_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(MeetingSession.session_date <= date_to)
    if statuses:
        stmt = stmt.where(MeetingSession.status.in_(list(statuses)))
    return stmt


def sessions_count(session: Session, *, official_id: uuid.UUID | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None, statuses: Sequence[str] = ()) -> int:
    sub = _sessions_filtered(official_id, date_from, date_to, statuses).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def entry_counts(session: Session, session_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many citizens each of these meeting sessions holds (one query for a page)."""
    if not session_ids:
        return {}
    rows = session.execute(select(SessionEntry.session_id, func.count()).where(
        SessionEntry.session_id.in_(set(session_ids)), SessionEntry.deleted_at.is_(None)).group_by(SessionEntry.session_id))
    return {sid: int(n) for sid, n in rows}


_ENTRIES_OF = (select(SessionEntry).where(SessionEntry.session_id == _P("session_id"), SessionEntry.deleted_at.is_(None))
               .order_by(SessionEntry.position, SessionEntry.id))


def entries_of(session: Session, session_id: uuid.UUID) -> Sequence[SessionEntry]:
    return session.scalars(_ENTRIES_OF, {"session_id": session_id}).all()


def entry_by_id(session: Session, entry_id: uuid.UUID) -> SessionEntry | None:
    e = lookups.by_id(session, SessionEntry, entry_id)
    return e if e is not None and e.deleted_at is None else None


_DAY_ENTRY = (select(SessionEntry, MeetingSession, MeetingRequest, Citizen)
              .outerjoin(MeetingSession, MeetingSession.id == SessionEntry.session_id)
              .outerjoin(MeetingRequest, MeetingRequest.id == SessionEntry.request_id)
              .outerjoin(Citizen, Citizen.id == MeetingRequest.citizen_id)
              .where(SessionEntry.id == _P("entry_id")))


def day_entry(session: Session, entry_id: uuid.UUID) -> tuple[SessionEntry | None, MeetingSession | None, MeetingRequest | None, Citizen | None]:
    """entry_by_id, session_by_id of its session, and the entry's request and citizen, in
    one query: (None, ...) for no entry, a None session when it is removed. (The session
    holds the objects weakly: the caller keeps the request and citizen for as long as it
    wants them found without a query.)"""
    row = session.execute(_DAY_ENTRY, {"entry_id": entry_id}).first()
    if row is None or row[0].deleted_at is not None:
        return None, None, None, None
    e, s, r, c = row
    return e, (s if s is not None and s.deleted_at is None else None), r, c


def live_entry_for_request(session: Session, request_id: uuid.UUID) -> SessionEntry | None:
    """The request's entry in a session that has not yet dealt with it."""
    return session.scalar(
        select(SessionEntry).where(SessionEntry.request_id == request_id, SessionEntry.deleted_at.is_(None), SessionEntry.outcome.is_(None))
        .order_by(SessionEntry.created_at.desc()).limit(1)
    )


_ENTRIES_FOR_REQUEST = (select(SessionEntry).where(SessionEntry.request_id == _P("request_id"), SessionEntry.deleted_at.is_(None))
                        .order_by(SessionEntry.created_at))


def entries_for_request(session: Session, request_id: uuid.UUID) -> Sequence[SessionEntry]:
    return session.scalars(_ENTRIES_FOR_REQUEST, {"request_id": request_id}).all()


# --- orders ---------------------------------------------------------------------------

def order_by_id(session: Session, order_id: uuid.UUID) -> MeetingOrder | None:
    o = lookups.by_id(session, MeetingOrder, order_id)
    return o if o is not None and o.deleted_at is None else None


def orders_of_request(session: Session, request_id: uuid.UUID) -> Sequence[MeetingOrder]:
    return session.scalars(select(MeetingOrder).where(MeetingOrder.request_id == request_id, MeetingOrder.deleted_at.is_(None)).order_by(MeetingOrder.created_at, MeetingOrder.id)).all()


def orders_of_requests(session: Session, request_ids: Sequence[uuid.UUID]) -> Sequence[MeetingOrder]:
    if not request_ids:
        return []
    return session.scalars(select(MeetingOrder).where(MeetingOrder.request_id.in_(set(request_ids)), MeetingOrder.deleted_at.is_(None)).order_by(MeetingOrder.created_at)).all()


def open_order_count(session: Session, request_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(MeetingOrder).where(MeetingOrder.request_id == request_id, MeetingOrder.status == "open", MeetingOrder.deleted_at.is_(None))) or 0


def _orders_filtered(*, statuses: Sequence[str], unit_id: uuid.UUID | None, due_before: dt.date | None, due_on_or_before: dt.date | None, given_from: dt.date | None, given_to: dt.date | None, request_id: uuid.UUID | None = None) -> Any:
    stmt = select(MeetingOrder).where(MeetingOrder.deleted_at.is_(None))
    if statuses:
        stmt = stmt.where(MeetingOrder.status.in_(list(statuses)))
    if unit_id is not None:
        stmt = stmt.where(MeetingOrder.unit_id == unit_id)
    if due_before is not None:
        stmt = stmt.where(MeetingOrder.due_date < due_before)
    if due_on_or_before is not None:
        stmt = stmt.where(MeetingOrder.due_date <= due_on_or_before)
    if given_from is not None:
        stmt = stmt.where(MeetingOrder.given_on >= given_from)
    if given_to is not None:
        stmt = stmt.where(MeetingOrder.given_on <= given_to)
    if request_id is not None:
        stmt = stmt.where(MeetingOrder.request_id == request_id)
    return stmt


def orders_page(session: Session, *, statuses: Sequence[str] = (), unit_id: uuid.UUID | None = None, due_before: dt.date | None = None, due_on_or_before: dt.date | None = None, given_from: dt.date | None = None, given_to: dt.date | None = None, offset: int = 0, limit: int | None = 100,
                sort_key: str | None = None, descending: bool = False) -> Sequence[MeetingOrder]:
    """Earliest deadline first, or by `sort_key` (one of sort_keys.ORDER_KEYS)."""
    stmt = _orders_filtered(statuses=statuses, unit_id=unit_id, due_before=due_before, due_on_or_before=due_on_or_before, given_from=given_from, given_to=given_to)
    stmt = sorted_by(stmt, sort_keys.ORDER_KEYS, sort_key, descending, default=(MeetingOrder.due_date, MeetingOrder.id),
                     tie_breaker=MeetingOrder.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def orders_count(session: Session, *, statuses: Sequence[str] = (), unit_id: uuid.UUID | None = None, due_before: dt.date | None = None, due_on_or_before: dt.date | None = None, given_from: dt.date | None = None, given_to: dt.date | None = None) -> int:
    sub = _orders_filtered(statuses=statuses, unit_id=unit_id, due_before=due_before, due_on_or_before=due_on_or_before, given_from=given_from, given_to=given_to).with_only_columns(MeetingOrder.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def follow_ups_of(session: Session, order_ids: Sequence[uuid.UUID]) -> Sequence[OrderFollowUp]:
    if not order_ids:
        return []
    return session.scalars(select(OrderFollowUp).where(OrderFollowUp.order_id.in_(set(order_ids)), OrderFollowUp.deleted_at.is_(None)).order_by(OrderFollowUp.noted_on, OrderFollowUp.created_at)).all()


def orders_by_unit_summary(session: Session, *, today: dt.date) -> list[tuple[uuid.UUID, int, int, int, int]]:
    """(unit id, open, overdue, done, rejected) for every unit with orders."""
    stmt = select(
        MeetingOrder.unit_id,
        func.sum(case((MeetingOrder.status == "open", 1), else_=0)),
        func.sum(case((and_(MeetingOrder.status == "open", MeetingOrder.due_date < today), 1), else_=0)),
        func.sum(case((MeetingOrder.status == "done", 1), else_=0)),
        func.sum(case((MeetingOrder.status == "rejected", 1), else_=0)),
    ).where(MeetingOrder.deleted_at.is_(None)).group_by(MeetingOrder.unit_id)
    return [(u, int(a or 0), int(b or 0), int(c or 0), int(d or 0)) for u, a, b, c, d in session.execute(stmt).all()]


# --- monthly statistics ---------------------------------------------------------------

def request_counts_by(session: Session, column_name: str, first: dt.date, last: dt.date) -> list[tuple[Any, int]]:
    column = getattr(MeetingRequest, column_name)
    stmt = (
        select(column, func.count())
        .where(MeetingRequest.registered_on >= first, MeetingRequest.registered_on <= last, MeetingRequest.deleted_at.is_(None))
        .group_by(column).order_by(func.count().desc())
    )
    return [(k, int(n)) for k, n in session.execute(stmt).all()]


def met_in_period(session: Session, first: dt.date, last: dt.date) -> tuple[int, float | None]:
    """How many requests met their official in the period, and the average wait in days."""
    row = session.execute(
        select(func.count(), func.avg(MeetingRequest.wait_days)).where(
            MeetingRequest.met_on >= first, MeetingRequest.met_on <= last, MeetingRequest.deleted_at.is_(None)
        )
    ).one()
    return int(row[0] or 0), (float(row[1]) if row[1] is not None else None)


def satisfaction_in_period(session: Session, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    stmt = (
        select(MeetingRequest.satisfaction, func.count())
        .where(MeetingRequest.closed_on >= first, MeetingRequest.closed_on <= last, MeetingRequest.satisfaction.is_not(None), MeetingRequest.deleted_at.is_(None))
        .group_by(MeetingRequest.satisfaction)
    )
    return [(k, n) for k, n in session.execute(stmt).all() if k is not None]


def orders_due_in_period(session: Session, first: dt.date, last: dt.date) -> tuple[int, int, int]:
    """Orders due in the period: (all, done by their deadline, done late)."""
    row = session.execute(
        select(
            func.count(),
            func.sum(case((and_(MeetingOrder.status == "done", MeetingOrder.done_on <= MeetingOrder.due_date), 1), else_=0)),
            func.sum(case((and_(MeetingOrder.status == "done", MeetingOrder.done_on > MeetingOrder.due_date), 1), else_=0)),
        ).where(MeetingOrder.due_date >= first, MeetingOrder.due_date <= last, MeetingOrder.deleted_at.is_(None))
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


# --- the dashboard ---------------------------------------------------------------------

def waiting_by_official(session: Session) -> list[tuple[uuid.UUID, int, dt.date]]:
    """(official id, requests waiting in their queue, the oldest one's registration day),
    the longest queue first."""
    stmt = (
        select(MeetingRequest.official_id, func.count(), func.min(MeetingRequest.registered_on))
        .where(MeetingRequest.status == WAITING, MeetingRequest.deleted_at.is_(None))
        .group_by(MeetingRequest.official_id).order_by(func.count().desc())
    )
    return [(o, int(n), first) for o, n, first in session.execute(stmt).all()]


def requests_per_day(session: Session, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """How many requests were registered on each day of [first, last] (days without any left out)."""
    stmt = (
        select(MeetingRequest.registered_on, func.count())
        .where(MeetingRequest.registered_on >= first, MeetingRequest.registered_on <= last, MeetingRequest.deleted_at.is_(None))
        .group_by(MeetingRequest.registered_on)
    )
    return {d: int(n) for d, n in session.execute(stmt).all()}


# --- bulk loading (demo data, large imports) ------------------------------------------

def bulk_insert(session: Session, model: type, rows: list[dict[str, Any]], chunk: int = 5000) -> None:
    """Fast insert of many prepared rows (ids, versions and timestamps included by the
    caller). Skips the per-row audit: the caller appends one audit entry for the batch."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model), rows[start:start + chunk])
