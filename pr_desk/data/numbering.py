"""Human-readable numbers (tracking codes, directive numbers, form numbers) that never
collide across the office and its field copies: each series counts per replica, and the
number carries the replica's prefix (the office is "A"; field copies get their own)."""

from __future__ import annotations

from sqlalchemy import Integer, String, cast, select, update
from sqlalchemy.orm import Session

from pr_desk.data.models import Meta


def replica_prefix(session: Session) -> str:
    return session.scalar(select(Meta.value).where(Meta.key == "replica_prefix")) or "A"


def next_number(session: Session, series: str) -> int:
    """The next number of `series` in this database, inside the caller's transaction (the
    row lock serialises concurrent clerks on PostgreSQL; SQLite has one writer anyway)."""
    key = f"counter:{series}"
    # one statement locks the row and counts up (the lock is held until the commit: the
    # fewer round trips after it, the shorter other clerks wait, bench/clerks_bench.py)
    value = session.scalar(update(Meta).where(Meta.key == key).values(value=cast(cast(Meta.value, Integer) + 1, String))
                           .returning(Meta.value))
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
    key = f"counter:{series}"
    current = session.scalar(select(Meta.value).where(Meta.key == key).with_for_update())
    if current is None:
        session.add(Meta(key=key, value=str(count)))
        session.flush()
        return 1
    first = int(current) + 1
    session.execute(update(Meta).where(Meta.key == key).values(value=str(first + count - 1)))
    return first
