"""An event's tasks: made from its type's checklist template (real deadlines on working
days of the office's calendar; applying again adds only what is missing), or added by
hand; done (with the day), not needed (with a note) or reopened. Open tasks climb the
reminder ladder of the meeting orders (due soon, overdue, escalated) with the office's
thresholds; `overdue_tasks` lists them across events for the dashboard and the event
list. When an event's date moves, `shift_tasks` moves its open template-made tasks."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import planning as q
from pr_desk.data.events.models import Event, EventTask
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    ACTIVE_STATUSES,
    MAX_TEXT,
    MAX_TITLE,
    TaskStatus,
    offset_text,
    task_due_date,
)
from pr_desk.domain.followup import ReminderLevel, reminder_level
from pr_desk.domain.jalali import office_today
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.events.checklists import check_owner, owner_name
from pr_desk.services.office_settings import OfficeSettings, load_settings

__all__ = [
    "ApplyResult", "TaskCounts", "TaskInfo", "TaskSummary", "add_task", "apply_template", "edit_task", "list_tasks", "mark_done", "mark_not_needed",
    "overdue_tasks", "remove_task", "reopen_task", "shift_tasks", "task_counts", "task_summary", "today",
]


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


@dataclass(frozen=True)
class TaskInfo:
    id: uuid.UUID
    event_id: uuid.UUID
    event_code: str
    event_title: str
    event_start: dt.date
    title: str
    offset_days: int | None  # T±n of the template line it came from; None: added by hand
    due_on: dt.date
    owner_user_id: uuid.UUID | None
    owner_unit_id: uuid.UUID | None
    owner_name: str
    status: TaskStatus
    done_on: dt.date | None
    note: str
    sort_order: int
    reminder: ReminderLevel  # NONE unless open and near or past its deadline
    version: int

    @property
    def from_template(self) -> bool:
        return self.offset_days is not None

    @property
    def offset_label(self) -> str:
        """T±n of the deadline from the event's first day (for a task added by hand too)."""
        return offset_text(self.offset_days if self.offset_days is not None else (self.due_on - self.event_start).days)

    @property
    def done_late(self) -> bool:
        return self.status is TaskStatus.DONE and self.done_on is not None and self.done_on > self.due_on

    @property
    def days_late(self) -> int:
        return (self.done_on - self.due_on).days if self.done_late and self.done_on else 0


@dataclass(frozen=True)
class ApplyResult:
    added: int  # tasks made now
    kept: int  # template lines the event already had a task for
    tasks: tuple[TaskInfo, ...]


@dataclass(frozen=True)
class TaskSummary:
    open: int
    done: int
    dropped: int
    overdue: int  # open and past the deadline (overdue or escalated)
    done_late: int


def _load_event(session: Session, event_id: uuid.UUID) -> Event:
    event = q.event(session, event_id)
    if event is None:
        raise UserError(N_("This event no longer exists."))
    return event


def _load_task(session: Session, task_id: uuid.UUID) -> EventTask:
    task = q.task(session, task_id)
    if task is None:
        raise UserError(N_("This task no longer exists."))
    return task


def _infos(session: Session, rows: Sequence[tuple[EventTask, Event]], settings: OfficeSettings, on: dt.date) -> list[TaskInfo]:
    users = q.user_names(session, {t.owner_user_id for t, _e in rows if t.owner_user_id})
    units = q.unit_names(session, {t.owner_unit_id for t, _e in rows if t.owner_unit_id})
    out = []
    for t, e in rows:
        status = TaskStatus(t.status)
        level = reminder_level(t.due_on, on, settings.calendar, open_=status is TaskStatus.OPEN,
                               due_soon_days=settings.due_soon_days, escalate_after_days=settings.escalate_after_days)
        out.append(TaskInfo(
            id=t.id, event_id=e.id, event_code=e.code, event_title=e.title, event_start=e.start_on, title=t.title,
            offset_days=t.offset_days, due_on=t.due_on, owner_user_id=t.owner_user_id, owner_unit_id=t.owner_unit_id,
            owner_name=owner_name(users, units, t.owner_user_id, t.owner_unit_id), status=status, done_on=t.done_on,
            note=t.note, sort_order=t.sort_order, reminder=level, version=t.version,
        ))
    return out


def _one(session: Session, task: EventTask, on: dt.date | None = None) -> TaskInfo:
    return _infos(session, [(task, _load_event(session, task.event_id))], load_settings(session), on or today())[0]


def _check_due(due_on: object) -> dt.date:
    if not isinstance(due_on, dt.date) or isinstance(due_on, dt.datetime):
        raise UserError(N_("Give the task's deadline."), field="due_on")
    return due_on


# --- reading ------------------------------------------------------------------------------

