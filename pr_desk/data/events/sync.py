"""Event planning stays at the office: inspectors see nothing of events (issue 14), and its
guest lists hold names and mobiles that have no business on a laptop."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

SYNCED: tuple[TableSync, ...] = ()

NOT_SYNCED: dict[str, str] = {
    name: "event planning: office only (inspectors do not plan events; guest lists hold personal data)"
    for name in ("event_type", "event_checklist_item", "event_venue", "event_occasion", "event_protocol_rank",
                 "event", "event_official", "event_attachment", "event_task", "event_budget_line",
                 "event_guest", "event_programme_item")
}
