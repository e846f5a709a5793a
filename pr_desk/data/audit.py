"""The audit trail: every ORM insert, update and delete of a Record is written, in the
same flush and transaction, as a hash-chained AuditRecord. Editing or removing an audit
row breaks the chain, which `verify_chain` (and `pr-desk check`) detects."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from pr_desk.data.base import Record
from pr_desk.data.models import AuditRecord, Meta
from pr_desk.data.types import utcnow
from pr_desk.i18n import N_

GENESIS = "0" * 64
HEAD_SEQ = "audit_head_seq"
HEAD_HASH = "audit_head_hash"
# Columns whose changes say nothing to a reader of the trail (kept out of before/after).
_QUIET = {"version", "updated_at", "updated_by", "created_at", "created_by"}
# Never written to the trail, even hashed: the trail is readable by supervisors.
_SECRET = {"password_hash"}


class WriteOutsideService(RuntimeError):
    """A flush changed records without an acting user: writes must go through services."""


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return str(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dumps(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")), with
    one encoder made once (a sync import writes tens of thousands of entries)."""
    return _ENCODER.encode(value)


def _column_values(obj: Record) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        key = attr.key
        if key in _QUIET:
            continue
        value = getattr(obj, key)
        out[key] = "***" if key in _SECRET else _jsonable(value)
    return out


