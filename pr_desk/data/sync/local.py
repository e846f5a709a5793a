"""Writing a synced row's local columns (registry: `TableSync.local`, the ones that never
travel: a password hash, the last login, failed-login counters) without a change to sync.

An ORM update would bump the row's version and updated_at (which travel) and the capture
trigger would log the row; here the local columns are set by one plain UPDATE with the
capture off for it, so the row is what field copies already have."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from pr_desk.data.sync import capture, registry


def write_local(session: Session, table_name: str, pk: Any, **values: Any) -> None:
    """Sets `values` (local columns only: anything else is a ValueError) on row `pk`."""
    spec = registry.BY_NAME.get(table_name)
    local = spec.local if spec is not None else frozenset()
    travelling = set(values) - set(local)
    if spec is not None and travelling:
        raise ValueError(f"{table_name}: {sorted(travelling)} travel with sync; write them as a change")
    if not values:
        return
    t = registry.table(table_name)
    stmt = update(t).where(t.c.id == pk).values(**values)
    if spec is None:
        session.execute(stmt)
        return
    # Pending ORM changes are written first, captured as usual: the autoflush of the UPDATE
    # below would otherwise write them inside the capture-off context, and they would never
    # travel (a field copy's row would keep a version the office never sees).
    session.flush()
    with capture.context(session, applying=True):
        session.execute(stmt, execution_options={"autoflush": False})
