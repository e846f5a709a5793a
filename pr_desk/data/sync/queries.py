"""Reading the conflict queue, and the columns that name a synced record to a person."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pr_desk.data.sync import registry
from pr_desk.data.sync.models import SyncConflict, SyncImport, SyncReplica

# The columns that say which record a row is (its own name, or the records it belongs to).
NAMING_COLUMNS: dict[str, tuple[str, ...]] = {
    "app_user": ("display_name", "username"),
    "unit": ("name", "code"),
    "office_setting": ("key",),
    "evaluation_template": ("name", "template_version"),
    "evaluation_axis": ("name", "template_id"),
    "evaluation_indicator": ("name", "axis_id"),
    "evaluation_period": ("kind", "jalali_year", "number"),
    "evaluation_assignment": ("unit_id", "period_id"),
    "evaluation_form": ("number", "unit_id", "period_id"),
    "evaluation_score": ("indicator_id", "form_id"),
    "evaluation_attachment": ("file_name", "form_id"),
    "evaluation_field_visit": ("visited_on", "form_id"),
    "directive_kind": ("name",),
    "directive": ("number", "title"),
    "directive_version": ("number", "directive_id"),
    "directive_attachment": ("file_name", "version_id"),
    "directive_recipient": ("directive_id", "unit_id"),
    "directive_acknowledgement": ("by_name", "recipient_id"),
}


def conflicts(session: Session, *, open_only: bool = True) -> Sequence[SyncConflict]:
    q = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.seq, SyncConflict.tbl, SyncConflict.pk, SyncConflict.fields)
    if open_only:
        q = q.where(SyncConflict.status == "open")
    return session.scalars(q).all()


def conflict_by_id(session: Session, conflict_id: uuid.UUID) -> SyncConflict | None:
    return session.get(SyncConflict, conflict_id)


def naming_values(session: Session, tbl: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The naming columns (NAMING_COLUMNS) of the rows of `tbl` with these ids that this
    database holds (tombstoned rows too), by id. Read-only; no file contents are read."""
    wanted = sorted(set(ids))
    columns = NAMING_COLUMNS.get(tbl)
    if not wanted or columns is None:
        return {}
    table = registry.table(tbl)
    rows = session.execute(select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.in_(wanted)))
    return {row.id: {c: row._mapping[c] for c in columns} for row in rows}


def field_copies(session: Session, *, inspector_id: uuid.UUID | None = None,
                 include_retired: bool = False) -> list[tuple[SyncReplica, Any]]:
    """The field copies this office made, newest first, each with the time of its last
    import here (None: nothing brought back yet)."""
    last = (select(SyncImport.replica_id, func.max(SyncImport.created_at).label("at"))
            .where(SyncImport.undone == 0).group_by(SyncImport.replica_id).subquery())
    q = (select(SyncReplica, last.c.at).outerjoin(last, last.c.replica_id == SyncReplica.id)
         .order_by(SyncReplica.created_at.desc(), SyncReplica.prefix.desc()))
    if inspector_id is not None:
        q = q.where(SyncReplica.inspector_id == inspector_id)
    if not include_retired:
        q = q.where(SyncReplica.retired == 0)
    return [(r, at) for r, at in session.execute(q).all()]


def last_packages_out(session: Session) -> dict[uuid.UUID, Any]:
    """The time of the last package made for each field copy (its checkout or a later
    field package), from the audit trail's export records, by replica id."""
    from pr_desk.data.models import AuditRecord

    q = (select(AuditRecord.record_id, func.max(AuditRecord.at))
         .where(AuditRecord.action == "export", AuditRecord.table_name == "sync_replica", AuditRecord.record_id.is_not(None))
         .group_by(AuditRecord.record_id))
    return {rid: at for rid, at in session.execute(q).all() if rid is not None}


def field_copy(session: Session, replica_id: uuid.UUID) -> SyncReplica | None:
    return session.get(SyncReplica, replica_id)
