"""Sync's own bookkeeping tables: never sent anywhere."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

SYNCED: tuple[TableSync, ...] = ()

NOT_SYNCED: dict[str, str] = {
    "sync_ctx": "sync bookkeeping",
    "sync_change": "sync bookkeeping",
    "sync_replica": "sync bookkeeping",
    "sync_import": "sync bookkeeping",
    "sync_conflict": "sync bookkeeping",
}
