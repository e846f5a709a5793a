"""Writing many prepared rows at once (the imports from Excel): one executemany per batch,
and one audit entry per row appended as one batch, which keeps the hash chain exactly as
rows added one at a time would (data.audit.append_many)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session


def stamps(user_id: uuid.UUID | None, now: dt.datetime) -> dict[str, Any]:
    """The bookkeeping columns of a record added now by `user_id` (its id apart)."""
    return {"created_at": now, "updated_at": now, "created_by": user_id, "updated_by": user_id, "version": 1, "deleted_at": None}


def column_defaults(model: type) -> dict[str, Any]:
    """Every column of `model`'s table with its scalar default (None without one): the
    start of a prepared row, so an executemany writes what the ORM would."""
    out: dict[str, Any] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        out[column.key] = default.arg if default is not None and default.is_scalar else None
    return out


def insert_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Prepared rows (ids, versions, stamps included) in one executemany; the caller
    writes their audit entries with `audit_inserts`."""
    if rows:
        session.execute(insert(model), rows)


def audit_inserts(session: Session, table: str, rows: list[dict[str, Any]], summary: str = "") -> None:
    """One audit entry per inserted row (its columns, as a row added one at a time is
    written to the trail, a password hash as ***), appended as one batch: the same hash
    chain as row by row."""
    from pr_desk.data.audit import _QUIET, _SECRET, _jsonable, append_many

    append_many(session, [{"action": "insert", "table_name": table, "record_id": row["id"], "summary": summary,
                           "after": {k: "***" if k in _SECRET else _jsonable(v) for k, v in row.items() if k not in _QUIET}}
                          for row in rows])
