"""Reading the conflict queue."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pr_desk.data.sync.models import SyncConflict


def conflicts(session: Session, *, open_only: bool = True) -> Sequence[SyncConflict]:
    q = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.seq, SyncConflict.tbl, SyncConflict.pk, SyncConflict.fields)
    if open_only:
        q = q.where(SyncConflict.status == "open")
    return session.scalars(q).all()


def conflict_by_id(session: Session, conflict_id: uuid.UUID) -> SyncConflict | None:
    return session.get(SyncConflict, conflict_id)
