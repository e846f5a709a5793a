"""Queries of event planning's checklists, tasks and budgets (slice B): a type's template
lines, an event's tasks and budget lines, the open tasks of every event (for the
dashboard's overdue list), and what the after-event report and the official's brief read
of the other parts (guest counts, the programme, the officials)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pr_desk.data.events.models import (
    BudgetLine,
    ChecklistItem,
    Event,
    EventOfficial,
    EventTask,
    EventType,
    Guest,
    ProgrammeItem,
    Venue,
)
from pr_desk.data.meetings.models import Official
from pr_desk.data.models import Unit, User
from pr_desk.data.queries.sorting import alphabetical

# --- types and events -----------------------------------------------------------------

def event_types(session: Session, *, include_retired: bool = True) -> Sequence[EventType]:
    stmt = select(EventType).where(EventType.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(EventType.retired.is_(False))
    return session.scalars(stmt.order_by(EventType.sort_order, alphabetical(EventType.name))).all()


def event_type(session: Session, type_id: uuid.UUID) -> EventType | None:
    row = session.get(EventType, type_id)
    return row if row is not None and row.deleted_at is None else None


def event(session: Session, event_id: uuid.UUID, *, for_update: bool = False) -> Event | None:
    if for_update:
        row = session.scalar(select(Event).where(Event.id == event_id).with_for_update())
    else:
        row = session.get(Event, event_id)
    return row if row is not None and row.deleted_at is None else None


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalar(select(Event).where(Event.code == code, Event.deleted_at.is_(None)))


def next_event(session: Session, today: dt.date) -> Event | None:
    """The nearest event starting today or later (not cancelled); else the latest one."""
    live = (Event.deleted_at.is_(None), Event.status != "cancelled")
    row = session.scalar(select(Event).where(*live, Event.start_on >= today).order_by(Event.start_on, Event.code).limit(1))
    if row is None:
        row = session.scalar(select(Event).where(*live).order_by(Event.start_on.desc(), Event.code.desc()).limit(1))
    return row


def venue(session: Session, venue_id: uuid.UUID | None) -> Venue | None:
    return session.get(Venue, venue_id) if venue_id is not None else None


# --- checklist templates ----------------------------------------------------------------

def checklist_items(session: Session, type_id: uuid.UUID) -> Sequence[ChecklistItem]:
    return session.scalars(
        select(ChecklistItem).where(ChecklistItem.type_id == type_id, ChecklistItem.deleted_at.is_(None))
        .order_by(ChecklistItem.sort_order, ChecklistItem.offset_days, ChecklistItem.id)
    ).all()


def checklist_item(session: Session, item_id: uuid.UUID) -> ChecklistItem | None:
    row = session.get(ChecklistItem, item_id)
    return row if row is not None and row.deleted_at is None else None


def types_with_checklists(session: Session) -> set[uuid.UUID]:
    return set(session.scalars(select(ChecklistItem.type_id).where(ChecklistItem.deleted_at.is_(None)).distinct()))


# --- tasks ------------------------------------------------------------------------------

def tasks(session: Session, event_id: uuid.UUID) -> Sequence[EventTask]:
    return session.scalars(
        select(EventTask).where(EventTask.event_id == event_id, EventTask.deleted_at.is_(None))
        .order_by(EventTask.due_on, EventTask.sort_order, EventTask.id)
    ).all()


def task(session: Session, task_id: uuid.UUID) -> EventTask | None:
    row = session.get(EventTask, task_id)
    return row if row is not None and row.deleted_at is None else None


def open_tasks_due_by(session: Session, last_day: dt.date, *, statuses: Collection[str]) -> Sequence[tuple[EventTask, Event]]:
    """Open tasks due on or before `last_day` of events in `statuses`, oldest deadline first."""
    return session.execute(
        select(EventTask, Event).join(Event, Event.id == EventTask.event_id)
        .where(EventTask.deleted_at.is_(None), Event.deleted_at.is_(None), EventTask.status == "open",
               EventTask.due_on <= last_day, Event.status.in_(list(statuses)))
        .order_by(EventTask.due_on, Event.code, EventTask.sort_order, EventTask.id)
    ).all()


def task_counts(session: Session, event_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int, int]]:
    """(open, done, not needed) tasks per event."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(EventTask.event_id,
               func.sum(case((EventTask.status == "open", 1), else_=0)),
               func.sum(case((EventTask.status == "done", 1), else_=0)),
               func.sum(case((EventTask.status == "dropped", 1), else_=0)))
        .where(EventTask.event_id.in_(list(event_ids)), EventTask.deleted_at.is_(None))
        .group_by(EventTask.event_id)
    ).all()
    return {r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in rows}


