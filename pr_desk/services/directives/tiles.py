"""The directive register's dashboard tiles (see services/dashboard.py for the contract)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.domain.roles import Permission
from pr_desk.domain.text import localized_digits
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.dashboard import (
    INSPECTOR_ROLES,
    OFFICE_ROLES,
    OVERSIGHT_ROLES,
    ROWS,
    TileData,
    TileLink,
    TileRow,
    TileSpec,
)

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    import uuid

    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor


def _open_rows(db: Database, actor: Actor, on: dt.date) -> tuple[list[tuple[str, int, int, int, uuid.UUID]], int, int, int]:
    """(unit name, to acknowledge, overdue, evidence waiting, unit id) per unit the actor
    may see, with the totals."""
    from pr_desk.data.directives import queries as q
    from pr_desk.services.context import read, require
    from pr_desk.services.directives.types import visible_units

    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        allowed = visible_units(session, actor)
        rows = [r for r in q.open_by_unit(session, on) if allowed is None or r[0] in allowed]
        names = {u.id: u.name for u in q.units(session, unit_ids=[r[0] for r in rows])} if rows else {}
    out = [(names.get(u, ""), a, b, c, u) for u, a, b, c in rows]
    return out, sum(r[1] for r in out), sum(r[2] for r in out), sum(r[3] for r in out)


def _pending_of(unit_id: object) -> tuple[tuple[str, str], ...]:
    """Opened: the pending list of the unit the tile's list starts with."""
    return (("show", f"show_pending_of:{unit_id}"),) if unit_id is not None else ()


def _to_acknowledge(db: Database, actor: Actor, on: dt.date) -> TileData:
    rows, total, overdue, _evidence = _open_rows(db, actor, on)
    listed = [r for r in rows if r[1]]
    shown = tuple(TileRow(name, _("{n} to acknowledge, {m} overdue").format(n=localized_digits(a), m=localized_digits(b)), alert=b > 0)
                  for name, a, b, _c, _u in listed)[:ROWS]
    return TileData(count=total, rows=shown, note=_("Overdue: {n}").format(n=localized_digits(overdue)), alert=overdue > 0,
                    filter=_pending_of(listed[0][4] if listed else None))


def _evidence(db: Database, actor: Actor, on: dt.date) -> TileData:
    rows, _total, _overdue, evidence = _open_rows(db, actor, on)
    rows.sort(key=lambda r: -r[3])
    listed = [r for r in rows if r[3]]
    shown = tuple(TileRow(name, localized_digits(c)) for name, _a, _b, c, _u in listed)[:ROWS]
    return TileData(count=evidence, rows=shown, filter=_pending_of(listed[0][4] if listed else None))


def _units_behind(db: Database, actor: Actor, on: dt.date) -> TileData:
    """Units with the most overdue meeting orders and directive acknowledgements together."""
    from pr_desk.data.directives import queries as q
    from pr_desk.data.meetings import queries as meeting_queries
    from pr_desk.services.context import read, require

    require(actor, Permission.VIEW_MEETINGS)
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        orders = {u: overdue for u, _o, overdue, _d, _r in meeting_queries.orders_by_unit_summary(session, today=on) if overdue}
        directives = {u: b for u, _a, b, _c in q.open_by_unit(session, on) if b}
        ids = set(orders) | set(directives)
        ranked = sorted(ids, key=lambda u: -(orders.get(u, 0) + directives.get(u, 0)))[:ROWS]
        names = {u.id: u.name for u in q.units(session, unit_ids=ranked)} if ranked else {}
    rows = tuple(TileRow(names.get(u, ""), _("{orders}, {directives}").format(
        orders=ngettext("{n} order", "{n} orders", orders.get(u, 0)).format(n=localized_digits(orders.get(u, 0))),
        directives=ngettext("{n} directive", "{n} directives", directives.get(u, 0)).format(
            n=localized_digits(directives.get(u, 0)))), alert=True) for u in ranked)
    return TileData(count=len(ids), rows=rows, alert=bool(ids), filter=_pending_of(ranked[0] if ranked else None))


TO_ACKNOWLEDGE = TileSpec(
    "directives.acknowledge", N_("Directives to be acknowledged"), Permission.VIEW_DIRECTIVES, OFFICE_ROLES, _to_acknowledge,
    TileLink("directives", (("view", "pending_view"),)),
)
EVIDENCE = TileSpec(
    "directives.evidence", N_("Evidence to check"), Permission.CHECK_EVIDENCE, INSPECTOR_ROLES, _evidence,
    TileLink("directives", (("view", "pending_view"),)),
)
UNITS_BEHIND = TileSpec(
    "directives.behind", N_("Units most behind"), Permission.VIEW_DIRECTIVES, OVERSIGHT_ROLES, _units_behind,
    TileLink("directives", (("view", "pending_view"),)), on_field_copy=False,
)
