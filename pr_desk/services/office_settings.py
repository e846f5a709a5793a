"""Office-wide settings that belong to the office's data: the working week, holidays,
the default deadline of an order, the priority rule of the meeting queue, the
reminder ladder's thresholds and the size cap of a directive's attachments. Read by everyone; written with MANAGE_SETTINGS."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pr_desk.data.engine import Database
from pr_desk.data.meetings import queries as meeting_queries
from pr_desk.data.models import Setting
from pr_desk.data.queries import office_settings as setting_queries
from pr_desk.domain.directives import DEFAULT_ATTACHMENT_CAP
from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import (
    DEFAULT_DUE_SOON_DAYS,
    DEFAULT_ESCALATE_AFTER_DAYS,
    DEFAULT_ORDER_DEADLINE_DAYS,
    DEFAULT_PRIORITY_ORDER,
    PriorityGroup,
    priority_rank,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.workweek import FRIDAY, WorkCalendar
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require, write

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

WEEKEND = "work.weekend"
HOLIDAYS = "work.holidays"
ORDER_DEADLINE = "meetings.order_deadline_days"
PRIORITY_ORDER = "meetings.priority_order"
DUE_SOON = "meetings.due_soon_days"
ESCALATE_AFTER = "meetings.escalate_after_days"
ATTACHMENT_CAP = "directives.attachment_cap_mb"
OFFICIAL_CALENDAR = "work.official_calendar"
KEYS = (WEEKEND, HOLIDAYS, ORDER_DEADLINE, PRIORITY_ORDER, DUE_SOON, ESCALATE_AFTER, ATTACHMENT_CAP, OFFICIAL_CALENDAR)
CALENDAR_YEARS_AROUND = 2  # the official calendar's holidays: this many Gregorian years either side of today
MAX_HOLIDAYS = 2000
MB = 1024 * 1024
DEFAULT_ATTACHMENT_CAP_MB = DEFAULT_ATTACHMENT_CAP // MB
ATTACHMENT_CAP_RANGE = (1, 100)  # MB


@dataclass(frozen=True)
class OfficeSettings:
    weekend: frozenset[int]  # 0 = Saturday … 6 = Friday
    holidays: tuple[dt.date, ...]
    order_deadline_days: int
    priority_order: tuple[PriorityGroup, ...]
    due_soon_days: int
    escalate_after_days: int
    stamp: str  # pass back as expected_stamp: a change by someone else in between is refused
    attachment_cap_mb: int = DEFAULT_ATTACHMENT_CAP_MB  # a directive's attachment or evidence file, also in field copies
    # Deadlines also skip Iran's official holidays and the office's occasions marked holiday
    # (events calendar), so a new year needs no typing; `holidays` stays as extra days.
    official_calendar: bool = True
    calendar_holidays: frozenset[dt.date] = frozenset()

    @property
    def attachment_cap(self) -> int:
        """The cap in bytes."""
        return self.attachment_cap_mb * MB

    @property
    def calendar(self) -> WorkCalendar:
        extra = self.calendar_holidays if self.official_calendar else frozenset()
        return WorkCalendar(weekend=self.weekend, holidays=frozenset(self.holidays) | extra)

    def priority_rank(self, group: PriorityGroup | str) -> int:
        return priority_rank(group, self.priority_order)


def _decode(rows: dict[str, Setting]) -> OfficeSettings:
    def value(key: str, default: Any) -> Any:
        row = rows.get(key)
        if row is None:
            return default
        try:
            return json.loads(row.value)
        except ValueError:
            return default

    weekend = frozenset(int(w) for w in value(WEEKEND, [FRIDAY]) if 0 <= int(w) <= 6) or frozenset({FRIDAY})
    holidays = tuple(sorted(dt.date.fromisoformat(h) for h in value(HOLIDAYS, [])))
    order = []
    for g in value(PRIORITY_ORDER, [g.value for g in DEFAULT_PRIORITY_ORDER]):
        try:
            order.append(PriorityGroup(g))
        except ValueError:
            continue
    try:
        cap_mb = int(value(ATTACHMENT_CAP, DEFAULT_ATTACHMENT_CAP_MB))
    except (TypeError, ValueError):
        cap_mb = DEFAULT_ATTACHMENT_CAP_MB
    low, high = ATTACHMENT_CAP_RANGE
    cap_mb = cap_mb if low <= cap_mb <= high else DEFAULT_ATTACHMENT_CAP_MB
    stamp = ";".join(f"{k}:{rows[k].version}" for k in sorted(rows))
    return OfficeSettings(
        weekend=weekend,
        holidays=holidays,
        order_deadline_days=int(value(ORDER_DEADLINE, DEFAULT_ORDER_DEADLINE_DAYS)),
        priority_order=tuple(order),
        due_soon_days=int(value(DUE_SOON, DEFAULT_DUE_SOON_DAYS)),
        escalate_after_days=int(value(ESCALATE_AFTER, DEFAULT_ESCALATE_AFTER_DAYS)),
        stamp=stamp,
        attachment_cap_mb=cap_mb,
        official_calendar=bool(value(OFFICIAL_CALENDAR, True)),
    )


def load_settings(session: Session, *, calendar: bool = True) -> OfficeSettings:
    """Inside another service's transaction. `calendar=False`: without the official
    calendar's holidays (`calendar_holidays` empty), for a write that needs no working
    days (a registration's queue rank): reading the occasions and working out five years
    of Iran's holidays cost a first registration in a process 0.37 s (bench/clerks_bench.py)."""
    settings = _decode(setting_queries.all_settings(session, KEYS))
    if calendar and settings.official_calendar:
        from dataclasses import replace

        settings = replace(settings, calendar_holidays=_calendar_holidays(session))
    return settings


def _calendar_holidays(session: Session) -> frozenset[dt.date]:
    """Official holidays of Iran and the office's occasions marked holiday, from two years
    before today to two years after (the years a deadline can fall in)."""
    from pr_desk.data.events import queries as event_queries
    from pr_desk.domain.event_calendar import OfficeOccasionRule

    today = office_today()
    first = dt.date(today.year - CALENDAR_YEARS_AROUND, 1, 1)
    last = dt.date(today.year + CALENDAR_YEARS_AROUND, 12, 31)
    rules = tuple(OfficeOccasionRule(o.id, o.name, o.on_date, o.jalali_month, o.jalali_day, o.lasts_days, o.holiday,
                                     o.corrects_on) for o in event_queries.occasions(session))
    return _holidays_of(rules, first, last)


_HOLIDAY_CACHE: dict[tuple[object, ...], frozenset[dt.date]] = {}


def _holidays_of(rules: tuple[object, ...], first: dt.date, last: dt.date) -> frozenset[dt.date]:
    from pr_desk.domain.event_calendar import holiday_dates

    key = (rules, first, last)
    found = _HOLIDAY_CACHE.get(key)
    if found is None:
        if len(_HOLIDAY_CACHE) > 32:
            _HOLIDAY_CACHE.clear()
        found = _HOLIDAY_CACHE[key] = frozenset(holiday_dates(list(rules), first, last))  # type: ignore[arg-type]
    return found


def get_office_settings(db: Database, actor: Actor) -> OfficeSettings:
    """Anyone logged in may read them (deadlines and colours depend on them)."""
    del actor
    with read(db) as session:
        return load_settings(session)


def work_calendar(db: Database, actor: Actor) -> WorkCalendar:
    return get_office_settings(db, actor).calendar


def _check_days(value: int, label: str, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UserError(N_("{label} must be between {low} and {high}."), field=field, label=label, low=low, high=high)
    return value


def update_office_settings(
    db: Database,
    actor: Actor,
    *,
    weekend: Iterable[int] | None = None,
    holidays: Iterable[dt.date] | None = None,
    order_deadline_days: int | None = None,
    priority_order: Sequence[PriorityGroup | str] | None = None,
    due_soon_days: int | None = None,
    escalate_after_days: int | None = None,
    attachment_cap_mb: int | None = None,
    official_calendar: bool | None = None,
    expected_stamp: str | None = None,
) -> OfficeSettings:
    """Changes the given settings (None leaves one as it is). A new priority rule re-ranks
    the waiting requests that no clerk moved by hand. `official_calendar` (on unless set
    off) makes deadlines skip Iran's official holidays and the office's holiday occasions."""
    require(actor, Permission.MANAGE_SETTINGS)
    values = _checked_values(weekend=weekend, holidays=holidays, order_deadline_days=order_deadline_days,
                             priority_order=priority_order, due_soon_days=due_soon_days,
                             escalate_after_days=escalate_after_days, attachment_cap_mb=attachment_cap_mb)
    if official_calendar is not None:
        values[OFFICIAL_CALENDAR] = bool(official_calendar)
    with write(db, actor) as session:
        rows = setting_queries.all_settings(session, KEYS)
        if expected_stamp is not None and _decode(rows).stamp != expected_stamp:
            from pr_desk.data.transactions import STALE_MESSAGE

            raise StaleRecord(STALE_MESSAGE)
        _store(session, rows, values)
        result = load_settings(session)
        if PRIORITY_ORDER in values:
            ranks = {g.value: result.priority_rank(g) for g in PriorityGroup if g is not PriorityGroup.NONE}
            meeting_queries.rerank_waiting(session, ranks, result.priority_rank(PriorityGroup.NONE))
        return result


def _checked_values(
    *,
    weekend: Iterable[int] | None,
    holidays: Iterable[dt.date] | None,
    order_deadline_days: int | None,
    priority_order: Sequence[PriorityGroup | str] | None,
    due_soon_days: int | None,
    escalate_after_days: int | None,
    attachment_cap_mb: int | None = None,
) -> dict[str, Any]:
    """The stored (JSON) value of each setting given, checked in this order; the first
    bad one is refused before anything is written."""
    values: dict[str, Any] = {}
    if weekend is not None:
        values[WEEKEND] = _checked_weekend(weekend)
    if holidays is not None:
        values[HOLIDAYS] = _checked_holidays(holidays)
    if order_deadline_days is not None:
        values[ORDER_DEADLINE] = _check_days(order_deadline_days, N_("The default deadline"), "order_deadline_days", 1, 365)
    if due_soon_days is not None:
        values[DUE_SOON] = _check_days(due_soon_days, N_("Due soon"), "due_soon_days", 0, 60)
    if escalate_after_days is not None:
        values[ESCALATE_AFTER] = _check_days(escalate_after_days, N_("Escalation"), "escalate_after_days", 1, 365)
    if attachment_cap_mb is not None:
        values[ATTACHMENT_CAP] = _check_days(attachment_cap_mb, N_("The largest attachment (MB)"), "attachment_cap_mb",
                                             *ATTACHMENT_CAP_RANGE)
    if priority_order is not None:
        values[PRIORITY_ORDER] = _checked_priority_order(priority_order)
    return values


def _checked_weekend(weekend: Iterable[int]) -> list[int]:
    days = sorted({int(w) for w in weekend})
    try:
        WorkCalendar(weekend=frozenset(days))
    except ValueError:
        raise UserError(N_("The weekend must leave at least one working day in the week."), field="weekend") from None
    return days


def _checked_holidays(holidays: Iterable[dt.date]) -> list[str]:
    dates = sorted(set(holidays))
    if any(isinstance(d, dt.datetime) or not isinstance(d, dt.date) for d in dates):
        raise UserError(N_("Holidays must be dates."), field="holidays")
    if len(dates) > MAX_HOLIDAYS:
        raise UserError(N_("Too many holidays: at most {limit}."), field="holidays", limit=MAX_HOLIDAYS)
    return [d.isoformat() for d in dates]


def _checked_priority_order(priority_order: Sequence[PriorityGroup | str]) -> list[str]:
    """The groups in the order given, each once; `none` always comes last, so it is left out."""
    order: list[str] = []
    for g in priority_order:
        try:
            group = PriorityGroup(str(g))
        except ValueError:
            raise UserError(N_("Unknown priority group: {text}"), field="priority_order", text=str(g)[:40]) from None
        if group is not PriorityGroup.NONE and group.value not in order:
            order.append(group.value)
    return order


def _store(session: Session, rows: dict[str, Setting], values: dict[str, Any]) -> None:
    """Each value written as JSON: a missing setting added, a changed or deleted one set."""
    for key, value in values.items():
        text = json.dumps(value, ensure_ascii=False)
        row = rows.get(key) or setting_queries.setting(session, key)
        if row is None:
            session.add(Setting(key=key, value=text))
        elif row.value != text or row.deleted_at is not None:
            row.value, row.deleted_at = text, None
    session.flush()