def open_late_counts(session: Session, event_ids: Collection[uuid.UUID], before: dt.date) -> dict[uuid.UUID, int]:
    """Open tasks due before `before` per event (the overdue ones on `before`)."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(EventTask.event_id, func.count(EventTask.id))
        .where(EventTask.event_id.in_(list(event_ids)), EventTask.deleted_at.is_(None), EventTask.status == "open",
               EventTask.due_on < before)
        .group_by(EventTask.event_id)
    ).all()
    return {r[0]: int(r[1]) for r in rows}


# --- budget -----------------------------------------------------------------------------

def budget_lines(session: Session, event_id: uuid.UUID) -> Sequence[BudgetLine]:
    return session.scalars(
        select(BudgetLine).where(BudgetLine.event_id == event_id, BudgetLine.deleted_at.is_(None))
        .order_by(BudgetLine.sort_order, BudgetLine.category, BudgetLine.id)
    ).all()


def budget_line(session: Session, line_id: uuid.UUID) -> BudgetLine | None:
    row = session.get(BudgetLine, line_id)
    return row if row is not None and row.deleted_at is None else None


# --- people -------------------------------------------------------------------------------

def user_names(session: Session, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(list(ids)))).all())


def unit_names(session: Session, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(ids)))).all())


def active_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).where(User.deleted_at.is_(None), User.active.is_(True))
                           .order_by(alphabetical(User.display_name), User.id)).all()


def active_units(session: Session) -> Sequence[Unit]:
    return session.scalars(select(Unit).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None))
                           .order_by(Unit.kind, Unit.district, alphabetical(Unit.name_search), Unit.id)).all()


def user_exists(session: Session, user_id: uuid.UUID) -> bool:
    row = session.get(User, user_id)
    return row is not None and row.deleted_at is None


def unit_exists(session: Session, unit_id: uuid.UUID) -> bool:
    row = session.get(Unit, unit_id)
    return row is not None and row.deleted_at is None


# --- what the reports read of the other parts ----------------------------------------------

def guest_counts(session: Session, event_id: uuid.UUID) -> tuple[int, int, int, int]:
    """(guests on the list, invited or answered, accepted, present) of one event; walk-ins
    count as present, not as invited."""
    live = (Guest.event_id == event_id, Guest.deleted_at.is_(None))
    row = session.execute(
        select(func.count(Guest.id),
               func.sum(case((Guest.invitation.in_(("invited", "accepted", "declined")), 1), else_=0)),
               func.sum(case((Guest.invitation == "accepted", 1), else_=0)),
               func.sum(case((Guest.checked_in_at.is_not(None), 1), else_=0)))
        .where(*live)
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)


def walk_ins(session: Session, event_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count(Guest.id)).where(
        Guest.event_id == event_id, Guest.deleted_at.is_(None), Guest.walk_in.is_(True))) or 0)


def programme(session: Session, event_id: uuid.UUID) -> Sequence[ProgrammeItem]:
    return session.scalars(
        select(ProgrammeItem).where(ProgrammeItem.event_id == event_id, ProgrammeItem.deleted_at.is_(None))
        .order_by(ProgrammeItem.position, ProgrammeItem.starts_at, ProgrammeItem.id)
    ).all()


def officials(session: Session, event_id: uuid.UUID) -> Sequence[tuple[str, str, str]]:
    """(name, title, role at the event) of the officials taking part."""
    return session.execute(
        select(Official.name, Official.title, EventOfficial.role)
        .join(Official, Official.id == EventOfficial.official_id)
        .where(EventOfficial.event_id == event_id, EventOfficial.deleted_at.is_(None))
        .order_by(Official.sort_order, alphabetical(Official.name))
    ).all()


def event_facts(session: Session, event_id: uuid.UUID) -> tuple[Event, str, Venue | None, str] | None:
    """(the event, its type's name, its venue, its organiser unit's name) for the printed pages."""
    e = event(session, event_id)
    if e is None:
        return None
    t = session.get(EventType, e.type_id)
    unit = session.get(Unit, e.organiser_unit_id) if e.organiser_unit_id else None
    return e, t.name if t is not None else "", venue(session, e.venue_id), unit.name if unit is not None else ""
