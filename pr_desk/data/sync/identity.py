"""The sync identity of a database, kept in pr_desk_meta: office id, replica id and
prefix, the office's package key, and on a field copy what the office acknowledged."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from pr_desk.data.models import Meta

ROLE = "sync_role"  # "field" on a field copy; absent at the office
KEY = "sync_key"
ACKED_SEQ = "sync_acked_seq"
ACKED_CHAIN = "sync_acked_chain"
OFFICE_SEQ = "sync_office_seq"
INSPECTOR = "sync_inspector_id"
PREFIX_COUNTER = "sync_prefix_counter"


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(Meta.value).where(Meta.key == key))


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
    session.flush()


def is_field_copy(session: Session) -> bool:
    return get(session, ROLE) == "field"


def office_id(session: Session) -> str:
    return get(session, "office_id") or ""


def replica_id(session: Session) -> str:
    return get(session, "replica_id") or ""


def office_key(session: Session, *, create: bool = False) -> str | None:
    key = get(session, KEY)
    if key is None and create:
        key = secrets.token_hex(32)
        put(session, KEY, key)
    return key


COPY_KEY = "sync_key_copy:"  # + replica id: the key of one field copy (at the office)


def copy_key(session: Session, replica: str, *, create: bool = False) -> str | None:
    """The signing key of one field copy, kept at the office. Each copy signs with its own
    key, so a laptop (or a thief holding one) can write files only as that copy, which
    retiring it stops; copies made before per-copy keys use the office key."""
    key = get(session, COPY_KEY + replica)
    if key is None and create:
        key = secrets.token_hex(32)
        put(session, COPY_KEY + replica, key)
    return key


def copy_keys(session: Session) -> dict[str, str]:
    rows = session.execute(select(Meta.key, Meta.value).where(Meta.key.startswith(COPY_KEY)))
    return {k[len(COPY_KEY):]: v for k, v in rows}


_LETTERS = "BCDEFGHJKLMNPQRSTUVWXYZ"


def next_prefix(session: Session) -> str:
    """B, C, … Z, then BB, BC, …: never "A" (the office) and never reused."""
    n = int(get(session, PREFIX_COUNTER) or "0")
    put(session, PREFIX_COUNTER, str(n + 1))
    base = len(_LETTERS)
    if n < base:
        return _LETTERS[n]
    n -= base
    return _LETTERS[n // base % base] + _LETTERS[n % base] if n < base * base else f"Z{n}"