def list_tasks(db: Database, actor: Actor, *, event_id: uuid.UUID, on: dt.date | None = None) -> list[TaskInfo]:
    """An event's tasks, earliest deadline first, with their place on the reminder ladder on `on` (today)."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        event = _load_event(session, event_id)
        return _infos(session, [(t, event) for t in q.tasks(session, event_id)], load_settings(session), on or today())


def task_summary(tasks: Sequence[TaskInfo]) -> TaskSummary:
    return TaskSummary(
        open=sum(t.status is TaskStatus.OPEN for t in tasks),
        done=sum(t.status is TaskStatus.DONE for t in tasks),
        dropped=sum(t.status is TaskStatus.DROPPED for t in tasks),
        overdue=sum(t.reminder in (ReminderLevel.OVERDUE, ReminderLevel.ESCALATED) for t in tasks),
        done_late=sum(t.done_late for t in tasks),
    )


@dataclass(frozen=True)
class TaskCounts:
    open: int
    done: int
    dropped: int
    overdue: int  # open and past the deadline


def task_counts(db: Database, actor: Actor, *, event_ids: Sequence[uuid.UUID], today: dt.date | None = None
                ) -> dict[uuid.UUID, TaskCounts]:
    """The tasks of many events counted in two queries (for the event list's column);
    an event without tasks is left out."""
    require(actor, Permission.VIEW_EVENTS, db)
    on = today or _today()
    with read(db) as session:
        counts = q.task_counts(session, event_ids)
        late = q.open_late_counts(session, event_ids, on)
        return {event_id: TaskCounts(o, d, x, late.get(event_id, 0)) for event_id, (o, d, x) in counts.items()}


def overdue_tasks(db: Database, actor: Actor, *, today: dt.date | None = None, include_due_soon: bool = False,
                  limit: int = 500) -> list[TaskInfo]:
    """Open tasks past their deadline (and, with `include_due_soon`, those close to it) of
    every event still in play (idea, planned, approved, held), oldest deadline first."""
    require(actor, Permission.VIEW_EVENTS, db)
    on = today or _today()
    with read(db) as session:
        settings = load_settings(session)
        last_day = on - dt.timedelta(days=1)
        if include_due_soon:
            last_day = settings.calendar.add_working_days(on, settings.due_soon_days) if settings.due_soon_days else on
        rows = q.open_tasks_due_by(session, last_day, statuses=[s.value for s in ACTIVE_STATUSES])[:limit]
        infos = _infos(session, rows, settings, on)
        return [t for t in infos if t.reminder is not ReminderLevel.NONE]


_today = today


# --- the template -------------------------------------------------------------------------

def apply_template(db: Database, actor: Actor, *, event_id: uuid.UUID) -> ApplyResult:
    """Makes the event's tasks from its type's checklist: deadlines T±n from the first day,
    moved onto working days; a line the event already has a task for (same title and T±n,
    even if done, dropped or edited since) is not made again."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        event = _load_event(session, event_id)
        settings = load_settings(session)
        template = q.checklist_items(session, event.type_id)
        if not template:
            raise UserError(N_("This event's type has no checklist yet; a supervisor can make one."))
        existing = q.tasks(session, event_id)
        made = [t for t in existing if t.offset_days is not None]
        titles = {(t.title, t.offset_days) for t in made}
        # A task renamed since still stands for its line: per T±n, the lines not found by
        # title are matched to the tasks of that T±n not found by title either.
        spare: dict[int, int] = {}
        line_keys = {(i.title, i.offset_days) for i in template}
        for t in made:
            if (t.title, t.offset_days) not in line_keys:
                spare[t.offset_days or 0] = spare.get(t.offset_days or 0, 0) + 1
        order = max((t.sort_order for t in existing), default=-1) + 1
        added = kept = 0
        for item in template:
            if (item.title, item.offset_days) in titles:
                kept += 1
                continue
            if spare.get(item.offset_days, 0) > 0:
                spare[item.offset_days] -= 1
                kept += 1
                continue
            session.add(EventTask(event_id=event_id, title=item.title, offset_days=item.offset_days,
                                  due_on=task_due_date(event.start_on, item.offset_days, settings.calendar),
                                  owner_user_id=item.owner_user_id, owner_unit_id=item.owner_unit_id,
                                  status=TaskStatus.OPEN.value, sort_order=order))
            order += 1
            added += 1
        session.flush()
        tasks = _infos(session, [(t, event) for t in q.tasks(session, event_id)], settings, today())
        return ApplyResult(added, kept, tuple(tasks))


def shift_tasks(db: Database, actor: Actor, *, event_id: uuid.UUID, days: int) -> list[TaskInfo]:
    """After the event's date moved by `days` (call it once the new date is saved): every
    open task made from the template gets its deadline again from the new first day (T±n
    on a working day); tasks done, not needed or added by hand keep theirs. Returns the
    tasks that moved."""
    require(actor, Permission.MANAGE_EVENTS, db)
    if isinstance(days, bool) or not isinstance(days, int):
        raise UserError(N_("Give the number of days the event moved."), field="days")
    with write(db, actor) as session:
        event = _load_event(session, event_id)
        settings = load_settings(session)
        moved = []
        if days:
            for t in q.tasks(session, event_id):
                if t.status != TaskStatus.OPEN.value or t.offset_days is None:
                    continue
                due = task_due_date(event.start_on, t.offset_days, settings.calendar)
                if due != t.due_on:
                    t.due_on = due
                    moved.append(t)
        session.flush()
        return _infos(session, [(t, event) for t in moved], settings, today())


# --- by hand ---------------------------------------------------------------------------------

def add_task(db: Database, actor: Actor, *, event_id: uuid.UUID, title: str, due_on: dt.date,
             owner_user_id: uuid.UUID | None = None, owner_unit_id: uuid.UUID | None = None, note: str = "") -> TaskInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    title = require_text(title, N_("Title"), MAX_TITLE, field="title")
    due = _check_due(due_on)
    note = optional_text(note, N_("Note"), MAX_TEXT, field="note", multiline=True) or ""
    with write(db, actor) as session:
        _load_event(session, event_id)
        check_owner(session, owner_user_id, owner_unit_id)
        order = max((t.sort_order for t in q.tasks(session, event_id)), default=-1) + 1
        task = EventTask(event_id=event_id, title=title, offset_days=None, due_on=due, owner_user_id=owner_user_id,
                         owner_unit_id=owner_unit_id, status=TaskStatus.OPEN.value, note=note, sort_order=order)
        session.add(task)
        session.flush()
        return _one(session, task)


def edit_task(db: Database, actor: Actor, *, task_id: uuid.UUID, title: str, due_on: dt.date,
              owner_user_id: uuid.UUID | None = None, owner_unit_id: uuid.UUID | None = None, note: str = "",
              expected_version: int | None = None) -> TaskInfo:
    """A task's title, deadline, owner and note (a template task keeps its T±n, so applying
    the template again does not make it twice, even renamed)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    title = require_text(title, N_("Title"), MAX_TITLE, field="title")
    due = _check_due(due_on)
    note = optional_text(note, N_("Note"), MAX_TEXT, field="note", multiline=True) or ""
    with write(db, actor) as session:
        task = _load_task(session, task_id)
        check_version(task.version, expected_version)
        check_owner(session, owner_user_id, owner_unit_id)
        task.title, task.due_on, task.note = title, due, note
        task.owner_user_id, task.owner_unit_id = owner_user_id, owner_unit_id
        session.flush()
        return _one(session, task)


def remove_task(db: Database, actor: Actor, *, task_id: uuid.UUID, expected_version: int | None = None) -> None:
    """Removes a task added by mistake (a template task that is not needed is better marked so:
    removed, applying the template makes it again)."""
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        task = _load_task(session, task_id)
        check_version(task.version, expected_version)
        task.deleted_at = utcnow()


def mark_done(db: Database, actor: Actor, *, task_id: uuid.UUID, done_on: dt.date | None = None,
              expected_version: int | None = None) -> TaskInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    day = done_on or today()
    if day > today():
        raise UserError(N_("A task cannot be done on a day still to come."), field="done_on")
    with write(db, actor) as session:
        task = _load_task(session, task_id)
        check_version(task.version, expected_version)
        if task.status == TaskStatus.DONE.value:
            raise UserError(N_("This task is already done."))
        task.status, task.done_on = TaskStatus.DONE.value, day
        session.flush()
        return _one(session, task)


def mark_not_needed(db: Database, actor: Actor, *, task_id: uuid.UUID, note: str,
                    expected_version: int | None = None) -> TaskInfo:
    """Not needed for this event: kept on the list with the reason why."""
    require(actor, Permission.MANAGE_EVENTS, db)
    reason = require_text(note, N_("Why it is not needed"), MAX_TEXT, field="note", multiline=True)
    with write(db, actor) as session:
        task = _load_task(session, task_id)
        check_version(task.version, expected_version)
        task.status, task.done_on, task.note = TaskStatus.DROPPED.value, None, reason
        session.flush()
        return _one(session, task)


def reopen_task(db: Database, actor: Actor, *, task_id: uuid.UUID, expected_version: int | None = None) -> TaskInfo:
    require(actor, Permission.MANAGE_EVENTS, db)
    with write(db, actor) as session:
        task = _load_task(session, task_id)
        check_version(task.version, expected_version)
        if task.status == TaskStatus.OPEN.value:
            raise UserError(N_("This task is still open."))
        task.status, task.done_on = TaskStatus.OPEN.value, None
        session.flush()
        return _one(session, task)
