"""The dashboard: the first tab after login, a few tiles per role, each a count or a short
list that opens the list it summarises.

The tile contract. A workspace lists its tiles in its descriptor (`Workspace.tiles`,
"module:NAME" references to `TileSpec`s, usually in services/<name>/tiles.py); the
office-wide ones (backups, locked-out users) are `SHARED_TILES` here. A `TileSpec` says
who sees the tile (a permission, and the roles whose first screen it belongs on), what it
is called, and where clicking it leads (`link`: a workspace or shared tab name plus a
filter the page understands). Its `load(db, actor, today)` returns plain `TileData`: a
count, a few rows, bars for a chart. Loading one tile never depends on another, so the UI
loads each off the UI thread and a slow or failing tile holds no other.

Filters the pages understand (see ui/dashboard.py): ("view", attribute) shows that view
of the workspace page; ("show", method) calls that no-argument method of the page, and
("show", "method:argument") calls it with that one text argument (an id, an ISO date).
A tile's data may add to its link what only the data knows (`TileData.filter`: the
official with the oldest wait, today's next session), so the list opened is the one the
tile summarises, not the workspace's first view.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from pr_desk.data.engine import Database
from pr_desk.domain.event_calendar import DayOccasion
from pr_desk.domain.jalali import office_today
from pr_desk.domain.roles import Permission, Role
from pr_desk.i18n import _, ngettext
from pr_desk.services.context import Actor, read

log = logging.getLogger("pr_desk")

ALL_ROLES = frozenset(Role)
OFFICE_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
OVERSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
INSPECTOR_ROLES = frozenset({Role.INSPECTOR, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})

ROWS = 5  # a tile's short list


@dataclass(frozen=True)
class TileRow:
    label: str
    value: str = ""  # a figure or a short state, shown at the row's end
    alert: bool = False  # overdue, late: drawn in the warning colour


@dataclass(frozen=True)
class TileData:
    count: int | None = None  # the tile's big figure (None: a list or a chart only)
    rows: tuple[TileRow, ...] = ()
    bars: tuple[tuple[str, int], ...] = ()  # (label, value): a small bar chart
    note: str = ""  # one line under the figure ("oldest wait: 12 days")
    alert: bool = False  # the figure itself needs attention
    filter: tuple[tuple[str, str], ...] = ()  # added to the link's filter when the tile is opened


@dataclass(frozen=True)
class TileLink:
    target: str  # a workspace's name ("meetings") or a shared tab's ("users"); "" leads nowhere
    filter: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TileSpec:
    key: str
    title: str  # msgid
    permission: Permission
    roles: frozenset[Role]  # whose dashboard shows it
    load: Callable[[Database, Actor, dt.date], TileData]
    link: TileLink = field(default_factory=lambda: TileLink(""))
    on_field_copy: bool = True  # its data is on an inspector's laptop too
    wide: bool = False  # a chart: takes two columns

    def shown_to(self, actor: Actor, *, field_copy: bool = False) -> bool:
        """On the dashboards of its roles that may see it, and of anyone given its permission
        by name (an inspector given events gets the events tiles)."""
        mine = actor.role in self.roles or self.permission in actor.grants
        return mine and actor.can(self.permission) and (self.on_field_copy or not field_copy)


@dataclass(frozen=True)
class Tile:
    spec: TileSpec
    data: TileData | None  # None: it failed to load (logged)

    @property
    def title(self) -> str:
        return _(self.spec.title)


SHARED_TILES: tuple[str, ...] = (
    "pr_desk.services.office_tiles:BACKUPS",
    "pr_desk.services.office_tiles:LOCKED_USERS",
)


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


def all_specs() -> list[TileSpec]:
    """Every tile any workspace (and the office) declares, in the order of the workspaces."""
    from pr_desk.workspaces import WORKSPACES, resolve

    refs = [ref for w in WORKSPACES for ref in w.tiles] + list(SHARED_TILES)
    return [resolve(ref) for ref in refs]


def tiles_for(actor: Actor, *, field_copy: bool = False) -> list[TileSpec]:
    """The tiles of the actor's dashboard (no database work: the page lays them out first)."""
    from pr_desk.workspaces import WORKSPACES

    hidden = {w.name for w in WORKSPACES if field_copy and not w.on_field_copy}
    return [s for s in all_specs() if s.shown_to(actor, field_copy=field_copy) and s.link.target not in hidden]


