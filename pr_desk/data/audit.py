"""The audit trail: every ORM insert, update and delete of a Record is written, in the
same transaction, as a hash-chained AuditRecord, numbered and chained when the
transaction commits. Editing or removing an audit row breaks the chain, which
`verify_chain` (and `pr-desk check`) detects."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import uuid
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    case,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, SessionTransaction

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
    # Only an attribute set since the object was loaded has its loaded value kept in
    # committed_state: any other has no history (the ORM's own test), so its history,
    # which is costly to build, is not asked for.
    changed = state.committed_state
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _QUIET or key not in changed:
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


# The statements of every audited write's commit, built once: a statement built per call
# cost more CPU than the database's work for it (the clerk's write, bench/clerks_bench.py
# --profile). Core statements on the tables, run on the session's connection: the head
# rows and the audit trail are never ORM objects in a writer's session, so there is
# nothing of the session's to keep in step. The two keys are bound one by one (an IN of
# a Python list is an "expanding" parameter, rendered again at every execution).
_META = cast(Table, Meta.__table__)
_HEAD_KEYS = _META.c.key.in_([bindparam("pr_desk_head_hash", HEAD_HASH), bindparam("pr_desk_head_seq", HEAD_SEQ)])
_HEAD_READ = select(_META.c.key, _META.c.value).where(_HEAD_KEYS).order_by(_META.c.key)
_HEAD_SELECT = _HEAD_READ.with_for_update()
_HEAD_UPDATE = (update(_META).where(_HEAD_KEYS)
                .values(value=case((_META.c.key == bindparam("pr_desk_head_seq_key", HEAD_SEQ), bindparam("pr_desk_seq", type_=_META.c.value.type)),
                                   else_=bindparam("pr_desk_hash", type_=_META.c.value.type))))
_AUDIT = cast(Table, AuditRecord.__table__)
_AUDIT_INSERT = insert(_AUDIT)
_COLUMNS = ("id", "seq", "at", "actor_id", "actor_name", "action", "table_name", "record_id", "summary", "before", "after",
            "prev_hash", "hash")
# On PostgreSQL a transaction's one entry and the new head in one statement (the INSERT in
# a WITH), one round trip of the three at every write's commit fewer.
_ENTRY_PARAMS = tuple(f"pr_desk_entry_{c}" for c in _COLUMNS)
_ENTRY_AND_HEAD = _HEAD_UPDATE.add_cte(
    insert(_AUDIT).values({
        name: bindparam(param, type_=_AUDIT.c[name].type)
        for name, param in zip(_COLUMNS, _ENTRY_PARAMS, strict=True)
    }).cte("pr_desk_new_entry"))


def _head(session: Session, *, lock: bool = True) -> tuple[int, str]:
    # The two rows are locked in key order: in the order a scan met them, two writers on
    # PostgreSQL could each hold one and wait for the other ("deadlock detected", seen
    # with twenty clerks in bench/clerks_bench.py). `lock=False`: only read (a check in a
    # snapshot, where a lock on a row changed since would fail the read on PostgreSQL).
    rows = dict(session.connection().execute(_HEAD_SELECT if lock else _HEAD_READ).all())
    return int(rows.get(HEAD_SEQ, "0")), rows.get(HEAD_HASH, GENESIS)


# The chain's head is taken when the transaction commits, not at its first entry: while a
# transaction runs, its entries wait in the session without a seq or hash (`_Pending`);
# `_before_commit` locks the head, numbers and hashes them in their order, writes them
# and the new head, and the COMMIT follows. So a writer holds the head for those few
# statements, not for its whole transaction (with twenty clerks on one PostgreSQL every
# audited write queued behind the head for the whole of the writer's transaction:
# bench/clerks_bench.py). A rolled-back transaction or savepoint drops its entries: no
# entry and no gap.
_PENDING = "_audit_pending"
_AT_COMMIT = "_audit_at_commit"  # work to do at commit with the head locked (`at_commit`)
_HEAD_LOCKED = "_audit_head_locked"  # `lock_head` locked it in this transaction
_MARKS = "_audit_marks"  # a savepoint -> how many entries and works were pending when it began
_CHAINED = "_audit_chained"  # the batch is written: a later entry would be lost, so it is refused
_SEQ_MARK = ',"seq":0,'  # where a seq goes in the hashed text (keys sorted: record_id, seq, summary)
_STAGED_FROM = 500  # a batch at least this long is written through a temporary table (data/staging.py)


@dataclass(slots=True)
class _Pending:
    row: list[Any]  # the values of _COLUMNS; seq, prev_hash and hash are set at commit
    text_before_seq: str  # the entry's hashed JSON up to its seq ...
    text_after_seq: str  # ... and after it, so numbering and hashing at commit is one sha256
    record: AuditRecord | None  # the object `append` returned, given its seq and hashes too


def _queue(session: Session, row: list[Any], fields: dict[str, Any], record: AuditRecord | None = None) -> None:
    """Puts an entry (its _COLUMNS values and its _hash_fields without the seq) in the
    transaction's batch."""
    if session.info.get(_CHAINED):
        raise RuntimeError("audit entry after the transaction's chain was written")
    text = _dumps({**fields, "seq": 0})
    before_seq, found, after_seq = text.partition(_SEQ_MARK)
    if not found:  # pragma: no cover - every entry has the keys around seq
        raise AssertionError(text)
    session.info.setdefault(_PENDING, []).append(_Pending(row, before_seq + ',"seq":', "," + after_seq, record))


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
    """Appends one entry to the chain when the caller's transaction commits (its seq,
    prev_hash and hash are set then: the object returned is not in the session)."""
    actor = actor or session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("audit entry without an acting user")
    from pr_desk.data.ids import new_id

    at = utcnow()
    before_text = _dumps(before) if before is not None else None
    after_text = _dumps(after) if after is not None else None
    rec = AuditRecord(id=new_id(), at=at, actor_id=actor[0], actor_name=actor[1], action=action, table_name=table_name,
                      record_id=record_id, summary=summary, before=before_text, after=after_text)
    fields = {"at": _jsonable(at), "actor_id": _jsonable(actor[0]), "actor_name": actor[1], "action": action,
              "table": table_name, "record_id": _jsonable(record_id), "summary": summary, "before": before_text,
              "after": after_text}
    row = [rec.id, None, at, actor[0], actor[1], action, table_name, record_id, summary, before_text, after_text, None, None]
    _queue(session, row, fields, rec)
    return rec


