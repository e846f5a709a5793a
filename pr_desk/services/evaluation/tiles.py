"""The evaluation workspace's dashboard tiles (see services/dashboard.py for the contract)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pr_desk.domain.evaluation import Progress
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.text import localized_digits
from pr_desk.i18n import N_, _, current_language
from pr_desk.services.dashboard import OVERSIGHT_ROLES, ROWS, TileData, TileLink, TileRow, TileSpec

if TYPE_CHECKING:  # the services load in the tile's thread: the page lays tiles out without them
    from collections.abc import Sequence

    from pr_desk.data.engine import Database
    from pr_desk.services.context import Actor
    from pr_desk.services.evaluation.types import PeriodInfo, UnitProgress


def _open_period(db: Database, actor: Actor) -> PeriodInfo | None:
    """The newest open period of the 20 newest the actor sees (`list_periods(limit=20)`'s),
    with only that one's info built: the others' progress counts were read and dropped."""
    from pr_desk.data.evaluation import queries as q
    from pr_desk.services.context import read, require
    from pr_desk.services.evaluation.types import inspector_scope, period_info

    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        row = next((p for p in q.periods_page(session, limit=20, inspector_id=inspector_scope(actor)) if p.status == "open"), None)
        return period_info(session, row) if row is not None else None


def _progress(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.evaluation.periods import inspector_progress, progress_summary

    period = _open_period(db, actor)
    if period is None:
        return TileData(note=_("No period is open."))
    lines = inspector_progress(db, actor, period_id=period.id)
    # (the units given to no inspector come last, without a name)
    rows = tuple(TileRow(line.inspector_name or _("Not assigned"), _("{a} not started · {b} draft · {c} submitted · {d} approved").format(
        a=localized_digits(line.summary.not_started), b=localized_digits(line.summary.draft + line.summary.returned),
        c=localized_digits(line.summary.submitted), d=localized_digits(line.summary.approved))) for line in lines[:ROWS])
    total = progress_summary(db, actor, period_id=period.id)
    share = round(100 * total.approved / total.total) if total.total else 0
    return TileData(count=total.total, rows=rows, filter=_period_units(period), note=_("{period}: {share}% approved").format(
        period=period.label, share=localized_digits(share)))


def _period_units(period: PeriodInfo, selected: Sequence[UnitProgress] = ()) -> tuple[tuple[str, str], ...]:
    """Opened: the period's units, with `selected` (those the tile lists) selected."""
    return (("show", f"show_period_units:{period.id}/{','.join(str(u.unit_id) for u in selected)}"),)


def _to_approve(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.evaluation.periods import period_progress

    period = _open_period(db, actor)
    if period is None:
        return TileData(count=0, note=_("No period is open."))
    waiting = [u for u in period_progress(db, actor, period_id=period.id) if u.progress is Progress.SUBMITTED]
    return TileData(count=len(waiting), rows=tuple(TileRow(u.unit_name, u.inspector_name) for u in waiting[:ROWS]),
                    note=period.label, alert=bool(waiting), filter=_period_units(period, waiting))


def _my_units(db: Database, actor: Actor, on: dt.date) -> TileData:
    from pr_desk.services.evaluation.periods import period_progress

    period = _open_period(db, actor)
    if period is None:
        return TileData(note=_("No period is open."))
    units = period_progress(db, actor, period_id=period.id)
    order = {Progress.RETURNED: 0, Progress.NOT_STARTED: 1, Progress.DRAFT: 2, Progress.SUBMITTED: 3, Progress.APPROVED: 4}
    units.sort(key=lambda u: (order[u.progress], u.unit_code))
    rows = tuple(TileRow(u.unit_name, u.progress.label, alert=u.progress is Progress.RETURNED) for u in units[:ROWS])
    return TileData(count=len(units), rows=rows, note=period.label, filter=_period_units(period))


def _to_visit(db: Database, actor: Actor, on: dt.date) -> TileData:
    """The actor's units of the open period not yet visited in it (a visit is recorded
    once made, never planned ahead): the longest unvisited first."""
    from pr_desk.data.evaluation import queries as q
    from pr_desk.domain.jalali import format_jalali
    from pr_desk.services.context import read
    from pr_desk.services.evaluation.periods import period_progress

    period = _open_period(db, actor)
    if period is None:
        return TileData(note=_("No period is open."))
    units = [u for u in period_progress(db, actor, period_id=period.id) if u.progress is not Progress.APPROVED]
    with read(db) as session:
        last = q.last_visits(session, [u.unit_id for u in units])
    due = [u for u in units if last.get(u.unit_id) is None or last[u.unit_id] < period.starts_on]
    due.sort(key=lambda u: (last.get(u.unit_id) or dt.date.min, u.unit_code))
    rows = tuple(TileRow(u.unit_name, _("last visit {day}").format(day=format_jalali(last[u.unit_id], persian_digits=current_language() == "fa")) if u.unit_id in last
                         else _("never visited"), alert=u.unit_id not in last) for u in due[:ROWS])
    return TileData(count=len(due), rows=rows, note=period.label, filter=_period_units(period, due))


PROGRESS = TileSpec(
    "evaluation.progress", N_("Evaluation progress"), Permission.VIEW_EVALUATIONS, OVERSIGHT_ROLES, _progress,
    TileLink("evaluation", (("view", "periods_view"),)),
)
TO_APPROVE = TileSpec(
    "evaluation.approve", N_("Forms waiting for approval"), Permission.APPROVE_EVALUATIONS, OVERSIGHT_ROLES, _to_approve,
    TileLink("evaluation", (("view", "periods_view"),)),
)
MY_UNITS = TileSpec(
    "evaluation.units", N_("My units"), Permission.VIEW_EVALUATIONS, frozenset({Role.INSPECTOR}), _my_units,
    TileLink("evaluation", (("view", "periods_view"),)),
)

TO_VISIT = TileSpec(
    "evaluation.visits", N_("Units still to visit"), Permission.EDIT_EVALUATIONS, frozenset({Role.INSPECTOR}), _to_visit,
    TileLink("evaluation", (("view", "periods_view"),)),
)