def load_tile(db: Database, actor: Actor, spec: TileSpec, *, on: dt.date | None = None) -> Tile:
    """One tile's data; a tile that fails is logged and comes back empty, never raising."""
    if not spec.shown_to(actor):
        return Tile(spec, None)
    try:
        return Tile(spec, spec.load(db, actor, on or today()))
    except Exception:
        log.warning("dashboard tile %s failed", spec.key, exc_info=True)
        return Tile(spec, None)


def dashboard(db: Database, actor: Actor, *, on: dt.date | None = None, field_copy: bool = False) -> list[Tile]:
    """Every tile of the actor's dashboard, loaded one after another (the CLI and tests;
    the UI loads each tile in its own worker)."""
    return [load_tile(db, actor, spec, on=on) for spec in tiles_for(actor, field_copy=field_copy)]


def warm_up(db: Database, *, stop: Callable[[], bool] = lambda: False) -> None:
    """Runs every tile's reads once and drops what they return, so that the dashboard's first
    load after login finds SQLAlchemy's statements compiled (the compiled cache is per engine:
    `db` must be the one the window will use) and the ORM's loading set up: ≈ 270 ms of CPU
    the first time in a process, ≈ 60 ms after. The quick start calls it behind the login
    dialog while the person types (ui/quick_start.py), before the password is checked: it
    reads only (no write, no audit entry), shows nothing, and a tile that fails here is
    logged at debug and left to the real load. The app does not remember who logged in last,
    so it is every tile, as a stand-in administrator (whose role sees them all); `stop()`
    is asked between tiles."""
    import uuid

    stand_in = Actor(user_id=uuid.UUID(int=0), username="", display_name="", role=Role.ADMIN)
    on = today()
    try:
        specs = all_specs()
    except Exception:
        log.debug("dashboard warm-up: the tiles could not be listed", exc_info=True)
        return
    for spec in specs:
        if stop():
            return
        try:
            spec.load(db, stand_in, on)
        except Exception:
            log.debug("dashboard warm-up: tile %s failed", spec.key, exc_info=True)
    if stop():
        return
    try:
        week_occasions(db, stand_in, on=on)
    except Exception:
        log.debug("dashboard warm-up: the week's occasions failed", exc_info=True)


def week_occasions(db: Database, actor: Actor, *, on: dt.date | None = None) -> list[DayOccasion]:
    """Official and office occasions of the week (Saturday to Friday) around `on`, for the
    strip along the dashboard's top; public knowledge, so every role sees them."""
    from pr_desk.services.events.catalogue import day_occasions

    day = on or today()
    first = day - dt.timedelta(days=(day.weekday() - 5) % 7)  # Saturday
    with read(db) as session:
        return day_occasions(session, first, first + dt.timedelta(days=6))


def days_text(days: int) -> str:
    from pr_desk.domain.text import localized_digits

    return ngettext("{n} day", "{n} days", days).format(n=localized_digits(days))


__all__ = [
    "ALL_ROLES", "ADMIN_ROLES", "INSPECTOR_ROLES", "OFFICE_ROLES", "OVERSIGHT_ROLES", "ROWS", "SHARED_TILES", "Tile",
    "TileData", "TileLink", "TileRow", "TileSpec", "all_specs", "dashboard", "days_text", "load_tile", "tiles_for",
    "today", "warm_up", "week_occasions",
]