def _changes(obj: Record) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _QUIET:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        if key in _SECRET:
            before[key], after[key] = "***", "***(changed)"
        else:
            before[key], after[key] = _jsonable(old), _jsonable(new)
    return before, after


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = prev_hash + "\n" + _dumps(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_fields(rec: AuditRecord | Mapping[str, Any]) -> dict[str, Any]:
    """What an entry's hash covers, from the entry or from its column values (the one
    definition `append`, `append_many` and `verify_chain` share)."""
    v = rec if isinstance(rec, Mapping) else {c: getattr(rec, c) for c in _HASHED}
    return {
        "seq": v["seq"],
        "at": _jsonable(v["at"]),
        "actor_id": _jsonable(v["actor_id"]),
        "actor_name": v["actor_name"],
        "action": v["action"],
        "table": v["table_name"],
        "record_id": _jsonable(v["record_id"]),
        "summary": v["summary"],
        "before": v["before"],
        "after": v["after"],
    }


_HASHED = ("seq", "at", "actor_id", "actor_name", "action", "table_name", "record_id", "summary", "before", "after")


def _head(session: Session) -> tuple[int, str]:
    # The two rows are locked in key order: in the order a scan met them, two writers on
    # PostgreSQL could each hold one and wait for the other ("deadlock detected", seen
    # with twenty clerks in bench/clerks_bench.py).
    rows = dict(
        session.execute(
            select(Meta.key, Meta.value).where(Meta.key.in_([HEAD_SEQ, HEAD_HASH])).order_by(Meta.key).with_for_update()
        ).all()
    )
    return int(rows.get(HEAD_SEQ, "0")), rows.get(HEAD_HASH, GENESIS)


def append(
    session: Session,
    *,
    action: str,
    actor: tuple[uuid.UUID | None, str] | None = None,
    table_name: str = "",
    record_id: uuid.UUID | None = None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Appends one entry to the chain (the caller's transaction commits it)."""
    actor = actor or session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("audit entry without an acting user")
    with session.no_autoflush:
        seq, prev = session.info.get("_audit_head") or _head(session)
    rec = AuditRecord(
        seq=seq + 1,
        at=utcnow(),
        actor_id=actor[0],
        actor_name=actor[1],
        action=action,
        table_name=table_name,
        record_id=record_id,
        summary=summary,
        before=_dumps(before) if before is not None else None,
        after=_dumps(after) if after is not None else None,
        prev_hash=prev,
    )
    rec.hash = entry_hash(prev, _hash_fields(rec))
    session.add(rec)
    session.info["_audit_head"] = (rec.seq, rec.hash)
    session.info["_audit_head_dirty"] = True
    return rec


def append_many(session: Session, entries: list[dict[str, Any]]) -> None:
    """Appends entries (keys of `append`: action, table_name, record_id, summary, before,
    after) to the chain in one set-based write (data/staging.py): the same chain as one
    `append` each, for writes of thousands of rows at once (a sync import)."""
    if not entries:
        return
    actor = session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("audit entry without an acting user")
    from pr_desk.data import staging
    from pr_desk.data.ids import new_ids

    session.flush()  # entries appended one by one before these come first
    seq, prev = session.info.get("_audit_head") or _head(session)
    at = utcnow()
    actor_id, actor_name = actor
    at_text, actor_text = _jsonable(at), _jsonable(actor_id)
    rows = []
    for e, row_id in zip(entries, new_ids(len(entries)), strict=True):
        seq += 1
        action, table_name, record_id, summary = e["action"], e.get("table_name", ""), e.get("record_id"), e.get("summary", "")
        before = _dumps(e["before"]) if e.get("before") is not None else None
        after = _dumps(e["after"]) if e.get("after") is not None else None
        # _hash_fields of the entry, built directly (the values that do not change are
        # converted once)
        fields = {"seq": seq, "at": at_text, "actor_id": actor_text, "actor_name": actor_name, "action": action,
                  "table": table_name, "record_id": _jsonable(record_id), "summary": summary, "before": before, "after": after}
        digest = entry_hash(prev, fields)
        rows.append((row_id, seq, at, actor_id, actor_name, action, table_name, record_id, summary, before, after, prev, digest))
        prev = digest
    staging.insert_rows(session, cast(Table, AuditRecord.__table__), _COLUMNS, rows)
    session.info["_audit_head"] = (seq, prev)
    _write_head(session)


_COLUMNS = ("id", "seq", "at", "actor_id", "actor_name", "action", "table_name", "record_id", "summary", "before", "after",
            "prev_hash", "hash")


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    """Every record added, changed or removed in this flush gets its bookkeeping columns
    and an audit entry; a change with no service transaction (no actor) is refused."""
    records_new = [o for o in session.new if isinstance(o, Record)]
    records_dirty = [o for o in session.dirty if isinstance(o, Record) and session.is_modified(o)]
    records_deleted = [o for o in session.deleted if isinstance(o, Record)]
    if not (records_new or records_dirty or records_deleted):
        return
    actor = session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("records changed outside a service transaction")
    now = utcnow()
    for obj in records_new:
        _audit_insert(session, obj, actor[0], now)
    for obj in records_dirty:
        _audit_update(session, obj, actor[0], now)
    for obj in records_deleted:
        append(session, action="purge", table_name=obj.__tablename__, record_id=obj.id, before=_column_values(obj))


def _audit_insert(session: Session, obj: Record, actor_id: uuid.UUID | None, now: dt.datetime) -> None:
    obj.created_at = obj.created_at or now
    obj.updated_at = now
    obj.created_by = obj.created_by or actor_id
    obj.updated_by = actor_id
    if obj.id is None:
        from pr_desk.data.ids import new_id

        obj.id = new_id()
    append(session, action="insert", table_name=obj.__tablename__, record_id=obj.id, after=_column_values(obj))


def _audit_update(session: Session, obj: Record, actor_id: uuid.UUID | None, now: dt.datetime) -> None:
    """A changed record: an update, or a soft delete or undelete when deleted_at changed;
    nothing when no column really changed."""
    before, after = _changes(obj)
    if not before and not after:
        return
    obj.updated_at = now
    obj.updated_by = actor_id
    action = "update"
    if "deleted_at" in after:
        action = "delete" if after["deleted_at"] is not None else "undelete"
    append(session, action=action, table_name=obj.__tablename__, record_id=obj.id, before=before, after=after)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: Any) -> None:
    if not session.info.pop("_audit_head_dirty", False):
        return
    _write_head(session)


def _write_head(session: Session) -> None:
    seq, head = session.info["_audit_head"]
    for key, value in ((HEAD_SEQ, str(seq)), (HEAD_HASH, head)):
        result = session.execute(update(Meta).where(Meta.key == key).values(value=value))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            session.execute(insert(Meta).values(key=key, value=value))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop("_audit_head", None)
    session.info.pop("_audit_head_dirty", None)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def iter_chain(session: Session, batch: int = 2000) -> Iterator[AuditRecord]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditRecord).where(AuditRecord.seq > last).order_by(AuditRecord.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session) -> list[ChainProblem]:
    """Every problem in the chain: gaps, edited rows, a removed tail."""
    problems: list[ChainProblem] = []
    expected_seq, prev = 1, GENESIS
    for rec in iter_chain(session):
        if rec.seq != expected_seq:
            problems.append(ChainProblem(expected_seq, N_("missing entries before this one")))
        if rec.prev_hash != prev:
            problems.append(ChainProblem(rec.seq, N_("does not follow the entry before it")))
        if entry_hash(rec.prev_hash, _hash_fields(rec)) != rec.hash:
            problems.append(ChainProblem(rec.seq, N_("entry was altered")))
        prev, expected_seq = rec.hash, rec.seq + 1
    head_seq, head_hash = _head(session)
    if head_seq != expected_seq - 1 or head_hash != prev:
        problems.append(ChainProblem(head_seq, N_("the newest entries were removed")))
    return problems
