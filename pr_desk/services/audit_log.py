"""Reading the audit trail (سابقه تغییرات)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pr_desk.data.engine import Database
from pr_desk.data.queries import audit as audit_queries
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require

ACTION_LABELS = {
    "insert": N_("Added"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "undelete": N_("Restored"),
    "purge": N_("Removed for good"),
    "login": N_("Logged in"),
    "login_failed": N_("Failed login"),
    "logout": N_("Logged out"),
    "password_reset": N_("Password reset"),
    "initialise": N_("Database created"),
    "backup": N_("Backup made"),
}
TABLE_LABELS = {
    "app_user": N_("User"),
    "unit": N_("Unit"),
    "office_setting": N_("Setting"),
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor_name: str
    action: str
    table_name: str
    record_id: uuid.UUID | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def action_label(self) -> str:
        return _(ACTION_LABELS.get(self.action, self.action))

    @property
    def table_label(self) -> str:
        return _(TABLE_LABELS[self.table_name]) if self.table_name in TABLE_LABELS else self.table_name

    @property
    def details(self) -> str:
        if self.action == "update" and self.after:
            return "، ".join(f"{k}: {self.before.get(k) if self.before else ''} → {v}" for k, v in self.after.items())
        if self.after:
            return "، ".join(f"{k}: {v}" for k, v in self.after.items() if v not in (None, ""))
        return self.summary


def _entry(rec: Any) -> AuditEntry:
    return AuditEntry(
        seq=rec.seq, at=rec.at, actor_name=rec.actor_name, action=rec.action, table_name=rec.table_name,
        record_id=rec.record_id, summary=rec.summary,
        before=json.loads(rec.before) if rec.before else None,
        after=json.loads(rec.after) if rec.after else None,
    )


def list_entries(db: Database, actor: Actor, *, offset: int = 0, limit: int = 200, search: str = "", record_id: uuid.UUID | None = None, actions: list[str] | None = None) -> list[AuditEntry]:
    require(actor, Permission.VIEW_AUDIT)
    with read(db) as session:
        return [_entry(r) for r in audit_queries.page(session, offset=offset, limit=limit, search=search, record_id=record_id, actions=actions)]


def count_entries(db: Database, actor: Actor, *, search: str = "", record_id: uuid.UUID | None = None, actions: list[str] | None = None) -> int:
    require(actor, Permission.VIEW_AUDIT)
    with read(db) as session:
        return audit_queries.count(session, search=search, record_id=record_id, actions=actions)
