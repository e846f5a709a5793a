"""Field sync's dashboard tile: the state of every field copy (see services/dashboard.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.domain.jalali import format_jalali
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _, current_language
from pr_desk.services.dashboard import ADMIN_ROLES, ROWS, TileData, TileLink, TileRow, TileSpec

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor


def _copies(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.sync.exchange import list_field_copies

    copies = list_field_copies(db, actor)
    rows = tuple(TileRow(c.name, _("out {made} · back {back}").format(
        made=format_jalali(c.made_at.date(), persian_digits=current_language() == "fa") if c.made_at else "—",
        back=format_jalali(c.last_import_at.date(), persian_digits=current_language() == "fa") if c.last_import_at else "—"), alert=c.last_import_at is None)
        for c in copies[:ROWS])
    return TileData(count=len(copies), rows=rows)


FIELD_COPIES = TileSpec(
    "sync.copies", N_("Field copies"), Permission.MANAGE_SYNC, ADMIN_ROLES, _copies, TileLink("field_copies", (("show", "reload"),)), on_field_copy=False,
)
