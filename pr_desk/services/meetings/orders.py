"""Meeting queue, part 3: the official's orders (دستورات), each referred to a unit with a
deadline in working days, follow-up notes, the reminder ladder, closing and reopening."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pr_desk.data.engine import Database
from pr_desk.data.meetings import queries as q
from pr_desk.data.meetings.models import MeetingOrder, OrderFollowUp, QueueMove
from pr_desk.data.models import Unit
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.meetings import (
    MAX_NOTE,
    MAX_ORDER_TEXT,
    OrderStatus,
    QueueMoveKind,
    ReminderLevel,
    RequestStatus,
    check_satisfaction,
    due_date_for,
    escalation_cutoff,
    reminder_level,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.meetings.requests import (
    RequestInfo,
    _date,
    _limit,
    load_request,
    reason_text,
    request_infos,
    today,
)
from pr_desk.services.office_settings import OfficeSettings, load_settings

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session


@dataclass(frozen=True)
class OrderInfo:
    id: uuid.UUID
    request_id: uuid.UUID
    tracking_code: str
    session_id: uuid.UUID | None
    text: str
    unit_id: uuid.UUID
    unit_name: str
    given_on: dt.date
    due_date: dt.date
    status: OrderStatus
    rejected_reason: str
    done_on: dt.date | None
    closing_note: str
    reminder: ReminderLevel
    version: int

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def reminder_label(self) -> str:
        return self.reminder.label

    @property
    def reminder_colour(self) -> str | None:
        return self.reminder.colour

    @property
    def overdue(self) -> bool:
        return self.reminder in (ReminderLevel.OVERDUE, ReminderLevel.ESCALATED)

    @property
    def done_in_time(self) -> bool | None:
        if self.status is not OrderStatus.DONE or self.done_on is None:
            return None
        return self.done_on <= self.due_date


@dataclass(frozen=True)
class FollowUpInfo:
    id: uuid.UUID
    order_id: uuid.UUID
    noted_on: dt.date
    note: str
    by: uuid.UUID | None
    at: dt.datetime


@dataclass(frozen=True)
class OrderClosed:
    order: OrderInfo
    request_ready_to_close: bool  # every order of the request is now done or rejected


@dataclass(frozen=True)
class OverdueCount:
    """For the main window's badge and the workspace."""

    due_soon: int
    overdue: int  # including escalated
    escalated: int


def order_infos(session: Session, rows: Sequence[MeetingOrder], *, settings: OfficeSettings, on: dt.date | None = None) -> list[OrderInfo]:
    units = q.units_by_ids(session, [o.unit_id for o in rows])
    codes = q.requests_by_ids(session, [o.request_id for o in rows])
    day = on or today()
    calendar = settings.calendar
    out = []
    for o in rows:
        status = OrderStatus(o.status)
        r = codes.get(o.request_id)
        out.append(OrderInfo(
            id=o.id, request_id=o.request_id, tracking_code=r.tracking_code if r else "", session_id=o.session_id, text=o.text,
            unit_id=o.unit_id, unit_name=units[o.unit_id].name if o.unit_id in units else "", given_on=o.given_on, due_date=o.due_date,
            status=status, rejected_reason=o.rejected_reason, done_on=o.done_on, closing_note=o.closing_note,
            reminder=reminder_level(o.due_date, day, calendar, open_=status is OrderStatus.OPEN, due_soon_days=settings.due_soon_days,
                                    escalate_after_days=settings.escalate_after_days),
            version=o.version,
        ))
    return out


def _load_order(session: Session, order_id: uuid.UUID) -> MeetingOrder:
    o = q.order_by_id(session, order_id)
    if o is None:
        raise NotFound(N_("The order was not found; it may have been removed."))
    return o


def _check_unit(session: Session, unit_id: uuid.UUID) -> Unit:
    """The active unit an order is referred to (kept by the caller, the session holds it
    for the order's info: not read twice)."""
    unit = unit_queries.by_id(session, unit_id)
    if unit is None or unit.retired_on is not None:
        raise UserError(N_("Choose an active unit to refer the order to."), field="unit")
    return unit


def _order_text(text: str) -> str:
    return require_text(text, N_("The order"), MAX_ORDER_TEXT, field="text", multiline=True)


def _in_the_room(session: Any, r: Any) -> bool:
    """The citizen has been called in and the meeting is going on: orders are typed as the
    official gives them, and become referrals at once."""
    if r.status != RequestStatus.SCHEDULED:
        return False
    entry = q.live_entry_for_request(session, r.id)
    return entry is not None and entry.called_at is not None and entry.finished_at is None