def append_many(session: Session, entries: list[dict[str, Any]]) -> None:
    """Appends entries (keys of `append`: action, table_name, record_id, summary, before,
    after) to the chain at commit, as one `append` each would, written in one set-based
    write when the batch is long (data/staging.py): for writes of thousands of rows at
    once (a sync import)."""
    if not entries:
        return
    actor = session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("audit entry without an acting user")
    from pr_desk.data.ids import new_ids

    session.flush()  # the entries of changes made before these come first
    at = utcnow()
    if len(entries) >= _STAGED_FROM and all(type(e.get("record_id")) is uuid.UUID or e.get("record_id") is None
                                             for e in entries):
        _stage_many(session, entries, at, actor)
        return
    actor_id, actor_name = actor
    at_text, actor_text = _jsonable(at), _jsonable(actor_id)
    for e, row_id in zip(entries, new_ids(len(entries)), strict=True):
        action, table_name, record_id, summary = e["action"], e.get("table_name", ""), e.get("record_id"), e.get("summary", "")
        before = _dumps(e["before"]) if e.get("before") is not None else None
        after = _dumps(e["after"]) if e.get("after") is not None else None
        # _hash_fields of the entry without its seq, built directly (the values that do
        # not change are converted once)
        fields = {"at": at_text, "actor_id": actor_text, "actor_name": actor_name, "action": action, "table": table_name,
                  "record_id": _jsonable(record_id), "summary": summary, "before": before, "after": after}
        _queue(session, [row_id, None, at, actor_id, actor_name, action, table_name, record_id, summary, before, after,
                         None, None], fields)


# Entries staged in the database (`append_staged`): a sync import writes one per record,
# hundreds of thousands, which as _Pending objects would hold hundreds of megabytes until
# the commit. They wait in a temporary table instead, numbered in their order (n), and
# are numbered, hashed and written at commit a chunk at a time.
_STAGE = "pr_desk_audit_stage"
_STAGED_N = "_audit_staged_n"  # the last n given in this transaction
_STAGED_CHUNK = 5000


@dataclass(slots=True)
class _StagedRun:
    first: int  # the entries n = first .. last of the stage, in that order
    last: int
    at: dt.datetime
    actor: tuple[uuid.UUID | None, str]


