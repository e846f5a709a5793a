"""The events grants an administrator gave inspectors: one office setting, user id → grant
(kept as a setting so the user table that field copies carry needs no new column)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy.orm import Session

from pr_desk.data.queries import office_settings as setting_queries
from pr_desk.domain.roles import EventsGrant

EVENTS_GRANTS = "events.granted_users"  # office setting: {"<user id>": "view" | "plan"}


def decode(text: str | None) -> dict[uuid.UUID, EventsGrant]:
    """The stored JSON as a mapping; an unreadable entry (or text) is no grant."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    found: dict[uuid.UUID, EventsGrant] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            try:
                found[uuid.UUID(str(key))] = EventsGrant(value)
            except ValueError:
                continue
    return found


def encode(grants: dict[uuid.UUID, EventsGrant]) -> str:
    return json.dumps({str(k): v.value for k, v in sorted(grants.items(), key=lambda kv: str(kv[0]))})


def events_grants(session: Session) -> dict[uuid.UUID, EventsGrant]:
    row = setting_queries.setting(session, EVENTS_GRANTS)
    return decode(row.value) if row is not None and row.deleted_at is None else {}
