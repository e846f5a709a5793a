"""The workspaces of PR Desk, each declared once: what it brings to every layer.

The main window, the command line, the report catalogue, the demo command and the sync
registry go through `WORKSPACES`; adding a workspace means adding its packages
(`data/<name>/`, `services/<name>/`, `ui/<name>/`, `cli/<name>.py`) and one entry here
(see docs/architecture.md). The hooks are "module:attribute" references, imported only
when a layer asks for them, so this module stays at the bottom of the layers (it knows
the roles, nothing else) and opening the app does not import every workspace.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from pr_desk.domain.roles import Permission, Role
from pr_desk.i18n import N_


@dataclass(frozen=True)
class Workspace:
    name: str  # the package name in every layer: data/<name>, services/<name>, ui/<name>
    title: str  # msgid of its tab and headings
    icon: str  # a QStyle standard pixmap name (QStyle.StandardPixmap.<icon>)
    permission: Permission | None  # who sees its tab (None: no tab of its own)
    tab: str | None = None  # "module:Class" of its page: Class(office, actor, parent)
    on_field_copy: bool = True  # shown on an inspector's field copy
    first_tab_for: frozenset[Role] = frozenset()  # the roles whose main workspace it is (every window opens on the dashboard)
    reports: str | None = None  # "module:register": adds its report kinds
    cli: str | None = None  # "module:register": register(subparsers, common_parent)
    demo: str | None = None  # "module:build_demo": build_demo(office, admin, *, size, rng) -> str
    sync: str | None = None  # module with SYNCED (TableSync, parents first) and NOT_SYNCED {table: why}
    status: str | None = None  # "module:Class" of a status-bar widget: Class(office, actor, open_page) with refresh()
    search: str | None = None  # "module:KINDS": its kinds of record in the one search index (data/search.py)
    tiles: tuple[str, ...] = ()  # "module:NAME" references to its dashboard TileSpecs (services/dashboard.py)


MEETINGS = Workspace(
    name="meetings",
    title=N_("Meeting queue"),
    icon="SP_FileDialogDetailedView",
    permission=Permission.VIEW_MEETINGS,
    tab="pr_desk.ui.meetings.workspace:MeetingsWorkspace",
    status="pr_desk.ui.meetings.status:OverdueOrdersButton",
    on_field_copy=False,  # no citizen or meeting data ever travels to a laptop
    first_tab_for=frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    reports="pr_desk.services.meetings.reports:register",
    cli="pr_desk.cli.meetings:register",
    demo="pr_desk.services.meetings.demo:build_demo",
    sync="pr_desk.data.meetings.sync",
    search="pr_desk.data.meetings.search:KINDS",
    tiles=tuple(f"pr_desk.services.meetings.tiles:{t}" for t in ("TODAY_SESSIONS", "WAITING", "ORDERS", "MONTH")),
)

EVALUATION = Workspace(
    name="evaluation",
    title=N_("Unit evaluation"),
    icon="SP_FileDialogListView",
    permission=Permission.VIEW_EVALUATIONS,
    tab="pr_desk.ui.evaluation.workspace:EvaluationWorkspace",
    first_tab_for=frozenset({Role.INSPECTOR}),
    reports="pr_desk.services.evaluation.reports:register",
    cli="pr_desk.cli.evaluation:register",
    demo="pr_desk.services.evaluation.demo:build_demo",
    sync="pr_desk.data.evaluation.sync",
    search="pr_desk.data.evaluation.search:KINDS",
    tiles=tuple(f"pr_desk.services.evaluation.tiles:{t}" for t in ("MY_UNITS", "TO_VISIT", "PROGRESS", "TO_APPROVE")),
)

DIRECTIVES = Workspace(
    name="directives",
    title=N_("Directives"),
    icon="SP_FileDialogInfoView",
    permission=Permission.VIEW_DIRECTIVES,
    tab="pr_desk.ui.directives.workspace:DirectivesWorkspace",
    reports="pr_desk.services.directives.reports:register",
    cli="pr_desk.cli.directives:register",
    demo="pr_desk.services.directives.demo:build_demo",
    sync="pr_desk.data.directives.sync",
    search="pr_desk.data.directives.search:KINDS",
    tiles=tuple(f"pr_desk.services.directives.tiles:{t}" for t in ("TO_ACKNOWLEDGE", "EVIDENCE", "UNITS_BEHIND")),
)

EVENTS = Workspace(
    name="events",
    title=N_("Events"),
    icon="SP_FileDialogContentsView",
    permission=Permission.VIEW_EVENTS,
    tab="pr_desk.ui.events.workspace:EventsWorkspace",
    on_field_copy=False,  # inspectors do not plan events; guest lists stay at the office
    reports="pr_desk.services.events.reports:register",
    cli="pr_desk.cli.events:register",
    demo="pr_desk.services.events.demo:build_demo",
    sync="pr_desk.data.events.sync",
    search="pr_desk.data.events.search:KINDS",
    tiles=tuple(f"pr_desk.services.events.tiles:{t}" for t in ("COMING", "LATE_TASKS")),
)

SYNC = Workspace(
    name="sync",
    title=N_("Field sync"),
    icon="SP_BrowserReload",
    permission=None,  # lives in the File menu, not in a tab
    reports="pr_desk.services.sync.reports:register",
    cli="pr_desk.cli.sync:register",
    sync="pr_desk.data.sync.own_tables",
    tiles=("pr_desk.services.sync.tiles:FIELD_COPIES",),
)

# In the order of the tabs (and of the demo: evaluation's demo uses the meeting queue's units).
WORKSPACES: tuple[Workspace, ...] = (MEETINGS, EVALUATION, DIRECTIVES, EVENTS, SYNC)


def by_name(name: str) -> Workspace:
    for workspace in WORKSPACES:
        if workspace.name == name:
            return workspace
    raise KeyError(name)


def resolve(reference: str) -> Any:
    """The object a "module:attribute" reference names ("module" alone: the module)."""
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def hooks(field: str) -> list[tuple[Workspace, Any]]:
    """Each workspace that declares `field`, with the object its reference names."""
    found = []
    for workspace in WORKSPACES:
        reference = getattr(workspace, field)
        if reference:
            found.append((workspace, resolve(reference)))
    return found