def add_order(
    db: Database, actor: Actor, *, request_id: uuid.UUID, text: str, unit_id: uuid.UUID, deadline_days: int | None = None,
    due_date: dt.date | str | None = None, given_on: dt.date | None = None,
) -> OrderInfo:
    """An order of the official in a held meeting, referred to a unit at once. The deadline
    is `due_date`, or `deadline_days` working days (default from the office settings)."""
    require(actor, Permission.MANAGE_ORDERS)
    body = _order_text(text)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        if r.status != RequestStatus.HELD and not _in_the_room(session, r):
            raise UserError(N_("Orders can be recorded only for the citizen in the meeting room or a meeting that was held."))
        unit = _check_unit(session, unit_id)
        settings = load_settings(session)
        day = given_on or r.met_on or today()
        due = _date(due_date, "due_date")
        if due is None:
            due = _due_after(day, settings.order_deadline_days if deadline_days is None else deadline_days, settings)
        elif due < day:
            raise UserError(N_("The deadline cannot be before the day the order was given."), field="due_date")
        entries = q.entries_for_request(session, r.id)
        session_id = entries[-1].session_id if entries else None
        o = MeetingOrder(request_id=r.id, session_id=session_id, text=body, unit_id=unit.id, given_on=day, due_date=due,
                         status=OrderStatus.OPEN.value, rejected_reason="", closing_note="")
        session.add(o)
        session.flush()
        return order_infos(session, [o], settings=settings)[0]