def append_staged(session: Session, source: str, *, action: str, table_name: str, summary: str, order: str,
                  record_id: str = "id", before: str | None = None, after: str | None = None,
                  params: Mapping[str, Any] | None = None) -> int:
    """Appends one entry per row of `source` (a table or subquery of the caller's
    transaction, as SQL), in `order`, to the chain at commit, as `append_many` would with
    the same action, table name and summary: `record_id` is the SQL expression of each
    row's record id (stored as the table's Uuid column stores it), `before`/`after` of
    its values as JSON text (or None). The entries wait in a temporary table, not in
    memory. Returns how many were appended."""
    actor = session.info.get("actor")
    if actor is None:
        raise WriteOutsideService("audit entry without an acting user")
    if session.info.get(_CHAINED):
        raise RuntimeError("audit entry after the transaction's chain was written")
    session.flush()  # the entries of changes made before these come first
    conn = session.connection()
    _open_stage(conn)
    base = int(session.info.get(_STAGED_N, 0))
    sql = (f"INSERT INTO {_STAGE} (n, action, table_name, record_id, summary, before, after) "
           f"SELECT {base} + row_number() OVER (ORDER BY {order}), :pr_desk_action, :pr_desk_table, {record_id}, "
           f":pr_desk_summary, {before or 'NULL'}, {after or 'NULL'} FROM {source}")
    result = conn.execute(text(sql), {**(params or {}), "pr_desk_action": action, "pr_desk_table": table_name,
                                      "pr_desk_summary": summary})
    count = int(result.rowcount or 0)
    if count:
        _add_run(session, base, count, utcnow(), actor)
    return count


def _open_stage(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} "
                             "(n INTEGER PRIMARY KEY, action, table_name, record_id, summary, before, after)")
    else:
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} (n bigint PRIMARY KEY, action text, "
                             "table_name text, record_id uuid, summary text, before text, after text)")


def _stage_many(session: Session, entries: list[dict[str, Any]], at: dt.datetime, actor: tuple[uuid.UUID | None, str]) -> None:
    """`append_many`'s long batch put in the stage as `append_staged` puts its rows: as
    _Pending objects until the commit, an import's entries held about 4 KB each (a
    100,000-guest list's import peaked at 745 MB, 333 MB before the chain was taken at
    commit). Numbered and hashed at commit as the same entries queued one by one."""
    conn = session.connection()
    _open_stage(conn)
    base = int(session.info.get(_STAGED_N, 0))
    table = cast(Table, AuditRecord.__table__)
    statement = text(f"INSERT INTO {_STAGE} (n, action, table_name, record_id, summary, before, after) "
                     "VALUES (:n, :action, :table_name, :record_id, :summary, :before, :after)"
                     ).bindparams(bindparam("record_id", type_=table.c.record_id.type))
    for start in range(0, len(entries), _STAGED_CHUNK):
        conn.execute(statement, [
            {"n": base + start + i, "action": e["action"], "table_name": e.get("table_name", ""),
             "record_id": e.get("record_id"), "summary": e.get("summary", ""),
             "before": _dumps(e["before"]) if e.get("before") is not None else None,
             "after": _dumps(e["after"]) if e.get("after") is not None else None}
            for i, e in enumerate(entries[start:start + _STAGED_CHUNK], 1)])
    _add_run(session, base, len(entries), at, actor)


def _add_run(session: Session, base: int, count: int, at: dt.datetime, actor: tuple[uuid.UUID | None, str]) -> None:
    """The `count` entries staged after n = `base` join the batch, in its order."""
    session.info[_STAGED_N] = base + count
    session.info.setdefault(_PENDING, []).append(_StagedRun(base + 1, base + count, at, actor))


