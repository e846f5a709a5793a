"""Human-readable numbers (tracking codes, directive numbers, form numbers) that never
collide across the office and its field copies: each series counts per replica, and the
number carries the replica's prefix (the office is "A"; field copies get their own).

A series counts without gaps: its counter row is locked by the transaction that takes a
number and held until that transaction ends, so concurrent takers are serialised up to
their commits (PostgreSQL; SQLite has one writer anyway). For the series every clerk
takes all day (tracking codes, `NUMBERED_AT_COMMIT`) the number is taken at the commit,
after the audit chain's head is locked (`number_at_commit`): every writer queues at the
head for its commit anyway, so the counter adds no queue of its own (twenty clerks on one
PostgreSQL queued there, bench/clerks_bench.py). A transaction that takes such a number
in its body (an Excel import, the demo) locks the head first, so that no two writers hold
the head and the counter in opposite orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast as cast_type

from sqlalchemy import Integer, String, Table, bindparam, cast, select, update
from sqlalchemy.orm import Session

from pr_desk.data import audit
from pr_desk.data.models import Meta

# Series (before the ":" of the series name) numbered at commit (`number_at_commit`).
NUMBERED_AT_COMMIT = frozenset({"meeting_request"})


# Built once (every registration runs both: a statement built per call cost about as much
# client CPU as running it, bench/clerks_bench.py --profile).
_PREFIX = select(Meta.value).where(Meta.key == "replica_prefix")
# The count-up is Core on the table, run on the session's connection: a counter row is
# never an ORM object the session would have to keep in step (the ORM's UPDATE cost twice
# the statement's time in the client).
_META = cast_type(Table, Meta.__table__)
_COUNT_UP = (update(_META).where(_META.c.key == bindparam("counter_key"))
             .values(value=cast(cast(_META.c.value, Integer) + 1, String)).returning(_META.c.value))


def replica_prefix(session: Session) -> str:
    return session.scalar(_PREFIX) or "A"


def _at_commit_series(series: str) -> bool:
    return series.partition(":")[0] in NUMBERED_AT_COMMIT


def next_number(session: Session, series: str) -> int:
    """The next number of `series` in this database, inside the caller's transaction (the
    row lock serialises concurrent clerks on PostgreSQL; SQLite has one writer anyway)."""
    if _at_commit_series(series):
        audit.lock_head(session)
    return _count_up(session, series)


def number_at_commit(session: Session, series: str, use: Callable[[Session, int], None]) -> None:
    """Takes the next number of `series` when the caller's transaction commits, with the
    audit chain's head locked, and gives it to `use(session, number)`, which adds or
    changes what carries it (flushed and audited then, before the entries are chained).
    Nothing is taken if the transaction (or the savepoint it was asked in) rolls back:
    no gap. `use` runs while every audited write in the office waits: set values, add
    objects, no queries."""
    if not _at_commit_series(series):
        raise ValueError(f"{series} is not numbered at commit (NUMBERED_AT_COMMIT)")
    audit.at_commit(session, lambda s: use(s, _count_up(s, series)))


def _count_up(session: Session, series: str) -> int:
    key = f"counter:{series}"
    # one statement locks the row and counts up (the lock is held until the commit: the
    # fewer round trips after it, the shorter other clerks wait, bench/clerks_bench.py)
    value = session.connection().execute(_COUNT_UP, {"counter_key": key}).scalar()
    if value is None:
        session.add(Meta(key=key, value="1"))
        session.flush()
        return 1
    return int(value)


def next_numbers(session: Session, series: str, count: int) -> int:
    """The first of `count` consecutive numbers of `series`, taken as one block in the
    caller's transaction (what `count` calls of `next_number` would give, in one update)."""
    if count <= 0:
        raise ValueError("count must be positive")
    if _at_commit_series(series):
        audit.lock_head(session)
    key = f"counter:{series}"
    current = session.scalar(select(Meta.value).where(Meta.key == key).with_for_update())
    if current is None:
        session.add(Meta(key=key, value=str(count)))
        session.flush()
        return 1
    first = int(current) + 1
    session.execute(update(Meta).where(Meta.key == key).values(value=str(first + count - 1)))
    return first
