"""The directive register does not travel to field copies yet: its field part (directives
of an inspector's units out, implementation evidence and verdicts back) needs a sync
schema step of its own (SYNC.md's SYNC_COMPATIBLE_FROM), so existing field copies keep
working until then."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

SYNCED: tuple[TableSync, ...] = ()

NOT_SYNCED: dict[str, str] = {
    name: "directive register: office only until its field sync lands"
    for name in ("directive_kind", "directive", "directive_version", "directive_link", "directive_file",
                 "directive_attachment", "directive_recipient", "directive_acknowledgement")
}
