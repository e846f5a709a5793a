"""Reading the change log, the capture context, and the hash chain over changes."""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from pr_desk.data.sync import codec, registry, trigger_text
from pr_desk.data.sync.models import SyncChange, SyncContext

GENESIS = "0" * 64


@dataclass
class Change:
    seq: int
    tbl: str
    pk: str  # canonical UUID text
    op: str  # I | U | D
    old: dict[str, Any] | None  # typed values
    new: dict[str, Any] | None

    def canonical(self) -> dict[str, Any]:
        return {"seq": self.seq, "tbl": self.tbl, "pk": self.pk, "op": self.op,
                "old": codec.row_to_canonical(self.tbl, self.old), "new": codec.row_to_canonical(self.tbl, self.new)}


def chain_step(prev: str, canonical_change: dict[str, Any]) -> str:
    return hashlib.sha256((prev + codec.dumps(canonical_change)).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=256)
def quoted(name: str) -> str:
    """codec.dumps of a table name or operation (a handful of values, each written once)."""
    return codec.dumps(name)


def chain_step_stored(prev: str, seq: int, tbl: str, pk: str, op: str, old: str | None, new: str | None) -> str:
    """`chain_step` of a change as a package stores it (old/new are `codec.dumps` of the
    canonical rows), without parsing and writing the rows again: the same text, so the
    same hash."""
    text = (f'{{"new":{new if new is not None else "null"},"old":{old if old is not None else "null"},'
            f'"op":{quoted(op)},"pk":{codec.dumps(pk)},"seq":{int(seq)},"tbl":{quoted(tbl)}}}')
    return hashlib.sha256((prev + text).encode("utf-8")).hexdigest()


def max_seq(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(SyncChange.id), 0))) or 0)


def read_changes(session: Session, after: int = 0, upto: int | None = None) -> list[Change]:
    # plain rows, not ORM objects: a return file may hold hundreds of thousands
    q = (select(SyncChange.id, SyncChange.tbl, SyncChange.pk, SyncChange.op, SyncChange.old_row, SyncChange.new_row)
         .where(SyncChange.id > after).order_by(SyncChange.id))
    if upto is not None:
        q = q.where(SyncChange.id <= upto)
    out = []
    for seq, tbl, pk, op, old_row, new_row in session.execute(q):
        if tbl not in registry.BY_NAME:
            continue
        out.append(Change(seq, tbl, str(uuid.UUID(pk)), op, codec.row_from_db(tbl, old_row), codec.row_from_db(tbl, new_row)))
    return out


def read_changes_canonical(session: Session, after: int = 0, upto: int | None = None) -> Iterator[dict[str, Any]]:
    """The change log as a package stores it: seq, tbl, pk (canonical UUID text), op and
    old/new as canonical JSON text (`codec.dumps` of `Change.canonical()`'s rows),
    converted straight from the trigger-written JSON. Streamed in batches: a return file
    may hold hundreds of thousands of changes, never all in memory at once."""
    for seq, tbl, pk, op, old, new in read_canonical_rows(session, after, upto):
        yield {"seq": seq, "tbl": tbl, "pk": pk, "op": op, "old": old, "new": new}


CanonicalRow = tuple[int, str, str, str, str | None, str | None]  # seq, tbl, pk, op, old, new as a package stores them


def read_canonical_rows(session: Session, after: int = 0, upto: int | None = None) -> Iterator[CanonicalRow]:
    """`read_changes_canonical` as tuples (seq, tbl, pk, op, old, new)."""
    for batch in _canonical_batches(session, after, upto):
        yield from batch


def chained_rows(session: Session, after: int, upto: int | None, prev: str,
                 tally: dict[str, Any]) -> Iterator[tuple[int, str, str, str, str | None, str | None, str]]:
    """`read_canonical_rows` with each change's chain value after it (the chain going on
    from `prev`), as a package's data file stores them; once they are all read, `tally`
    holds their number ("changes") and the last chain value ("end")."""
    sha256, count = hashlib.sha256, 0
    for batch in _canonical_batches(session, after, upto):
        for seq, tbl, pk, op, old, new in batch:
            # chain_step_stored written out (a call fewer per change): pk is canonical UUID
            # text and tbl and op are names, which JSON writes as they are between quotes
            prev = sha256(f'{prev}{{"new":{"null" if new is None else new},"old":{"null" if old is None else old},'
                          f'"op":{quoted(op)},"pk":"{pk}","seq":{int(seq)},"tbl":{quoted(tbl)}}}'.encode()).hexdigest()
            yield (seq, tbl, pk, op, old, new, prev)
        count += len(batch)
    tally.update(changes=count, end=prev)