def _chain_staged(session: Session, run: _StagedRun, seq: int, prev: str) -> tuple[int, str]:
    """The staged entries of `run` numbered and hashed after (seq, prev), written a chunk
    at a time (each joined with its seq and hashes by one INSERT … SELECT); returns the
    new (seq, prev)."""
    from pr_desk.data import staging
    from pr_desk.data.ids import new_ids

    conn = session.connection()
    dialect = conn.dialect
    table = cast(Table, AuditRecord.__table__)
    as_uuid = table.c.record_id.type.dialect_impl(dialect).result_processor(dialect, None)
    at_text, actor_id, actor_name = _jsonable(run.at), run.actor[0], run.actor[1]
    actor_text = _jsonable(actor_id)
    at_json, quote = _dumps(at_text), _dumps
    names = ("id", "seq", "at", "actor_id", "actor_name", "action", "table_name", "record_id", "summary", "before", "after",
             "prev_hash", "hash")
    insert_sql = text(
        f"INSERT INTO audit_record ({', '.join(names)}) SELECT h.id, h.seq, :at, :actor_id, :actor_name, s.action, "
        f"s.table_name, s.record_id, s.summary, s.before, s.after, h.prev_hash, h.hash FROM {staging.STAGE} AS h "
        f"JOIN {_STAGE} AS s ON s.n = :n0 + h.{staging.POSITION}"
    ).bindparams(bindparam("at", type_=table.c.at.type), bindparam("actor_id", type_=table.c.actor_id.type))
    n = run.first
    while n <= run.last:
        chunk = conn.exec_driver_sql(
            f"SELECT n, action, table_name, record_id, summary, before, after FROM {_STAGE} WHERE n >= {int(n)} "
            f"AND n <= {int(min(run.last, n + _STAGED_CHUNK - 1))} ORDER BY n").fetchall()
        if not chunk or chunk[0][0] != n or chunk[-1][0] != n + len(chunk) - 1:  # pragma: no cover - numbered in one go
            raise AssertionError("staged audit entries out of order")
        hashed = []
        quoted: dict[Any, str] = {}  # (action, table and summary: the same in every entry of a run)
        for (_n, action, table_name, record_id, summary, before, after), row_id in zip(chunk, new_ids(len(chunk)), strict=True):
            seq += 1
            if type(record_id) is str and len(record_id) == 32 and record_id == record_id.lower():
                # SQLite's lowercase hex digits: str(UUID) by slicing
                rid_json = f'"{record_id[:8]}-{record_id[8:12]}-{record_id[12:16]}-{record_id[16:20]}-{record_id[20:]}"'
            else:
                rid = as_uuid(record_id) if as_uuid is not None and record_id is not None else record_id
                rid_json = _dumps(_jsonable(rid))
            # entry_hash(prev, _hash_fields(entry)): the same text (keys in sorted order)
            # written piece by piece, the pieces that do not change quoted once
            head = quoted.get((action, "a"))
            if head is None:
                head = quoted[(action, "a")] = f'{{"action":{_dumps(action)},"actor_id":{_dumps(actor_text)},"actor_name":{_dumps(actor_name)},"after":'
            tail = quoted.get((summary, table_name))
            if tail is None:
                tail = quoted[(summary, table_name)] = f',"summary":{_dumps(summary)},"table":{_dumps(table_name)}}}'
            payload = (f'{prev}\n{head}{quote(after) if after is not None else "null"},"at":{at_json},'
                       f'"before":{quote(before) if before is not None else "null"},"record_id":{rid_json},'
                       f'"seq":{seq}{tail}')
            digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
            hashed.append((row_id, seq, prev, digest))
            prev = digest
        staging.stage_rows(conn, table, ("id", "seq", "prev_hash", "hash"), hashed)
        conn.execute(insert_sql, {"at": run.at, "actor_id": actor_id, "actor_name": actor_name, "n0": n})
        conn.exec_driver_sql(f"DROP TABLE {staging.STAGE}")
        n += len(chunk)
    return seq, prev



def lock_head(session: Session) -> None:
    """Locks the chain's head now, for the rest of the caller's transaction (on PostgreSQL;
    SQLite has one writer anyway): for a transaction that takes, in its body, a counter
    that `at_commit` work of other transactions takes after the head (data/numbering.py),
    so that no two writers hold the two in opposite orders."""
    if not session.info.get(_HEAD_LOCKED):
        _head(session)
        session.info[_HEAD_LOCKED] = True  # (forgotten with a rollback: a savepoint's releases it)


def at_commit(session: Session, work: Callable[[Session], None]) -> None:
    """Runs `work(session)` when the caller's transaction commits, after its last changes are
    flushed and the chain's head is locked, before its entries are numbered and chained:
    what `work` adds or changes is flushed then and its entries join the chain. For a
    write that must be serialised with every other writer anyway for the commit (a
    gapless number: data/numbering.py `number_at_commit`): done under the head, it holds
    no lock of its own while the transaction runs or waits. `work` must not write synced
    tables (their capture takes the sync lock, which writers take before the head) and
    must be short: every audited write in the office waits for it. Dropped with a
    rolled-back transaction or savepoint."""
    if session.info.get(_CHAINED):
        raise RuntimeError("work at commit after the transaction's chain was written")
    session.info.setdefault(_AT_COMMIT, []).append(work)


