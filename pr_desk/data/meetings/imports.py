"""Set-based queries of the meeting requests import: the citizens a file names, found by
one query per 500 national codes, and the prepared rows written in executemany chunks."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pr_desk.data.meetings.models import Citizen

CHUNK = 500


def citizens_by_national_codes(session: Session, codes: Collection[str]) -> dict[str, tuple[uuid.UUID, int]]:
    """(id, district) of each citizen already registered under one of `codes`, by national
    code (deleted ones too: a national code belongs to one citizen row)."""
    wanted = sorted(codes)
    found: dict[str, tuple[uuid.UUID, int]] = {}
    for start in range(0, len(wanted), CHUNK):
        for code, cid, district in session.execute(
            select(Citizen.national_code, Citizen.id, Citizen.district).where(Citizen.national_code.in_(wanted[start:start + CHUNK]))
        ).all():
            found[code] = (cid, district)
    return found


def insert_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Prepared rows (ids, versions, stamps included) in one executemany; the caller
    writes their audit entries as one batch (data.audit.append_many)."""
    if rows:
        session.execute(insert(model), rows)


def audit_inserts(session: Session, table: str, rows: list[dict[str, Any]], summary: str = "") -> None:
    """One audit entry per inserted row (its columns, as a row added one at a time is
    written to the trail), appended as one batch: the same hash chain as row by row."""
    from pr_desk.data.audit import _QUIET, _jsonable, append_many

    append_many(session, [{"action": "insert", "table_name": table, "record_id": row["id"], "summary": summary,
                           "after": {k: _jsonable(v) for k, v in row.items() if k not in _QUIET}} for row in rows])
