"""Set-based queries of the meeting requests import: the citizens a file names, found by
one query per 500 national codes (the rows are written through data.bulk)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
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

