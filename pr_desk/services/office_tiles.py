"""The administrator's office-wide dashboard tiles: the age of the last backup and the
users locked out (see services/dashboard.py for the contract)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.data.types import utcnow
from pr_desk.domain.jalali import format_jalali_datetime
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _, current_language
from pr_desk.services.dashboard import ADMIN_ROLES, TileData, TileLink, TileRow, TileSpec, days_text

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor

STALE_BACKUP_DAYS = 7


def _backups(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.data.queries import audit as audit_queries
    from pr_desk.services.context import read, require

    require(actor, Permission.BACKUP)
    with read(db) as session:
        last = audit_queries.page(session, actions=["backup"], limit=1)
        at = last[0].at if last else None
    if at is None:
        return TileData(note=_("No backup has been made."), alert=True)
    age = max(0, (utcnow() - at).days)
    return TileData(count=age, note=_("Last backup: {at}").format(at=format_jalali_datetime(at, persian_digits=current_language() == "fa")), alert=age >= STALE_BACKUP_DAYS,
                    rows=(TileRow(_("Days since the last backup"), days_text(age), alert=age >= STALE_BACKUP_DAYS),))


def _locked(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.data.queries import users as user_queries
    from pr_desk.services.context import read, require

    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        users = user_queries.locked_out(session, utcnow())
        rows = tuple(TileRow(u.display_name, u.username, alert=True) for u in users[:5])
    return TileData(count=len(users), rows=rows, alert=bool(users))


BACKUPS = TileSpec(
    "office.backups", N_("Backups"), Permission.BACKUP, ADMIN_ROLES, _backups, TileLink("backups", (("show", "reload"),)), on_field_copy=False,
)
LOCKED_USERS = TileSpec(
    "office.locked", N_("Users locked out"), Permission.VIEW_USERS, ADMIN_ROLES, _locked,
    TileLink("users", (("show", "show_locked"),)),
)