def _due_after(day: dt.date, days: object, settings: OfficeSettings) -> dt.date:
    """The deadline `days` working days after `day`."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
        raise UserError(N_("The deadline must be from 1 to 365 working days."), field="deadline")
    return due_date_for(day, days, settings.calendar)


def update_order(db: Database, actor: Actor, *, order_id: uuid.UUID, text: str, unit_id: uuid.UUID,
                 due_date: dt.date | str | None = None, deadline_days: int | None = None,
                 expected_version: int | None) -> OrderInfo:
    """An open order's text, unit and deadline: `due_date`, or `deadline_days` working days
    after the day it was given (as when it was added)."""
    require(actor, Permission.MANAGE_ORDERS)
    body = _order_text(text)
    due = _date(due_date, "due_date")
    if due is None and deadline_days is None:
        raise UserError(N_("Enter a date."), field="due_date")
    with write(db, actor) as session:
        o = _load_order(session, order_id)
        check_version(o.version, expected_version)
        if o.status != OrderStatus.OPEN:
            raise UserError(N_("This order is closed; reopen it to change it."))
        unit = _check_unit(session, unit_id)
        if due is None:
            due = _due_after(o.given_on, deadline_days, load_settings(session))
        if due < o.given_on:
            raise UserError(N_("The deadline cannot be before the day the order was given."), field="due_date")
        o.text, o.unit_id, o.due_date = body, unit.id, due
        session.flush()
        return order_infos(session, [o], settings=load_settings(session))[0]


def remove_order(db: Database, actor: Actor, *, order_id: uuid.UUID, expected_version: int | None) -> None:
    """Takes back an order typed by mistake while its citizen is still in the meeting
    room; once the meeting is finished an order is rejected with a reason instead."""
    require(actor, Permission.MANAGE_ORDERS)
    with write(db, actor) as session:
        o = _load_order(session, order_id)
        check_version(o.version, expected_version)
        if not _in_the_room(session, load_request(session, o.request_id)):
            raise UserError(N_("An order can be taken back only while the citizen is in the meeting room; "
                               "after the meeting, reject it with a reason."))
        o.deleted_at = utcnow()
        session.flush()


def add_follow_up(db: Database, actor: Actor, *, order_id: uuid.UUID, note: str, noted_on: dt.date | str | None = None) -> FollowUpInfo:
    """A dated follow-up note (پیگیری) on an order."""
    require(actor, Permission.MANAGE_ORDERS)
    text = require_text(note, N_("The note"), MAX_NOTE, field="note", multiline=True)
    day = _date(noted_on, "noted_on") or today()
    with write(db, actor) as session:
        o = _load_order(session, order_id)
        if day < o.given_on:
            raise UserError(N_("A follow-up cannot be dated before the order."), field="noted_on")
        f = OrderFollowUp(order_id=o.id, noted_on=day, note=text)
        session.add(f)
        session.flush()
        return FollowUpInfo(f.id, f.order_id, f.noted_on, f.note, f.created_by, f.created_at)


def list_follow_ups(db: Database, actor: Actor, *, order_id: uuid.UUID) -> list[FollowUpInfo]:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return [FollowUpInfo(f.id, f.order_id, f.noted_on, f.note, f.created_by, f.created_at) for f in q.follow_ups_of(session, [order_id])]


def _close_order(db: Database, actor: Actor, order_id: uuid.UUID, expected_version: int | None, status: OrderStatus,
                 reason: str, done_on: dt.date | str | None) -> OrderClosed:
    require(actor, Permission.MANAGE_ORDERS)
    day = _date(done_on, "done_on") or today()
    with write(db, actor) as session:
        o = _load_order(session, order_id)
        check_version(o.version, expected_version)
        if o.status != OrderStatus.OPEN:
            raise UserError(N_("This order is already closed."))
        if day < o.given_on:
            raise UserError(N_("An order cannot be closed before it was given."), field="done_on")
        o.status, o.done_on = status.value, day
        if status is OrderStatus.REJECTED:
            o.rejected_reason = reason
        else:
            o.closing_note = reason
        session.flush()
        info = order_infos(session, [o], settings=load_settings(session))[0]
        return OrderClosed(info, q.open_order_count(session, o.request_id) == 0)


def complete_order(db: Database, actor: Actor, *, order_id: uuid.UUID, note: str = "", done_on: dt.date | str | None = None,
                   expected_version: int | None) -> OrderClosed:
    """The unit carried the order out."""
    text = optional_text(note, N_("The note"), MAX_NOTE, field="note", multiline=True) or ""
    return _close_order(db, actor, order_id, expected_version, OrderStatus.DONE, text, done_on)


def reject_order(db: Database, actor: Actor, *, order_id: uuid.UUID, reason: str, done_on: dt.date | str | None = None,
                 expected_version: int | None) -> OrderClosed:
    """The order cannot be carried out; the reason is required."""
    return _close_order(db, actor, order_id, expected_version, OrderStatus.REJECTED, reason_text(reason), done_on)


def reopen_order(db: Database, actor: Actor, *, order_id: uuid.UUID, reason: str, expected_version: int | None) -> OrderInfo:
    """Takes back a Done or a Rejection recorded by mistake: the order is open again with
    its deadline, and followed up as before. The reason is kept as a follow-up note, with
    the closing note or rejection reason it replaces. A closed request is reopened first."""
    require(actor, Permission.MANAGE_ORDERS)
    why = reason_text(reason)
    with write(db, actor) as session:
        o = _load_order(session, order_id)
        check_version(o.version, expected_version)
        if o.status == OrderStatus.OPEN:
            raise UserError(N_("This order is already open."))
        if load_request(session, o.request_id).status != RequestStatus.HELD:
            raise UserError(N_("The request of this order is closed; reopen the request first."))
        before = (o.rejected_reason or o.closing_note).strip()
        session.add(OrderFollowUp(order_id=o.id, noted_on=max(today(), o.given_on), note=f"{why}\n{before}".strip()[:MAX_NOTE]))
        o.status, o.done_on, o.rejected_reason, o.closing_note = OrderStatus.OPEN.value, None, "", ""
        session.flush()
        return order_infos(session, [o], settings=load_settings(session))[0]


def request_orders(db: Database, actor: Actor, *, request_id: uuid.UUID, on: dt.date | None = None) -> list[OrderInfo]:
    require(actor, Permission.VIEW_MEETINGS)
    with read(db) as session:
        return order_infos(session, q.orders_of_request(session, request_id), settings=load_settings(session), on=on)


@dataclass(frozen=True)
class OrderSearch:
    statuses: tuple[OrderStatus, ...] = ()
    unit_id: uuid.UUID | None = None
    overdue_only: bool = False
    escalated_only: bool = False
    given_from: dt.date | str | None = None
    given_to: dt.date | str | None = None


def _order_filter(session: Session, s: OrderSearch, day: dt.date) -> dict[str, object]:
    statuses = [st.value for st in s.statuses]
    due_before = due_on_or_before = None
    if s.overdue_only or s.escalated_only:
        statuses = [OrderStatus.OPEN.value]
        due_before = day
    if s.escalated_only:
        settings = load_settings(session)
        due_on_or_before = escalation_cutoff(day, settings.calendar, settings.escalate_after_days)
    return dict(statuses=statuses, unit_id=s.unit_id, due_before=due_before, due_on_or_before=due_on_or_before,
                given_from=_date(s.given_from, "given_from"), given_to=_date(s.given_to, "given_to"))


def list_orders(db: Database, actor: Actor, *, search: OrderSearch = OrderSearch(), offset: int = 0, limit: int = 100, on: dt.date | None = None,
                sort_key: str | None = None, descending: bool = False) -> list[OrderInfo]:
    """A page of orders, earliest deadline first (overdue ones lead); or by `sort_key`, an
    OrderInfo field of data.meetings.sort_keys.ORDER_KEYS (another is refused)."""
    require(actor, Permission.VIEW_MEETINGS)
    day = on or today()
    with read(db) as session:
        rows = q.orders_page(session, **_order_filter(session, search, day), offset=max(0, offset), limit=_limit(limit),  # type: ignore[arg-type]
                             sort_key=sort_key, descending=descending)
        return order_infos(session, rows, settings=load_settings(session), on=day)


def count_orders(db: Database, actor: Actor, *, search: OrderSearch = OrderSearch(), on: dt.date | None = None) -> int:
    require(actor, Permission.VIEW_MEETINGS)
    day = on or today()
    with read(db) as session:
        return q.orders_count(session, **_order_filter(session, search, day))  # type: ignore[arg-type]


def overdue_count(db: Database, actor: Actor, *, on: dt.date | None = None) -> OverdueCount:
    """Open orders past their deadline (and escalated, and due soon) for the main window."""
    require(actor, Permission.VIEW_MEETINGS)
    day = on or today()
    with read(db) as session:
        settings = load_settings(session)
        calendar = settings.calendar
        open_ = [OrderStatus.OPEN.value]
        overdue = q.orders_count(session, statuses=open_, due_before=day)
        escalated = q.orders_count(session, statuses=open_, due_before=day, due_on_or_before=escalation_cutoff(day, calendar, settings.escalate_after_days))
        soon_limit = calendar.add_working_days(day, settings.due_soon_days) if settings.due_soon_days else day
        due_soon = q.orders_count(session, statuses=open_, due_on_or_before=soon_limit) - overdue
        return OverdueCount(due_soon=due_soon, overdue=overdue, escalated=escalated)


# --- closing and reopening requests ---------------------------------------------------

def close_request(db: Database, actor: Actor, *, request_id: uuid.UUID, result: str, satisfaction: int | str | None = None,
                  expected_version: int | None) -> RequestInfo:
    """Closes (مختومه) a request whose meeting was held and whose orders are all closed,
    with the result and the citizen's satisfaction (1–5)."""
    require(actor, Permission.MANAGE_ORDERS)
    outcome = require_text(result, N_("The result"), MAX_NOTE, field="result", multiline=True)
    score = check_satisfaction(satisfaction)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        check_version(r.version, expected_version)
        if r.status != RequestStatus.HELD:
            raise UserError(N_("Only a request whose meeting was held can be closed."))
        if q.open_order_count(session, r.id):
            raise UserError(N_("Some orders of this request are still open; close them first."))
        r.status, r.result, r.satisfaction, r.closed_on = RequestStatus.CLOSED.value, outcome, score, today()
        session.flush()
        return request_infos(session, [r], actor=actor)[0]


