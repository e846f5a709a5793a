"""Event planning's dashboard tiles (see services/dashboard.py for the contract).
No budget figure is shown here: a tile is seen by roles that may not see budgets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.domain.events import ACTIVE_STATUSES
from pr_desk.domain.jalali import format_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import localized_digits
from pr_desk.i18n import N_, _, current_language, ngettext
from pr_desk.services.dashboard import OFFICE_ROLES, ROWS, TileData, TileLink, TileRow, TileSpec

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor

AHEAD_DAYS = 14


def _coming(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.events.events import list_events
    from pr_desk.services.events.tasks import task_counts

    events = [e for e in list_events(db, actor, first=on, last=on + dt.timedelta(days=AHEAD_DAYS), limit=200)
              if e.status in ACTIVE_STATUSES and e.end_on >= on]
    counts = task_counts(db, actor, event_ids=[e.id for e in events[:ROWS]], today=on) if events else {}
    rows = []
    for e in events[:ROWS]:
        late = counts[e.id].overdue if e.id in counts else 0
        value = format_jalali(e.start_on, persian_digits=current_language() == "fa")
        if late:  # the count first: a figure beside the date would read as one
            value = _("{first}, {second}").format(first=ngettext("{n} task overdue", "{n} tasks overdue", late).format(n=localized_digits(late)), second=value)
        rows.append(TileRow(e.title, value, alert=late > 0))
    return TileData(count=len(events), rows=tuple(rows), filter=(("show", f"show_coming:{on.isoformat()}/{AHEAD_DAYS}"),))


def _late_tasks(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.events.tasks import overdue_tasks

    tasks = overdue_tasks(db, actor, today=on)
    rows = tuple(TileRow(f"{t.title} — {t.event_title}", format_jalali(t.due_on, persian_digits=current_language() == "fa"), alert=True) for t in tasks[:ROWS])
    # opened: the checklist of the event whose task is the most overdue
    shown = (("show", f"show_tasks_of:{tasks[0].event_id}"),) if tasks else ()
    return TileData(count=len(tasks), rows=rows, alert=bool(tasks), filter=shown)


COMING = TileSpec(
    "events.coming", N_("Events in the next 14 days"), Permission.VIEW_EVENTS, OFFICE_ROLES, _coming,
    TileLink("events", (("view", "events_page"),)), on_field_copy=False,
)
LATE_TASKS = TileSpec(
    "events.tasks", N_("Overdue checklist tasks"), Permission.VIEW_EVENTS, OFFICE_ROLES, _late_tasks,
    TileLink("events", (("view", "events_page"),)), on_field_copy=False,
)
