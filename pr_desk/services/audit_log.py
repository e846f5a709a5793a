"""Reading the audit trail (سابقه تغییرات)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pr_desk.data.engine import Database
from pr_desk.data.queries import audit as audit_queries
from pr_desk.domain.jalali import format_jalali, format_jalali_datetime
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.text import ltr_isolate, to_persian_digits
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _, current_language
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
    "queue_move": N_("Moved in the queue"),
    "demo_data": N_("Demo data"),
    "approve": N_("Approved"),
    "return": N_("Returned"),
    "revise": N_("Revised"),
    "calibration_request": N_("Second inspector asked"),
    "calibration_decide": N_("Counted form chosen"),
    "export": N_("Sync file made"),
    "import": N_("Sync file imported"),
    "undo": N_("Sync import undone"),
    "retire": N_("Field copy retired"),
    "prune": N_("Sync change log pruned"),
    "events_grant": N_("Events access given"),
    "events_grant_revoked": N_("Events access taken back"),
}
TABLE_LABELS = {
    "app_user": N_("User"),
    "unit": N_("Unit"),
    "office_setting": N_("Setting"),
    "evaluation_template": N_("Evaluation template"),
    "evaluation_axis": N_("Evaluation axis"),
    "evaluation_indicator": N_("Evaluation indicator"),
    "evaluation_period": N_("Evaluation period"),
    "evaluation_assignment": N_("Unit of an evaluation period"),
    "evaluation_form": N_("Evaluation form"),
    "evaluation_score": N_("Evaluation score"),
    "evaluation_attachment": N_("Evaluation evidence file"),
    "evaluation_field_visit": N_("Field visit"),
    "citizen": N_("Citizen"),
    "official": N_("Official"),
    "meeting_request": N_("Meeting request"),
    "request_attachment": N_("Attachment"),
    "queue_move": N_("Queue move"),
    "meeting_session": N_("Meeting session"),
    "session_entry": N_("Session entry"),
    "meeting_order": N_("Order"),
    "order_follow_up": N_("Follow-up"),
    "directive_kind": N_("Directive kind"),
    "directive": N_("Directive"),
    "directive_version": N_("Directive version"),
    "directive_link": N_("Link between directives"),
    "directive_file": N_("Directive file (stored)"),
    "directive_attachment": N_("Directive attachment"),
    "directive_recipient": N_("Directive at a unit"),
    "directive_acknowledgement": N_("Acknowledgement of a directive"),
    "evaluation_measure": N_("Objective measure of an indicator"),
    "evaluation_measure_decision": N_("Decision on a suggested score"),
    "event_type": N_("Event type"),
    "event_checklist_item": N_("Checklist line of an event type"),
    "event_venue": N_("Venue"),
    "event_occasion": N_("Office occasion"),
    "event_protocol_rank": N_("Protocol rank"),
    "event": N_("Event"),
    "event_official": N_("Official at an event"),
    "event_attachment": N_("Event file"),
    "event_task": N_("Event task"),
    "event_budget_line": N_("Budget line"),
    "event_guest": N_("Guest"),
    "event_programme_item": N_("Programme item"),
    "sync_replica": N_("Field copy"),
    "sync_import": N_("Sync import"),
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
        """The change as a reader wants it: field labels, Jalali dates, role and kind names."""
        sep = "، " if current_language() == "fa" else ", "
        if self.action in ("update", "delete", "undelete") and self.after:
            parts = [
                f"{_field_label(k)}: {_value_text(k, (self.before or {}).get(k))} ← {_value_text(k, v)}"
                if current_language() == "fa"
                else f"{_field_label(k)}: {_value_text(k, (self.before or {}).get(k))} → {_value_text(k, v)}"
                for k, v in self.after.items() if k not in HIDDEN_FIELDS
            ]
            return sep.join(parts)
        values = self.after or self.before
        if values:
            return sep.join(
                f"{_field_label(k)}: {_value_text(k, v)}" for k, v in values.items()
                if k not in HIDDEN_FIELDS and v not in (None, "", "***")
            )
        return self.summary


FIELD_LABELS = {
    "username": N_("Username"),
    "display_name": N_("Full name"),
    "role": N_("Role"),
    "active": N_("Active"),
    "locked_until": N_("Locked until"),
    "failed_logins": N_("Failed logins"),
    "last_login_at": N_("Last login"),
    "must_change_password": N_("Must change password"),
    "code": N_("Code"),
    "name": N_("Unit name"),
    "kind": N_("Kind"),
    "district": N_("District"),
    "retired_on": N_("Retired on"),
    "notes": N_("Notes"),
    "deleted_at": N_("Deleted at"),
    "key": N_("Setting"),
    "value": N_("Value"),
}
HIDDEN_FIELDS = {"id", "name_search", "password_hash"}


def _field_label(key: str) -> str:
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def _value_text(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "role":
        try:
            return Role(value).label
        except ValueError:
            return str(value)
    if key == "kind":
        try:
            return UnitKind(value).label
        except ValueError:
            return str(value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if "T" in value:
                return format_jalali_datetime(dt.datetime.fromisoformat(value), persian_digits=current_language() == "fa")
            return format_jalali(dt.date.fromisoformat(value), persian_digits=current_language() == "fa")
        except ValueError:
            return value
    if isinstance(value, int) and current_language() == "fa":
        return to_persian_digits(value)
    text = str(value)
    if current_language() == "fa" and text.isascii() and any(c.isalnum() for c in text):
        return ltr_isolate(text)  # an id, a code or a path keeps its order in a Persian line
    return text


def _entry(rec: Any) -> AuditEntry:
    return AuditEntry(
        seq=rec.seq, at=rec.at, actor_name=rec.actor_name, action=rec.action, table_name=rec.table_name,
        record_id=rec.record_id, summary=rec.summary,
        before=json.loads(rec.before) if rec.before else None,
        after=json.loads(rec.after) if rec.after else None,
    )


def list_entries(db: Database, actor: Actor, *, offset: int = 0, limit: int = 200, search: str = "", record_id: uuid.UUID | None = None, actions: list[str] | None = None,
                 sort_key: str | None = None, descending: bool = False) -> list[AuditEntry]:
    """A page of the trail, newest first; `sort_key` is an AuditEntry field of
    data.queries.audit.SORT_KEYS (another is refused)."""
    require(actor, Permission.VIEW_AUDIT)
    with read(db) as session:
        return [_entry(r) for r in audit_queries.page(session, offset=offset, limit=limit, search=search, record_id=record_id, actions=actions,
                                                      sort_key=sort_key, descending=descending)]


def count_entries(db: Database, actor: Actor, *, search: str = "", record_id: uuid.UUID | None = None, actions: list[str] | None = None) -> int:
    require(actor, Permission.VIEW_AUDIT)
    with read(db) as session:
        return audit_queries.count(session, search=search, record_id=record_id, actions=actions)
