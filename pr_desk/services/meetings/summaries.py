"""Plain data for the meeting queue's printed pages: the citizen's receipt, a session's
agenda and minutes, follow-up status by unit and the monthly statistics of a Jalali month."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.meetings import queries as q
from pr_desk.domain.jalali import JalaliDate, month_range
from pr_desk.domain.meetings import OrderStatus, ReminderLevel, SubjectCategory
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import sort_key
from pr_desk.services.context import Actor, read, require
from pr_desk.services.meetings.orders import OrderInfo, order_infos
from pr_desk.services.meetings.requests import RequestInfo, load_request, request_infos, today
from pr_desk.services.meetings.sessions import (
    EntryInfo,
    SessionInfo,
    entry_infos,
    load_session,
    session_info,
)
from pr_desk.services.office_settings import load_settings


@dataclass(frozen=True)
class Receipt:
    request: RequestInfo  # national code and mobile in full: the receipt is the citizen's own
    queue_position: int | None
    registered_text: str  # Jalali


@dataclass(frozen=True)
class AgendaItem:
    entry: EntryInfo
    request: RequestInfo
    earlier_requests: tuple[RequestInfo, ...]
    earlier_orders: tuple[OrderInfo, ...]


@dataclass(frozen=True)
class Agenda:
    session: SessionInfo
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class MinutesItem:
    entry: EntryInfo
    request: RequestInfo
    orders: tuple[OrderInfo, ...]


@dataclass(frozen=True)
class Minutes:
    session: SessionInfo
    items: tuple[MinutesItem, ...]


@dataclass(frozen=True)
class UnitFollowUp:
    unit_id: uuid.UUID
    unit_name: str
    open: int
    overdue: int
    done: int
    rejected: int
    orders: tuple[OrderInfo, ...]  # open orders, overdue first


@dataclass(frozen=True)
class MonthlyStatistics:
    year: int
    month: int
    first: dt.date
    last: dt.date
    requests: int
    by_district: tuple[tuple[int, int], ...]
    by_subject: tuple[tuple[SubjectCategory, int], ...]
    by_official: tuple[tuple[str, int], ...]
    met: int
    average_wait_days: float | None
    orders_due: int
    orders_done_in_time: int
    orders_done_late: int
    satisfaction: tuple[tuple[int, int], ...]  # (score 1..5, count)

    @property
    def share_done_in_time(self) -> float | None:
        return self.orders_done_in_time / self.orders_due if self.orders_due else None

    @property
    def average_satisfaction(self) -> float | None:
        n = sum(c for _s, c in self.satisfaction)
        return sum(s * c for s, c in self.satisfaction) / n if n else None


def receipt(db: Database, actor: Actor, *, request_id: uuid.UUID) -> Receipt:
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        r = load_request(session, request_id)
        position = q.queue_position(session, r) if r.status == "waiting" else None
        info = request_infos(session, [r], actor=actor)[0]
        return Receipt(info, position, JalaliDate.from_gregorian(r.registered_on).format())


def session_agenda(db: Database, actor: Actor, *, session_id: uuid.UUID, earlier_limit: int = 5) -> Agenda:
    """For the official: each citizen, the subject, earlier requests and their orders."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        s = load_session(session, session_id)
        settings = load_settings(session)
        items = []
        for e, entry in zip(q.entries_of(session, s.id), entry_infos(session, q.entries_of(session, s.id), actor=actor), strict=True):
            r = load_request(session, e.request_id)
            earlier = [x for x in q.citizen_requests(session, r.citizen_id, limit=earlier_limit + 1) if x.id != r.id][:earlier_limit]
            orders = order_infos(session, q.orders_of_requests(session, [x.id for x in earlier]), settings=settings)
            items.append(AgendaItem(entry, request_infos(session, [r], actor=actor)[0], tuple(request_infos(session, earlier, actor=actor)), tuple(orders)))
        return Agenda(session_info(session, s), tuple(items))


def session_minutes(db: Database, actor: Actor, *, session_id: uuid.UUID) -> Minutes:
    """What happened: each citizen met (or not) and the orders given."""
    require(actor, Permission.VIEW_CITIZENS)
    with read(db) as session:
        s = load_session(session, session_id)
        settings = load_settings(session)
        rows = q.entries_of(session, s.id)
        items = []
        for e, entry in zip(rows, entry_infos(session, rows, actor=actor), strict=True):
            r = load_request(session, e.request_id)
            orders = [o for o in q.orders_of_request(session, r.id) if o.session_id == s.id]
            items.append(MinutesItem(entry, request_infos(session, [r], actor=actor)[0], tuple(order_infos(session, orders, settings=settings))))
        return Minutes(session_info(session, s), tuple(items))


def follow_up_by_unit(db: Database, actor: Actor, *, on: dt.date | None = None, orders_per_unit: int = 200) -> list[UnitFollowUp]:
    """Every unit with orders: counts, and its open orders (overdue first); units with the
    most overdue orders first."""
    require(actor, Permission.VIEW_MEETINGS)
    day = on or today()
    with read(db) as session:
        settings = load_settings(session)
        summary = q.orders_by_unit_summary(session, today=day)
        units = q.units_by_ids(session, [u for u, *_rest in summary])
        out = []
        for unit_id, open_, overdue, done, rejected in summary:
            rows = q.orders_page(session, statuses=[OrderStatus.OPEN.value], unit_id=unit_id, limit=orders_per_unit)
            orders = order_infos(session, rows, settings=settings, on=day)
            rank = {ReminderLevel.ESCALATED: 0, ReminderLevel.OVERDUE: 1, ReminderLevel.DUE_SOON: 2, ReminderLevel.NONE: 3}
            orders.sort(key=lambda o: (rank[o.reminder], o.due_date))
            out.append(UnitFollowUp(unit_id, units[unit_id].name if unit_id in units else "", open_, overdue, done, rejected, tuple(orders)))
        out.sort(key=lambda u: (-u.overdue, -u.open, sort_key(u.unit_name)))
        return out


def monthly_statistics(db: Database, actor: Actor, *, year: int, month: int) -> MonthlyStatistics:
    """Figures of a Jalali month, without personal data."""
    require(actor, Permission.VIEW_MEETINGS)
    first, last = month_range(year, month)
    with read(db) as session:
        by_district = q.request_counts_by(session, "district", first, last)
        by_subject = q.request_counts_by(session, "subject_category", first, last)
        by_official = q.request_counts_by(session, "official_id", first, last)
        officials = q.officials_by_ids(session, [o for o, _n in by_official])
        met, wait = q.met_in_period(session, first, last)
        due, in_time, late = q.orders_due_in_period(session, first, last)
        return MonthlyStatistics(
            year=year, month=month, first=first, last=last, requests=sum(n for _d, n in by_district),
            by_district=tuple(sorted((int(d), n) for d, n in by_district)),
            by_subject=tuple((SubjectCategory(s), n) for s, n in by_subject),
            by_official=tuple((f"{officials[o].title} — {officials[o].name}" if o in officials else "", n) for o, n in by_official),
            met=met, average_wait_days=wait, orders_due=due, orders_done_in_time=in_time, orders_done_late=late,
            satisfaction=tuple(sorted(q.satisfaction_in_period(session, first, last))),
        )


__all__ = [
    "Agenda", "AgendaItem", "Minutes", "MinutesItem", "MonthlyStatistics", "Receipt", "UnitFollowUp",
    "follow_up_by_unit", "monthly_statistics", "receipt", "session_agenda", "session_minutes",
]