def _chain(session: Session, pending: list[_Pending], head: tuple[int, str] | None = None) -> None:
    """Locks the head (unless given, locked), numbers and hashes `pending` after it, writes
    them and the new head."""
    seq, prev = head if head is not None else _head(session)
    rows = []
    for p in pending:
        if isinstance(p, _StagedRun):
            seq, prev = _chain_staged(session, p, seq, prev)
            continue
        seq += 1
        digest = hashlib.sha256(f"{prev}\n{p.text_before_seq}{seq}{p.text_after_seq}".encode()).hexdigest()
        row = p.row
        row[1], row[11], row[12] = seq, prev, digest
        if p.record is not None:
            p.record.seq, p.record.prev_hash, p.record.hash = seq, prev, digest
        rows.append(row)
        prev = digest
    table = cast(Table, AuditRecord.__table__)
    staged = session.info.pop(_STAGED_N, None) is not None
    conn = session.connection()
    if len(rows) == 1 and not staged and conn.dialect.name == "postgresql":
        _write_head(session, seq, prev, entry=rows[0])  # the usual write's one entry: one round trip
        return
    if len(rows) >= _STAGED_FROM:
        from pr_desk.data import staging

        staging.insert_rows(session, table, _COLUMNS, rows)
    elif rows:
        conn.execute(_AUDIT_INSERT, [dict(zip(_COLUMNS, row, strict=True)) for row in rows])
    if staged:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_STAGE}")
    _write_head(session, seq, prev)


def _write_head(session: Session, seq: int, head: str, *, entry: list[Any] | None = None) -> None:
    """The head moved to (seq, head); with `entry` (the values of _COLUMNS, PostgreSQL),
    that entry inserted by the same statement."""
    params = {"pr_desk_seq": str(seq), "pr_desk_hash": head}
    if entry is None:
        result = session.connection().execute(_HEAD_UPDATE, params)
    else:
        params.update(zip(_ENTRY_PARAMS, entry, strict=True))
        result = session.connection().execute(_ENTRY_AND_HEAD, params)
    if result.rowcount == 2:
        return
    for key, value in ((HEAD_SEQ, str(seq)), (HEAD_HASH, head)):  # a database made before the head rows
        if not session.execute(select(Meta.key).where(Meta.key == key)).first():
            session.execute(insert(Meta).values(key=key, value=value))


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


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """The transaction's entries join the chain (a savepoint released keeps them pending)."""
    if session.in_nested_transaction():
        return
    session.flush()  # the last changes' entries join the batch (commit would flush them next)
    works = session.info.pop(_AT_COMMIT, None)
    head = None
    if works:
        head = _head(session)  # before the works' own rows (a counter): see `at_commit`
        for work in works:
            work(session)
        session.flush()  # their changes' entries join the batch
    pending = session.info.pop(_PENDING, None)
    session.info[_CHAINED] = True
    if pending:
        _chain(session, pending, head)


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:  # (weak: a savepoint's rollback event comes after it ended)
        marks = session.info.setdefault(_MARKS, weakref.WeakKeyDictionary())
        marks[transaction] = (len(session.info.get(_PENDING, ())), len(session.info.get(_AT_COMMIT, ())))


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """Entries (and work at commit) of what was rolled back leave the batch: a savepoint's
    since it began, a transaction's all."""
    session.info.pop(_HEAD_LOCKED, None)
    boundary = previous
    while not boundary.nested and boundary.parent is not None:
        boundary = boundary.parent
    if not boundary.nested:
        session.info.pop(_PENDING, None)
        session.info.pop(_AT_COMMIT, None)
        return
    mark = session.info.get(_MARKS, {}).get(boundary)
    if mark is not None:
        for key, length in zip((_PENDING, _AT_COMMIT), mark, strict=True):
            if key in session.info:
                del session.info[key][length:]


@event.listens_for(Session, "after_transaction_end")
def _forget_batch(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_AT_COMMIT, None)
        session.info.pop(_HEAD_LOCKED, None)
        session.info.pop(_CHAINED, None)
        session.info.pop(_MARKS, None)
        session.info.pop(_STAGED_N, None)


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
    """Every problem in the chain: gaps, edited rows, a removed tail. In a snapshot read
    (`Database.reading(snapshot=True)`) while others write: read statement by statement,
    an entry committed after its batch was read but before the head was would look like
    a removed tail."""
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
    head_seq, head_hash = _head(session, lock=False)
    if head_seq != expected_seq - 1 or head_hash != prev:
        problems.append(ChainProblem(head_seq, N_("the newest entries were removed")))
    return problems