def reopen_request(db: Database, actor: Actor, *, request_id: uuid.UUID, reason: str, expected_version: int | None) -> RequestInfo:
    """Reopens a closed request with a written reason: back to follow-up if the meeting was
    held, otherwise back to its place in the queue."""
    require(actor, Permission.MANAGE_ORDERS)
    why = reason_text(reason)
    with write(db, actor) as session:
        r = load_request(session, request_id)
        check_version(r.version, expected_version)
        if r.status not in (RequestStatus.CLOSED, RequestStatus.NOT_ATTENDED, RequestStatus.CANCELLED):
            raise UserError(N_("Only a closed request can be reopened."))
        if r.met_on is not None:
            r.status = RequestStatus.HELD.value
        else:
            r.status, r.no_show_count = RequestStatus.WAITING.value, 0
            session.add(QueueMove(request_id=r.id, kind=QueueMoveKind.REOPENED.value, reason=why))
        r.closed_on, r.reopen_reason = None, why
        session.flush()
        return request_infos(session, [r], actor=actor)[0]

__all__ = [
    "OrderInfo",
    "FollowUpInfo",
    "OrderClosed",
    "OverdueCount",
    "add_order",
    "update_order",
    "remove_order",
    "add_follow_up",
    "list_follow_ups",
    "complete_order",
    "reject_order",
    "reopen_order",
    "request_orders",
    "OrderSearch",
    "list_orders",
    "count_orders",
    "overdue_count",
    "close_request",
    "reopen_request",
]
