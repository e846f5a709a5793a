"""The reminder ladder shared by the workspaces that follow deadlines (the meeting
orders, the directives sent to units): due soon, overdue, escalated to the supervisor,
counted in working days of the office's calendar."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_, _

DEFAULT_DUE_SOON_DAYS = 2
DEFAULT_ESCALATE_AFTER_DAYS = 5


class ReminderLevel(StrEnum):
    NONE = "none"  # closed, or well ahead of its deadline
    DUE_SOON = "due_soon"  # amber
    OVERDUE = "overdue"  # deep orange
    ESCALATED = "escalated"  # red: reported to the supervisor

    @property
    def label(self) -> str:
        return _(REMINDER_LABELS[self])

    @property
    def colour(self) -> str | None:
        return REMINDER_COLOURS[self]


REMINDER_LABELS = {
    ReminderLevel.NONE: N_("On time"),
    ReminderLevel.DUE_SOON: N_("Due soon"),
    ReminderLevel.OVERDUE: N_("Overdue"),
    ReminderLevel.ESCALATED: N_("Escalated to the supervisor"),
}
REMINDER_COLOURS: dict[ReminderLevel, str | None] = {
    ReminderLevel.NONE: None,
    ReminderLevel.DUE_SOON: "#f9a825",  # amber: close to the deadline is a warning, never green
    ReminderLevel.OVERDUE: "#ef6c00",  # deep orange
    ReminderLevel.ESCALATED: "#c62828",  # red
}
# The same three on paper, light enough to print black text on (a table cell's background).
REMINDER_TINTS: dict[ReminderLevel, str | None] = {
    ReminderLevel.NONE: None,
    ReminderLevel.DUE_SOON: "#ffe082",
    ReminderLevel.OVERDUE: "#ffcc80",
    ReminderLevel.ESCALATED: "#ef9a9a",
}


def reminder_level(
    due_date: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    open_: bool = True,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    escalate_after_days: int = DEFAULT_ESCALATE_AFTER_DAYS,
) -> ReminderLevel:
    """Where an open item stands on the ladder, counted in working days of `calendar`.

    Due soon: the deadline is today or within `due_soon_days` working days. Overdue: the
    deadline has passed. Escalated: overdue by `escalate_after_days` working days or more."""
    if not open_:
        return ReminderLevel.NONE
    if today <= due_date:
        left = calendar.working_days_between(today, due_date)
        return ReminderLevel.DUE_SOON if left <= due_soon_days else ReminderLevel.NONE
    late = calendar.working_days_between(due_date, today)
    if late >= escalate_after_days:
        return ReminderLevel.ESCALATED
    return ReminderLevel.OVERDUE


def escalation_cutoff(today: dt.date, calendar: WorkCalendar, escalate_after_days: int) -> dt.date:
    """Open items due on or before this date are escalated (for counting in SQL)."""
    return calendar.add_working_days(today, -escalate_after_days) if escalate_after_days > 0 else today - dt.timedelta(days=1)
