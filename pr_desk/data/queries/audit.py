"""Reading the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.models import AuditRecord
from pr_desk.data.queries.sorting import SortKeys, alphabetical, sorted_by

SORT_KEYS: SortKeys = {
    "seq": (AuditRecord.seq,),
    "at": (AuditRecord.at,),
    "actor_name": (alphabetical(AuditRecord.actor_name),),
    "action_label": (AuditRecord.action,),
    "table_label": (AuditRecord.table_name,),
}


def _filtered(search: str, record_id: uuid.UUID | None, actions: Sequence[str] | None):  # type: ignore[no-untyped-def]
    stmt = select(AuditRecord)
    if record_id is not None:
        stmt = stmt.where(AuditRecord.record_id == record_id)
    if actions:
        stmt = stmt.where(AuditRecord.action.in_(actions))
    if search:
        pattern = f"%{search}%"
        stmt = stmt.where(
            or_(AuditRecord.actor_name.like(pattern), AuditRecord.summary.like(pattern), AuditRecord.table_name.like(pattern))
        )
    return stmt


def page(
    session: Session,
    *,
    offset: int = 0,
    limit: int = 200,
    search: str = "",
    record_id: uuid.UUID | None = None,
    actions: Sequence[str] | None = None,
    newest_first: bool = True,
    sort_key: str | None = None,
    descending: bool = False,
) -> Sequence[AuditRecord]:
    """A page of the trail in its chain's order, or by `sort_key` (one of SORT_KEYS; ties in chain order)."""
    order = AuditRecord.seq.desc() if newest_first else AuditRecord.seq
    stmt = sorted_by(_filtered(search, record_id, actions), SORT_KEYS, sort_key, descending, default=(order,),
                     tie_breaker=AuditRecord.seq).offset(offset).limit(limit)
    return session.scalars(stmt).all()


def count(session: Session, *, search: str = "", record_id: uuid.UUID | None = None, actions: Sequence[str] | None = None) -> int:
    sub = _filtered(search, record_id, actions).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0
