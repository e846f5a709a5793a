"""The meeting queue's dashboard tiles (see services/dashboard.py for the contract)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.domain.roles import Permission
from pr_desk.domain.text import localized_digits
from pr_desk.i18n import N_, _
from pr_desk.services.dashboard import (
    OFFICE_ROLES,
    OVERSIGHT_ROLES,
    ROWS,
    TileData,
    TileLink,
    TileRow,
    TileSpec,
    days_text,
)

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor


def _today_sessions(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.domain.meetings import EntryState, SessionStatus
    from pr_desk.services.meetings.sessions import list_sessions, session_entries

    sessions = [s for s in list_sessions(db, actor, date_from=on, date_to=on, limit=50) if s.status is not SessionStatus.CANCELLED]
    rows = []
    for s in sessions[:ROWS]:
        waiting = [e for e in session_entries(db, actor, session_id=s.id)
                   if e.state in (EntryState.CHECKED_IN, EntryState.EXPECTED)]
        waiting.sort(key=lambda e: (e.state is not EntryState.CHECKED_IN, e.position))
        nxt = _("next: {name}").format(name=waiting[0].citizen_name) if waiting else _("no one waiting")
        rows.append(TileRow(f"{s.official_title} — {s.official_name} ({localized_digits(s.start_time.strftime('%H:%M'))})", nxt))
    # opened: the meeting day of today's first session
    shown = (("show", f"show_docket:{sessions[0].id}"),) if sessions else ()
    return TileData(count=len(sessions), rows=tuple(rows), filter=shown)


def _waiting(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.data.meetings import queries as q
    from pr_desk.services.context import read, require

    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        per_official = q.waiting_by_official(session)
        officials = q.officials_by_ids(session, [o for o, _n, _d in per_official])
    rows: list[TileRow] = []
    oldest = 0
    longest: object = None  # opened: the queue of the official with the oldest wait
    for official_id, n, first in per_official:
        wait = max(0, (on - first).days)
        if longest is None or wait > oldest:
            longest = official_id
        oldest = max(oldest, wait)
        if len(rows) < ROWS:
            o = officials.get(official_id)
            name = f"{o.title} — {o.name}" if o is not None else ""
            rows.append(TileRow(name, _("{n} waiting, oldest {days}").format(n=localized_digits(n), days=days_text(wait))))
    total = sum(n for _o, n, _d in per_official)
    note = _("Oldest wait: {days}").format(days=days_text(oldest)) if total else ""
    shown = (("show", f"show_queue_of:{longest}"),) if longest is not None else ()
    return TileData(count=total, rows=tuple(rows), note=note, filter=shown)


def _orders(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.data.meetings import queries as q
    from pr_desk.services.context import read, require
    from pr_desk.services.meetings.orders import overdue_count

    counts = overdue_count(db, actor, on=on)
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        summary = [row for row in q.orders_by_unit_summary(session, today=on) if row[2] > 0]
        summary.sort(key=lambda r: -r[2])
        units = q.units_by_ids(session, [r[0] for r in summary[:ROWS]])
    rows = tuple(TileRow(units[u].name if u in units else "", _("{n} overdue").format(n=localized_digits(overdue)), alert=True)
                 for u, _open, overdue, _done, _rej in summary[:ROWS])
    note = _("Due soon: {n} · escalated: {m}").format(n=localized_digits(counts.due_soon), m=localized_digits(counts.escalated))
    return TileData(count=counts.overdue, rows=rows, note=note, alert=counts.overdue > 0)


def _month_chart(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.data.meetings import queries as q
    from pr_desk.domain.jalali import JalaliDate
    from pr_desk.services.context import read, require

    require(actor, Permission.VIEW_MEETINGS)
    first = on - dt.timedelta(days=29)
    with read(db) as session:
        per_day = q.requests_per_day(session, first, on)
    bars = []
    for i in range(30):
        day = first + dt.timedelta(days=i)
        bars.append((localized_digits(str(JalaliDate.from_gregorian(day).day)), per_day.get(day, 0)))
    return TileData(count=sum(per_day.values()), bars=tuple(bars), note=_("Requests registered in the last 30 days"),
                    filter=(("show", f"show_requests_between:{first.isoformat()}/{on.isoformat()}"),))


TODAY_SESSIONS = TileSpec(
    "meetings.today", N_("Today's meeting sessions"), Permission.VIEW_CITIZENS, OFFICE_ROLES, _today_sessions,
    TileLink("meetings", (("view", "docket_view"),)), on_field_copy=False,
)
WAITING = TileSpec(
    "meetings.waiting", N_("Requests waiting"), Permission.VIEW_MEETINGS, OFFICE_ROLES, _waiting,
    TileLink("meetings", (("view", "queue_view"),)), on_field_copy=False,
)
ORDERS = TileSpec(
    "meetings.orders", N_("Overdue orders by unit"), Permission.VIEW_MEETINGS, OFFICE_ROLES, _orders,
    TileLink("meetings", (("show", "show_overdue_orders"),)), on_field_copy=False,
)
MONTH = TileSpec(
    "meetings.month", N_("A month of requests"), Permission.VIEW_MEETINGS, OVERSIGHT_ROLES, _month_chart,
    TileLink("meetings", (("view", "requests_view"),)), on_field_copy=False, wide=True,
)
