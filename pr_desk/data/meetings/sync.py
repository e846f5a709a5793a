"""The meeting queue never travels to a field copy: citizens' personal data stays in the office."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

SYNCED: tuple[TableSync, ...] = ()

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
}