def _canonical_batches(session: Session, after: int, upto: int | None) -> Iterator[list[CanonicalRow]]:
    """The change log as canonical rows, a list per batch fetched. On SQLite whose JSON
    spells text as Python does, read through the driver's own cursor and respelled from
    the trigger's text (`trigger_text`): the same text, a few times faster."""
    known = registry.BY_NAME
    if session.get_bind().dialect.name == "sqlite" and trigger_text.sqlite_spells_alike():
        driver = session.connection().connection.driver_connection
        cursor = driver.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute("SELECT id, tbl, pk, op, old_row, new_row FROM sync_change WHERE id > ? AND id <= ? ORDER BY id",
                           (after, (1 << 63) - 1 if upto is None else upto))
            pk_text, spelling, hex_digits = codec.uuid_text, trigger_text.spelling, trigger_text.HEX
            spellings: dict[str, Callable[[str], str]] = {}
            while batch := cursor.fetchmany(_BATCH):
                out: list[CanonicalRow] = []
                add = out.append
                for seq, tbl, pk, op, old_row, new_row in batch:
                    spell = spellings.get(tbl)
                    if spell is None:
                        if tbl not in known:
                            continue
                        spell = spellings[tbl] = spelling(tbl)
                    if len(pk) == 32 and not pk.strip(hex_digits):  # codec.uuid_text, written out
                        pk = f"{pk[:8]}-{pk[8:12]}-{pk[12:16]}-{pk[16:20]}-{pk[20:]}"
                    else:
                        pk = pk_text(pk)
                    add((seq, tbl, pk, op, None if old_row is None else spell(old_row), None if new_row is None else spell(new_row)))
                yield out
        finally:
            cursor.close()
        return
    q = (select(SyncChange.id, SyncChange.tbl, SyncChange.pk, SyncChange.op, SyncChange.old_row, SyncChange.new_row)
         .where(SyncChange.id > after).order_by(SyncChange.id))
    if upto is not None:
        q = q.where(SyncChange.id <= upto)
    text_of, pk_text = codec.canonical_text_from_db, codec.uuid_text
    result = session.execute(q, execution_options={"yield_per": _BATCH})
    for partition in result.partitions():
        yield [(seq, tbl, pk_text(pk), op, text_of(tbl, old_row), text_of(tbl, new_row))
               for seq, tbl, pk, op, old_row, new_row in partition if tbl in known]


_BATCH = 5000  # change-log rows fetched at a time by the streamed readers


def set_context(session: Session, *, applying: bool, origin: str | None = None) -> None:
    result = session.execute(update(SyncContext).where(SyncContext.id == 1).values(applying=int(applying), origin=origin))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(SyncContext(id=1, applying=int(applying), origin=origin, version=1))
        session.flush()


@contextmanager
def context(session: Session, *, applying: bool, origin: str | None = None) -> Iterator[None]:
    """Inside: writes are (not) captured, with `origin`; reset before the caller commits.
    On an exception the transaction rolls back and takes the setting with it."""
    set_context(session, applying=applying, origin=origin)
    yield
    set_context(session, applying=False, origin=None)


def lock_for_merge(session: Session) -> None:
    """One import at a time (PostgreSQL: the same advisory lock as the capture triggers)."""
    if session.get_bind().dialect.name == "postgresql":
        from pr_desk.data.sync.triggers import PG_LOCK_KEY

        session.execute(text(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"))


@dataclass
class NetRow:
    """The net effect of one replica's changes on one row (SYNC.md §6.8 step 2)."""

    tbl: str
    pk: str
    ops: str = ""
    first_old: dict[str, Any] | None = None
    last_new: dict[str, Any] | None = None
    base: dict[str, Any] = field(default_factory=dict)  # per field: old of the first change touching it
    result: dict[str, Any] = field(default_factory=dict)  # per field: new of the last change touching it
    last_seq: int = 0

    @property
    def kind(self) -> str:
        if self.ops.startswith("I"):
            return "noop" if self.ops.endswith("D") else "insert"
        if self.ops.endswith("D"):
            return "delete"
        return "update"

    def changed_fields(self) -> dict[str, Any]:
        # codec.same, inline, the same object first (as in `coalesce`)
        base = self.base
        return {f: v for f, v in self.result.items() if not (v is (b := base.get(f)) or v == b)}


def coalesce(changes: list[Change]) -> dict[tuple[str, str], NetRow]:
    rows: dict[tuple[str, str], NetRow] = {}
    for ch in changes:
        net = rows.get((ch.tbl, ch.pk))
        if net is None:  # (not setdefault: that would make a NetRow for every change)
            net = rows[(ch.tbl, ch.pk)] = NetRow(ch.tbl, ch.pk)
        if not net.ops and ch.old is not None:
            net.first_old = ch.old
        net.ops += ch.op
        net.last_seq = ch.seq
        if ch.op == "U" and ch.old is not None and ch.new is not None:
            old_row, base, result = ch.old.get, net.base, net.result
            for f, new in ch.new.items():
                old = old_row(f)
                # codec.same, inline: it runs for every field of every change; the same object
                # first (recurring ids, days and instants are decoded once: a UUID's == is Python)
                if old is not new and not old == new:
                    base.setdefault(f, old)
                    result[f] = new
        if ch.new is not None:
            net.last_new = ch.new
    for net in rows.values():
        if net.kind == "update" and "D" in net.ops and net.first_old is not None and net.last_new is not None:
            # deleted then created again with the same id: everything that differs changed
            for f, new in net.last_new.items():
                old = net.first_old.get(f)
                if not codec.same(old, new):
                    net.base.setdefault(f, old)
                    net.result[f] = new
    return rows
