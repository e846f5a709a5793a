"""Which tables sync, and how: columns that never leave a database, columns that are
bookkeeping (not compared), field groups that conflict as one, row-level tables, and
the rows an approved form locks. The schema fingerprint is computed from here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import Table

from pr_desk.data.models import Base


@dataclass(frozen=True)
class TableSync:
    name: str
    local: frozenset[str] = frozenset()  # never captured, never sent (security state)
    groups: tuple[tuple[str, ...], ...] = ()  # fields that conflict as one
    row_level: bool = False  # the whole row is one group
    form_column: str | None = None  # the column naming the form that locks this row
    subset_note: str = field(default="", compare=False)


# Changed on every edit on both sides: never compared, never a conflict. The merged
# value of the office row is the office's (version + 1, the incoming edit's time/user).
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})

_FORM_STATUS = ("status", "submitted_at", "submitted_by", "approved_at", "approved_by",
                "returned_at", "returned_by", "return_comments")

# Order matters: parents before children (inserts in this order, deletes reversed).
SYNCED: tuple[TableSync, ...] = (
    TableSync("app_user", local=frozenset({"password_hash", "failed_logins", "locked_until",
                                           "last_login_at", "must_change_password"})),
    TableSync("unit"),
    TableSync("office_setting"),
    TableSync("evaluation_template"),
    TableSync("evaluation_axis"),
    TableSync("evaluation_indicator"),
    TableSync("evaluation_period"),
    TableSync("evaluation_assignment"),
    TableSync("evaluation_form", groups=(_FORM_STATUS, ("self_total", "total", "grade"),
                                         ("revision", "revision_of_id", "revision_reason")),
              form_column="id"),
    TableSync("evaluation_score", form_column="form_id"),
    TableSync("evaluation_attachment", row_level=True, form_column="form_id"),
    TableSync("evaluation_field_visit", form_column="form_id"),
)

# Tables that never leave the office, and why (a test checks every table is in one list).
NOT_SYNCED: dict[str, str] = {
    "citizen": "citizens' personal data stays in the office",
    "official": "meeting queue: office only",
    "meeting_request": "citizens' personal data stays in the office",
    "request_attachment": "citizens' personal data stays in the office",
    "queue_move": "meeting queue: office only",
    "meeting_session": "meeting queue: office only",
    "session_entry": "citizens' personal data stays in the office",
    "meeting_order": "meeting queue: office only",
    "order_follow_up": "meeting queue: office only",
    "pr_desk_meta": "each database's own identity and counters",
    "audit_record": "each database's own hash-chained trail",
    "sync_ctx": "sync bookkeeping",
    "sync_change": "sync bookkeeping",
    "sync_replica": "sync bookkeeping",
    "sync_import": "sync bookkeeping",
    "sync_conflict": "sync bookkeeping",
}

BY_NAME = {t.name: t for t in SYNCED}
ORDER = {t.name: i for i, t in enumerate(SYNCED)}


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def synced_columns(name: str) -> list[str]:
    """The columns that travel, in table order."""
    local = BY_NAME[name].local
    return [c.name for c in table(name).columns if c.name not in local]


def merge_units(name: str) -> list[tuple[str, ...]]:
    """The units a row is merged in: each group, and each other non-bookkeeping column alone."""
    spec = BY_NAME[name]
    cols = [c for c in synced_columns(name) if c not in BOOKKEEPING and c != "id"]
    if spec.row_level:
        return [tuple(cols)]
    grouped = {c for g in spec.groups for c in g}
    return [tuple(g) for g in spec.groups] + [(c,) for c in cols if c not in grouped]


def schema_fingerprint() -> str:
    """SHA-256 over the synced tables' columns, types, keys and NOT NULLs (SYNC.md §6.12)."""
    shape = []
    for spec in SYNCED:
        t = table(spec.name)
        shape.append([spec.name, [[c.name, str(c.type), bool(c.primary_key), bool(c.nullable)]
                                  for c in t.columns if c.name not in spec.local]])
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
