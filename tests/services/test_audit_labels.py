"""Every table whose changes reach the audit trail has a name the audit page shows (a new
workspace's tables would otherwise appear there as raw table names)."""

from __future__ import annotations

from pr_desk.data.tables import Base
from pr_desk.services.audit_log import TABLE_LABELS

NOT_AUDITED = {"audit_record", "pr_desk_meta", "sync_change", "sync_conflict", "sync_ctx"}  # bookkeeping


def test_every_audited_table_has_a_label() -> None:
    assert sorted(set(Base.metadata.tables) - set(TABLE_LABELS) - NOT_AUDITED) == []
