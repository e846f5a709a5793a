"""The database's identity (app id, replica id and prefix) and chain head."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pr_desk import APP_ID
from pr_desk.data.audit import GENESIS, HEAD_HASH, HEAD_SEQ
from pr_desk.data.models import AuditRecord, Meta
from pr_desk.data.types import utcnow


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(Meta.value).where(Meta.key == key))


def is_initialised(session: Session) -> bool:
    return get(session, "initialised_at") is not None


def write_identity(session: Session, *, replica_prefix: str = "A") -> uuid.UUID:
    """First meta rows of a new database; returns its replica id."""
    replica_id = uuid.uuid4()
    values = {
        "app": APP_ID,
        "replica_id": str(replica_id),
        "replica_prefix": replica_prefix,
        "office_id": str(replica_id),
        HEAD_SEQ: "0",
        HEAD_HASH: GENESIS,
    }
    for key, value in values.items():
        if session.get(Meta, key) is None:
            session.add(Meta(key=key, value=value))
    session.flush()
    return replica_id


def mark_initialised(session: Session) -> None:
    session.merge(Meta(key="initialised_at", value=utcnow().isoformat()))


def schema_revision(session: Session) -> str | None:
    return session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRecord)) or 0
